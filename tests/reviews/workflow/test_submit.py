"""Submitting for review, assigning a reviewer, withdrawing, and who is mailed."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from articles.models import Answer, AnswerRevision
from articles.rendering import html_sent_to_review, live_copy_html
from core.markdown import RENDERER_VERSION
from reviews import answer_state, workflow
from reviews.errors import TransitionError
from tests import factories
from tests.helpers import (
    assert_transition_logged,
    edit,
    make_approved,
    make_draft,
    make_in_review,
)

pytestmark = pytest.mark.django_db

State = Answer.State


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ({"tldr": ""}, workflow.SUBMIT_NEEDS_TLDR),
        ({"tldr": "   \n"}, workflow.SUBMIT_NEEDS_TLDR),
        ({"body": ""}, workflow.SUBMIT_NEEDS_BODY),
        ({"body": " \n\n "}, workflow.SUBMIT_NEEDS_BODY),
        ({"references": []}, workflow.SUBMIT_NEEDS_REFERENCE),
    ],
)
def test_submit_needs_tldr_body_and_a_reference(editor, text, message):
    answer = make_draft(editor=editor, **text)

    with pytest.raises(TransitionError, match=re.escape(message)):
        workflow.submit(answer, user=editor)

    answer.refresh_from_db()
    assert answer.state == State.DRAFT
    assert not answer.audit_entries.filter(transition="submit").exists()


def test_submit_moves_draft_to_in_review_and_logs_it(editor):
    answer = make_draft(editor=editor)

    workflow.submit(answer, user=editor, comment="Ready for review.")

    answer.refresh_from_db()
    assert answer.state == State.IN_REVIEW
    assert answer.state_changed_at is not None
    assert_transition_logged(
        answer,
        transition="submit",
        from_state=State.DRAFT,
        to_state=State.IN_REVIEW,
        user=editor,
    )
    assert answer.audit_entries.get(transition="submit").comment == "Ready for review."


def test_submit_with_changes_requested_goes_back_to_review(editor, reviewer):
    answer = make_in_review(editor=editor)
    workflow.request_changes(
        answer,
        shown=workflow.shown_text(answer),
        user=reviewer,
        comment="Add the 2022 guideline.",
    )

    workflow.submit(answer, user=editor)

    assert answer.state == State.IN_REVIEW
    assert_transition_logged(
        answer,
        transition="submit",
        from_state=State.CHANGES_REQUESTED,
        to_state=State.IN_REVIEW,
        user=editor,
    )


@pytest.mark.parametrize(
    "arrange",
    [
        lambda editor, reviewer: make_in_review(editor=editor),
        lambda editor, reviewer: make_approved(editor=editor, reviewer=reviewer),
    ],
    ids=["in_review", "approved"],
)
def test_submit_is_refused_outside_draft_and_changes_requested(
    editor, reviewer, arrange
):
    answer = arrange(editor, reviewer)
    state = answer.state

    with pytest.raises(TransitionError, match="that step is not possible now"):
        workflow.submit(answer, user=editor)

    answer.refresh_from_db()
    assert answer.state == state


# Assigned reviewer ---------------------------------------------------------------


def test_managing_editor_may_assign_a_reviewer_on_submit(
    editor, managing_editor, reviewer
):
    answer = make_draft(editor=editor)

    workflow.submit(answer, user=managing_editor, reviewer=reviewer)

    answer.refresh_from_db()
    assert answer.reviewer == reviewer
    assert answer.state == State.IN_REVIEW


def test_editor_may_not_assign_a_reviewer(editor, reviewer):
    answer = make_draft(editor=editor)

    with pytest.raises(PermissionDenied):
        workflow.submit(answer, user=editor, reviewer=reviewer)

    answer.refresh_from_db()
    assert (answer.state, answer.reviewer) == (State.DRAFT, None)


@pytest.mark.parametrize("assignee", ["other_editor", "member", "inactive_reviewer"])
def test_assigned_reviewer_must_be_an_active_medical_reviewer(
    request, editor, managing_editor, assignee
):
    if assignee == "inactive_reviewer":
        user = factories.ReviewerFactory(username="retired", is_active=False)
    else:
        user = request.getfixturevalue(assignee)
    answer = make_draft(editor=editor)

    with pytest.raises(TransitionError, match=re.escape(workflow.NOT_A_REVIEWER)):
        workflow.submit(answer, user=managing_editor, reviewer=user)

    answer.refresh_from_db()
    assert (answer.state, answer.reviewer) == (State.DRAFT, None)


def test_editor_resubmitting_keeps_the_assigned_reviewer(
    editor, managing_editor, reviewer, other_reviewer
):
    answer = make_draft(editor=editor)
    workflow.submit(answer, user=managing_editor, reviewer=reviewer)
    workflow.request_changes(
        answer,
        shown=workflow.shown_text(answer),
        user=reviewer,
        comment="Shorter, please.",
    )

    workflow.submit(answer, user=editor)

    answer.refresh_from_db()
    assert answer.reviewer == reviewer
    with pytest.raises(TransitionError, match=re.escape(workflow.ASSIGNED_TO_ANOTHER)):
        workflow.approve(answer, shown=workflow.shown_text(answer), user=other_reviewer)


def test_editor_cannot_shed_the_assigned_reviewer_by_withdrawing(
    editor, managing_editor, reviewer
):
    answer = make_draft(editor=editor)
    workflow.submit(answer, user=managing_editor, reviewer=reviewer)
    workflow.withdraw(answer, user=editor)

    workflow.submit(answer, user=editor)

    answer.refresh_from_db()
    assert answer.reviewer == reviewer


def test_managing_editor_resubmitting_without_a_reviewer_offers_it_to_all(
    editor, managing_editor, reviewer, other_reviewer
):
    answer = make_draft(editor=editor)
    workflow.submit(answer, user=managing_editor, reviewer=reviewer)
    workflow.withdraw(answer, user=editor)

    workflow.submit(answer, user=managing_editor)

    answer.refresh_from_db()
    assert answer.reviewer is None
    assert workflow.can_approve(answer, other_reviewer)


def test_assignment_lapses_when_the_reviewer_can_no_longer_review(
    editor, managing_editor, reviewer, other_reviewer
):
    answer = make_draft(editor=editor)
    workflow.submit(answer, user=managing_editor, reviewer=reviewer)
    workflow.withdraw(answer, user=editor)
    reviewer.is_active = False
    reviewer.save()

    workflow.submit(answer, user=editor)

    answer.refresh_from_db()
    assert answer.reviewer is None
    assert workflow.can_approve(answer, other_reviewer)


# Mail on submit -----------------------------------------------------------------


def test_submit_mails_every_active_reviewer_when_none_is_assigned(
    editor, reviewer, other_reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    factories.ReviewerFactory(username="retired", is_active=False)
    factories.ReviewerFactory(username="no-mail", email="")
    answer = make_draft(editor=editor)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(answer, user=editor)

    assert sorted(address for mail in mailoutbox for address in mail.to) == [
        "reviewer2@example.org",
        "reviewer@example.org",
    ]
    assert all(len(mail.to) == 1 for mail in mailoutbox)
    assert answer.question.text in mailoutbox[0].subject
    assert f"/admin/articles/answer/{answer.pk}/change/" in mailoutbox[0].body


def test_submit_mails_only_the_assigned_reviewer(
    editor,
    managing_editor,
    reviewer,
    other_reviewer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    answer = make_draft(editor=editor)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(answer, user=managing_editor, reviewer=other_reviewer)

    assert [mail.to for mail in mailoutbox] == [["reviewer2@example.org"]]


def test_resubmission_mails_the_assigned_reviewer_again(
    editor,
    managing_editor,
    reviewer,
    other_reviewer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    answer = make_draft(editor=editor)
    workflow.submit(answer, user=managing_editor, reviewer=reviewer)
    workflow.request_changes(
        answer,
        shown=workflow.shown_text(answer),
        user=reviewer,
        comment="Shorter, please.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(answer, user=editor)

    assert [mail.to for mail in mailoutbox] == [[reviewer.email]]


def test_refused_submit_sends_no_mail(
    editor, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    answer = make_draft(editor=editor, references=[])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(TransitionError):
            workflow.submit(answer, user=editor)

    assert callbacks == []
    assert mailoutbox == []


def test_submit_mail_waits_for_the_commit(editor, reviewer, mailoutbox):
    answer = make_draft(editor=editor)

    workflow.submit(answer, user=editor)

    # The test transaction never commits, so the mail is never sent.
    assert mailoutbox == []


# Withdraw -------------------------------------------------------------------------


def test_withdraw_returns_the_answer_to_draft_and_unlocks_the_text(editor):
    answer = make_in_review(editor=editor)

    workflow.withdraw(answer, user=editor, comment="Found a typo.")

    assert answer.state == State.DRAFT
    assert_transition_logged(
        answer,
        transition="withdraw",
        from_state=State.IN_REVIEW,
        to_state=State.DRAFT,
        user=editor,
    )
    assert workflow.can_edit(answer, editor)


@pytest.mark.parametrize(
    "arrange",
    [
        lambda editor, reviewer: make_draft(editor=editor),
        lambda editor, reviewer: make_approved(editor=editor, reviewer=reviewer),
    ],
    ids=["draft", "approved"],
)
def test_withdraw_is_possible_only_in_review(editor, reviewer, arrange):
    answer = arrange(editor, reviewer)
    state = answer.state

    with pytest.raises(TransitionError, match="that step is not possible now"):
        workflow.withdraw(answer, user=editor)

    answer.refresh_from_db()
    assert answer.state == state


def test_withdraw_sends_no_mail(
    editor, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    answer = make_in_review(editor=editor)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(answer, user=editor)

    assert mailoutbox == []


def stored_html(revision: AnswerRevision) -> dict:
    return {
        "body_html": revision.body_html,
        "references_html": revision.references_html,
        "renderer_version": revision.renderer_version,
    }


def test_submit_stores_the_text_as_readers_will_see_it(editor):
    answer = make_draft(editor=editor, body="The **cause** is unknown.")

    workflow.submit(answer, user=editor)

    sent = AnswerRevision.objects.filter(answer=answer).latest("pk")
    assert sent.state == State.IN_REVIEW
    assert sent.fingerprint == answer_state.current_fingerprint(answer)
    assert stored_html(sent) == live_copy_html(
        body=answer.body, references=answer_state.reference_dicts(answer)
    )
    assert "<strong>cause</strong>" in sent.body_html
    assert sent.renderer_version == RENDERER_VERSION


def test_text_edited_after_withdrawal_is_rendered_again_when_resubmitted(editor):
    answer = make_in_review(editor=editor, body="Take **1 tablet** a day.")
    first = AnswerRevision.objects.filter(answer=answer).latest("pk")
    workflow.withdraw(answer, user=editor)
    edit(answer, user=editor, body="Take **10 tablets** a day.")

    workflow.submit(answer, user=editor)

    revisions = AnswerRevision.objects.filter(answer=answer).order_by("pk")
    withdrawn, edited, resubmitted = list(revisions.filter(pk__gt=first.pk))
    assert (withdrawn.renderer_version, edited.renderer_version) == (0, 0)
    assert resubmitted.body_html == "<p>Take <strong>10 tablets</strong> a day.</p>"
    assert first.body_html == "<p>Take <strong>1 tablet</strong> a day.</p>"
    current = answer_state.current_fingerprint(answer)
    assert html_sent_to_review(answer, fingerprint=current) == stored_html(resubmitted)
