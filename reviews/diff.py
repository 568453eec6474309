"""A readable word-level diff between two versions of an answer's text.

Pure functions, no database access. The history page renders the segments as
``<ins>``/``<del>`` with autoescaping, so the text is never trusted as HTML.
"""

import difflib
import re
from collections.abc import Iterable, Mapping

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

# A word, or one punctuation mark, with the whitespace after it: joining the
# tokens gives back the text, and line breaks survive inside the whitespace.
# Punctuation stands apart so "world" and "world," share the word.
_TOKEN = re.compile(r"\s+|\w+\s*|[^\w\s]\s*")

Segment = tuple[str, str]


def tokens(text: str) -> list[str]:
    """Split text into words and punctuation, each with the whitespace after it."""
    return _TOKEN.findall(text.replace("\r\n", "\n"))


def word_diff(old: str, new: str) -> list[Segment]:
    """Return the segments ``(op, text)`` that turn ``old`` into ``new``.

    ``op`` is ``equal``, ``delete`` or ``insert``; a replaced run gives its
    deletion first, then its insertion. Adjacent segments never share an op.
    """
    old_tokens, new_tokens = tokens(old), tokens(new)
    # autojunk would treat frequent words ("the") in long bodies as noise.
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    segments: list[Segment] = []
    for op, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = "".join(old_tokens[old_start:old_end])
        added = "".join(new_tokens[new_start:new_end])
        if op == EQUAL:
            _append(segments, EQUAL, removed)
        else:
            # Keep a shared line break or space outside the change, so a
            # replaced last word reads "<del>old</del><ins>new</ins>" + newline.
            kept = _shared_trailing_space(removed, added) if op == "replace" else ""
            _append(segments, DELETE, removed[: len(removed) - len(kept)])
            _append(segments, INSERT, added[: len(added) - len(kept)])
            _append(segments, EQUAL, kept)
    return segments


def _shared_trailing_space(first: str, second: str) -> str:
    shared = ""
    for a, b in zip(reversed(first), reversed(second), strict=False):
        if a != b or not a.isspace():
            break
        shared = a + shared
    return shared


def _append(segments: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1][0] == op:
        segments[-1] = (op, segments[-1][1] + text)
    else:
        segments.append((op, text))


def has_changes(segments: Iterable[Segment]) -> bool:
    return any(op != EQUAL for op, _text in segments)


def reference_line(reference: Mapping) -> str:
    """One reference as one line of text: title, source, year, URL, DOI, PMID."""
    parts = [
        reference.get("title") or "",
        reference.get("source") or "",
        str(reference.get("year") or ""),
        reference.get("url") or "",
        f"doi:{reference['doi']}" if reference.get("doi") else "",
        f"PMID:{reference['pmid']}" if reference.get("pmid") else "",
    ]
    return " · ".join(part.strip() for part in parts if part.strip())


def references_text(references: Iterable[Mapping]) -> str:
    """The references as numbered lines, one reference a line."""
    return "\n".join(
        f"{number}. {reference_line(reference)}"
        for number, reference in enumerate(references, start=1)
    )
