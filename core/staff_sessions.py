"""Staff sessions end after a working day without a request.

A member's session lasts as Django's default does (two weeks). A staff
member's session can approve and publish medical text, so it ends
``STAFF_IDLE_TIMEOUT`` after their last request: a laptop left signed in
overnight is signed out by morning. Each request moves the end forward; the
session is written at sign-in and then at most once every
``REFRESH_INTERVAL``, not on every request.
"""

import datetime

from django.utils import timezone

STAFF_IDLE_TIMEOUT = datetime.timedelta(hours=8)
REFRESH_INTERVAL = datetime.timedelta(minutes=5)


def start_staff_session(sender, *, request, user, **kwargs) -> None:
    """On sign-in, give a staff session its idle end (``user_logged_in``), so
    that it is written with the sign-in rather than by the next request."""
    if user.is_staff and request is not None and hasattr(request, "session"):
        _extend(request.session)


class StaffSessionExpiryMiddleware:
    """Keep a staff session's expiry ``STAFF_IDLE_TIMEOUT`` after its last use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            _extend(request.session)
        return response


def _extend(session) -> None:
    """Move the end of ``session`` to ``STAFF_IDLE_TIMEOUT`` from now, unless it
    was moved there less than ``REFRESH_INTERVAL`` ago."""
    now = timezone.now()
    remaining = session.get_expiry_date(modification=now) - now
    if STAFF_IDLE_TIMEOUT - REFRESH_INTERVAL < remaining <= STAFF_IDLE_TIMEOUT:
        return
    session.set_expiry(now + STAFF_IDLE_TIMEOUT)
