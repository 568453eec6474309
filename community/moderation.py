"""Moderation of members' experiences: every change of ``Experience.state``.

- A member shares an experience (``community.services.share_experience``): it
  starts ``pending`` and nobody but its author and the moderators sees it.
- ``approve`` (a moderator: editors and managing editors) moves ``pending`` to
  ``approved``: it is shown and counted on the public pages.
- ``reject`` (a moderator, reason required) moves ``pending`` or ``approved``
  (a takedown) to ``rejected``. The reason is sent to the member.
- ``approve_display_name`` and ``reject_display_name`` (a moderator) decide on
  a new display name a member asked for while their old one is shown beside
  approved experiences (``community.services.set_display_name``).
- ``revise`` (the member who wrote it) saves new text in any state and sends
  the experience back to ``pending``: it leaves the public pages until a
  moderator approves it again.

Nobody moderates their own experience. Each transition locks the row, checks
its rule, and emails the member after the commit.
"""

from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from community import notifications
from community.models import Experience, MemberProfile, validate_experience_text
from community.signals import community_changed
from core import clock

State = Experience.State

MODERATE_PERMISSION = "community.moderate_experience"
NOT_ALLOWED = "You do not have permission to do this."
OWN_EXPERIENCE = "You wrote this experience, so another moderator must decide on it."
NOT_PENDING = "This experience is not awaiting moderation; it may have been decided."
ALREADY_REJECTED = "This experience is already rejected."
REASON_REQUIRED = "Give the member a reason: it is required to reject an experience."
NOT_YOURS = "You can only edit your own experiences."


class ModerationError(Exception):
    """A moderation rule forbids the step; the message is written for the editor."""


def is_moderator(user: AbstractBaseUser) -> bool:
    return user.is_active and user.has_perm(MODERATE_PERMISSION)


def _check_moderator(experience: Experience, user: AbstractBaseUser) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_(NOT_ALLOWED))
    if experience.member_id == user.pk:
        raise ModerationError(_(OWN_EXPERIENCE))


def check_approve(experience: Experience, user: AbstractBaseUser) -> None:
    _check_moderator(experience, user)
    if experience.state != State.PENDING:
        raise ModerationError(_(NOT_PENDING))


def can_approve(experience: Experience, user: AbstractBaseUser) -> bool:
    """A moderator may approve a pending experience that they did not write."""
    return _allowed(check_approve, experience, user)


def check_reject(experience: Experience, user: AbstractBaseUser) -> None:
    _check_moderator(experience, user)
    if experience.state == State.REJECTED:
        raise ModerationError(_(ALREADY_REJECTED))


def can_reject(experience: Experience, user: AbstractBaseUser) -> bool:
    """A moderator may reject a pending experience, or take down an approved one,
    that they did not write."""
    return _allowed(check_reject, experience, user)


def _allowed(check, experience: Experience, user: AbstractBaseUser) -> bool:
    try:
        check(experience, user)
    except (PermissionDenied, ModerationError):
        return False
    return True


def _lock(experience: Experience) -> Experience:
    return Experience.objects.select_for_update().get(pk=experience.pk)


def _refresh(experience: Experience, locked: Experience) -> Experience:
    """Copy the locked row's fields onto the caller's instance and return it."""
    for field in locked._meta.concrete_fields:
        setattr(experience, field.attname, getattr(locked, field.attname))
    return experience


def _announce(experience: Experience) -> None:
    """Tell the cached pages of the experience's condition that it was shown,
    hidden or changed."""
    community_changed.send(
        sender=Experience, condition_ids={experience.question.condition_id}
    )


@transaction.atomic
def approve(experience: Experience, *, user: AbstractBaseUser) -> Experience:
    """Approve a pending experience: it is shown and counted from now on."""
    locked = _lock(experience)
    check_approve(locked, user)
    locked.state = State.APPROVED
    locked.moderated_by = user
    locked.moderated_at = clock.now()
    locked.rejection_reason = ""
    locked.save(
        update_fields=["state", "moderated_by", "moderated_at", "rejection_reason"]
    )
    _announce(locked)
    transaction.on_commit(partial(notifications.experience_approved, locked.pk))
    return _refresh(experience, locked)


@transaction.atomic
def reject(
    experience: Experience, *, user: AbstractBaseUser, reason: str
) -> Experience:
    """Reject a pending experience, or take down an approved one.

    A reason is required: it is emailed to the member.
    """
    locked = _lock(experience)
    check_reject(locked, user)
    if not reason.strip():
        raise ModerationError(_(REASON_REQUIRED))
    locked.state = State.REJECTED
    locked.moderated_by = user
    locked.moderated_at = clock.now()
    locked.rejection_reason = reason.strip()
    locked.save(
        update_fields=["state", "moderated_by", "moderated_at", "rejection_reason"]
    )
    _announce(locked)
    transaction.on_commit(partial(notifications.experience_rejected, locked.pk))
    return _refresh(experience, locked)


@transaction.atomic
def revise(
    experience: Experience, *, member: AbstractBaseUser, text: str
) -> Experience:
    """Save the member's new text; the experience waits for moderation again.

    Only its author may revise it. Saving unchanged text changes nothing.
    """
    locked = _lock(experience)
    if locked.member_id != member.pk:
        raise PermissionDenied(_(NOT_YOURS))
    if locked.text == text:
        return _refresh(experience, locked)
    validate_experience_text(text)
    now = clock.now()
    locked.text = text
    locked.edited_at = locked.updated_at = now
    locked.state = State.PENDING
    locked.moderated_by = None
    locked.moderated_at = None
    locked.rejection_reason = ""
    locked.save()
    _announce(locked)
    return _refresh(experience, locked)


# Display names -------------------------------------------------------------------

NO_NAME_REQUESTED = "This member has no new display name waiting for approval."
OWN_NAME = "This is your own display name, so another moderator must decide on it."


def _check_name_moderator(profile: MemberProfile, user: AbstractBaseUser) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_(NOT_ALLOWED))
    if profile.user_id == user.pk:
        raise ModerationError(_(OWN_NAME))


def _locked_request(profile: MemberProfile, user: AbstractBaseUser) -> MemberProfile:
    locked = MemberProfile.objects.select_for_update().get(pk=profile.pk)
    _check_name_moderator(locked, user)
    if not locked.requested_display_name:
        raise ModerationError(_(NO_NAME_REQUESTED))
    return locked


@transaction.atomic
def approve_display_name(
    profile: MemberProfile, *, user: AbstractBaseUser
) -> MemberProfile:
    """Show the member's requested name in place of their old one, everywhere."""
    locked = _locked_request(profile, user)
    locked.display_name = locked.requested_display_name
    locked.requested_display_name = ""
    locked.save(update_fields=["display_name", "requested_display_name"])
    shown_on = Experience.objects.approved().filter(member_id=locked.user_id)
    condition_ids = set(shown_on.values_list("question__condition_id", flat=True))
    if condition_ids:
        community_changed.send(sender=Experience, condition_ids=condition_ids)
    return locked


@transaction.atomic
def reject_display_name(
    profile: MemberProfile, *, user: AbstractBaseUser
) -> MemberProfile:
    """Drop the member's requested name: the old one stays."""
    locked = _locked_request(profile, user)
    locked.requested_display_name = ""
    locked.save(update_fields=["requested_display_name"])
    return locked
