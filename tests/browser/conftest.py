"""Real-browser tests: Playwright driving the system's Chromium, never a downloaded one.

The browser is found at ``CHROMIUM_PATH`` (default ``/usr/bin/chromium``). The page
checks also need axe-core and the Nu HTML Checker, which ``npm ci`` installs into
``node_modules/``, and a Java runtime for the checker. Without any of these the tests
that need it skip, unless ``REQUIRE_BROWSER_TESTS`` is set (as CI does), in which case
they fail: CI must never pass by skipping them.

The live server is stopped only after the browser has closed and every request
thread has finished. Otherwise a thread still holding one of Chromium's
keep-alive connections outlives the server: it then closes a database
connection after the test database stopped sharing it between threads
("DatabaseWrapper objects created in a thread can only be used in that same
thread") or after the test database was dropped.

While Playwright's sync API runs, the test thread has a running event loop, so
Django keeps its database connections in a context-local slot instead of the
thread-local one: the tests would get fresh connection objects. The browser
fixture hands them the connections the test database was set up on.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from pytest_django.live_server_helper import LiveServer

from tests.browser import artifacts

PROJECT_DIR = Path(__file__).resolve().parents[2]
NODE_MODULES = PROJECT_DIR / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
NU_CHECKER_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# One short run of the checker is mostly JVM start-up: the quick compiler alone
# halves it. That compiler's deeper stacks need more room than the checker's
# own minimum (512k), or its schema evaluation overflows.
NU_CHECKER_JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-Xss32m"]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class JoiningWSGIServer(ThreadedWSGIServer):
    """A live server whose ``server_close()`` waits for its request threads."""

    daemon_threads = False


def _missing(what: str) -> None:
    """Fail when browser tests are required (CI), skip otherwise."""
    if os.environ.get("REQUIRE_BROWSER_TESTS"):
        pytest.fail(f"{what} is required for browser tests but was not found.")
    pytest.skip(f"{what} is not installed.")


def _chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return path if os.path.exists(path) else shutil.which("chromium")


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, joining its request threads when it stops."""
    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.server_class = JoiningWSGIServer
    server.start()
    yield server
    server.stop()


def _keep_connections(connections_before: dict) -> None:
    """Let this thread's ORM calls use the same connections while Playwright runs.

    Django keeps connections in thread-critical asgiref locals, which switch to
    a separate, per-context storage while an event loop runs in the thread, as
    one does under Playwright's sync API. The tests would then get new
    connection objects, not the ones the test database was set up on.
    """
    for alias, connection in connections_before.items():
        connections[alias] = connection


@pytest.fixture(scope="session")
def browser(live_server, django_db_setup):
    """Chromium, closed before the live server stops (it depends on it)."""
    executable = _chromium_path()
    if executable is None:
        _missing("Chromium (set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    user_data_dir = tempfile.mkdtemp(prefix="chromium-profile-")
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API runs an event loop in this thread; the ORM calls
        # the tests make between browser steps are ordinary synchronous code.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        connections_before = {alias: connections[alias] for alias in connections}
        with sync_playwright() as playwright:
            _keep_connections(connections_before)
            context = playwright.chromium.launch_persistent_context(
                user_data_dir,
                executable_path=executable,
                headless=True,
                args=CHROMIUM_FLAGS,
            )
            yield context
            context.close()
    shutil.rmtree(user_data_dir, ignore_errors=True)


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()
    browser.clear_cookies()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    return artifacts.artifacts_dir()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's browser bundle, injected into pages from disk (no network)."""
    if not AXE_SCRIPT.exists():
        _missing("axe-core (run npm ci --ignore-scripts)")
    return AXE_SCRIPT


@pytest.fixture(scope="session")
def nu_checker() -> list[str]:
    """The command that runs the Nu HTML Checker; append the files to check."""
    java = shutil.which(os.environ.get("JAVA", "java"))
    if java is None:
        _missing("Java 17 (for the Nu HTML Checker)")
    if not NU_CHECKER_JAR.exists():
        _missing("The Nu HTML Checker (run npm ci --ignore-scripts)")
    return [
        java,
        *NU_CHECKER_JVM_FLAGS,
        "-jar",
        str(NU_CHECKER_JAR),
        "--format",
        "json",
        "--stdout",
    ]
