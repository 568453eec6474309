"""The two page checks: axe-core in the browser, the Nu HTML Checker on the HTML.

Both return readable problem lines (empty when the page passes), so that one
failing test names every problem on every page at once.
"""

import json
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page

# The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# One JVM start takes a few seconds; a dozen pages take a few more.
NU_CHECKER_TIMEOUT_SECONDS = 180


def axe_violations(page: Page, *, axe_script: Path) -> list[str]:
    """Run axe-core on the page as it is shown and describe each violation."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=axe_script)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": []},
    )
    return [
        f"axe {violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {' '.join(map(str, node['target']))}: {node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def html_errors(
    documents: dict[str, bytes], *, command: list[str]
) -> dict[str, list[str]]:
    """Validate every document in one run of the checker; errors by document name.

    Warnings ("info" messages) are not errors and are left out.
    """
    with tempfile.TemporaryDirectory(prefix="nu-check-") as directory:
        files = {}
        for name, html in documents.items():
            path = Path(directory) / f"{name}.html"
            path.write_bytes(html)
            files[str(path)] = name
        finished = subprocess.run(  # noqa: S603 -- fixed command, our own files
            [*command, *files],
            capture_output=True,
            timeout=NU_CHECKER_TIMEOUT_SECONDS,
            check=False,
        )
    try:
        report = json.loads(finished.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(
            f"The Nu HTML Checker gave no report: {finished.stderr.decode()[-2000:]}"
        ) from None
    errors = {name: [] for name in documents}
    for message in report["messages"]:
        if message["type"] == "info":
            continue
        name = files.get(_file_path(message.get("url", "")), "(checker)")
        errors.setdefault(name, []).append(
            f"HTML line {message.get('lastLine', '?')}: {message['message']}"
            f" in {message.get('extract', '').strip()!r}"
        )
    return errors


def _file_path(url: str) -> str:
    """The path of a file: URL, written file:/x or file:///x."""
    return unquote(urlsplit(url).path)
