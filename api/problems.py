"""Errors as RFC 9457 problem details, in one stable shape.

Every error of the API is ``application/problem+json``::

    {"type": "about:blank", "title": "Not Found", "status": 404,
     "detail": "...", "instance": "/api/v1/answers/9/", "code": "not_found"}

``code`` names the error for programs (``not_found``, ``gone``, ``throttled``,
``invalid_parameters``, ...); ``errors`` is present only on 400 and maps each
refused query parameter to its messages.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
KEPT_HEADERS = ("Retry-After", "WWW-Authenticate", "Allow")


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = _("This answer was taken off the site.")
    default_code = "gone"


class InvalidParameters(exceptions.ValidationError):
    """Query parameters that are unknown or malformed, by parameter."""

    default_code = "invalid_parameters"


def _code(exc: Exception) -> str:
    if isinstance(exc, InvalidParameters):
        return InvalidParameters.default_code
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, PermissionDenied):
        return "permission_denied"
    return getattr(exc, "default_code", "error")


def problem(status_code: int, *, detail: str, instance: str, code: str) -> dict:
    return {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": str(detail),
        "instance": instance,
        "code": code,
    }


def problem_details_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, with its answer rewritten as problem details."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context["request"]
    if isinstance(exc, exceptions.ValidationError):
        detail = str(_("Some query parameters are unknown or not valid."))
    else:
        detail = response.data.get("detail", "")
    data = problem(
        response.status_code, detail=detail, instance=request.path, code=_code(exc)
    )
    if isinstance(exc, exceptions.ValidationError):
        data["errors"] = {
            name: [str(message) for message in messages]
            for name, messages in exc.detail.items()
        }
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    return Response(
        data,
        status=response.status_code,
        headers=headers,
        content_type=PROBLEM_CONTENT_TYPE,
    )
