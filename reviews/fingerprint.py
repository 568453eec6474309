"""The SHA-256 fingerprint of an answer's reviewed fields.

A sign-off records the fingerprint of the text the reviewer read; publishing
compares it with the fingerprint of the text about to go live. Any change to
the TL;DR, the body or a reference changes the fingerprint.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping

REFERENCE_FIELDS = ("title", "source", "year", "url", "doi", "pmid")


def fingerprint(*, tldr: str, body: str, references: Iterable[Mapping]) -> str:
    """Return the hex SHA-256 of the reviewed fields in a canonical form."""
    canonical = {
        "tldr": tldr.replace("\r\n", "\n"),
        "body": body.replace("\r\n", "\n"),
        "references": [
            {field: ref.get(field) for field in REFERENCE_FIELDS} for ref in references
        ],
    }
    encoded = json.dumps(
        canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
