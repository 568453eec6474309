"""The body HTML of answer documents, rendered once per text.

Rendering markdown costs about as much as the rest of an answer's document
together, and a list serves up to 100. The HTML depends only on the text and
the release's renderer, so it is kept in the cache under the live text's
fingerprint and the release (``core.http_caching.release_digest``): a new text
or a deploy reads under a new key, and nothing has to be invalidated. One
``get_many`` per page.
"""

import datetime
import hashlib

from django.core.cache import cache

from core.http_caching import release_digest
from core.markdown import render_markdown

KEY_PREFIX = "api:body-html:"
TIMEOUT = int(datetime.timedelta(days=7).total_seconds())


def _key(release: str, fingerprint: str, body: str) -> str:
    # The body's own digest too: a scheme-1 fingerprint leaves nothing out of
    # the body, but keying on the text itself needs no such argument.
    body_digest = hashlib.sha256(body.encode()).hexdigest()[:16]
    return f"{KEY_PREFIX}{release[:16]}:{fingerprint}:{body_digest}"


def bodies_html(live_copies) -> dict[int, str]:
    """The rendered body of each live copy, by answer id."""
    release = release_digest()
    keys = {
        live.answer_id: _key(release, live.fingerprint, live.body)
        for live in live_copies
    }
    found = cache.get_many(list(keys.values()))
    rendered = {}
    missing = {}
    for live in live_copies:
        key = keys[live.answer_id]
        if key in found:
            rendered[live.answer_id] = found[key]
        else:
            rendered[live.answer_id] = missing[key] = str(render_markdown(live.body))
    if missing:
        cache.set_many(missing, timeout=TIMEOUT)
    return rendered
