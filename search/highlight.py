"""Highlighted search snippets: mark the hits in plain text, then make it HTML.

A hit is marked in plain text with two control characters that no stored text
contains (``without_markers`` removes them when documents are written).
PostgreSQL's ``ts_headline`` and the SQLite fallback both mark hits that way,
and :func:`marked_html` is the one place that turns marked text into HTML:
it escapes every character of the text and only then wraps hits in ``<mark>``.
"""

import re

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

HIT_START = "\x02"
HIT_END = "\x03"
EXCERPT_LENGTH = 240
ELLIPSIS = "…"

_MARKED_HIT = re.compile(f"{HIT_START}(.*?){HIT_END}", re.DOTALL)
_NO_MARKERS = str.maketrans("", "", HIT_START + HIT_END)


def without_markers(text: str) -> str:
    return text.translate(_NO_MARKERS)


def marked_html(marked: str) -> SafeString:
    """HTML of marked text: everything escaped, each hit in ``<mark>``."""
    pairs = []
    position = 0
    for match in _MARKED_HIT.finditer(marked):
        pairs.append((marked[position : match.start()], match.group(1)))
        position = match.end()
    tail = marked[position:]
    return format_html(
        "{}{}",
        format_html_join(
            "", "{}<mark>{}</mark>", (map(without_markers, pair) for pair in pairs)
        ),
        escape(without_markers(tail)),
    )


def _terms_pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    # Longest first, so that "hemifacial" wins over "hemi" where both match.
    alternatives = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives)), re.IGNORECASE)


def mark_terms(text: str, terms: list[str]) -> str:
    """Mark every case-insensitive occurrence of the terms in the text."""
    pattern = _terms_pattern(terms)
    if pattern is None:
        return text
    return pattern.sub(lambda match: HIT_START + match.group(0) + HIT_END, text)


def excerpt(text: str, terms: list[str], *, length: int = EXCERPT_LENGTH) -> str:
    """About ``length`` characters of the text around its first hit, hits marked.

    Cut at spaces, with an ellipsis where text was left out. Without a hit,
    the excerpt is the start of the text.
    """
    pattern = _terms_pattern(terms)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > length // 3:
        start = match.start() - length // 3
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else start
    end = len(text)
    if end - start > length:
        end = text.rfind(" ", start, start + length)
        if end <= start:
            end = start + length
    window = text[start:end].strip()
    prefix = ELLIPSIS + " " if start > 0 else ""
    suffix = " " + ELLIPSIS if end < len(text) else ""
    return prefix + mark_terms(window, terms) + suffix
