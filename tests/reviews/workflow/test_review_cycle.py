"""The date of the next review: one formula when publishing, re-certifying and
rescheduling after an interval change."""

import datetime

import pytest

from articles.models import PublishedAnswer
from core import clock
from reviews import workflow
from tests import factories
from tests.helpers import make_published, open_recertification

pytestmark = pytest.mark.django_db


def moment(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("months", "reviewed_at", "due_on"),
    [
        (None, moment(2024, 3, 15), datetime.date(2025, 3, 15)),
        (None, moment(2024, 2, 29), datetime.date(2025, 2, 28)),
        (6, moment(2024, 8, 31), datetime.date(2025, 2, 28)),
        (1, moment(2024, 12, 31, hour=23), datetime.date(2025, 1, 31)),
        (60, moment(2024, 1, 1), datetime.date(2029, 1, 1)),
    ],
)
def test_review_is_due_one_interval_after_the_last_review(months, reviewed_at, due_on):
    condition = factories.ConditionFactory(review_interval_months=months)

    assert workflow.review_due_on(condition, last_reviewed_at=reviewed_at) == due_on


def test_publishing_recertifying_and_rescheduling_agree_on_the_date(
    editor, reviewer, other_reviewer
):
    condition = factories.ConditionFactory(review_interval_months=6)
    question = factories.QuestionFactory(condition=condition)
    with clock.recorded_at(moment(2024, 8, 31)):
        answer = make_published(editor=editor, reviewer=reviewer, question=question)
    published_due = PublishedAnswer.objects.get(answer=answer).review_due_on
    with clock.recorded_at(moment(2024, 10, 31)):
        open_recertification(answer)
        workflow.recertify(
            answer, shown=workflow.shown_text(answer), user=other_reviewer
        )
    recertified_due = PublishedAnswer.objects.get(answer=answer).review_due_on

    updated = workflow.reschedule_reviews(condition)

    assert published_due == datetime.date(2025, 2, 28)
    assert recertified_due == datetime.date(2025, 4, 30)
    assert updated == 1
    assert PublishedAnswer.objects.get(answer=answer).review_due_on == recertified_due


def test_rescheduling_moves_only_the_date_of_the_live_copy(editor, reviewer):
    condition = factories.ConditionFactory()
    question = factories.QuestionFactory(condition=condition)
    with clock.recorded_at(moment(2024, 1, 10)):
        answer = make_published(editor=editor, reviewer=reviewer, question=question)
    before = PublishedAnswer.objects.filter(answer=answer).values().get()
    audit_entries = answer.audit_entries.count()
    condition.review_interval_months = 3
    condition.save()

    workflow.reschedule_reviews(condition)

    after = PublishedAnswer.objects.filter(answer=answer).values().get()
    assert {name for name in before if before[name] != after[name]} == {"review_due_on"}
    assert after["review_due_on"] == datetime.date(2024, 4, 10)
    assert answer.audit_entries.count() == audit_entries
