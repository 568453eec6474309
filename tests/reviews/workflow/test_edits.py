"""Editing the working copy: the lock in review, edits after approval, and the
live copy that stays put until new text is published."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict

from articles.models import Answer, PublishedAnswer
from reviews import answer_state, workflow
from reviews.errors import TransitionError
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


def live_snapshot(answer) -> dict:
    live = PublishedAnswer.objects.get(answer=answer)
    fields = model_to_dict(live)
    fields["written_by"] = sorted(user.pk for user in fields["written_by"])
    return fields


def test_text_is_locked_while_in_review(editor):
    answer = make_in_review(editor=editor)
    before = (answer.tldr, answer.body, answer_state.reference_dicts(answer))

    with pytest.raises(TransitionError, match=re.escape(workflow.LOCKED_IN_REVIEW)):
        edit(answer, user=editor, body="Sneaked in during review.")

    answer.refresh_from_db()
    assert (answer.tldr, answer.body, answer_state.reference_dicts(answer)) == before
    assert answer.state == State.IN_REVIEW


def test_references_are_locked_while_in_review(editor):
    answer = make_in_review(editor=editor)

    with pytest.raises(TransitionError, match=re.escape(workflow.LOCKED_IN_REVIEW)):
        edit(answer, user=editor, references=[{"title": "Swapped during review"}])

    assert [r["title"] for r in answer_state.reference_dicts(answer)] != [
        "Swapped during review"
    ]


@pytest.mark.parametrize("role", ["inactive_user", "member", "reviewer"])
def test_only_editors_may_edit_the_text(request, editor, role):
    answer = make_draft(editor=editor)
    user = request.getfixturevalue(role)

    with pytest.raises(PermissionDenied):
        edit(answer, user=user, body="Not theirs to change.")

    answer.refresh_from_db()
    assert answer.body != "Not theirs to change."
    assert not workflow.can_edit(answer, user)


@pytest.mark.parametrize(
    ("arrange", "state"),
    [
        (lambda editor, reviewer: make_draft(editor=editor), State.DRAFT),
        (
            lambda editor, reviewer: make_changes_requested(
                editor=editor, reviewer=reviewer, comment="Shorter."
            ),
            State.CHANGES_REQUESTED,
        ),
    ],
    ids=["draft", "changes_requested"],
)
def test_editing_a_draft_keeps_its_state(editor, reviewer, arrange, state):
    answer = arrange(editor, reviewer)

    edit(answer, user=editor, body="Improved.")

    answer.refresh_from_db()
    assert (answer.state, answer.body) == (state, "Improved.")


def test_editing_published_text_starts_a_new_draft(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)

    edit(answer, user=editor, tldr="A rewritten TL;DR.")

    answer.refresh_from_db()
    assert answer.state == State.DRAFT
    assert_transition_logged(
        answer,
        transition="edit",
        from_state=State.PUBLISHED,
        to_state=State.DRAFT,
        user=editor,
    )


def test_live_copy_never_changes_while_a_new_draft_goes_through_review(
    editor, reviewer, other_reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    before = live_snapshot(answer)
    steps = [
        lambda: edit(answer, user=editor, body="Draft two."),
        lambda: edit(answer, user=editor, references=[{"title": "A new source"}]),
        lambda: workflow.submit(answer, user=editor),
        lambda: workflow.request_changes(
            answer, shown=workflow.shown_text(answer), user=reviewer, comment="Not yet."
        ),
        lambda: edit(answer, user=editor, tldr="Draft three TL;DR."),
        lambda: workflow.submit(answer, user=editor),
        lambda: workflow.withdraw(answer, user=editor),
        lambda: workflow.submit(answer, user=editor),
        lambda: workflow.approve(
            answer, shown=workflow.shown_text(answer), user=other_reviewer
        ),
        lambda: edit(answer, user=editor, body="Changed after approval."),
    ]

    for step in steps:
        step()
        assert live_snapshot(answer) == before

    answer.refresh_from_db()
    assert answer.state == State.DRAFT
    assert answer.body != before["body"]


def public_answer(client, answer) -> bytes:
    """The ``<main>`` of the public answer page, byte for byte."""
    response = client.get(answer.question.get_absolute_url())
    assert response.status_code == 200
    match = re.search(rb"<main\b.*?</main>", response.content, re.DOTALL)
    assert match
    return match.group(0)


def test_public_page_is_byte_identical_through_a_whole_new_review_cycle(
    client, editor, other_editor, reviewer, other_reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    before = public_answer(client, answer)
    steps = [
        lambda: edit(answer, user=editor, tldr="An unreviewed TL;DR."),
        lambda: edit(answer, user=other_editor, references=[{"title": "New source"}]),
        lambda: workflow.submit(answer, user=editor),
        lambda: workflow.request_changes(
            answer,
            shown=workflow.shown_text(answer),
            user=other_reviewer,
            comment="No.",
        ),
        lambda: edit(answer, user=editor, body="An unreviewed body."),
        lambda: workflow.submit(answer, user=editor),
        lambda: workflow.withdraw(answer, user=editor),
        lambda: workflow.submit(answer, user=editor),
        lambda: workflow.approve(
            answer, shown=workflow.shown_text(answer), user=other_reviewer
        ),
    ]

    for step in steps:
        step()
        assert public_answer(client, answer) == before

    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)
    after = public_answer(client, answer)
    assert b"An unreviewed TL;DR." not in before
    assert b"An unreviewed TL;DR." in after
    assert b"New source" in after


def test_live_copy_changes_only_when_the_new_text_is_published(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    before = live_snapshot(answer)
    edit(answer, user=editor, body="Draft two.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)
    assert live_snapshot(answer) == before

    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert live_snapshot(answer)["body"] == "Draft two."


def test_edit_after_approval_needs_a_new_review_before_publishing(editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)
    edit(answer, user=editor, body="Changed after approval.")
    workflow.submit(answer, user=editor)
    new_approval = workflow.approve(
        answer, shown=workflow.shown_text(answer), user=reviewer
    )

    live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert live.approval == new_approval
    assert live.body == "Changed after approval."


def test_full_cycle_mails_the_reviewer_then_the_editor(
    editor, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = make_published(editor=editor, reviewer=reviewer)
        edit(answer, user=editor, body="New body.")

    assert [mail.to for mail in mailoutbox] == [[reviewer.email], [editor.email]]
    assert mailoutbox[0].subject.startswith("Review requested:")
    assert mailoutbox[1].subject.startswith("Approved:")
    answer.refresh_from_db()
    assert answer.state == State.DRAFT
    assert answer.live.body != "New body."
    assert workflow.allowed_transitions(answer, editor) == ["submit"]
