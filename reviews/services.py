"""Writes to conditions' review schedule: the interval between reviews."""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Version

from conditions.models import MAX_REVIEW_INTERVAL_MONTHS, Condition
from conditions.signals import condition_changed
from reviews import workflow
from reviews.models import ReviewerProfile
from reviews.signals import reviewer_profile_changed

NOT_ALLOWED = "Only managing editors can set a condition's review interval."
INTERVAL_OUT_OF_RANGE = "Choose a review interval from 1 to %(max)d months."
INTERVAL_SET = "Review interval set to %(months)d months."
INTERVAL_DEFAULT = "Review interval set to the default."


def may_set_review_interval(user) -> bool:
    """Managing editors set how often a condition's answers are reviewed."""
    return user.is_active and user.has_perm("conditions.set_review_interval")


def may_restore_version(condition: Condition, *, user, version: Version) -> bool:
    """Reverting a condition to an old version may bring back its review
    interval only for those who may set the interval."""
    old_months = version.field_dict["review_interval_months"]
    return old_months == condition.review_interval_months or may_set_review_interval(
        user
    )


def set_review_interval(condition: Condition, *, user, months: int | None) -> int:
    """Set the months between reviews of the condition's answers.

    ``None`` means the default interval. Every live copy's "next review due"
    moves at once to its last review plus the new interval
    (``reviews.workflow.reschedule_reviews``). Returns how many live copies
    were updated.
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
        condition_changed.send(sender=Condition, condition=condition)
        return workflow.reschedule_reviews(condition)


def save_reviewer_profile(profile: ReviewerProfile) -> None:
    """Save a reviewer profile and announce it: answer pages show its name."""
    with transaction.atomic():
        profile.save()
        reviewer_profile_changed.send(sender=ReviewerProfile, profile=profile)


def delete_reviewer_profile(profile: ReviewerProfile) -> None:
    """Delete a reviewer profile (sign-offs keep their snapshot of it)."""
    with transaction.atomic():
        reviewer_profile_changed.send(sender=ReviewerProfile, profile=profile)
        profile.delete()
