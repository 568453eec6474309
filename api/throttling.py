"""Request rates of the content API, counted with the project's throttle.

With a key, each key has its own rate (``ApiKey.rate_per_minute``); without
one, each client address shares the low ``CONTENT_API_ANONYMOUS_RATE``. A
refused request gets 429 with ``Retry-After`` (see ``api.problems``).
"""

import datetime

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from api.models import ApiKey
from core.throttling import Rate, attempt, client_address

WINDOW = datetime.timedelta(minutes=1)


class ContentApiThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        if isinstance(request.auth, ApiKey):
            scope, key = "api-key", str(request.auth.pk)
            count = request.auth.rate_per_minute
        else:
            scope, key = "api-anonymous", client_address(request._request)
            count = settings.CONTENT_API_ANONYMOUS_RATE
        self.retry_after = attempt(scope, key, rate=Rate(count, WINDOW))
        return self.retry_after is None

    def wait(self) -> int | None:
        return self.retry_after
