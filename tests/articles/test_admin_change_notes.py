"""The public change note and corrections in the editorial admin: the note on
the answer's form and the review screen, and the correction box on publish."""

import pytest
from django.urls import reverse

from articles.models import Answer, PublishedAnswer
from reviews import workflow
from reviews.models import AuditEntry, HistoryEntry
from tests.articles.admin_data import (
    answer_change_url,
    answer_form_data,
    decision_data,
    transition_url,
)
from tests.core.test_reauthentication import authenticated_ago
from tests.helpers import edit, make_published

pytestmark = pytest.mark.django_db


def approved_new_text(answer, *, editor, reviewer, note="Fixed the dose."):
    edit(answer, user=editor, body="The corrected dose.", change_note=note)
    workflow.submit(answer, user=editor)
    workflow.approve(answer, user=reviewer, shown=workflow.shown_text(answer))
    return answer


def test_the_change_note_is_on_the_answer_form_and_saved_through_the_edit_service(
    client, editor, reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    client.force_login(editor)

    page = client.get(answer_change_url(answer)).text
    response = client.post(
        answer_change_url(answer),
        answer_form_data(answer, change_note="Added a section on school."),
    )

    assert 'name="change_note"' in page
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.change_note == "Added a section on school."
    assert answer.state == Answer.State.DRAFT
    assert PublishedAnswer.objects.get(answer=answer).change_note == ""


def test_submitting_without_a_new_note_shows_why(client, editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    edit(answer, user=editor, body="Changed.", change_note="")
    client.force_login(editor)

    response = client.post(
        transition_url(answer, "submit"), decision_data(answer), follow=True
    )

    assert "Write the public change note" in response.text
    answer.refresh_from_db()
    assert answer.state == Answer.State.DRAFT


def test_the_review_screen_shows_the_note_the_reviewer_signs(
    client, editor, reviewer, other_reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    edit(answer, user=editor, change_note="Updated the prevalence figures.")
    workflow.submit(answer, user=editor)
    client.force_login(other_reviewer)
    authenticated_ago(client, 0)

    page = client.get(reverse("admin:articles_answer_review", args=[answer.pk])).text

    assert "Public change note" in page
    assert "Updated the prevalence figures." in page


@pytest.mark.parametrize(
    ("role", "offered", "is_correction"),
    [
        ("editor", False, False),
        ("managing_editor", True, True),
        ("superuser", True, True),
    ],
)
def test_the_correction_box_is_offered_and_honoured_only_for_managing_editors(
    client, request, editor, reviewer, role, offered, is_correction
):
    user = request.getfixturevalue(role)
    answer = approved_new_text(
        make_published(editor=editor, reviewer=reviewer),
        editor=editor,
        reviewer=reviewer,
    )
    client.force_login(user)
    published = AuditEntry.objects.filter(answer=answer, transition="publish").count()

    page = client.get(answer_change_url(answer)).text
    response = client.post(
        transition_url(answer, "publish"),
        decision_data(answer, is_correction="on"),
        follow=True,
    )

    assert ('name="is_correction"' in page) is offered
    if is_correction:
        assert HistoryEntry.objects.filter(answer=answer).first().is_correction
    else:
        assert response.status_code == 403
        answer.refresh_from_db()
        assert answer.state == Answer.State.APPROVED
        assert (
            AuditEntry.objects.filter(answer=answer, transition="publish").count()
            == published
        )


@pytest.mark.parametrize("role", ["reviewer", "member"])
def test_reviewers_and_members_cannot_publish_a_correction(
    client, request, editor, reviewer, role
):
    answer = approved_new_text(
        make_published(editor=editor, reviewer=reviewer),
        editor=editor,
        reviewer=reviewer,
    )
    client.force_login(request.getfixturevalue(role))
    entries = HistoryEntry.objects.count()

    client.post(
        transition_url(answer, "publish"), decision_data(answer, is_correction="on")
    )

    assert HistoryEntry.objects.count() == entries
    answer.refresh_from_db()
    assert answer.state == Answer.State.APPROVED
