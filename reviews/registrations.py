"""Reviewers' professional registrations: which one a sign-off relies on, and
which ones run out soon.

Reads only. ``reviews.workflow`` refuses a sign-off without a registration
valid on its day and snapshots the one returned here on the sign-off.
"""

import datetime

from django.db.models import QuerySet

from reviews.models import Registration

__all__ = [
    "EXPIRY_WARNING_DAYS",
    "current_registration",
    "registration_for_sign_off",
    "registrations_expiring",
]

# ``check_reviews`` warns this many days before a registration runs out.
EXPIRY_WARNING_DAYS = 30


def registration_for_sign_off(user, *, on: datetime.date) -> Registration | None:
    """The registration ``user``'s sign-off on ``on`` relies on, if any.

    It must have been verified on or before that day and be valid through
    it; of several, the one valid longest.
    """
    return (
        Registration.objects.valid_on(on)
        .filter(profile__user=user)
        .order_by("-valid_until", "pk")
        .first()
    )


def current_registration(registrations, *, on: datetime.date) -> Registration | None:
    """Of a profile's prefetched ``registrations``, the one valid on ``on`` that
    runs longest: what the public reviewer page shows."""
    valid = [
        registration
        for registration in registrations
        if registration.verified_on is not None
        and registration.verified_on <= on <= registration.valid_until
    ]
    return max(valid, key=lambda registration: registration.valid_until, default=None)


def registrations_expiring(*, as_of: datetime.date) -> QuerySet[Registration]:
    """Registrations valid on ``as_of`` whose last valid day falls within
    ``EXPIRY_WARNING_DAYS`` of it, the soonest first."""
    return (
        Registration.objects.valid_on(as_of)
        .filter(valid_until__lte=as_of + datetime.timedelta(days=EXPIRY_WARNING_DAYS))
        .select_related("profile")
        .order_by("valid_until", "profile__full_name", "pk")
    )
