"""Every decision binds the text its screen displayed.

A reviewer, publisher or managing editor decides on the text they read. When
it changed after their screen was opened, the decision is refused and nothing
is recorded: no sign-off, no audit entry, no live-copy change, no email.
"""

import re

import pytest

from articles.models import Answer, PublishedAnswer
from reviews import workflow
from reviews.errors import TextChangedError
from reviews.models import AuditEntry, SignOff
from tests.helpers import (
    edit,
    make_approved,
    make_in_review,
    make_published,
    open_recertification,
)

pytestmark = pytest.mark.django_db

State = Answer.State
ONE_TABLET = "Take 1 tablet a day with food."
TEN_TABLETS = "Take 10 tablets a day with food."


def record(answer: Answer) -> dict:
    """Every row a decision could write."""
    answer.refresh_from_db()
    return {
        "state": answer.state,
        "edit_count": answer.edit_count,
        "sign-offs": list(SignOff.objects.filter(answer=answer).values_list("pk")),
        "audit": list(AuditEntry.objects.filter(answer=answer).values_list("pk")),
        "live": list(
            PublishedAnswer.objects.filter(answer=answer).values(
                "fingerprint", "last_review", "approval", "archived_at", "body"
            )
        ),
    }


def withdraw_edit_resubmit(answer: Answer, *, editor, body: str) -> None:
    """The editor's race: withdraw, change the text, submit it again."""
    workflow.withdraw(answer, user=editor)
    edit(answer, user=editor, body=body)
    workflow.submit(answer, user=editor)


@pytest.mark.parametrize("decision", ["approve", "request_changes"])
def test_a_review_decision_on_text_changed_since_the_screen_opened_is_refused(
    editor, reviewer, decision, mailoutbox, django_capture_on_commit_callbacks
):
    answer = make_in_review(editor=editor, body=ONE_TABLET)
    shown = workflow.shown_text(answer)
    withdraw_edit_resubmit(answer, editor=editor, body=TEN_TABLETS)
    before = record(answer)
    mailoutbox.clear()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(
            TextChangedError, match=re.escape(workflow.TEXT_CHANGED)
        ) as error,
    ):
        workflow.TRANSITIONS[decision].function(
            answer, user=reviewer, shown=shown, comment="Looks right."
        )

    assert error.value.shown == shown
    assert record(answer) == before
    assert answer.state == State.IN_REVIEW
    assert mailoutbox == []


def test_the_reviewer_approves_the_new_text_once_they_have_read_it(editor, reviewer):
    answer = make_in_review(editor=editor, body=ONE_TABLET)
    stale = workflow.shown_text(answer)
    withdraw_edit_resubmit(answer, editor=editor, body=TEN_TABLETS)
    with pytest.raises(TextChangedError):
        workflow.approve(answer, user=reviewer, shown=stale)

    sign_off = workflow.approve(
        answer, user=reviewer, shown=workflow.shown_text(answer)
    )

    assert sign_off.fingerprint == workflow.shown_text(answer).fingerprint
    assert sign_off.version.field_dict["body"] == TEN_TABLETS


def test_an_edit_undone_before_the_decision_still_refuses_it(editor, reviewer):
    """The edit count catches text changed and changed back: the reviewer did
    not read what happened in between."""
    answer = make_in_review(editor=editor, body=ONE_TABLET)
    shown = workflow.shown_text(answer)
    workflow.withdraw(answer, user=editor)
    edit(answer, user=editor, body=TEN_TABLETS)
    edit(answer, user=editor, body=ONE_TABLET)
    workflow.submit(answer, user=editor)
    assert workflow.shown_text(answer).fingerprint == shown.fingerprint

    with pytest.raises(TextChangedError):
        workflow.approve(answer, user=reviewer, shown=shown)

    assert not SignOff.objects.filter(answer=answer).exists()


def test_withdrawn_and_resubmitted_unchanged_text_may_still_be_approved(
    editor, reviewer
):
    answer = make_in_review(editor=editor)
    shown = workflow.shown_text(answer)
    workflow.withdraw(answer, user=editor)
    workflow.submit(answer, user=editor)

    sign_off = workflow.approve(answer, user=reviewer, shown=shown)

    assert sign_off.fingerprint == shown.fingerprint


def test_publishing_refuses_an_approval_the_publisher_did_not_see(
    editor, reviewer, other_reviewer
):
    """The publisher saw approved text A; meanwhile text B was written and
    approved. Publishing from the old screen would put B on the site unseen."""
    answer = make_approved(editor=editor, reviewer=reviewer, body=ONE_TABLET)
    shown = workflow.shown_text(answer)
    edit(answer, user=editor, body=TEN_TABLETS)
    workflow.submit(answer, user=editor)
    workflow.approve(answer, user=other_reviewer, shown=workflow.shown_text(answer))
    before = record(answer)

    with pytest.raises(TextChangedError, match=re.escape(workflow.TEXT_CHANGED)):
        workflow.publish(answer, user=editor, shown=shown)

    assert record(answer) == before
    assert not PublishedAnswer.objects.filter(answer=answer).exists()
    live = workflow.publish(answer, user=editor, shown=workflow.shown_text(answer))
    assert live.body == TEN_TABLETS


def test_re_certifying_refuses_live_text_changed_since_the_screen_opened(
    editor, reviewer, other_reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer, body=ONE_TABLET)
    shown = workflow.shown_text(answer)
    edit(answer, user=editor, body=TEN_TABLETS)
    workflow.submit(answer, user=editor)
    workflow.approve(answer, user=reviewer, shown=workflow.shown_text(answer))
    workflow.publish(answer, user=editor, shown=workflow.shown_text(answer))
    open_recertification(answer)
    before = record(answer)

    with pytest.raises(TextChangedError, match=re.escape(workflow.LIVE_TEXT_CHANGED)):
        workflow.recertify(answer, user=other_reviewer, shown=shown)

    assert record(answer) == before


def test_re_certifying_is_not_refused_for_an_edit_of_the_working_copy(
    editor, reviewer, other_reviewer
):
    """The live text is what is re-certified: a new draft beside it changes
    nothing the reviewer read."""
    answer = make_published(editor=editor, reviewer=reviewer, body=ONE_TABLET)
    open_recertification(answer)
    shown = workflow.shown_text(answer)
    edit(answer, user=editor, body=TEN_TABLETS)

    sign_off = workflow.recertify(answer, user=other_reviewer, shown=shown)

    assert sign_off.fingerprint == shown.live_fingerprint
    assert PublishedAnswer.objects.get(answer=answer).last_review == sign_off


def test_archiving_refuses_text_changed_since_the_screen_opened(
    editor, reviewer, managing_editor
):
    answer = make_published(editor=editor, reviewer=reviewer)
    shown = workflow.shown_text(answer)
    edit(answer, user=editor, body=TEN_TABLETS)
    before = record(answer)

    with pytest.raises(TextChangedError):
        workflow.archive(answer, user=managing_editor, shown=shown)

    assert record(answer) == before
    assert PublishedAnswer.objects.get(answer=answer).archived_at is None


def test_a_form_from_another_answer_binds_nothing(editor, reviewer):
    answer = make_in_review(editor=editor)
    other = make_in_review(editor=editor, body="Another answer's body.")

    with pytest.raises(TextChangedError):
        workflow.approve(answer, user=reviewer, shown=workflow.shown_text(other))

    assert not SignOff.objects.filter(answer=answer).exists()


def test_the_guard_speaks_before_the_text_check(editor, reviewer):
    """A decision no longer possible says why, not that the text changed."""
    answer = make_in_review(editor=editor)
    shown = workflow.shown_text(answer)
    workflow.withdraw(answer, user=editor)
    edit(answer, user=editor, body=TEN_TABLETS)

    with pytest.raises(workflow.TransitionError) as error:
        workflow.approve(answer, user=reviewer, shown=shown)

    assert not isinstance(error.value, TextChangedError)
    assert "draft" in str(error.value)
