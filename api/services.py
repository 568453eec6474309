"""Writes of API keys: issuing and revoking them."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from api import keys
from api.models import ApiKey
from core import clock


def issue_api_key(api_key: ApiKey, *, user: AbstractBaseUser) -> str:
    """Give a new, unsaved key row its secret and save it; return the key.

    The key is returned once, to be shown once: only its digest is stored.
    """
    new = keys.new_key()
    api_key.prefix = new.prefix
    api_key.key_hash = new.key_hash
    api_key.created_by = user
    api_key.save()
    return new.key


def revoke_api_keys(api_keys: QuerySet[ApiKey]) -> int:
    """Revoke the keys not yet revoked; return how many were."""
    return api_keys.filter(revoked_at__isnull=True).update(revoked_at=clock.now())


def authenticated_key(presented: str) -> ApiKey | None:
    """The active key row that ``presented`` is the key of, if any."""
    prefix = keys.prefix_of(presented)
    if prefix is None:
        return None
    api_key = ApiKey.objects.active().filter(prefix=prefix).first()
    if api_key is None or not keys.matches(presented, api_key.key_hash):
        return None
    return api_key
