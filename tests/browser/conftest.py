"""Real-browser tests: Playwright driving the system's Chromium, never a downloaded one.

The browser is found at ``CHROMIUM_PATH`` (default ``/usr/bin/chromium``). Without it
these tests skip, unless ``REQUIRE_BROWSER_TESTS`` is set (as CI does), in which case
they fail: CI must never pass by skipping them.

The live server is stopped only after the browser has closed and every request
thread has finished. Otherwise a thread still holding one of Chromium's
keep-alive connections outlives the server: it then closes a database
connection after the test database stopped sharing it between threads
("DatabaseWrapper objects created in a thread can only be used in that same
thread") or after the test database was dropped.

While Playwright's sync API runs, the test thread has a running event loop, so
Django keeps its database connections in a context-local slot instead of the
thread-local one: the tests get fresh connection objects. The database snapshot
that ``serialized_rollback`` tests restore from is carried over to them;
without it, a browser test that follows a flushed database finds it empty
(no groups, no disclaimer).
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from pytest_django.live_server_helper import LiveServer

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
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


def _serialized_snapshots() -> dict[str, str]:
    """The database snapshots that ``serialized_rollback`` restores, by alias."""
    return {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }


@pytest.fixture(scope="session")
def browser(live_server, django_db_setup):
    """Chromium, closed before the live server stops (it depends on it)."""
    executable = _chromium_path()
    if executable is None:
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail("Chromium is required for browser tests but was not found.")
        pytest.skip("Chromium is not installed (set CHROMIUM_PATH).")
    from playwright.sync_api import sync_playwright

    snapshots = _serialized_snapshots()
    user_data_dir = tempfile.mkdtemp(prefix="chromium-profile-")
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API runs an event loop in this thread; the ORM calls
        # the tests make between browser steps are ordinary synchronous code.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, snapshot in snapshots.items():
                connections[alias]._test_serialized_contents = snapshot
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
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
