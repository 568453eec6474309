"""The SHA-256 fingerprint of an answer's reviewed text, in versioned schemes.

A sign-off records the fingerprint of the text the reviewer read, and the
scheme it was computed with; publishing compares it with the fingerprint of
the text about to go live. Anyone can recompute a fingerprint from the text:

1. Build a JSON object of the reviewed fields. Line endings are ``\\n``.
   Each reference is an object of exactly ``title``, ``source``, ``year``,
   ``url``, ``doi`` and ``pmid`` (missing ones are ``null``), in reading order.

   - Scheme 1 (sign-offs before the question and label were reviewed):
     ``tldr``, ``body``, ``references``.
   - Scheme 2 (sign-offs before the public change note was reviewed):
     scheme 1's fields, plus ``question`` (the question text), ``kind_label``
     (the answer label) and ``scheme`` (2).
   - Scheme 3 (the current one): scheme 2's fields, plus ``change_note`` (the
     public note of what changed for readers), with ``scheme`` 3.

2. Serialise it with sorted keys, no spaces (``","`` and ``":"``) and
   non-ASCII characters as they are, encode it as UTF-8 and take the
   hexadecimal SHA-256.

A scheme, once used, never changes: an old sign-off is verified with the
scheme it records.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping

REFERENCE_FIELDS = ("title", "source", "year", "url", "doi", "pmid")

TEXT_ONLY_SCHEME = 1
WHOLE_ANSWER_SCHEME = 2
CHANGE_NOTE_SCHEME = 3
CURRENT_SCHEME = CHANGE_NOTE_SCHEME
SCHEMES = (TEXT_ONLY_SCHEME, WHOLE_ANSWER_SCHEME, CHANGE_NOTE_SCHEME)


class UnknownSchemeError(ValueError):
    """No fingerprint scheme has this number."""


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n")


def fingerprint(
    *,
    question: str,
    kind_label: str,
    tldr: str,
    body: str,
    references: Iterable[Mapping],
    change_note: str = "",
    scheme: int = CURRENT_SCHEME,
) -> str:
    """Return the hex SHA-256 of the reviewed text in ``scheme``'s canonical form.

    Scheme 1 leaves out the question and the label, and schemes 1 and 2 the
    change note, as sign-offs given before they were reviewed did.
    """
    if scheme not in SCHEMES:
        raise UnknownSchemeError(scheme)
    canonical = {
        "tldr": _lines(tldr),
        "body": _lines(body),
        "references": [
            {field: ref.get(field) for field in REFERENCE_FIELDS} for ref in references
        ],
    }
    if scheme >= WHOLE_ANSWER_SCHEME:
        canonical.update(
            question=_lines(question), kind_label=_lines(kind_label), scheme=scheme
        )
    if scheme >= CHANGE_NOTE_SCHEME:
        canonical.update(change_note=_lines(change_note))
    encoded = json.dumps(
        canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
