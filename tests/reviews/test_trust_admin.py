"""Through the admin's own forms: a sign-off refused for want of a valid
registration, re-certification before its window and the managing editor's
override, and the registrations a managing editor keeps on a profile."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Answer
from reviews import workflow
from reviews.models import AuditEntry, Registration, SignOff
from tests import factories
from tests.articles.admin_data import (
    answer_change_url,
    decision_data,
    transition_url,
)
from tests.core.test_reauthentication import authenticated_ago
from tests.diseasemaps.html_checks import page_text
from tests.helpers import make_in_review, make_published
from tests.reviews.admin_data import registrations_data

pytestmark = pytest.mark.django_db

REASON = "The national guideline changed last week."


def signed_in(client, user):
    client.force_login(user)
    authenticated_ago(client, 0)
    return client


def expired_yesterday():
    today = timezone.localdate()
    reviewer = factories.ReviewerFactory(username="lapsed", profile__registration=None)
    factories.RegistrationFactory(
        profile=reviewer.reviewer_profile,
        verified_on=today - datetime.timedelta(days=365),
        valid_until=today - datetime.timedelta(days=1),
    )
    return reviewer


def record(answer: Answer) -> tuple:
    answer.refresh_from_db()
    return (
        answer.state,
        SignOff.objects.filter(answer=answer).count(),
        AuditEntry.objects.filter(answer=answer).count(),
    )


def review_url(answer: Answer) -> str:
    return reverse("admin:articles_answer_review", args=[answer.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# A registration valid on the day ------------------------------------------------


@pytest.mark.parametrize("decision", ["approve", "request_changes"])
def test_a_registration_that_expired_yesterday_refuses_the_sign_off_over_http(
    client, editor, decision
):
    answer = make_in_review(editor=editor)
    before = record(answer)
    signed_in(client, expired_yesterday())

    response = client.post(
        transition_url(answer, decision),
        decision_data(answer, comment="Cite the trial."),
        follow=True,
    )

    assert messages_of(response) == [workflow.NO_VALID_REGISTRATION]
    assert record(answer) == before


def test_the_review_screen_says_why_there_is_no_decision(client, editor):
    answer = make_in_review(editor=editor)

    html = signed_in(client, expired_yesterday()).get(review_url(answer)).text

    assert workflow.NO_VALID_REGISTRATION in page_text(html)
    assert 'id="review-approve"' not in html


# Re-certification when due --------------------------------------------------------


@pytest.fixture
def fresh(editor, reviewer):
    """Published today: its review is due in a year."""
    return make_published(editor=editor, reviewer=reviewer)


def test_the_review_screen_says_when_re_certification_opens(
    client, fresh, other_reviewer
):
    html = signed_in(client, other_reviewer).get(review_url(fresh)).text
    text = page_text(html)
    assert "it can be re-certified from" in text
    assert "A managing editor may allow an earlier re-certification" in text
    assert 'id="review-recertify"' not in html


def test_re_certifying_early_over_http_is_refused_and_nothing_recorded(
    client, fresh, other_reviewer
):
    before = record(fresh)
    response = signed_in(client, other_reviewer).post(
        transition_url(fresh, "recertify"), decision_data(fresh), follow=True
    )
    (message,) = messages_of(response)
    assert re.match(r"This answer's review is due on \d+ \w+ \d{4}", message)
    assert record(fresh) == before


def test_the_managing_editors_override_opens_re_certification_over_http(
    client, fresh, managing_editor, other_reviewer
):
    page = signed_in(client, managing_editor).get(answer_change_url(fresh)).text
    assert "allow_early_recertification" in page

    response = client.post(
        transition_url(fresh, "allow_early_recertification"),
        decision_data(fresh, comment=REASON),
        follow=True,
    )

    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    entry = AuditEntry.objects.filter(answer=fresh).latest("id")
    assert (entry.transition, entry.user, entry.comment) == (
        "allow_early_recertification",
        managing_editor,
        REASON,
    )
    response = signed_in(client, other_reviewer).post(
        transition_url(fresh, "recertify"), decision_data(fresh), follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert fresh.live.__class__.objects.get(answer=fresh).last_review.decision == (
        SignOff.Decision.RECERTIFY
    )


def test_the_override_without_a_reason_is_refused_over_http(
    client, fresh, managing_editor
):
    before = record(fresh)
    response = signed_in(client, managing_editor).post(
        transition_url(fresh, "allow_early_recertification"),
        decision_data(fresh, comment=""),
        follow=True,
    )
    assert messages_of(response) == [workflow.REASON_REQUIRED]
    assert record(fresh) == before


@pytest.mark.parametrize(
    ("role", "shown", "status"),
    [
        ("editor", False, 403),
        ("reviewer", False, 403),
        ("managing_editor", True, 302),
        ("superuser", True, 302),
    ],
)
def test_only_managing_editors_are_offered_and_may_take_the_override(
    request, client, fresh, role, shown, status
):
    user = request.getfixturevalue(role)
    page = signed_in(client, user).get(answer_change_url(fresh)).text
    assert ("allow_early_recertification" in page) is shown
    response = client.post(
        transition_url(fresh, "allow_early_recertification"),
        decision_data(fresh, comment=REASON),
    )
    assert response.status_code == status


def test_members_and_visitors_cannot_take_the_override(client, fresh, member):
    for user in (member, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.post(
            transition_url(fresh, "allow_early_recertification"),
            decision_data(fresh, comment=REASON),
        )
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    assert not AuditEntry.objects.filter(
        answer=fresh, transition="allow_early_recertification"
    ).exists()


# Registrations on the profile ------------------------------------------------------


def profile_form(profile, **new) -> dict:
    return {
        "full_name": profile.full_name,
        "credentials": profile.credentials,
        "specialty": profile.specialty,
        "bio": profile.bio,
        "disclosures": profile.disclosures,
        "slug": profile.slug,
        **registrations_data(profile, new=[new] if new else ()),
    }


NEW_REGISTRATION = {
    "body": "Irish Medical Council",
    "country": "Ireland",
    "number": "IMC-99",
    "verified_on": "2026-03-03",
    "valid_until": "2027-03-02",
    "verifier_notes": "PRIVATE-NOTE phoned the council.",
}


@pytest.mark.parametrize(
    ("role", "saved"),
    [
        ("editor", False),
        ("reviewer", False),
        ("managing_editor", True),
        ("superuser", True),
    ],
)
def test_managing_editors_record_registrations_and_become_their_verifier(
    request, client, other_reviewer, role, saved
):
    user = request.getfixturevalue(role)
    profile = other_reviewer.reviewer_profile
    url = reverse("admin:reviews_reviewerprofile_change", args=[profile.pk])

    response = signed_in(client, user).post(
        url, profile_form(profile, **NEW_REGISTRATION)
    )

    added = Registration.objects.filter(number="IMC-99").first()
    if saved:
        assert response.status_code == 302
        assert added.profile == profile
        assert added.verified_by == user
        assert added.valid_until == datetime.date(2027, 3, 2)
    else:
        assert response.status_code == 403
        assert added is None


def test_a_registration_ending_before_its_verification_is_refused(
    client, managing_editor, other_reviewer
):
    profile = other_reviewer.reviewer_profile
    url = reverse("admin:reviews_reviewerprofile_change", args=[profile.pk])
    response = signed_in(client, managing_editor).post(
        url,
        profile_form(profile, **{**NEW_REGISTRATION, "valid_until": "2026-01-01"}),
    )
    assert response.status_code == 200
    assert "cannot end before it was verified" in response.text
    assert not Registration.objects.filter(number="IMC-99").exists()
