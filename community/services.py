"""Writes of the community: accounts, declarations and sharing experiences.

Changes of an experience's state live in ``community.moderation``.
"""

import datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Question
from community import notifications
from community.models import (
    Declaration,
    Experience,
    MemberProfile,
    Sharing,
    validate_experience_text,
)
from community.selectors import FALLBACK_DISPLAY_NAME
from community.signals import community_changed
from conditions.models import Condition
from core import clock
from core.visible_text import normalized_name

MEMBERS_GROUP = "Members"
SHARE_PERMISSION = "community.share_experience"
RATE_LIMIT_COUNT = 5
RATE_LIMIT_WINDOW = datetime.timedelta(hours=1)

NOT_A_MEMBER = "Only community members can do this."
CONSENT_REQUIRED = (
    "Tick the box to agree that your experience may be published: "
    "it cannot be shared without your consent."
)
RATE_LIMITED = (
    "You have shared %(count)d experiences in the last hour, the most we accept. "
    "Please wait a while before sharing another."
)
QUESTION_NOT_PUBLISHED = "Experiences can only be shared on published questions."
NOT_YOURS = "You can only delete your own experiences."
STAFF_ACCOUNT = (
    "Staff accounts are not deleted here: ask a managing editor to close yours."
)


def is_member(user: AbstractBaseUser) -> bool:
    return user.is_active and user.has_perm(SHARE_PERMISSION)


def _require_member(user: AbstractBaseUser) -> None:
    if not is_member(user):
        raise PermissionDenied(_(NOT_A_MEMBER))


@transaction.atomic
def sign_up(*, email: str, password: str, display_name: str) -> None:
    """Start a member's account, or tell the address's owner it has one.

    The username is the lower-cased email, so an address has one account. A
    new account waits for its address to be confirmed (:func:`confirm_email`)
    before it is a member's: it cannot sign in, declare or share, and is not
    counted. Whether or not the address had an account, the caller can only
    answer "check your email": the email itself says which it is.
    """
    email = email.strip().lower()
    existing = account_for_email(email)
    if existing is not None:
        transaction.on_commit(partial(notifications.account_exists, existing.pk))
        return
    user = get_user_model()(username=email, email=email)
    user.set_password(password)
    user.save()
    MemberProfile.objects.create(user=user, display_name=normalized_name(display_name))
    transaction.on_commit(partial(notifications.confirm_email, user.pk))


def account_for_email(email: str) -> AbstractBaseUser | None:
    """The account that signs in with ``email``, if any (members' usernames
    are their email; staff are found by their email)."""
    users = get_user_model().objects
    lowered = email.strip().lower()
    return (
        users.filter(username__iexact=lowered).first()
        or users.filter(email__iexact=lowered).first()
    )


def is_awaiting_confirmation(user: AbstractBaseUser) -> bool:
    """Whether ``user`` signed up and has not confirmed their email yet."""
    return (
        not is_member(user)
        and MemberProfile.objects.filter(
            user=user, email_confirmed_at__isnull=True
        ).exists()
    )


def resend_confirmation(email: str) -> None:
    """Send the confirmation link again, if ``email`` has an account awaiting it."""
    user = account_for_email(email)
    if user is not None and is_awaiting_confirmation(user):
        transaction.on_commit(partial(notifications.confirm_email, user.pk))


@transaction.atomic
def confirm_email(user: AbstractBaseUser) -> None:
    """Make the account a member's: its address is confirmed.

    It joins the Members group, so it may declare and share, and what it
    declares is counted. Confirming twice changes nothing.
    """
    profile = MemberProfile.objects.select_for_update().get(user=user)
    if profile.email_confirmed_at is None:
        profile.email_confirmed_at = clock.now()
        profile.save(update_fields=["email_confirmed_at"])
    user.groups.add(Group.objects.get(name=MEMBERS_GROUP))


def _named_condition_ids(member: AbstractBaseUser) -> set[int]:
    """The conditions whose pages show the member's name beside an approved
    experience."""
    experienced = Experience.objects.approved().filter(member=member)
    return set(experienced.values_list("question__condition_id", flat=True))


def shown_condition_ids(member: AbstractBaseUser) -> set[int]:
    """The conditions whose public pages show something of the member: an
    approved experience beside a name, or a declaration in a count."""
    return _named_condition_ids(member) | set(
        Declaration.objects.counted()
        .filter(member=member)
        .values_list("condition_id", flat=True)
    )


def _announce(condition_ids) -> None:
    """Tell the cached pages of these conditions that what they show changed."""
    if condition_ids:
        community_changed.send(sender=Experience, condition_ids=set(condition_ids))


@transaction.atomic
def set_display_name(member: AbstractBaseUser, *, display_name: str) -> MemberProfile:
    """Change the name shown beside the member's experiences.

    While the current name is shown beside an approved experience, the new
    one is only requested: the old name stays until a moderator approves it
    (``community.moderation.approve_display_name``), so a member cannot
    appear at once under a name that passes for someone else's.
    """
    _require_member(member)
    display_name = normalized_name(display_name)
    named_condition_ids = _named_condition_ids(member)
    # A member without a profile (made by an operator) is shown under the
    # fallback name: that is the old name a moderator sees replaced.
    profile, _created = MemberProfile.objects.select_for_update().get_or_create(
        user=member,
        defaults={
            "display_name": _(FALLBACK_DISPLAY_NAME)
            if named_condition_ids
            else display_name
        },
    )
    if named_condition_ids and display_name != profile.display_name:
        profile.requested_display_name = display_name
    else:
        profile.display_name = display_name
        profile.requested_display_name = ""
    profile.save(update_fields=["display_name", "requested_display_name"])
    if not profile.requested_display_name:
        _announce(named_condition_ids)
    return profile


def ensure_profile(member: AbstractBaseUser, *, display_name: str) -> MemberProfile:
    """Give a member without one (made by an operator) a profile."""
    profile, _created = MemberProfile.objects.get_or_create(
        user=member, defaults={"display_name": display_name}
    )
    return profile


def declare_condition(member: AbstractBaseUser, *, condition: Condition) -> Declaration:
    """Record that the member lives with the condition; declaring twice is harmless."""
    _require_member(member)
    declaration, created = Declaration.objects.get_or_create(
        member=member, condition=condition, defaults={"declared_at": clock.now()}
    )
    if created:
        _announce([condition.pk])
    return declaration


def withdraw_declaration(member: AbstractBaseUser, *, condition: Condition) -> bool:
    """Remove the member's declaration of the condition; False if there was none."""
    deleted, _detail = Declaration.objects.filter(
        member=member, condition=condition
    ).delete()
    if deleted:
        _announce([condition.pk])
    return bool(deleted)


def check_rate_limit(member: AbstractBaseUser, *, as_of: datetime.datetime) -> None:
    """Refuse a sixth experience within an hour.

    Counted in the database, so the limit holds across app servers, and from
    the record of each sharing, so experiences deleted since still count.
    """
    recent = Sharing.objects.filter(
        member=member, shared_at__gt=as_of - RATE_LIMIT_WINDOW
    ).count()
    if recent >= RATE_LIMIT_COUNT:
        raise ValidationError(
            _(RATE_LIMITED), code="rate_limited", params={"count": recent}
        )


@transaction.atomic
def share_experience(
    question: Question, *, member: AbstractBaseUser, text: str, has_consented: bool
) -> Experience:
    """Save a member's experience on a published question; it awaits moderation.

    The member must have consented to publication, keep to the length limits
    and to five experiences an hour.
    """
    _require_member(member)
    if not has_consented:
        raise ValidationError(_(CONSENT_REQUIRED), code="consent_required")
    if not Question.objects.published().filter(pk=question.pk).exists():
        raise PermissionDenied(_(QUESTION_NOT_PUBLISHED))
    validate_experience_text(text)
    # Lock the member's row so that parallel posts cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=member.pk).first()
    now = clock.now()
    check_rate_limit(member, as_of=now)
    Sharing.objects.create(member=member, shared_at=now)
    return Experience.objects.create(
        member=member,
        question=question,
        text=text,
        consent_at=now,
        created_at=now,
        updated_at=now,
    )


def delete_experience(experience: Experience, *, member: AbstractBaseUser) -> None:
    """Delete one of the member's own experiences, in any state."""
    if experience.member_id != member.pk:
        raise PermissionDenied(_(NOT_YOURS))
    with transaction.atomic():
        if experience.state == Experience.State.APPROVED:
            _announce([experience.question.condition_id])
        experience.delete()


@transaction.atomic
def delete_account(member: AbstractBaseUser) -> None:
    """Delete a member's account with their profile, declarations and experiences.

    Staff accounts hold the editorial record and are closed by an operator.
    """
    if member.is_staff or member.is_superuser:
        raise PermissionDenied(_(STAFF_ACCOUNT))
    remove_account(member)


@transaction.atomic
def save_account(user: AbstractBaseUser) -> None:
    """Save an operator's change to an account (the admin's user form).

    Deactivating a member takes their experiences and declarations off the
    public pages, and reactivating them puts them back: the pages of the
    conditions that show them are told. Other changes (email, groups, staff
    status) show on no public page.
    """
    stored = get_user_model().objects.filter(pk=user.pk).values("is_active").first()
    if stored is None or stored["is_active"] == user.is_active:
        user.save()
        return
    shown_before = shown_condition_ids(user)
    user.save()
    _announce(shown_before | shown_condition_ids(user))


@transaction.atomic
def remove_account(user: AbstractBaseUser) -> None:
    """Delete any account as an operator, staff's included, with the member's
    profile, declarations and experiences.

    The admin refuses first when the account holds the editorial record
    (sign-offs are protected).
    """
    _announce(shown_condition_ids(user))
    user.delete()
