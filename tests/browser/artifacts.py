"""Where the browser tests leave what a person would look at: screenshots.

The directory is ``test-artifacts/`` in the checkout (git ignores it), or the
one that ``TEST_ARTIFACTS_DIR`` names, so that CI can collect it.
"""

import os
from pathlib import Path

from playwright.sync_api import Page

PROJECT_DIR = Path(__file__).resolve().parents[2]


def artifacts_dir() -> Path:
    """The artifacts directory, created on first use."""
    directory = Path(
        os.environ.get("TEST_ARTIFACTS_DIR") or PROJECT_DIR / "test-artifacts"
    )
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def save_screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot of ``page`` as ``<name>.png``; return its path."""
    path = artifacts_dir() / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path
