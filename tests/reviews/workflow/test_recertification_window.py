"""Re-certification opens 60 days before the review is due; earlier only with a
managing editor's override, whose reason the audit trail keeps."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied

from core import clock
from reviews import workflow
from reviews.errors import TransitionError
from reviews.models import AuditEntry, SignOff
from tests.helpers import make_published

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.UTC)
# Published 2024-03-01: due 2025-03-01, open to re-certification from 2024-12-31.
OPENS = datetime.datetime(2024, 12, 31, 9, 0, tzinfo=datetime.UTC)
DAY_BEFORE = datetime.datetime(2024, 12, 30, 12, 0, tzinfo=datetime.UTC)
OVERDUE = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)
REASON = "New national guidance was published last week."


@pytest.fixture
def answer(editor, reviewer):
    with clock.recorded_at(PUBLISHED_AT):
        return make_published(editor=editor, reviewer=reviewer)


def recertify(answer, user):
    return workflow.recertify(answer, shown=workflow.shown_text(answer), user=user)


def record(answer) -> tuple:
    return (
        SignOff.objects.filter(answer=answer).count(),
        AuditEntry.objects.filter(answer=answer).count(),
        answer.live.review_due_on,
    )


@pytest.mark.parametrize("moment", [OPENS, OVERDUE])
def test_a_reviewer_may_recertify_from_60_days_before_due_and_when_overdue(
    answer, other_reviewer, moment
):
    with clock.recorded_at(moment):
        sign_off = recertify(answer, other_reviewer)
    assert sign_off.decision == SignOff.Decision.RECERTIFY


def test_recertifying_earlier_is_refused_with_the_dates_and_nothing_recorded(
    answer, other_reviewer
):
    before = record(answer)
    with (
        clock.recorded_at(DAY_BEFORE),
        pytest.raises(TransitionError) as refused,
    ):
        recertify(answer, other_reviewer)
    assert str(refused.value) == (
        "This answer's review is due on 1 March 2025: it can be re-certified from "
        "31 December 2024, 60 days before. Nothing was recorded. A managing editor "
        "may allow an earlier re-certification, giving a reason."
    )
    answer.live.refresh_from_db()
    assert record(answer) == before


def test_a_managing_editors_override_opens_it_once_and_is_audited(
    answer, other_reviewer, managing_editor
):
    with clock.recorded_at(DAY_BEFORE):
        workflow.allow_early_recertification(
            answer, user=managing_editor, comment=REASON
        )
        entry = AuditEntry.objects.filter(answer=answer).first()
        assert (entry.transition, entry.user, entry.comment) == (
            "allow_early_recertification",
            managing_editor,
            REASON,
        )
        recertify(answer, other_reviewer)
        # The next review is a year away again: the override was used up.
        with pytest.raises(TransitionError, match="can be re-certified from"):
            recertify(answer, other_reviewer)


def test_the_override_needs_a_reason(answer, managing_editor):
    with (
        clock.recorded_at(DAY_BEFORE),
        pytest.raises(TransitionError, match=re.escape(workflow.REASON_REQUIRED)),
    ):
        workflow.allow_early_recertification(answer, user=managing_editor, comment=" ")
    assert not AuditEntry.objects.filter(
        answer=answer, transition="allow_early_recertification"
    ).exists()


def test_no_override_is_needed_once_the_window_is_open(answer, managing_editor):
    with (
        clock.recorded_at(OPENS),
        pytest.raises(
            TransitionError, match=re.escape(workflow.EARLY_RECERTIFY_NOT_NEEDED)
        ),
    ):
        workflow.allow_early_recertification(
            answer, user=managing_editor, comment=REASON
        )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("editor", False),
        ("reviewer", False),
        ("member", False),
        ("managing_editor", True),
        ("superuser", True),
    ],
)
def test_only_managing_editors_may_override(request, answer, role, allowed):
    user = request.getfixturevalue(role)
    with clock.recorded_at(DAY_BEFORE):
        assert workflow.can_allow_early_recertification(answer, user) is allowed
        if not allowed:
            with pytest.raises(PermissionDenied):
                workflow.allow_early_recertification(answer, user=user, comment=REASON)
