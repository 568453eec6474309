"""Throttles for requests that send an email or let someone guess one.

A throttle counts attempts per key (a client address, an email address) in
the cache, in fixed windows: at most ``Rate.count`` attempts from the start
of one window to the start of the next. Counting uses the cache's atomic
``add`` and ``incr``, so parallel requests are each counted, and the
production cache (Redis) shares the counts between app servers. Keys are
hashed, so the cache holds no email address.

A refused request gets :func:`throttled_response`: a 429 page in the site's
design that says when to try again, with ``Retry-After``.

Sign-in failures have their own lock (django-axes, ``core.login_throttling``).
"""

import datetime
import hashlib
import math
from dataclasses import dataclass

from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

THROTTLED_STATUS = 429


@dataclass(frozen=True)
class Rate:
    count: int
    window: datetime.timedelta


def attempt(scope: str, key: str, *, rate: Rate) -> int | None:
    """Count one attempt of ``scope`` by ``key``.

    Returns None when it is within the rate, else the seconds until the next
    window, when attempts are accepted again.
    """
    window = int(rate.window.total_seconds())
    now = timezone.now().timestamp()
    window_index = int(now // window)
    digest = hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()
    cache_key = f"throttle:{scope}:{digest}:{window_index}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(cache_key, 1, timeout=window)
        count = 1
    if count <= rate.count:
        return None
    return max(1, math.ceil((window_index + 1) * window - now))


def client_address(request) -> str:
    """The address the request came from, as django-axes reads it for sign-ins."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""


def throttled_response(request, retry_after: int):
    """The 429 page: what was refused and when to try again."""
    response = render(
        request,
        "429.html",
        {"minutes": max(1, math.ceil(retry_after / 60))},
        status=THROTTLED_STATUS,
    )
    response["Retry-After"] = str(retry_after)
    return response
