"""Re-certification: a fresh review of the unchanged live text."""

import datetime
import re

import pytest
from django.forms.models import model_to_dict

from articles.models import Answer, PublishedAnswer
from core import clock
from reviews import answer_state, workflow
from reviews.errors import TransitionError
from reviews.models import SignOff
from tests import factories
from tests.helpers import assert_transition_logged, edit, make_draft, make_published

pytestmark = pytest.mark.django_db

State = Answer.State


def moment(year, month, day):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def old_answer(editor, reviewer):
    """An answer published on 2023-03-01, approved by ``reviewer``."""
    with clock.recorded_at(moment(2023, 3, 1)):
        return make_published(editor=editor, reviewer=reviewer)


def test_recertify_moves_last_reviewed_and_review_due_but_not_last_updated(
    old_answer, other_reviewer
):
    live_before = PublishedAnswer.objects.get(answer=old_answer)

    with clock.recorded_at(moment(2024, 4, 20)):
        sign_off = workflow.recertify(
            old_answer,
            shown=workflow.shown_text(old_answer),
            user=other_reviewer,
            comment="Still accurate.",
        )

    live = PublishedAnswer.objects.get(answer=old_answer)
    assert live.last_review == sign_off
    assert live.review_due_on == datetime.date(2025, 4, 20)
    assert live.text_changed_at == live_before.text_changed_at == moment(2023, 3, 1)
    assert live.published_at == live_before.published_at
    assert live.approval == live_before.approval
    assert (live.tldr, live.body, live.references, live.fingerprint) == (
        live_before.tldr,
        live_before.body,
        live_before.references,
        live_before.fingerprint,
    )


def test_recertify_signs_off_the_live_text(old_answer, other_reviewer):
    live = PublishedAnswer.objects.get(answer=old_answer)

    sign_off = workflow.recertify(
        old_answer,
        shown=workflow.shown_text(old_answer),
        user=other_reviewer,
        comment="Checked.",
    )

    assert sign_off.decision == SignOff.Decision.RECERTIFY
    assert sign_off.reviewer == other_reviewer
    assert sign_off.fingerprint == live.fingerprint
    assert sign_off.version == live.approval.version
    assert sign_off.comment == "Checked."
    assert sign_off.is_review


def test_recertify_is_logged_without_changing_the_state(old_answer, other_reviewer):
    workflow.recertify(
        old_answer, shown=workflow.shown_text(old_answer), user=other_reviewer
    )

    old_answer.refresh_from_db()
    assert old_answer.state == State.PUBLISHED
    assert_transition_logged(
        old_answer,
        transition="recertify",
        from_state=State.PUBLISHED,
        to_state=State.PUBLISHED,
        user=other_reviewer,
    )


def test_the_approving_reviewer_may_recertify_later(old_answer, reviewer):
    with clock.recorded_at(moment(2024, 3, 1)):
        sign_off = workflow.recertify(
            old_answer, shown=workflow.shown_text(old_answer), user=reviewer
        )

    assert PublishedAnswer.objects.get(answer=old_answer).last_review == sign_off


def test_recertify_uses_the_conditions_review_interval(editor, reviewer):
    condition = factories.ConditionFactory(review_interval_months=3)
    question = factories.QuestionFactory(condition=condition)
    with clock.recorded_at(moment(2024, 1, 1)):
        answer = make_published(editor=editor, reviewer=reviewer, question=question)
    with clock.recorded_at(moment(2024, 11, 30)):
        workflow.recertify(answer, shown=workflow.shown_text(answer), user=reviewer)

    assert PublishedAnswer.objects.get(answer=answer).review_due_on == (
        datetime.date(2025, 2, 28)
    )


def test_live_text_can_be_recertified_while_a_new_draft_is_worked_on(
    old_answer, editor, other_reviewer
):
    edit(old_answer, user=editor, body="A new draft, not yet reviewed.")

    sign_off = workflow.recertify(
        old_answer, shown=workflow.shown_text(old_answer), user=other_reviewer
    )

    old_answer.refresh_from_db()
    live = PublishedAnswer.objects.get(answer=old_answer)
    assert old_answer.state == State.DRAFT
    assert live.last_review == sign_off
    assert live.body != old_answer.body
    assert sign_off.fingerprint == live.fingerprint
    assert sign_off.fingerprint != answer_state.current_fingerprint(old_answer)


def test_reviewer_who_wrote_the_live_text_cannot_recertify(editing_reviewer, reviewer):
    answer = make_published(editor=editing_reviewer, reviewer=reviewer)

    with pytest.raises(
        TransitionError, match=re.escape(workflow.REVIEWER_WROTE_LIVE_TEXT)
    ):
        workflow.recertify(
            answer, shown=workflow.shown_text(answer), user=editing_reviewer
        )

    assert not SignOff.objects.filter(
        answer=answer, decision=SignOff.Decision.RECERTIFY
    ).exists()


def test_superuser_who_wrote_the_live_text_cannot_recertify(superuser, reviewer):
    answer = make_published(editor=superuser, reviewer=reviewer)

    with pytest.raises(
        TransitionError, match=re.escape(workflow.REVIEWER_WROTE_LIVE_TEXT)
    ):
        workflow.recertify(answer, shown=workflow.shown_text(answer), user=superuser)


@pytest.mark.parametrize("state", ["never_published", "archived"])
def test_only_a_live_answer_can_be_recertified(
    editor, reviewer, other_reviewer, managing_editor, state
):
    if state == "archived":
        answer = make_published(editor=editor, reviewer=reviewer)
        workflow.archive(
            answer, shown=workflow.shown_text(answer), user=managing_editor
        )
    else:
        answer = make_draft(editor=editor)

    with pytest.raises(TransitionError, match=re.escape(workflow.NOT_PUBLISHED)):
        workflow.recertify(
            answer, shown=workflow.shown_text(answer), user=other_reviewer
        )


def test_recertify_sends_no_mail(
    old_answer, other_reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.recertify(
            old_answer, shown=workflow.shown_text(old_answer), user=other_reviewer
        )

    assert mailoutbox == []


def test_recertify_leaves_every_other_live_field_alone(old_answer, other_reviewer):
    before = model_to_dict(PublishedAnswer.objects.get(answer=old_answer))

    workflow.recertify(
        old_answer, shown=workflow.shown_text(old_answer), user=other_reviewer
    )

    after = model_to_dict(PublishedAnswer.objects.get(answer=old_answer))
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"last_review", "review_due_on"}
