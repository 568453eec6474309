"""Editing an answer in the admin: the text lock, the edit rules, stale forms."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Answer, AnswerRevision
from reviews import answer_state, workflow
from reviews.editing import REFUSED_EDIT_COMMENT, STALE_EDIT
from tests import factories
from tests.articles.admin_data import (
    answer_change_url,
    answer_form_data,
)
from tests.helpers import (
    assert_transition_logged,
    make_approved,
    make_draft,
    make_in_review,
    make_published,
)

pytestmark = pytest.mark.django_db


def stored_text(answer):
    answer.refresh_from_db()
    return (
        answer.kind_label,
        answer.tldr,
        answer.body,
        answer_state.reference_dicts(answer),
        answer.state,
    )


def test_text_and_references_are_locked_while_in_review(client, editor):
    answer = make_in_review(editor=editor)
    before = stored_text(answer)
    client.force_login(editor)

    page = client.get(answer_change_url(answer)).text
    references_only = {
        key: value
        for key, value in answer_form_data(
            answer, references=[{"title": "A smuggled reference"}]
        ).items()
        if key not in ("kind_label", "tldr", "body", "change_note")
    }
    response = client.post(answer_change_url(answer), references_only)

    assert workflow.LOCKED_IN_REVIEW in page
    assert 'name="tldr"' not in page
    assert 'name="references-0-title"' not in page
    assert response.status_code == 302
    assert stored_text(answer) == before


def test_text_posted_from_a_form_opened_before_review_is_refused_and_kept(
    client, editor
):
    answer = make_draft(editor=editor)
    opened_as_draft = answer_form_data(
        answer, tldr="Typed while it was a draft.", body="Changed body."
    )
    workflow.submit(answer, user=editor)
    before = stored_text(answer)
    client.force_login(editor)

    response = client.post(answer_change_url(answer), opened_as_draft)

    assert response.status_code == 200
    assert "This answer went into review after you opened it" in response.text
    assert stored_text(answer) == before
    refused = Version.objects.get_for_object(answer).order_by("-pk").first()
    assert refused.field_dict["tldr"] == "Typed while it was a draft."
    assert refused.revision.comment == REFUSED_EDIT_COMMENT


def test_state_is_never_a_form_field(client, editor, draft_answer):
    client.force_login(editor)

    page = client.get(answer_change_url(draft_answer)).text
    client.post(
        answer_change_url(draft_answer),
        answer_form_data(draft_answer, state="published", tldr="New TL;DR."),
    )

    assert 'name="state"' not in page
    draft_answer.refresh_from_db()
    assert (draft_answer.state, draft_answer.tldr) == ("draft", "New TL;DR.")


def test_edit_of_a_published_answer_returns_it_to_draft(client, editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    live_body = answer.live.body
    client.force_login(editor)

    response = client.post(
        answer_change_url(answer),
        answer_form_data(
            answer, body="A better body.", change_note="Explained it better."
        ),
    )

    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.state, answer.body) == ("draft", "A better body.")
    assert answer.change_note == "Explained it better."
    assert answer.live.body == live_body
    assert_transition_logged(
        answer, transition="edit", from_state="published", to_state="draft", user=editor
    )
    assert workflow.allowed_transitions(answer, editor) == ["submit"]


@pytest.mark.parametrize(
    ("published", "comment"),
    [(False, "Edited in the admin."), (True, "Text edited after approval.")],
)
def test_the_history_keeps_the_workflow_comment_of_an_admin_edit(
    client, editor, reviewer, published, comment
):
    if published:
        answer = make_published(editor=editor, reviewer=reviewer)
    else:
        answer = make_draft(editor=editor)
    client.force_login(editor)

    client.post(
        answer_change_url(answer), answer_form_data(answer, body="A better body.")
    )

    newest = Version.objects.get_for_object(answer).order_by("-pk").first()
    assert newest.revision.comment == comment


def test_edit_of_an_approved_answer_returns_it_to_draft(client, editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)
    client.force_login(editor)

    client.post(
        answer_change_url(answer),
        answer_form_data(answer, references=[{"title": "A newer study", "year": 2024}]),
    )

    answer.refresh_from_db()
    assert answer.state == "draft"
    assert [r["title"] for r in answer_state.reference_dicts(answer)] == [
        "A newer study"
    ]
    assert answer_state.valid_approval(answer) is None


def test_save_without_a_text_change_keeps_the_approval(client, editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)
    client.force_login(editor)

    client.post(answer_change_url(answer), answer_form_data(answer))

    answer.refresh_from_db()
    assert answer.state == "approved"
    assert answer_state.valid_approval(answer) is not None


def test_every_admin_save_raises_the_edit_count_and_records_a_revision(
    client, editor, draft_answer
):
    count = draft_answer.edit_count
    client.force_login(editor)

    client.post(answer_change_url(draft_answer), answer_form_data(draft_answer))
    draft_answer.refresh_from_db()
    client.post(
        answer_change_url(draft_answer), answer_form_data(draft_answer, body="B")
    )

    draft_answer.refresh_from_db()
    assert draft_answer.edit_count == count + 2
    latest = AnswerRevision.objects.filter(answer=draft_answer).latest("id")
    assert (latest.is_text_edit, latest.revision.user) == (True, editor)
    assert latest.fingerprint == answer_state.current_fingerprint(draft_answer)


def test_new_answer_from_the_admin_records_its_author(client, editor):
    question = factories.QuestionFactory()
    client.force_login(editor)
    data = {
        "question": question.pk,
        "kind_label": "Short answer",
        "tldr": "Short.",
        "body": "Long.",
        "references-TOTAL_FORMS": 1,
        "references-INITIAL_FORMS": 0,
        "references-0-position": 1,
        "references-0-title": "A cohort study",
        "references-0-year": 2020,
        "_save": "Save",
    }

    response = client.post(reverse("admin:articles_answer_add"), data)

    assert response.status_code == 302
    answer = Answer.objects.get(question=question)
    assert (answer.created_by, answer.edit_count, answer.state) == (editor, 0, "draft")
    assert answer.references.get().title == "A cohort study"
    assert answer_state.editor_ids_since_publication(answer) == {editor.pk}


# Optimistic concurrency -----------------------------------------------------------


def test_save_from_a_stale_form_is_refused_and_both_texts_are_kept(
    client, editor, other_editor, draft_answer
):
    first_form = answer_form_data(draft_answer, body="The first editor's text.")
    second_form = answer_form_data(draft_answer, body="The second editor's text.")
    client.force_login(editor)
    assert client.post(answer_change_url(draft_answer), first_form).status_code == 302

    client.force_login(other_editor)
    response = client.post(answer_change_url(draft_answer), second_form)

    assert response.status_code == 200
    assert STALE_EDIT.replace("'", "&#x27;") in response.text
    assert "The second editor&#x27;s text." in response.text
    draft_answer.refresh_from_db()
    assert draft_answer.body == "The first editor's text."
    bodies = {
        v.field_dict["body"] for v in Version.objects.get_for_object(draft_answer)
    }
    assert {"The first editor's text.", "The second editor's text."} <= bodies
    refused = AnswerRevision.objects.filter(answer=draft_answer).latest("id")
    assert refused.revision.user == other_editor
    assert refused.revision.comment == REFUSED_EDIT_COMMENT
    assert (refused.is_text_edit, refused.state) == (False, "draft")


def test_saving_the_refused_text_again_after_reloading_counts_as_an_edit(
    client, editor, superuser, draft_answer
):
    stale_form = answer_form_data(draft_answer, body="The superuser's text.")
    client.force_login(editor)
    client.post(
        answer_change_url(draft_answer), answer_form_data(draft_answer, body="E")
    )
    client.force_login(superuser)
    client.post(answer_change_url(draft_answer), stale_form)
    draft_answer.refresh_from_db()

    client.post(
        answer_change_url(draft_answer),
        answer_form_data(draft_answer, body="The superuser's text."),
    )

    draft_answer.refresh_from_db()
    assert draft_answer.body == "The superuser's text."
    assert superuser.pk in answer_state.editor_ids_since_publication(draft_answer)
    workflow.submit(draft_answer, user=editor)
    assert not workflow.can_approve(draft_answer, superuser)


def test_stale_editors_text_is_listed_in_history_and_can_be_restored(
    client, editor, other_editor, draft_answer
):
    first_form = answer_form_data(draft_answer, body="The first editor's text.")
    second_form = answer_form_data(draft_answer, body="The second editor's text.")
    client.force_login(editor)
    client.post(answer_change_url(draft_answer), first_form)
    client.force_login(other_editor)
    client.post(answer_change_url(draft_answer), second_form)
    history_url = reverse("admin:articles_answer_history", args=[draft_answer.pk])
    refused = Version.objects.get_for_object(draft_answer).order_by("-pk").first()

    history = client.get(history_url).text
    revert_url = reverse(
        "admin:articles_answer_revision", args=[draft_answer.pk, refused.pk]
    )
    client.post(revert_url)

    assert REFUSED_EDIT_COMMENT in history
    assert revert_url in history
    draft_answer.refresh_from_db()
    assert draft_answer.body == "The second editor's text."
    bodies = [
        v.field_dict["body"] for v in Version.objects.get_for_object(draft_answer)
    ]
    assert "The first editor's text." in bodies


def test_admin_save_never_writes_back_a_state_read_before_a_transition(
    client, editor, reviewer, draft_answer
):
    """The page was opened as a draft; it was submitted and approved meanwhile."""
    opened_as_draft = answer_form_data(draft_answer)
    workflow.submit(draft_answer, user=editor)
    workflow.approve(
        draft_answer, shown=workflow.shown_text(draft_answer), user=reviewer
    )
    approved = Answer.objects.get(pk=draft_answer.pk)
    client.force_login(editor)

    response = client.post(answer_change_url(draft_answer), opened_as_draft)

    assert response.status_code == 302
    draft_answer.refresh_from_db()
    assert draft_answer.state == "approved"
    assert draft_answer.state_changed_at == approved.state_changed_at


def test_answers_from_the_admin_and_from_the_service_start_at_one_edit_count(
    client, editor
):
    from_service = make_draft(editor=editor)
    question = factories.QuestionFactory()
    client.force_login(editor)

    client.post(
        reverse("admin:articles_answer_add"),
        {
            "question": question.pk,
            "kind_label": "Short answer",
            "tldr": "Short.",
            "body": "Long.",
            "references-TOTAL_FORMS": 1,
            "references-INITIAL_FORMS": 0,
            "references-0-position": 1,
            "references-0-title": "A cohort study",
            "_save": "Save",
        },
    )

    from_admin = Answer.objects.get(question=question)
    assert from_admin.edit_count == from_service.edit_count == 0


def test_stale_admin_save_shows_the_refusal_and_the_typed_text_and_keeps_it(
    client, editor, other_editor, draft_answer
):
    stale_form = answer_form_data(
        draft_answer,
        tldr="The stale TL;DR.",
        body="The stale body.",
        references=[{"title": "A stale reference"}],
    )
    client.force_login(editor)
    client.post(
        answer_change_url(draft_answer),
        answer_form_data(draft_answer, body="The saved body."),
    )
    draft_answer.refresh_from_db()
    count = draft_answer.edit_count
    client.force_login(other_editor)

    response = client.post(answer_change_url(draft_answer), stale_form)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["__all__"] == [STALE_EDIT]
    assert (form["tldr"].value(), form["body"].value()) == (
        "The stale TL;DR.",
        "The stale body.",
    )
    assert 'value="A stale reference"' in response.text
    draft_answer.refresh_from_db()
    assert (draft_answer.body, draft_answer.edit_count) == ("The saved body.", count)
    refused = Version.objects.get_for_object(draft_answer).order_by("-pk").first()
    assert (refused.field_dict["tldr"], refused.field_dict["body"]) == (
        "The stale TL;DR.",
        "The stale body.",
    )
    assert refused.revision.answer_info.is_refused
    assert refused.revision.comment == REFUSED_EDIT_COMMENT
