"""Start gunicorn on loopback for a benchmark, and drive HTTP load at it.

Pure standard library besides gunicorn itself: threads with ``http.client``
keep-alive connections, so a run needs nothing that is not in requirements.txt.
"""

import contextlib
import http.client
import os
import secrets
import subprocess  # nosec B404  # gunicorn and manage.py, fixed commands
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
PROJECT_DIR = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 30
SHARED_CACHE_URL = "redis://127.0.0.1:6379/2"
# Seconds a load client waits for one answer before counting it an error.
REQUEST_TIMEOUT = 30

# DEBUG=0 turns on HTTPS redirects, secure cookies, HSTS and staff 2FA: plain
# http on loopback needs them off. Everything else stays as in production.
LOOPBACK_ENV = {
    # The app under load is the production one: no benchmark app installed.
    "BENCHMARKING": "0",
    "DEBUG": "0",
    "ALLOWED_HOSTS": HOST,
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SECURE_HSTS_PRELOAD": "0",
    "STAFF_2FA_REQUIRED": "0",
    # The load clients read the content API from one address, without a key.
    "CONTENT_API_ANONYMOUS_RATE": "1000000000",
    "EMAIL_URL": "dummymail://",
}


def require_postgresql() -> str:
    """The PostgreSQL DATABASE_URL, or exit with one line saying it is needed."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "DATABASE_URL must point to PostgreSQL holding the generate_load_data set "
            "(e.g. postgres://user@127.0.0.1:5432/benchdata)."
        )
    return url


def require_shared_cache() -> None:
    """Exit with one line unless the configured cache stores and returns a value
    (the page cache fails open, which would measure uncached pages as cached)."""
    from django.conf import settings
    from django.core.cache import cache

    try:
        cache.set("bench-probe", "ok", 10)
        answered = cache.get("bench-probe") == "ok"
    except Exception:  # noqa: BLE001 (reported in one line below)
        answered = False
    if not answered:
        sys.exit(
            f"The cache at CACHE_URL={settings.CACHES['default'].get('LOCATION')} "
            "does not answer; start Redis or set CACHE_URL."
        )


def app_env(**overrides: str) -> dict[str, str]:
    """The environment for the app under benchmark (and for code run beside it)."""
    env = dict(os.environ)
    # Signs the session, CSRF and message cookies of the bench users' sign-ins.
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    # The workers must share the page cache (see core.page_cache).
    env.setdefault("CACHE_URL", SHARED_CACHE_URL)
    env.update(LOOPBACK_ENV)
    env.update(overrides)
    return env


def collect_static(env: dict[str, str]) -> None:
    """The manifest whitenoise needs when DEBUG is off."""
    # A fixed command, not outside input.
    subprocess.run(  # nosec B603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
    )


@contextlib.contextmanager
def gunicorn(
    wsgi_app: str, *, port: int, workers: int, env: dict[str, str], threads: int = 1
) -> Iterator[str]:
    """Serve ``wsgi_app`` on loopback while the block runs; yield its base URL."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        wsgi_app,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    # The command is built here from fixed parts, not from outside input.
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env)  # noqa: S603  # nosec B603
    try:
        _wait_until_listening(port, process)
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_listening(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with status {process.returncode}.")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer on port {port} within {STARTUP_TIMEOUT} s.")


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    def percentile(self, share: float) -> float:
        """Latency in milliseconds below which ``share`` of the requests fall."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def run_load(
    port: int,
    paths: Callable[[int], str],
    *,
    seconds: float,
    concurrency: int,
) -> LoadResult:
    """GET ``paths(n)`` from ``concurrency`` keep-alive clients for ``seconds``.

    A request counts as an error unless it answers 200.
    """
    result = LoadResult()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        latencies, errors = [], []
        n = number
        while time.monotonic() < stop_at:
            path = paths(n)
            n += concurrency
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{path}: {error!r}")
                connection.close()
                connection = http.client.HTTPConnection(
                    HOST, port, timeout=REQUEST_TIMEOUT
                )
                continue
            if status == 200:
                latencies.append(time.perf_counter() - started)
            else:
                errors.append(f"{path}: HTTP {status}")
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors.extend(errors)

    started = time.monotonic()
    threads = [
        threading.Thread(target=client, args=(number,)) for number in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result
