"""Setting a condition's review interval moves its live answers' next review."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from reversion.models import Version

from core.clock import recorded_at
from reviews import services, workflow
from tests import factories
from tests.helpers import make_published, open_recertification

pytestmark = pytest.mark.django_db

SIGNED_AT = timezone.make_aware(datetime.datetime(2024, 1, 31, 10, 0))


def published_on_31_january(*, editor, reviewer, condition=None):
    question = factories.QuestionFactory(
        condition=condition or factories.ConditionFactory()
    )
    with recorded_at(SIGNED_AT):
        return make_published(editor=editor, reviewer=reviewer, question=question)


def due_on(answer) -> datetime.date:
    answer.live.refresh_from_db()
    return answer.live.review_due_on


def test_new_interval_moves_next_review_due_from_the_last_review(
    editor, reviewer, managing_editor
):
    answer = published_on_31_january(editor=editor, reviewer=reviewer)
    assert due_on(answer) == datetime.date(2025, 1, 31)

    updated = services.set_review_interval(
        answer.question.condition, user=managing_editor, months=1
    )

    assert updated == 1
    # Clamped to the end of the shorter month, in a leap year.
    assert due_on(answer) == datetime.date(2024, 2, 29)
    answer.question.condition.refresh_from_db()
    assert answer.question.condition.review_interval_months == 1


def test_clearing_the_interval_returns_to_the_default_of_12_months(
    editor, reviewer, managing_editor
):
    answer = published_on_31_january(editor=editor, reviewer=reviewer)
    condition = answer.question.condition
    services.set_review_interval(condition, user=managing_editor, months=6)
    assert due_on(answer) == datetime.date(2024, 7, 31)

    services.set_review_interval(condition, user=managing_editor, months=None)

    assert due_on(answer) == datetime.date(2025, 1, 31)


def test_a_recertified_answer_counts_from_its_recertification(
    editor, reviewer, other_reviewer, managing_editor
):
    answer = published_on_31_january(editor=editor, reviewer=reviewer)
    with recorded_at(timezone.make_aware(datetime.datetime(2024, 5, 15, 9, 0))):
        open_recertification(answer)
        workflow.recertify(
            answer, shown=workflow.shown_text(answer), user=other_reviewer
        )

    services.set_review_interval(
        answer.question.condition, user=managing_editor, months=3
    )

    assert due_on(answer) == datetime.date(2024, 8, 15)


def test_only_the_condition_s_own_answers_move(editor, reviewer, managing_editor):
    condition = factories.ConditionFactory()
    first = published_on_31_january(
        editor=editor, reviewer=reviewer, condition=condition
    )
    second = published_on_31_january(
        editor=editor, reviewer=reviewer, condition=condition
    )
    elsewhere = published_on_31_january(editor=editor, reviewer=reviewer)

    updated = services.set_review_interval(condition, user=managing_editor, months=24)

    assert updated == 2
    assert due_on(first) == due_on(second) == datetime.date(2026, 1, 31)
    assert due_on(elsewhere) == datetime.date(2025, 1, 31)


def test_archived_live_copies_keep_in_step(editor, reviewer, managing_editor):
    answer = published_on_31_january(editor=editor, reviewer=reviewer)
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)

    services.set_review_interval(
        answer.question.condition, user=managing_editor, months=2
    )

    assert due_on(answer) == datetime.date(2024, 3, 31)


@pytest.mark.parametrize("role", ["editor", "reviewer", "member"])
def test_only_managing_editors_may_set_the_interval(
    request, role, editor, reviewer, managing_editor
):
    answer = published_on_31_january(editor=editor, reviewer=reviewer)
    condition = answer.question.condition

    with pytest.raises(PermissionDenied):
        services.set_review_interval(
            condition, user=request.getfixturevalue(role), months=1
        )

    condition.refresh_from_db()
    assert condition.review_interval_months is None
    assert due_on(answer) == datetime.date(2025, 1, 31)


def test_superusers_may_set_the_interval(superuser):
    condition = factories.ConditionFactory()

    services.set_review_interval(condition, user=superuser, months=6)

    condition.refresh_from_db()
    assert condition.review_interval == 6


@pytest.mark.parametrize("months", [0, 61])
def test_interval_out_of_range_is_refused(managing_editor, months):
    condition = factories.ConditionFactory(review_interval_months=12)

    with pytest.raises(ValidationError, match="from 1 to 60 months"):
        services.set_review_interval(condition, user=managing_editor, months=months)

    condition.refresh_from_db()
    assert condition.review_interval_months == 12


def test_interval_change_is_recorded_in_the_condition_s_history(managing_editor):
    condition = factories.ConditionFactory()

    services.set_review_interval(condition, user=managing_editor, months=18)

    version = Version.objects.get_for_object(condition).get()
    assert version.field_dict["review_interval_months"] == 18
    assert version.revision.user == managing_editor
    assert version.revision.comment == "Review interval set to 18 months."
