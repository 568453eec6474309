"""What every response of the content API carries, and conditional GET.

- The licence and attribution terms (``settings.CONTENT_API_LICENCE``): a
  ``Link: <...>; rel="license"`` header and ``X-Attribution``.
- CORS for reading from any origin, without credentials: the API reads no
  cookie, and a key travels in ``Authorization``, which a page sets itself.
- ``ETag`` (strong: a digest of the body sent) and ``Last-Modified`` (the
  latest change among what the body shows, given by the view) on every
  successful GET, and 304 Not Modified for a request that already has it.
- ``Vary: Accept``: an ``Accept`` the API cannot answer gets 406. Nothing else
  in a request changes a response: not a cookie, not the key.
- Unknown query parameters are refused with 400 (``api.parameters``).
"""

import datetime
import hashlib

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import parameters
from core.http_caching import PUBLIC_MAX_AGE

ETAG_LENGTH = 32
EXPOSED_HEADERS = "ETag, Last-Modified, Link, Retry-After, X-Attribution"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_REQUEST_HEADERS = "Authorization, If-None-Match, If-Modified-Since"
PREFLIGHT_MAX_AGE = 86400


def add_terms(response) -> None:
    terms = settings.CONTENT_API_LICENCE
    response["Link"] = f'<{terms["url"]}>; rel="license"'
    response["X-Attribution"] = terms["attribution"]


def add_cors(response) -> None:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS


def add_preflight(response) -> None:
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)


def conditional(request, response, *, last_modified: datetime.datetime | None):
    """Add the validators to a rendered 200; answer 304 when the request has them."""
    response.render()
    digest = hashlib.sha256(response.content).hexdigest()[:ETAG_LENGTH]
    response["ETag"] = f'"{digest}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )


def latest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    return max((moment for moment in moments if moment is not None), default=None)


class ContentApiView(APIView):
    """A read-only endpoint of the content API.

    Subclasses list their ``query_parameters`` (None: not checked) and set
    ``self.last_modified`` in ``get`` to the latest change among what they
    return.
    """

    query_parameters: tuple[str, ...] | None = ()
    last_modified: datetime.datetime | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.query_parameters is not None:
            parameters.refuse_unknown(request.query_params, self.query_parameters)

    def options(self, request, *args, **kwargs):
        response = Response(status=status.HTTP_204_NO_CONTENT)
        response["Allow"] = ALLOWED_METHODS
        add_preflight(response)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = conditional(
                request._request, response, last_modified=self.last_modified
            )
        add_terms(response)
        add_cors(response)
        patch_vary_headers(response, ["Accept"])
        return response
