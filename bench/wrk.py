"""Drive load with wrk, a C load generator, and read back its figures.

Python clients on the same two cores as the server cost more CPU per request
than a cached page does, so they would measure themselves; wrk does not. It
is Debian's ``wrk`` package. A small Lua script makes it go round a list of
paths and print its totals and latency percentiles as JSON.
"""

import json
import shutil
import subprocess  # nosec B404  # wrk, a fixed command
import sys
import tempfile
from dataclasses import dataclass

THREADS = 2
SCRIPT = """
local paths = {%(paths)s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {"requests": %%d, "microseconds": %%d, "socket_errors": %%d, '
    .. '"status_errors": %%d, "p50": %%d, "p95": %%d, "p99": %%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    return path


def _lua_string(path: str) -> str:
    if not path.isascii() or any(char in path for char in '"\\\n'):
        raise ValueError(f"Path cannot go into the wrk script: {path!r}")
    return f'"{path}"'


def run(
    base_url: str, paths: list[str], *, seconds: float, connections: int
) -> WrkResult:
    """GET ``paths`` in turn over ``connections`` keep-alive connections.

    Any answer but 2xx or 3xx, and any socket error or timeout, is an error.
    """
    script = SCRIPT % {"paths": ", ".join(_lua_string(path) for path in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        command = [
            require_wrk(),
            f"--threads={min(THREADS, connections)}",
            f"--connections={connections}",
            f"--duration={max(1, round(seconds))}s",
            "--timeout=30s",
            f"--script={lua.name}",
            base_url,
        ]
        # Fixed arguments and a script written here, not outside input.
        finished = subprocess.run(  # noqa: S603  # nosec B603
            command, capture_output=True, text=True, check=False
        )
    if finished.returncode != 0:
        sys.exit(f"wrk failed: {finished.stderr.strip() or finished.stdout.strip()}")
    line = next(
        (row for row in finished.stdout.splitlines() if row.startswith("RESULT ")),
        None,
    )
    if line is None:
        sys.exit(f"wrk printed no result: {finished.stdout.strip()}")
    figures = json.loads(line.removeprefix("RESULT "))
    return WrkResult(
        requests=figures["requests"],
        seconds=figures["microseconds"] / 1e6,
        errors=figures["socket_errors"] + figures["status_errors"],
        p50_ms=figures["p50"] / 1000,
        p95_ms=figures["p95"] / 1000,
        p99_ms=figures["p99"] / 1000,
    )
