"""Security headers that Django's SecurityMiddleware does not send.

The Content-Security-Policy comes from ``settings.CONTENT_SECURITY_POLICY``
(django-csp): scripts, styles and images from the site itself only, and no
inline script anywhere, the admin included. JSON-LD blocks
(``<script type="application/ld+json">``) are data, which browsers never run,
so the policy does not apply to them.

The admin alone may use inline styles: Django's own change list writes a
``<style>`` element when it has no actions, and the editorial answer page and
dashboard carry theirs. An inline style can restyle a page but runs nothing,
and the admin shows only escaped or sanitized text.

A view may widen its own response's policy with django-csp's decorators
(the content API's documentation page allows ``data:`` images, its icons);
such a response is built by django-csp itself. Otherwise every response gets
one of two policies, the admin's or the rest's, and each is built once per
process rather than for every response (django-csp
rebuilds it from the settings each time, which cost more than serving a page
from the page cache). Like Django's ``SecurityMiddleware``, the middleware
reads its settings once, when the handler loads it.
"""

import functools
from dataclasses import asdict
from http import HTTPStatus

from csp.constants import HEADER, HEADER_REPORT_ONLY, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.cache import patch_cache_control

ADMIN_POLICY_UPDATE = {"style-src": [UNSAFE_INLINE]}

# Features the site never uses, so no page (or anything injected into one) may.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


# What makes django-csp build a response's policy for it alone: a view's
# ``csp_*`` decorators, or an exemption.
TAILORING_ATTRIBUTES = frozenset(
    f"_csp_{name}{suffix}"
    for name in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)
DEBUG_PAGE_STATUSES = (HTTPStatus.INTERNAL_SERVER_ERROR, HTTPStatus.NOT_FOUND)


@functools.lru_cache(maxsize=16)
def _admin_index(urlconf: str | None, script_prefix: str) -> str:
    return reverse("admin:index", urlconf=urlconf)


def _is_admin(request) -> bool:
    return request.path_info.startswith(
        _admin_index(get_urlconf(), get_script_prefix())
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, relaxing ``style-src`` under the admin's URL,
    with the two policies built once (see the module docstring)."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self._excludes_urls = any(
            (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
            for name in (
                "CONTENT_SECURITY_POLICY",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            )
        )
        self._policies: dict[bool, tuple[str, str]] = {}

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if _is_admin(request):
            parts.update = {**(parts.update or {}), **ADMIN_POLICY_UPDATE}
        return parts

    def process_response(self, request, response):
        if self._is_tailored(request, response):
            return super().process_response(request, response)
        policy, report_only_policy = self._built_policies(request, response)
        if policy:
            response.headers[HEADER] = policy
        if report_only_policy:
            response.headers[HEADER_REPORT_ONLY] = report_only_policy
        # As django-csp does: a nonce asked for after this point would be
        # missing from the header sent, so asking for one is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _is_tailored(self, request, response) -> bool:
        """Whether django-csp must decide for this response alone: it carries
        its own policy or exemption, already has a header, asked for a nonce,
        is a debug page, or the settings exclude some URLs."""
        return (
            not TAILORING_ATTRIBUTES.isdisjoint(vars(response))
            or HEADER in response.headers
            or HEADER_REPORT_ONLY in response.headers
            or getattr(request, "_csp_nonce", None) is not None
            or (settings.DEBUG and response.status_code in DEBUG_PAGE_STATUSES)
            or self._excludes_urls
        )

    def _built_policies(self, request, response) -> tuple[str, str]:
        """The policy and the report-only policy of an untailored response."""
        is_admin = _is_admin(request)
        if is_admin not in self._policies:
            self._policies[is_admin] = tuple(
                build_policy(
                    **asdict(self.get_policy_parts(request, response, report_only)),
                    report_only=report_only,
                )
                for report_only in (False, True)
            )
        return self._policies[is_admin]


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy``, turning off the browser features listed above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PrivatePagesMiddleware:
    """Forbid any cache to store a page rendered for a signed-in reader.

    A member's account, their experiences' edit pages and every staff page
    show what only that reader may see. Public pages already say so for
    signed-in readers (``http_caching``); this covers every other page, so a
    shared computer's browser or a proxy keeps none of them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
