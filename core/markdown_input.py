"""Markdown made ready for the parser: same words, bounded work.

cmark-gfm parses in time linear in its input, but three things it does per
the CommonMark and GFM specs are not what this site wants, or make the HTML
(and so the allow-list's work) grow faster than the text:

* a line that starts with a tag opens an HTML block, in which markdown is
  not rendered (after an unclosed ``<style>`` or ``<!--``, to the end of the
  text); here raw HTML stays inline, as it always has;
* ``>`` (or list markers) repeated on one line nest that many elements, and
  the allow-list's HTML parser takes time in the square of the depth; like the
  parser before it, nesting stops at :data:`MAX_NESTING`;
* a table pads every short row with empty cells up to the width of its
  header: a hundred ``|`` and a thousand one-character rows make a hundred
  thousand cells; past :data:`padding_budget`, a table ends.
"""

import re

MAX_NESTING = 20
NOT_A_BLOCK = "\ue004"

# Indentation, quote and list markers at the start of a line, when there are
# any or a tag follows them. Possessive: one pass over each line's start.
_LINE_START = re.compile(
    r"(?:^|(?<=\n))(?=[ \t>+*0-9<-])"
    r"([ \t>]*+(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t>]++)*+)(<)?"
)
_CONTAINER_MARKER = re.compile(r">|[-+*]|[0-9]{1,9}[.)]")
_DASHES = re.compile(r"-+")
_TABLE_DELIMITER_ROW = re.compile(
    r"(?m)^[ \t>]*+\|?+[ \t]*+:?+-++:?+[ \t]*+"
    r"(?:\|[ \t]*+:?+-++:?+[ \t]*+)*+\|?+[ \t]*+\r?$"
)


def prepared_for_parsing(text: str) -> str:
    """``text`` with raw HTML kept inline, nesting and table padding bounded."""
    text = text.replace(NOT_A_BLOCK, "")
    text = _LINE_START.sub(_line_start, text)
    return _bounded_table_padding(text)


def _line_start(match: re.Match) -> str:
    prefix, tag = match.group(1), match.group(2) or ""
    markers = [marker.start() for marker in _CONTAINER_MARKER.finditer(prefix)]
    if len(markers) > MAX_NESTING:
        # The markers past the limit, and the line after them, become text.
        cut = markers[MAX_NESTING]
        return f"{prefix[:cut]}\\{prefix[cut:]}{tag}"
    if tag:
        # The placeholder makes the line a paragraph's; the renderer removes it.
        return f"{prefix}{NOT_A_BLOCK}{tag}"
    return prefix


def padding_budget(text: str) -> int:
    """How many empty cells all the tables of ``text`` may be padded with."""
    return 200 + len(text) // 8


def _bounded_table_padding(text: str) -> str:
    if not _TABLE_DELIMITER_ROW.search(text):
        return text
    lines = text.split("\n")
    budget = padding_budget(text)
    width = 0  # columns of the table the current line may belong to
    for number, line in enumerate(lines):
        if not line.strip():
            width = 0
        elif _TABLE_DELIMITER_ROW.fullmatch(line):
            width = len(_DASHES.findall(line))
        elif width:
            budget -= max(0, width - _cells(line))
            if budget < 0:
                lines[number] = "\n" + line  # a blank line ends the table
                width = budget = 0
    return "\n".join(lines)


def _cells(line: str) -> int:
    """The cells of a table row: the pieces between its unescaped pipes."""
    row = line.strip(" \t\r>")
    outer = row.startswith("|") + (row.endswith("|") and not row.endswith("\\|"))
    return max(1, row.count("|") - row.count("\\|") + 1 - outer)
