"""The emails the community sends: moderation's to members, and the
confirmation of a new account's address. Called after the transaction commits."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from community import confirmation
from community.models import Experience


def _render(event: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(f"emails/{event}_subject.txt", context).strip()
    body = render_to_string(f"emails/{event}.txt", context)
    return " ".join(subject.splitlines()), body


def _tell_member(event: str, experience_pk: int) -> None:
    experience = (
        Experience.objects.select_related("member", "question__condition")
        .filter(pk=experience_pk)
        .first()
    )
    if experience is None or not experience.member.email:
        return
    subject, body = _render(
        event,
        {
            "experience": experience,
            "question": experience.question,
            "experiences_url": settings.SITE_URL + experience.get_absolute_url(),
            "account_url": settings.SITE_URL + reverse("community:account"),
        },
    )
    send_mail(subject, body, None, [experience.member.email])


def experience_approved(experience_pk: int) -> None:
    """Tell the member their experience is published."""
    _tell_member("experience_approved", experience_pk)


def experience_rejected(experience_pk: int) -> None:
    """Tell the member why their experience was not published."""
    _tell_member("experience_rejected", experience_pk)


def _tell_account(event: str, user_pk: int, context: dict) -> None:
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None or not user.email:
        return
    subject, body = _render(event, {"user": user, **context(user)})
    send_mail(subject, body, None, [user.email])


def confirm_email(user_pk: int) -> None:
    """Send a new account the link that confirms its address."""
    _tell_account(
        "confirm_email",
        user_pk,
        lambda user: {
            "confirm_url": settings.SITE_URL
            + reverse("community:confirm_email", args=[confirmation.make_token(user)]),
            "days": confirmation.CONFIRMATION_MAX_AGE.days,
        },
    )


def account_exists(user_pk: int) -> None:
    """Tell the owner of an address that someone signed up with it again."""
    _tell_account(
        "account_exists",
        user_pk,
        lambda user: {
            "login_url": settings.SITE_URL + reverse("community:login"),
            "password_reset_url": settings.SITE_URL
            + reverse("community:password_reset"),
        },
    )
