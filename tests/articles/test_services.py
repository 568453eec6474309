"""Writes to answers that are not transitions: create, update, record an edit,
keep a refused edit."""

import re

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from reversion.models import Version

from articles.models import Answer, AnswerRevision, Reference
from reviews import answer_state, editing, workflow
from tests import factories
from tests.helpers import edit, make_approved, make_draft, make_in_review

pytestmark = pytest.mark.django_db

State = Answer.State

REFERENCES = [
    {"title": "First source", "source": "BMJ", "year": 2020},
    {"title": "Second source", "url": "https://example.org/second"},
]


@pytest.fixture
def editing_reviewer(db):
    """A medical reviewer who is also an editor."""
    user = factories.ReviewerFactory(username="editing-reviewer")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def latest_info(answer) -> AnswerRevision:
    return AnswerRevision.objects.filter(answer=answer).order_by("-id").first()


# create_answer ----------------------------------------------------------------


def test_create_answer_makes_a_draft_with_its_references(editor):
    question = factories.QuestionFactory()

    answer = editing.create_answer(
        question,
        user=editor,
        tldr="Short.",
        body="Long.",
        references=REFERENCES,
        kind_label="Detailed answer",
    )

    answer.refresh_from_db()
    assert answer.question == question
    assert (answer.state, answer.created_by, answer.kind_label) == (
        State.DRAFT,
        editor,
        "Detailed answer",
    )
    assert [
        (r.position, r.title, r.source, r.year, r.url) for r in answer.references.all()
    ] == [
        (1, "First source", "BMJ", 2020, ""),
        (2, "Second source", "", None, "https://example.org/second"),
    ]


def test_create_answer_records_the_first_version_as_a_text_edit(editor):
    answer = make_draft(editor=editor)

    version = Version.objects.get_for_object(answer).get()
    info = latest_info(answer)
    assert version.revision.user == editor
    assert version.revision.comment == "Created."
    assert (info.state, info.is_text_edit, info.is_refused) == (
        State.DRAFT,
        True,
        False,
    )
    assert info.fingerprint == answer_state.current_fingerprint(answer)
    assert Version.objects.get_for_model(Reference).count() == 1


@pytest.mark.parametrize("role", ["inactive_user", "member", "reviewer"])
def test_only_editors_may_create_an_answer(request, role):
    if role == "inactive_user":
        user = factories.EditorFactory(username="gone", is_active=False)
    else:
        user = request.getfixturevalue(role)
    question = factories.QuestionFactory()

    with pytest.raises(PermissionDenied):
        editing.create_answer(
            question, user=user, tldr="Short.", body="Long.", references=REFERENCES
        )

    assert not Answer.objects.filter(question=question).exists()


# update_answer ----------------------------------------------------------------


def test_update_answer_replaces_the_text_and_references(editor):
    answer = make_draft(editor=editor)
    count = answer.edit_count

    editing.update_answer(
        answer,
        user=editor,
        tldr="New TL;DR.",
        body="New body.",
        references=REFERENCES[1:],
        comment="Tightened.",
    )

    answer.refresh_from_db()
    assert (answer.tldr, answer.body, answer.kind_label) == (
        "New TL;DR.",
        "New body.",
        "Short answer",
    )
    assert [r["title"] for r in answer_state.reference_dicts(answer)] == [
        "Second source"
    ]
    assert answer.edit_count == count + 1
    version = Version.objects.get_for_object(answer).first()
    assert (version.revision.user, version.revision.comment) == (editor, "Tightened.")
    assert latest_info(answer).is_text_edit


def test_update_answer_may_change_the_kind_label(editor):
    answer = make_draft(editor=editor)

    editing.update_answer(
        answer,
        user=editor,
        tldr=answer.tldr,
        body=answer.body,
        references=answer_state.reference_dicts(answer),
        kind_label="Detailed answer",
    )

    answer.refresh_from_db()
    assert answer.kind_label == "Detailed answer"


def test_saving_the_same_text_is_not_a_text_edit(editor):
    answer = make_draft(editor=editor)

    edit(answer, user=editor)

    info = latest_info(answer)
    assert not info.is_text_edit
    assert Version.objects.get_for_object(answer).first().revision.comment == (
        "Edited."
    )


def test_stale_update_is_refused_and_applies_nothing(editor, other_editor):
    answer = make_draft(editor=editor)
    opened_at = answer.edit_count
    edit(answer, user=other_editor, body="The first save wins.")

    with pytest.raises(editing.StaleEditError, match=re.escape(editing.STALE_EDIT)):
        editing.update_answer(
            answer,
            user=editor,
            tldr="Stale TL;DR.",
            body="Stale body.",
            references=[],
            expected_edit_count=opened_at,
        )

    answer.refresh_from_db()
    assert answer.body == "The first save wins."
    assert answer.references.count() == 1


def test_update_with_the_current_edit_count_is_applied(editor):
    answer = make_draft(editor=editor)

    editing.update_answer(
        answer,
        user=editor,
        tldr=answer.tldr,
        body="Fresh body.",
        references=REFERENCES,
        expected_edit_count=answer.edit_count,
    )

    answer.refresh_from_db()
    assert answer.body == "Fresh body."


def test_update_answer_is_refused_while_in_review(editor):
    answer = make_in_review(editor=editor)

    with pytest.raises(workflow.TransitionError):
        edit(answer, user=editor, body="Changed in review.")

    answer.refresh_from_db()
    assert answer.body != "Changed in review."


# record_answer_edit (the admin's path) -----------------------------------------


def test_record_answer_edit_returns_approved_text_that_changed_to_draft(
    editor, reviewer
):
    answer = make_approved(editor=editor, reviewer=reviewer)

    with reversion.create_revision():
        answer.body = "Changed in the admin."
        answer.save()
        editing.record_answer_edit(answer, user=editor, comment="Admin edit.")

    answer.refresh_from_db()
    assert answer.state == State.DRAFT
    assert latest_info(answer).is_text_edit
    assert editor.pk in answer_state.editor_ids_since_publication(answer)


def test_record_answer_edit_keeps_the_approval_of_unchanged_text(editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)

    with reversion.create_revision():
        answer.save()
        editing.record_answer_edit(answer, user=editor, comment="Admin edit.")

    answer.refresh_from_db()
    assert answer.state == State.APPROVED
    assert not latest_info(answer).is_text_edit
    assert workflow.can_publish(answer, editor)


def test_record_answer_edit_treats_a_new_label_as_a_text_edit(editor, reviewer):
    """The label is read as part of the answer, so it is reviewed like the rest."""
    answer = make_approved(editor=editor, reviewer=reviewer)

    with reversion.create_revision():
        answer.kind_label = "Approved by the FDA"
        answer.save()
        editing.record_answer_edit(answer, user=editor, comment="Admin edit.")

    answer.refresh_from_db()
    assert answer.state == State.DRAFT
    assert latest_info(answer).is_text_edit
    assert not workflow.can_publish(answer, editor)


# keep_refused_edit --------------------------------------------------------------


def test_refused_edit_is_kept_in_history_but_not_applied(editor, other_editor):
    answer = make_draft(editor=editor)
    body = answer.body

    editing.keep_refused_edit(
        answer,
        user=other_editor,
        tldr="Refused TL;DR.",
        body="Refused body.",
        kind_label="Short answer",
    )

    answer.refresh_from_db()
    assert answer.body == body
    version = Version.objects.get_for_object(answer).first()
    assert version.field_dict["body"] == "Refused body."
    assert version.revision.user == other_editor
    assert version.revision.answer_info.is_refused
    assert not version.revision.answer_info.is_text_edit


def test_refused_edit_does_not_count_as_editing(editor, editing_reviewer):
    answer = make_draft(editor=editor)
    editing.keep_refused_edit(
        answer,
        user=editing_reviewer,
        tldr="Refused TL;DR.",
        body="Refused body.",
        kind_label="Short answer",
    )
    workflow.submit(answer, user=editor)

    sign_off = workflow.approve(
        answer, shown=workflow.shown_text(answer), user=editing_reviewer
    )

    assert sign_off.version.field_dict["body"] == answer.body
    assert not sign_off.version.revision.answer_info.is_refused


def test_an_edit_after_a_refused_one_compares_with_the_applied_text(editor):
    answer = make_draft(editor=editor)
    editing.keep_refused_edit(
        answer, user=editor, tldr="X.", body="Y.", kind_label="Short answer"
    )

    edit(answer, user=editor)

    assert not latest_info(answer).is_text_edit
