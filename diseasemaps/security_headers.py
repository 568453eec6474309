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
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, relaxing ``style-src`` under the admin's URL."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), **ADMIN_POLICY_UPDATE}
        return parts


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy``, turning off the browser features listed above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
