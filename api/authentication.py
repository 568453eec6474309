"""Who is asking: a partner's API key, or an anonymous client.

A key comes in ``Authorization: Api-Key <key>``. Without one the request is
anonymous and still answered (at the anonymous rate); a key that is unknown,
malformed or revoked is refused with 401, so a partner learns at once that
their key no longer works.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.services import authenticated_key

SCHEME = "Api-Key"
INVALID_KEY = _("The API key is not valid, or it was revoked.")


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(
            "latin-1", errors="replace"
        )
        if not header:
            return None
        scheme, _separator, presented = header.partition(" ")
        if scheme.lower() != SCHEME.lower():
            return None
        api_key = authenticated_key(presented.strip())
        if api_key is None:
            raise exceptions.AuthenticationFailed(INVALID_KEY)
        return AnonymousUser(), api_key

    def authenticate_header(self, request):
        return SCHEME
