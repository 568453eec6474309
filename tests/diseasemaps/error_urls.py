"""The site's URLs, plus pages that fail as real requests can, so that tests
(the browser's page checks among them) can visit every error page with a GET."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING
from django.urls import get_callable, path
from django.utils.translation import gettext as _

from community.services import NOT_A_MEMBER
from diseasemaps.urls import urlpatterns as site_urlpatterns

FORBIDDEN_URL = "/test-errors/forbidden/"
BAD_REQUEST_URL = "/test-errors/bad-request/"
CSRF_FAILURE_URL = "/test-errors/csrf-failure/"


def forbidden(request):
    raise PermissionDenied(_(NOT_A_MEMBER))


def bad_request(request):
    raise SuspiciousOperation("A request the site refuses.")


def csrf_failure(request):
    """What CsrfViewMiddleware answers to a form whose token is missing or
    stale: the same view, which a GET never reaches through the middleware."""
    return get_callable(settings.CSRF_FAILURE_VIEW)(
        request, reason=REASON_CSRF_TOKEN_MISSING
    )


urlpatterns = [
    *site_urlpatterns,
    path(FORBIDDEN_URL.removeprefix("/"), forbidden),
    path(BAD_REQUEST_URL.removeprefix("/"), bad_request),
    path(CSRF_FAILURE_URL.removeprefix("/"), csrf_failure),
]
