"""The answer and question admin: deletion rules, disclaimer, editor, page reads."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Answer, Disclaimer, Question
from reviews import workflow
from reviews.models import SignOff
from tests.articles.admin_data import (
    answer_change_url,
)
from tests.helpers import (
    make_draft,
    make_published,
    open_recertification,
)

pytestmark = pytest.mark.django_db

# Deleting and the disclaimer ------------------------------------------------------


def test_published_answer_and_its_question_cannot_be_deleted(
    client, editor, reviewer, managing_editor
):
    answer = make_published(editor=editor, reviewer=reviewer)
    question = answer.question
    client.force_login(managing_editor)

    page = client.get(answer_change_url(answer)).text
    answer_delete = reverse("admin:articles_answer_delete", args=[answer.pk])
    question_delete = reverse("admin:articles_question_delete", args=[question.pk])
    responses = [
        client.post(answer_delete, {"post": "yes"}, follow=True),
        client.post(question_delete, {"post": "yes"}, follow=True),
    ]

    assert "Archive its answer instead" in page
    assert answer_delete not in page
    for response in responses:
        assert "is published, so it cannot be deleted" in response.text
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_bulk_delete_refuses_published_questions(
    client, editor, reviewer, managing_editor
):
    published = make_published(editor=editor, reviewer=reviewer).question
    draft = make_draft(editor=editor).question
    client.force_login(managing_editor)

    response = client.post(
        reverse("admin:articles_question_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [published.pk, draft.pk],
            "post": "yes",
        },
    )

    assert "is published, so it cannot be deleted" in response.text
    assert Question.objects.filter(pk__in=[published.pk, draft.pk]).count() == 2


def test_archived_answer_can_be_deleted_by_a_managing_editor(
    client, editor, reviewer, managing_editor
):
    answer = make_published(editor=editor, reviewer=reviewer)
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)
    client.force_login(managing_editor)

    response = client.post(
        reverse("admin:articles_answer_delete", args=[answer.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Answer.objects.filter(pk=answer.pk).exists()


def test_editor_cannot_delete_answers(client, editor, draft_answer):
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_answer_delete", args=[draft_answer.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Answer.objects.filter(pk=draft_answer.pk).exists()


def test_disclaimer_is_changed_only_by_managing_editors_never_added_or_deleted(
    client, editor, managing_editor
):
    change = reverse("admin:articles_disclaimer_change", args=[1])
    client.force_login(editor)
    assert client.post(change, {"text": "Editor text."}).status_code == 403
    client.force_login(managing_editor)

    assert client.get(reverse("admin:articles_disclaimer_add")).status_code == 403
    delete = reverse("admin:articles_disclaimer_delete", args=[1])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.post(change, {"text": "New disclaimer."}).status_code == 302

    disclaimer = Disclaimer.objects.get()
    assert disclaimer.text == "New disclaimer."
    assert Version.objects.get_for_object(disclaimer).count() == 1


# The editor and the page's reads ---------------------------------------------------


def test_body_uses_the_markdownx_editor_with_live_preview(client, editor, draft_answer):
    client.force_login(editor)

    page = client.get(answer_change_url(draft_answer)).text
    preview = client.post(
        reverse("markdownx_markdownify"),
        {"content": "**Bold** <script>alert(1)</script>"},
    )

    assert 'class="markdownx"' in page
    assert "markdownx-editor" in page
    assert 'data-markdownx-urls-path="/markdownx/markdownify/"' in page
    assert "markdownx/js/markdownx" in page
    assert preview.status_code == 200
    assert "<strong>Bold</strong>" in preview.text
    assert "<script>" not in preview.text


def test_answer_page_shows_sign_offs_audit_trail_and_live_copy(
    client, editor, reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    sign_off = SignOff.objects.get(answer=answer)
    client.force_login(editor)

    page = client.get(answer_change_url(answer)).text

    assert sign_off.reviewer_name in page
    assert sign_off.fingerprint[:12] in page
    assert "Next review due" in page
    assert answer.live.review_due_on.isoformat() in page
    assert "Draft → In review" in page
    assert "Approved → Published" in page


@pytest.mark.parametrize("children", [1, 30])
def test_answer_page_queries_are_bounded(
    client, editor, reviewer, django_assert_max_num_queries, children
):
    references = [{"title": f"Study {n}", "year": 2000 + n} for n in range(children)]
    answer = make_published(editor=editor, reviewer=reviewer, references=references)
    for _ in range(children):
        open_recertification(answer)
        workflow.recertify(answer, shown=workflow.shown_text(answer), user=reviewer)
    client.force_login(editor)

    with django_assert_max_num_queries(20):
        response = client.get(answer_change_url(answer))

    assert response.status_code == 200
    assert response.text.count("Re-certified") == children


@pytest.mark.parametrize("count", [1, 30])
def test_answer_and_question_lists_queries_are_bounded(
    client, editor, reviewer, managing_editor, django_assert_max_num_queries, count
):
    make_published(editor=editor, reviewer=reviewer)
    for _ in range(count):
        make_draft(editor=editor)
    client.force_login(managing_editor)

    with django_assert_max_num_queries(14):
        answers = client.get(reverse("admin:articles_answer_changelist"))
    with django_assert_max_num_queries(14):
        questions = client.get(reverse("admin:articles_question_changelist"))

    assert answers.text.count('<th class="field-question') == count + 1
    assert questions.text.count('<th class="field-text') == count + 1
