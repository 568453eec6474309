"""The system check that stored HTML was made by the current renderer.

A database check: ``migrate`` and ``manage.py check --database default`` run it.
"""

from django.core import checks
from django.db import DatabaseError
from django.db.models import Exists, Q

from articles.models import Disclaimer, PublishedAnswer
from conditions.models import Condition
from core.markdown import RENDERER_VERSION

STALE_HTML_ID = "articles.W001"
STALE_HTML = (
    "Stored HTML of %(kinds)s was made by an older markdown renderer than "
    "version %(version)d."
)
STALE_HTML_HINT = "Run manage.py rerender_live_copies."


def check_stored_html(app_configs=None, databases=None, **kwargs):
    """Warn when a live copy, a condition or the disclaimer holds HTML made by
    an older renderer (``core.markdown.RENDERER_VERSION``): one query."""
    if not databases or "default" not in databases:
        return []
    older = Q(renderer_version__lt=RENDERER_VERSION)
    try:
        stale = (
            # Any table serves as the query's base; the disclaimer has one row.
            Disclaimer.objects.order_by()
            .values(
                live_copies=Exists(PublishedAnswer.objects.filter(older)),
                conditions=Exists(Condition.objects.filter(older)),
                disclaimer=Exists(Disclaimer.objects.filter(older)),
            )
            .first()
        )
    except DatabaseError:
        # Tables not migrated yet: migrate renders what it adds.
        return []
    kinds = [kind for kind, is_stale in (stale or {}).items() if is_stale]
    if not kinds:
        return []
    message = STALE_HTML % {
        "kinds": ", ".join(kind.replace("_", " ") for kind in kinds),
        "version": RENDERER_VERSION,
    }
    return [checks.Warning(message, hint=STALE_HTML_HINT, id=STALE_HTML_ID)]
