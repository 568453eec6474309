"""Writes to conditions that are not plain admin saves."""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import PublishedAnswer
from conditions.models import MAX_REVIEW_INTERVAL_MONTHS, Condition
from reviews.dates import add_months

NOT_ALLOWED = "Only managing editors can set a condition's review interval."
INTERVAL_OUT_OF_RANGE = "Choose a review interval from 1 to %(max)d months."
INTERVAL_SET = "Review interval set to %(months)d months."
INTERVAL_DEFAULT = "Review interval set to the default."


def may_set_review_interval(user) -> bool:
    """Managing editors set how often a condition's answers are reviewed."""
    return user.is_active and user.has_perm("conditions.set_review_interval")


def set_review_interval(condition: Condition, *, user, months: int | None) -> int:
    """Set the months between reviews of the condition's answers.

    ``None`` means the default interval. Every live copy's "next review due"
    moves at once to its last review plus the new interval, as publishing and
    re-certifying compute it. Returns how many live copies were updated.
    """
    if not may_set_review_interval(user):
        raise PermissionDenied(_(NOT_ALLOWED))
    if months is not None and not 1 <= months <= MAX_REVIEW_INTERVAL_MONTHS:
        raise ValidationError(
            _(INTERVAL_OUT_OF_RANGE) % {"max": MAX_REVIEW_INTERVAL_MONTHS}
        )
    with transaction.atomic(), reversion.create_revision():
        condition.review_interval_months = months
        condition.save(update_fields=["review_interval_months", "updated_at"])
        reversion.set_user(user)
        reversion.set_comment(
            _(INTERVAL_SET) % {"months": months}
            if months is not None
            else _(INTERVAL_DEFAULT)
        )
        return recompute_review_due_dates(condition)


def recompute_review_due_dates(condition: Condition) -> int:
    """Move each live copy's "next review due" to its last review plus the interval.

    Archived live copies are kept in step too, so a later re-publication
    starts from a consistent row. Returns how many live copies were updated.
    """
    with transaction.atomic():
        live_copies = list(
            PublishedAnswer.objects.filter(answer__question__condition=condition)
            # Lock only the live rows: the workflow locks the answer first, then
            # the live copy, so holding the live rows alone cannot deadlock it.
            .select_for_update(of=("self",))
            .select_related("last_review")
        )
        for live in live_copies:
            live.review_due_on = add_months(
                timezone.localdate(live.last_review.signed_at),
                condition.review_interval,
            )
        PublishedAnswer.objects.bulk_update(live_copies, ["review_due_on"])
    return len(live_copies)
