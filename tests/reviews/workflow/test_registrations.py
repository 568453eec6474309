"""A sign-off needs a professional registration verified and valid on its day,
and keeps a copy of the one it relied on."""

import datetime
import re

import pytest

from core import clock
from reviews import workflow
from reviews.errors import TransitionError
from reviews.models import AuditEntry, SignOff
from tests import factories
from tests.helpers import make_in_review, make_published, open_recertification

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 10)
NOON = datetime.datetime(2026, 5, 10, 12, 0, tzinfo=datetime.UTC)


def registered(*, verified_on, valid_until):
    """A medical reviewer whose only registration has these dates."""
    reviewer = factories.ReviewerFactory(profile__registration=None)
    factories.RegistrationFactory(
        profile=reviewer.reviewer_profile,
        verified_on=verified_on,
        valid_until=valid_until,
        body="Medical Council of Ireland",
        country="Ireland",
        number="MCI-424242",
    )
    return reviewer


def expired_yesterday():
    return registered(
        verified_on=TODAY - datetime.timedelta(days=365),
        valid_until=TODAY - datetime.timedelta(days=1),
    )


def decide(name, answer, user):
    shown = workflow.shown_text(answer)
    if name == "request_changes":
        return workflow.request_changes(
            answer, shown=shown, user=user, comment="Cite it."
        )
    return getattr(workflow, name)(answer, shown=shown, user=user)


def record(answer) -> tuple:
    answer.refresh_from_db()
    return (
        answer.state,
        SignOff.objects.filter(answer=answer).count(),
        AuditEntry.objects.filter(answer=answer).count(),
    )


@pytest.fixture
def answer_for(editor, reviewer):
    def arrange(decision):
        if decision == "recertify":
            return open_recertification(
                make_published(editor=editor, reviewer=reviewer)
            )
        return make_in_review(editor=editor)

    return arrange


@pytest.mark.parametrize("decision", ["approve", "request_changes", "recertify"])
def test_a_registration_that_expired_yesterday_refuses_every_sign_off(
    answer_for, decision
):
    answer = answer_for(decision)
    reviewer = expired_yesterday()
    before = record(answer)

    with (
        clock.recorded_at(NOON),
        pytest.raises(TransitionError, match=re.escape(workflow.NO_VALID_REGISTRATION)),
    ):
        decide(decision, answer, reviewer)

    assert record(answer) == before
    assert not workflow.can_approve(answer, reviewer)


@pytest.mark.parametrize(
    ("verified_on", "valid_until", "valid"),
    [
        (TODAY, TODAY, True),
        (
            TODAY + datetime.timedelta(days=1),
            TODAY + datetime.timedelta(days=90),
            False,
        ),
        (TODAY - datetime.timedelta(days=9), TODAY - datetime.timedelta(days=1), False),
    ],
)
def test_a_registration_counts_from_its_verification_through_its_last_day(
    editor, verified_on, valid_until, valid
):
    answer = make_in_review(editor=editor)
    reviewer = registered(verified_on=verified_on, valid_until=valid_until)
    with clock.recorded_at(NOON):
        assert workflow.can_approve(answer, reviewer) is valid


def test_a_reviewer_without_any_registration_cannot_sign_off(editor):
    answer = make_in_review(editor=editor)
    reviewer = factories.ReviewerFactory(profile__registration=None)
    with pytest.raises(
        TransitionError, match=re.escape(workflow.NO_VALID_REGISTRATION)
    ):
        decide("approve", answer, reviewer)


def test_an_unverified_registration_counts_for_nothing(editor):
    answer = make_in_review(editor=editor)
    reviewer = factories.ReviewerFactory(profile__registration=None)
    factories.RegistrationFactory(
        profile=reviewer.reviewer_profile,
        verified_on=None,
        verified_by=None,
        valid_until=None,
    )
    assert not workflow.can_approve(answer, reviewer)


def test_the_sign_off_keeps_the_registration_it_relied_on(editor):
    answer = make_in_review(editor=editor)
    reviewer = registered(
        verified_on=TODAY - datetime.timedelta(days=30),
        valid_until=TODAY + datetime.timedelta(days=300),
    )
    with clock.recorded_at(NOON):
        sign_off = decide("approve", answer, reviewer)
    registration = reviewer.reviewer_profile.registrations.get()
    registration.number = "MCI-CHANGED"
    registration.save()

    sign_off = SignOff.objects.get(pk=sign_off.pk)
    assert (
        sign_off.registration_body,
        sign_off.registration_country,
        sign_off.registration_number,
        sign_off.registration_valid_until,
    ) == (
        "Medical Council of Ireland",
        "Ireland",
        "MCI-424242",
        TODAY + datetime.timedelta(days=300),
    )
