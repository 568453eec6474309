"""Markdown that made the old parser slow, at any length.

Each pattern repeats a short unit up to the length asked for. They are the
inputs that take backtracking or nested-scan parsers super-linear time:
runs of brackets, link and image openers, nested emphasis, lists and quotes,
long chains of links, and the extensions' own syntax (footnotes, definition
lists, tables). ``markdown_render.py`` measures them; a test holds their
render time linear in their length.
"""

import gc
import time
from collections.abc import Callable

UNITS: dict[str, str] = {
    "open brackets": "[",
    "close brackets": "]",
    "nested brackets": "[[[[[[[[[[a]]]]]]]]]]",
    "link openers": "[a](",
    "image openers": "![",
    "nested emphasis": "*a **b ",
    "mixed emphasis": "**_*_**",
    "underscores": "_a ",
    "long link chains": "[a](b)",
    "nested link chains": "[[[[a](b)](c)](d)](e)",
    "reference links": "[a][b]",
    "footnote references": "[^a]",
    "definition lists": "a\n: b\n",
    "table rows": "|a|b|\n",
    "backticks": "`",
    "entities": "&#",
    "angle brackets": "<",
    "unclosed tags": "<a ",
    "unclosed style": "<style>",
    "escapes": "\\",
    "nested quotes": ">",
    "nested list markers": "- ",
    "nested lists": "".join("  " * depth + "- a\n" for depth in range(60)),
    "nested quotes and lists": "> - > 1. ",
}


def pattern(name: str, length: int) -> str:
    """The named pattern repeated to exactly ``length`` characters."""
    unit = UNITS[name]
    return (unit * (length // len(unit) + 1))[:length]


def patterns(length: int) -> dict[str, str]:
    return {name: pattern(name, length) for name in UNITS}


def cpu_seconds(render: Callable[[str], object], text: str, *, repeat: int) -> float:
    """The least CPU time (not wall-clock) of ``repeat`` renders of ``text``.

    The garbage collector is paused while timing: a collection that happens
    to fall in one render would count objects made by earlier ones.
    """
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            render(text)
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best
