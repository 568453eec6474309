"""Throttles count attempts per key in fixed windows (issue 13, item 3)."""

import datetime

from django.test import RequestFactory

from core import throttling

HOUR = throttling.Rate(3, datetime.timedelta(hours=1))


def test_attempts_within_the_rate_pass_and_the_next_is_refused():
    results = [throttling.attempt("test", "key", rate=HOUR) for _ in range(4)]

    assert results[:3] == [None, None, None]
    assert 0 < results[3] <= 3600


def test_each_key_and_scope_counts_on_its_own():
    for _ in range(3):
        throttling.attempt("test", "one", rate=HOUR)

    assert throttling.attempt("test", "two", rate=HOUR) is None
    assert throttling.attempt("other", "one", rate=HOUR) is None
    assert throttling.attempt("test", "one", rate=HOUR) is not None


def test_the_throttled_page_says_when_to_try_again(db):
    request = RequestFactory().get("/accounts/signup/")
    request.user = None

    response = throttling.throttled_response(request, retry_after=125)

    assert response.status_code == 429
    assert response["Retry-After"] == "125"
    assert "try again in 3 minutes" in response.content.decode()
