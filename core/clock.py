"""The time the workflow records on sign-offs, audit entries and revisions.

``now()`` is the wall clock, except inside ``recorded_at(moment)``, which lets
``seed_demo`` build demo history that happened in the past (an answer whose
review is overdue) through the real workflow, every rule still checked.
Tests use it too, to fix the date a page is read on (``today()``).
"""

import contextlib
import contextvars
import datetime

from django.utils import timezone

_recorded_at: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "recorded_at", default=None
)


def now() -> datetime.datetime:
    return _recorded_at.get() or timezone.now()


def today() -> datetime.date:
    """The local date of :func:`now`: what public pages call "today" when they
    say whether a review is overdue or a correction recent."""
    return timezone.localdate(now())


@contextlib.contextmanager
def recorded_at(moment: datetime.datetime):
    """Record the workflow steps taken inside this block as happening at ``moment``."""
    token = _recorded_at.set(moment)
    try:
        yield
    finally:
        _recorded_at.reset(token)
