"""The emails the workflow sends. Called after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import Answer
from reviews import selectors
from reviews.models import AuditEntry, SignOff


def _render(event: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(f"emails/{event}_subject.txt", context).strip()
    body = render_to_string(f"emails/{event}.txt", context)
    return " ".join(subject.splitlines()), body


def _admin_url(answer: Answer) -> str:
    return settings.SITE_URL + reverse("admin:articles_answer_change", args=[answer.pk])


def _submitter(answer: Answer):
    """The editor who last submitted the answer: the one to tell of a decision."""
    entry = (
        AuditEntry.objects.filter(answer=answer, transition="submit")
        .select_related("user")
        .order_by("-created_at", "-id")
        .first()
    )
    return entry.user if entry else answer.created_by


def answer_submitted(answer_pk: int) -> None:
    """Tell the assigned reviewer, or every reviewer, that an answer awaits review."""
    answer = Answer.objects.select_related("question__condition", "reviewer").get(
        pk=answer_pk
    )
    if answer.reviewer is not None:
        recipients = [answer.reviewer]
    else:
        recipients = selectors.medical_reviewers().exclude(email="")
    subject, body = _render(
        "answer_submitted", {"answer": answer, "admin_url": _admin_url(answer)}
    )
    send_mass_mail(
        [(subject, body, None, [user.email]) for user in recipients if user.email]
    )


def _tell_editor(event: str, sign_off_pk: int) -> None:
    sign_off = SignOff.objects.select_related("answer__question__condition").get(
        pk=sign_off_pk
    )
    editor = _submitter(sign_off.answer)
    if editor is None or not editor.email:
        return
    subject, body = _render(
        event,
        {
            "answer": sign_off.answer,
            "sign_off": sign_off,
            "admin_url": _admin_url(sign_off.answer),
        },
    )
    send_mail(subject, body, None, [editor.email])


def changes_requested(sign_off_pk: int) -> None:
    """Tell the editor what the reviewer asked to change."""
    _tell_editor("changes_requested", sign_off_pk)


def answer_approved(sign_off_pk: int) -> None:
    """Tell the editor the answer is approved and may be published."""
    _tell_editor("answer_approved", sign_off_pk)


def review_due(reviewer, answers) -> None:
    """Remind one reviewer of the published answers whose review is overdue."""
    subject, body = _render(
        "review_due",
        {"reviewer": reviewer, "answers": answers, "site_url": settings.SITE_URL},
    )
    send_mail(subject, body, None, [reviewer.email])


def registrations_expiring(managing_editors, registrations) -> None:
    """Tell the managing editors which reviewers' registrations run out soon."""
    subject, body = _render(
        "registrations_expiring",
        {"registrations": registrations, "site_url": settings.SITE_URL},
    )
    send_mail(subject, body, None, [user.email for user in managing_editors])
