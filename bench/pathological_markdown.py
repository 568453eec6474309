"""Markdown that made the old parser slow, at any length.

Each pattern repeats a short unit up to the length asked for. They are the
inputs that take backtracking or nested-scan parsers super-linear time:
runs of brackets, link and image openers, nested emphasis, lists and quotes,
long chains of links, and the extensions' own syntax (footnotes, tables),
with those of cmark's own pathological-input tests (unmatched emphasis,
unclosed links and comments, backtick runs of growing length, entity-like
words, many link reference definitions, wide tables with short rows) and
raw HTML nested deep. ``markdown_render.py`` measures them; a test holds
their render time under a bound and linear in their length.
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
    # From cmark's test/pathological_tests.py.
    "emphasis closers without openers": "a_ ",
    "mismatched emphasis": "*a_ ",
    "emphasis runs of three": "a**b c* ",
    "link openers and emphasis closers": "[ a_",
    "links and emphasis interleaved": "**x [a*b**c*](d)",
    "unclosed pointy links": "[a](<b",
    "unclosed links": "[a](b",
    "unclosed comments": "<!-- ",
    "backtick runs": "".join("`" * size + "a" for size in range(1, 80)),
    "entity-like words": "&" + "a" * 40 + " ",
    "null characters": "a\x00",
    "link reference definitions": (
        "".join(f"[label {n}]: /url-{n}\n" for n in range(400)) + "[label 7] [x]\n"
    ),
    "table with many rows": "|a|b|\n|-|-|\n" + "|c|d|\n" * 300,
    # Raw HTML nested deep: the allow-list's parser is slow on depth.
    "nested raw HTML": "<div>\n",
    "nested raw lists": "<ul>",
    "wide table with short rows": (
        "|a" * 500 + "|\n" + "|-" * 500 + "|\n" + "|b\n" * 200 + "\n"
    ),
}


def pattern(name: str, length: int) -> str:
    """The named pattern repeated to exactly ``length`` characters."""
    unit = UNITS[name]
    return (unit * (length // len(unit) + 1))[:length]


def patterns(length: int) -> dict[str, str]:
    return {name: pattern(name, length) for name in UNITS}


def cpu_seconds(
    render: Callable[[str], object], text: str, *, repeat: int, enough: float = 0.0
) -> float:
    """The least CPU time (not wall-clock) of ``repeat`` renders of ``text``,
    or the first that takes at most ``enough`` seconds.

    The garbage collector is paused while timing: a collection that happens
    to fall in one render would count objects made by earlier ones.
    """
    best = float("inf")
    for _ in range(repeat):
        gc.disable()
        try:
            started = time.process_time()
            render(text)
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
        if best <= enough:
            break
    return best
