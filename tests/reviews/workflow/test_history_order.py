"""What came "since the last publication" follows the history's order, not clocks.

App servers' clocks disagree, and ``clock.recorded_at`` records several steps
at one moment, so an edit or an approval may carry the same time as the
publication before it, or an earlier one.
"""

import datetime
import re

import pytest

from articles.models import Answer
from core import clock
from reviews import answer_state, workflow
from reviews.errors import TransitionError
from tests.helpers import edit, make_draft, make_published

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
EARLIER = MOMENT - datetime.timedelta(minutes=5)


@pytest.mark.parametrize("edited_at", [MOMENT, EARLIER], ids=["same", "earlier"])
def test_reviewer_who_edited_after_the_publication_cannot_approve(
    editor, reviewer, editing_reviewer, edited_at
):
    with clock.recorded_at(MOMENT):
        answer = make_published(editor=editor, reviewer=reviewer)
    with clock.recorded_at(edited_at):
        edit(answer, user=editing_reviewer, body="Rewritten by a reviewer.")
        workflow.submit(answer, user=editor)

        with pytest.raises(TransitionError, match=re.escape(workflow.REVIEWER_EDITED)):
            workflow.approve(
                answer, shown=workflow.shown_text(answer), user=editing_reviewer
            )

    assert editing_reviewer.pk in answer_state.editor_ids_since_publication(answer)


@pytest.mark.parametrize("approved_at", [MOMENT, EARLIER], ids=["same", "earlier"])
def test_approval_given_after_the_publication_can_be_published(
    editor, reviewer, other_reviewer, approved_at
):
    with clock.recorded_at(MOMENT):
        answer = make_published(editor=editor, reviewer=reviewer)
    with clock.recorded_at(approved_at):
        edit(answer, user=editor, body="A second text.")
        workflow.submit(answer, user=editor)
        approval = workflow.approve(
            answer, shown=workflow.shown_text(answer), user=other_reviewer
        )

        live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert live.approval == approval
    assert live.body == "A second text."
    assert Answer.objects.get(pk=answer.pk).state == Answer.State.PUBLISHED


def test_edits_before_the_publication_do_not_count_after_it(
    editor, reviewer, editing_reviewer
):
    with clock.recorded_at(MOMENT):
        answer = make_published(editor=editing_reviewer, reviewer=reviewer)
        edit(answer, user=editor, body="A second text.")
        workflow.submit(answer, user=editor)

        workflow.approve(
            answer, shown=workflow.shown_text(answer), user=editing_reviewer
        )

    assert answer_state.editor_ids_since_publication(answer) == {editor.pk}


def test_a_save_is_compared_with_the_text_just_before_it(
    editor, reviewer, editing_reviewer
):
    with clock.recorded_at(MOMENT):
        answer = make_draft(editor=editor, body="The first text.")
    with clock.recorded_at(EARLIER):
        edit(answer, user=editor, body="The second text.")
        workflow.submit(answer, user=editor)
        workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)

        edit(answer, user=editing_reviewer, body="The first text.")

    answer.refresh_from_db()
    assert answer.state == Answer.State.DRAFT
    assert editing_reviewer.pk in answer_state.editor_ids_since_publication(answer)
