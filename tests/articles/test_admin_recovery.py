"""Recovering a deleted answer never replaces or deletes a current answer.

The finding: a managing editor deleted an unpublished answer; its question
later got a new, published answer; an editor recovered the old one, which
deleted the published answer without a trace.
"""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Answer, PublishedAnswer
from reviews import editing, workflow
from reviews.models import AuditEntry
from tests.diseasemaps.pages import rendered
from tests.helpers import edit, make_draft, make_published

pytestmark = pytest.mark.django_db


def delete_in_the_admin(client, user, answer: Answer) -> Version:
    client.force_login(user)
    response = client.post(
        reverse("admin:articles_answer_delete", args=[answer.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Answer.objects.filter(pk=answer.pk).exists()
    return Version.objects.get_deleted(Answer).get(object_id=str(answer.pk))


def recover_url(version: Version) -> str:
    return reverse("admin:articles_answer_recover", args=[version.pk])


@pytest.fixture
def replaced(client, editor, reviewer, managing_editor):
    """The finding's arrangement: an old deleted draft, a new published answer."""
    old = make_draft(editor=editor, body="The old draft, deleted.")
    question = old.question
    deleted = delete_in_the_admin(client, managing_editor, old)
    new = make_published(
        editor=editor, reviewer=reviewer, question=question, body="The new answer."
    )
    client.logout()
    return {"deleted": deleted, "new": new, "question": question}


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_editor_cannot_recover_over_a_published_answer(
    client, editor, replaced, method
):
    new, question = replaced["new"], replaced["question"]
    audit_before = AuditEntry.objects.count()
    client.force_login(editor)

    response = getattr(client, method)(recover_url(replaced["deleted"]), follow=True)

    assert "has an answer now" in response.text
    assert "never replaces or deletes a current answer" in response.text
    assert Answer.objects.get(question=question).pk == new.pk
    assert PublishedAnswer.objects.get(answer=new).archived_at is None
    assert AuditEntry.objects.count() == audit_before
    client.logout()
    page = client.get(question.get_absolute_url())
    assert page.status_code == 200
    assert "The new answer." in page.text


def test_the_workflow_refuses_it_too(editor, replaced):
    with pytest.raises(workflow.TransitionError, match="has an answer now"):
        workflow.recover(replaced["deleted"], user=editor)

    assert Answer.objects.filter(pk=replaced["new"].pk).exists()


def test_a_recovery_is_recorded_in_the_audit_trail(client, editor, managing_editor):
    answer = make_draft(editor=editor, body="Deleted by mistake.")
    deleted = delete_in_the_admin(client, managing_editor, answer)
    client.force_login(editor)

    response = client.post(recover_url(deleted))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:articles_answer_change", args=[answer.pk]
    )
    recovered = Answer.objects.get(pk=answer.pk)
    assert recovered.body == "Deleted by mistake."
    entry = AuditEntry.objects.filter(answer=recovered).order_by("-id").first()
    assert (entry.transition, entry.user, entry.to_state) == (
        "recover",
        editor,
        "draft",
    )
    page = client.get(reverse("admin:articles_answer_change", args=[answer.pk]))
    assert "Recovered from the version of" in page.text


def test_a_visitor_or_member_cannot_recover(client, editor, managing_editor, member):
    answer = make_draft(editor=editor)
    deleted = delete_in_the_admin(client, managing_editor, answer)
    client.force_login(member)

    response = client.post(recover_url(deleted))

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Answer.objects.filter(pk=answer.pk).exists()


def test_deleting_an_answer_invalidates_the_cached_pages_at_once(
    client, editor, reviewer, managing_editor
):
    shown = make_published(editor=editor, reviewer=reviewer)
    condition_url = shown.question.condition.get_absolute_url()
    draft = make_draft(
        editor=editor,
        question=type(shown.question).objects.create(
            condition=shown.question.condition, text="Is it rare?", slug="rare"
        ),
    )
    rendered(client, condition_url)
    assert client.get(condition_url).templates == [], "not cached"

    staff = type(client)()
    delete_in_the_admin(staff, managing_editor, draft)

    rendered(client, condition_url)


def test_a_refused_edit_is_not_what_comes_back(
    client, editor, other_editor, managing_editor
):
    """The history keeps refused edits; the recovered text is the last applied."""
    answer = make_draft(editor=editor, body="The text as saved.")
    opened = Answer.objects.get(pk=answer.pk)
    edit(answer, user=editor, body="Saved again.")
    with pytest.raises(editing.StaleEditError):
        editing.update_answer(
            opened,
            user=other_editor,
            tldr=opened.tldr,
            body="Refused text.",
            references=[{"title": "A study"}],
            expected_edit_count=opened.edit_count,
        )
    deleted = delete_in_the_admin(client, managing_editor, answer)

    client.post(recover_url(deleted))

    assert Answer.objects.get(pk=answer.pk).body == "Saved again."
