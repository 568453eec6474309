"""Signed, expiring links that confirm a member's email address.

The token names the account and the address it was sent to, signed with the
site's secret, so it cannot be forged, and it is refused after
``CONFIRMATION_MAX_AGE`` or once the account's address has changed.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing

CONFIRMATION_MAX_AGE = datetime.timedelta(days=3)
SALT = "community.email-confirmation"


def make_token(user: AbstractBaseUser) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=SALT)


def user_for_token(token: str) -> AbstractBaseUser | None:
    """The account the token confirms, or None if it is forged, expired or
    names an address the account no longer has."""
    try:
        data = signing.loads(token, salt=SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        get_user_model()
        .objects.filter(pk=data.get("user"), email=data.get("email"), is_active=True)
        .first()
    )
