"""Publishing: the live copy, the fingerprint check, "last updated" and the
review date."""

import datetime
import re

import pytest

from articles.models import Answer, PublishedAnswer
from core import clock
from reviews import answer_state, workflow
from reviews.errors import TransitionError
from tests import factories
from tests.helpers import (
    assert_transition_logged,
    edit,
    make_approved,
    make_changes_requested,
    make_draft,
    make_in_review,
    make_published,
)

pytestmark = pytest.mark.django_db

State = Answer.State

NO_VALID_APPROVAL = re.escape(workflow.NO_VALID_APPROVAL)


def moment(year, month, day):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


def test_publish_copies_the_approved_text_to_the_live_copy(editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)
    approval = answer_state.valid_approval(answer)

    live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    answer.refresh_from_db()
    assert answer.state == State.PUBLISHED
    assert (live.kind_label, live.tldr, live.body) == (
        answer.kind_label,
        answer.tldr,
        answer.body,
    )
    assert live.references == answer_state.reference_dicts(answer)
    assert live.fingerprint == answer_state.current_fingerprint(answer)
    assert live.approval == live.last_review == approval
    assert live.published_by == editor
    assert live.published_at == live.text_changed_at
    assert live.archived_at is None
    assert list(live.written_by.all()) == [editor]
    assert_transition_logged(
        answer,
        transition="publish",
        from_state=State.APPROVED,
        to_state=State.PUBLISHED,
        user=editor,
    )


def test_written_by_lists_everyone_who_edited_since_the_last_publication(
    editor, other_editor, reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    edit(answer, user=other_editor, body="Rewritten by the second editor.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)

    live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert list(live.written_by.all()) == [other_editor]


@pytest.mark.parametrize(
    "arrange",
    [
        lambda editor, reviewer: make_draft(editor=editor),
        lambda editor, reviewer: make_in_review(editor=editor),
        lambda editor, reviewer: make_changes_requested(
            editor=editor, reviewer=reviewer, comment="Fix it."
        ),
        lambda editor, reviewer: make_published(editor=editor, reviewer=reviewer),
    ],
    ids=["draft", "in_review", "changes_requested", "published"],
)
def test_publish_without_approval_is_refused(editor, reviewer, arrange):
    answer = arrange(editor, reviewer)
    state = answer.state

    with pytest.raises(TransitionError, match="that step is not possible now"):
        workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    answer.refresh_from_db()
    assert answer.state == state


def test_publish_sends_no_mail(
    editor, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    answer = make_approved(editor=editor, reviewer=reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert mailoutbox == []


# The fingerprint check -----------------------------------------------------------


def test_text_edited_after_approval_goes_back_to_draft_and_cannot_be_published(
    editor, reviewer
):
    answer = make_approved(editor=editor, reviewer=reviewer)

    edit(answer, user=editor, body="A change the reviewer never read.")

    answer.refresh_from_db()
    assert answer.state == State.DRAFT
    assert_transition_logged(
        answer,
        transition="edit",
        from_state=State.APPROVED,
        to_state=State.DRAFT,
        user=editor,
    )
    assert answer_state.valid_approval(answer) is None
    with pytest.raises(TransitionError):
        workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)
    assert not PublishedAnswer.objects.filter(answer=answer).exists()


CHANGED_REFERENCE_FIELD = {
    "title": "A corrected title",
    "source": "Another journal",
    "year": 1999,
    "url": "https://example.org/other",
    "doi": "10.1000/other",
    "pmid": "39999999",
}


@pytest.mark.parametrize("field", list(CHANGED_REFERENCE_FIELD))
def test_changing_only_a_reference_after_approval_counts_as_an_edit(
    editor, reviewer, field
):
    answer = make_approved(editor=editor, reviewer=reviewer)
    references = answer_state.reference_dicts(answer)
    references[0][field] = CHANGED_REFERENCE_FIELD[field]

    edit(answer, user=editor, references=references)

    answer.refresh_from_db()
    assert answer.state == State.DRAFT
    assert answer_state.valid_approval(answer) is None


def test_adding_a_reference_after_approval_counts_as_an_edit(editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)
    references = [*answer_state.reference_dicts(answer), {"title": "A second source"}]

    edit(answer, user=editor, references=references)

    answer.refresh_from_db()
    assert answer.state == State.DRAFT


def test_saving_unchanged_text_after_approval_keeps_the_approval(editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)

    edit(answer, user=editor)

    answer.refresh_from_db()
    assert answer.state == State.APPROVED
    assert workflow.can_publish(answer, editor)


@pytest.mark.parametrize(
    "change",
    [
        lambda answer: Answer.objects.filter(pk=answer.pk).update(body="Swapped."),
        lambda answer: Answer.objects.filter(pk=answer.pk).update(tldr="Swapped."),
        lambda answer: answer.references.update(title="Swapped reference"),
        lambda answer: answer.references.all().delete(),
    ],
    ids=["body", "tldr", "reference", "references-removed"],
)
def test_publish_refuses_text_that_differs_from_the_approved_fingerprint(
    editor, reviewer, change
):
    """Even text changed behind the edit service's back cannot go live."""
    answer = make_approved(editor=editor, reviewer=reviewer)
    change(answer)
    answer.refresh_from_db()

    with pytest.raises(TransitionError, match=NO_VALID_APPROVAL):
        workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    answer.refresh_from_db()
    assert answer.state == State.APPROVED
    assert not PublishedAnswer.objects.filter(answer=answer).exists()


def test_publish_refuses_an_approval_older_than_the_last_publication(editor, reviewer):
    """An approval covers one publication: it cannot be reused for the next."""
    with clock.recorded_at(moment(2024, 1, 10)):
        answer = make_approved(editor=editor, reviewer=reviewer)
    with clock.recorded_at(moment(2024, 1, 11)):
        workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)
    with clock.recorded_at(moment(2024, 2, 1)):
        edit(answer, user=editor, body="Changed.")
        workflow.submit(answer, user=editor)
        workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)
    # Back to the first text behind the service's back: only the old approval,
    # given before the last publication, carries its fingerprint.
    Answer.objects.filter(pk=answer.pk).update(body=answer.live.body)
    answer.refresh_from_db()

    assert answer_state.valid_approval(answer) is None
    with pytest.raises(TransitionError, match=NO_VALID_APPROVAL):
        workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)


# "Last updated" and the review date ---------------------------------------------


def test_republishing_new_text_moves_last_updated(editor, reviewer):
    with clock.recorded_at(moment(2024, 1, 10)):
        answer = make_published(editor=editor, reviewer=reviewer)
    edit(answer, user=editor, body="New evidence changes the answer.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)

    live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert live.text_changed_at == live.published_at
    assert live.text_changed_at > moment(2024, 1, 11)
    assert live.body == "New evidence changes the answer."


def test_republishing_identical_text_keeps_last_updated(editor, reviewer):
    with clock.recorded_at(moment(2024, 1, 10)):
        answer = make_published(editor=editor, reviewer=reviewer)
    first_body = answer.body
    with clock.recorded_at(moment(2024, 6, 1)):
        edit(answer, user=editor, body="A change later abandoned.")
        edit(answer, user=editor, body=first_body)
        workflow.submit(answer, user=editor)
        approval = workflow.approve(
            answer, shown=workflow.shown_text(answer), user=reviewer
        )

        live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert live.text_changed_at == moment(2024, 1, 10)
    assert live.published_at == moment(2024, 6, 1)
    assert live.approval == live.last_review == approval
    assert live.review_due_on == datetime.date(2025, 6, 1)


def test_next_review_is_due_twelve_months_after_the_approval(editor, reviewer):
    with clock.recorded_at(moment(2024, 3, 15)):
        answer = make_approved(editor=editor, reviewer=reviewer)
    with clock.recorded_at(moment(2024, 4, 2)):
        live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert live.review_due_on == datetime.date(2025, 3, 15)


@pytest.mark.parametrize(
    ("months", "approved_on", "due_on"),
    [
        (6, (2024, 1, 31), datetime.date(2024, 7, 31)),
        (1, (2024, 1, 31), datetime.date(2024, 2, 29)),
        (1, (2023, 1, 31), datetime.date(2023, 2, 28)),
        (24, (2024, 2, 29), datetime.date(2026, 2, 28)),
        (None, (2024, 2, 29), datetime.date(2025, 2, 28)),
    ],
)
def test_condition_review_interval_overrides_the_default(
    editor, reviewer, months, approved_on, due_on
):
    condition = factories.ConditionFactory(review_interval_months=months)
    question = factories.QuestionFactory(condition=condition)
    with clock.recorded_at(moment(*approved_on)):
        answer = make_approved(editor=editor, reviewer=reviewer, question=question)
        live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert live.review_due_on == due_on
