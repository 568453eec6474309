"""The emails moderation sends to members. Called after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

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
