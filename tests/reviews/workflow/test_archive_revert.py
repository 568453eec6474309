"""Archiving an answer and reverting its text to an earlier version."""

import re

import pytest
from reversion.models import Version

from articles.models import Answer, PublishedAnswer, Question
from reviews import answer_state, workflow
from reviews.errors import TransitionError
from tests.helpers import (
    assert_transition_logged,
    edit,
    make_approved,
    make_draft,
    make_in_review,
    make_published,
)

pytestmark = pytest.mark.django_db

State = Answer.State

NEW_REFERENCES = [
    {"title": "A newer trial", "source": "The Lancet", "year": 2024},
    {"title": "A second newer trial", "source": "BMJ", "year": 2025},
]


def versions(answer):
    return list(Version.objects.get_for_object(answer).order_by("pk"))


# Archive ------------------------------------------------------------------------


def test_archive_takes_the_live_copy_off_the_site(editor, reviewer, managing_editor):
    answer = make_published(editor=editor, reviewer=reviewer)
    question = answer.question

    workflow.archive(
        answer,
        shown=workflow.shown_text(answer),
        user=managing_editor,
        comment="Superseded.",
    )

    answer.refresh_from_db()
    live = PublishedAnswer.objects.get(answer=answer)
    assert answer.state == State.ARCHIVED
    assert live.archived_at is not None
    assert list(Question.objects.archived()) == [question]
    assert not Question.objects.published().filter(pk=question.pk).exists()
    assert_transition_logged(
        answer,
        transition="archive",
        from_state=State.PUBLISHED,
        to_state=State.ARCHIVED,
        user=managing_editor,
    )


@pytest.mark.parametrize(
    "arrange",
    [
        lambda editor, reviewer: make_draft(editor=editor),
        lambda editor, reviewer: make_in_review(editor=editor),
        lambda editor, reviewer: make_approved(editor=editor, reviewer=reviewer),
    ],
    ids=["draft", "in_review", "approved"],
)
def test_archive_of_a_never_published_answer_has_no_live_copy(
    editor, reviewer, managing_editor, arrange
):
    answer = arrange(editor, reviewer)

    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)

    answer.refresh_from_db()
    assert answer.state == State.ARCHIVED
    assert not PublishedAnswer.objects.filter(answer=answer).exists()
    assert not Question.objects.archived().exists()


def test_archive_keeps_the_live_text_for_the_record(editor, reviewer, managing_editor):
    answer = make_published(editor=editor, reviewer=reviewer)
    body = answer.live.body

    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)

    assert PublishedAnswer.objects.get(answer=answer).body == body


def test_archived_answer_cannot_be_archived_again(editor, reviewer, managing_editor):
    answer = make_published(editor=editor, reviewer=reviewer)
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)

    with pytest.raises(TransitionError, match="that step is not possible now"):
        workflow.archive(
            answer, shown=workflow.shown_text(answer), user=managing_editor
        )

    assert answer.audit_entries.filter(transition="archive").count() == 1


def test_archive_sends_no_mail(
    editor, reviewer, managing_editor, django_capture_on_commit_callbacks, mailoutbox
):
    answer = make_published(editor=editor, reviewer=reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.archive(
            answer, shown=workflow.shown_text(answer), user=managing_editor
        )

    assert mailoutbox == []


def test_archived_answer_returns_to_the_site_only_through_review(
    editor, reviewer, managing_editor
):
    answer = make_published(editor=editor, reviewer=reviewer)
    first = versions(answer)[0]
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)

    workflow.revert_to_version(answer, user=editor, version=first)
    assert not workflow.can_publish(answer, editor)
    edit(answer, user=editor, change_note="Back on the site after a check.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)
    live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert live.archived_at is None
    assert Question.objects.published().filter(pk=answer.question_id).exists()


# Revert to version --------------------------------------------------------------


def test_revert_makes_the_old_text_and_references_the_new_draft(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    old_tldr, old_body = answer.tldr, answer.body
    old_references = answer_state.reference_dicts(answer)
    first = versions(answer)[0]
    edit(
        answer,
        user=editor,
        tldr="A new TL;DR.",
        body="A new body.",
        references=NEW_REFERENCES,
    )

    workflow.revert_to_version(answer, user=editor, version=first)

    answer.refresh_from_db()
    assert (answer.tldr, answer.body) == (old_tldr, old_body)
    assert answer_state.reference_dicts(answer) == old_references
    assert answer.state == State.DRAFT
    assert_transition_logged(
        answer,
        transition="revert",
        from_state=State.DRAFT,
        to_state=State.DRAFT,
        user=editor,
    )


def test_revert_restores_references_in_their_old_order(editor):
    answer = make_draft(editor=editor, references=NEW_REFERENCES)
    first = versions(answer)[0]
    edit(answer, user=editor, references=list(reversed(NEW_REFERENCES)))

    workflow.revert_to_version(answer, user=editor, version=first)

    assert [r["title"] for r in answer_state.reference_dicts(answer)] == [
        "A newer trial",
        "A second newer trial",
    ]


def test_reverted_text_needs_review_again(editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)
    first = versions(answer)[0]

    workflow.revert_to_version(answer, user=editor, version=first)

    answer.refresh_from_db()
    assert answer.state == State.DRAFT
    assert workflow.allowed_transitions(answer, editor) == ["submit"]
    with pytest.raises(TransitionError):
        workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)


def test_revert_of_a_published_answer_leaves_the_live_copy_alone(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    live_before = PublishedAnswer.objects.get(answer=answer)
    edit(answer, user=editor, body="Second text.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)
    live_second = PublishedAnswer.objects.get(answer=answer)

    workflow.revert_to_version(answer, user=editor, version=versions(answer)[0])

    live = PublishedAnswer.objects.get(answer=answer)
    answer.refresh_from_db()
    assert answer.body == live_before.body
    assert answer.state == State.DRAFT
    assert live.body == live_second.body == "Second text."
    assert live.fingerprint == live_second.fingerprint


def test_revert_is_refused_while_in_review(editor):
    answer = make_in_review(editor=editor)
    body = answer.body

    with pytest.raises(TransitionError, match=re.escape(workflow.LOCKED_IN_REVIEW)):
        workflow.revert_to_version(answer, user=editor, version=versions(answer)[0])

    answer.refresh_from_db()
    assert (answer.state, answer.body) == (State.IN_REVIEW, body)


def test_revert_refuses_a_version_of_another_answer(editor):
    answer = make_draft(editor=editor)
    other = make_draft(editor=editor, body="Another answer's body.")

    with pytest.raises(
        TransitionError, match=re.escape(workflow.VERSION_OF_ANOTHER_ANSWER)
    ):
        workflow.revert_to_version(answer, user=editor, version=versions(other)[0])

    answer.refresh_from_db()
    assert answer.body != "Another answer's body."


def test_revert_refuses_a_version_of_another_kind_of_object(editor):
    answer = make_draft(editor=editor)
    reference = answer.references.get()
    reference_version = Version.objects.get_for_object(reference).first()

    with pytest.raises(TransitionError):
        workflow.revert_to_version(answer, user=editor, version=reference_version)


def test_revert_raises_the_edit_count_so_open_forms_go_stale(editor):
    answer = make_draft(editor=editor)
    edit(answer, user=editor, body="Second.")
    answer.refresh_from_db()
    count = answer.edit_count

    workflow.revert_to_version(answer, user=editor, version=versions(answer)[0])

    answer.refresh_from_db()
    assert answer.edit_count == count + 1


def test_reverting_user_counts_as_an_editor_of_the_next_publication(
    editor, editing_reviewer, reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    edit(answer, user=editor, body="Second.")
    workflow.revert_to_version(
        answer, user=editing_reviewer, version=versions(answer)[0]
    )
    edit(answer, user=editor, change_note="Restored the earlier text.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)

    live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert set(live.written_by.all()) == {editor, editing_reviewer}
