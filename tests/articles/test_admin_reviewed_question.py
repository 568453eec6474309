"""The question and the label of an answer, edited in the admin, go live only
once approved and published."""

import pytest
from django.urls import reverse

from articles.models import Answer, Question
from tests.articles.admin_data import (
    answer_change_url,
    answer_form_data,
    decision_data,
    transition_url,
)
from tests.articles.test_structured_data import json_ld
from tests.articles.test_views import main_section
from tests.core.test_reauthentication import authenticated_ago
from tests.helpers import make_published

pytestmark = pytest.mark.django_db

NEW_QUESTION = "Is Alport syndrome curable?"
NEW_LABEL = "Approved by the FDA"


def public_view(client, answer: Answer) -> dict:
    response = client.get(answer.question.get_absolute_url())
    assert response.status_code == 200
    (page,) = json_ld(response)
    return {
        "main": main_section(response),
        "title": response.text.split("<title>")[1].split("</title>")[0],
        "json-ld name": (page["name"], page["mainEntity"]["name"]),
    }


def post_as(client, user, url, data):
    client.force_login(user)
    authenticated_ago(client, 0)
    response = client.post(url, data)
    client.logout()
    return response


def test_question_and_label_edited_on_a_published_answer_wait_for_review(
    client, editor, reviewer, other_reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    before = public_view(client, answer)

    response = post_as(
        client,
        editor,
        answer_change_url(answer),
        answer_form_data(
            answer,
            question_text=NEW_QUESTION,
            kind_label=NEW_LABEL,
            change_note="Asked the question more plainly.",
        ),
    )

    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.question.text, answer.state) == (NEW_QUESTION, Answer.State.DRAFT)
    assert public_view(client, answer) == before
    assert NEW_LABEL.encode() not in before["main"]

    for user, step in [
        (editor, "submit"),
        (other_reviewer, "approve"),
        (editor, "publish"),
    ]:
        answer.refresh_from_db()
        post_as(client, user, transition_url(answer, step), decision_data(answer))

    after = public_view(client, answer)
    assert NEW_QUESTION in after["title"]
    assert after["json-ld name"] == (NEW_QUESTION, NEW_QUESTION)
    assert f">{NEW_QUESTION}</h1>".encode() in after["main"]
    assert NEW_LABEL.encode() in after["main"]


def test_the_answer_page_refuses_an_empty_question(client, editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    text = answer.question.text

    response = post_as(
        client,
        editor,
        answer_change_url(answer),
        answer_form_data(answer, question_text="  "),
    )

    assert response.status_code == 200
    assert "Write the question" in response.text
    assert Question.objects.get(pk=answer.question_id).text == text


def test_the_question_admin_keeps_an_answered_question_read_only(
    client, editor, reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    question = answer.question
    url = reverse("admin:articles_question_change", args=[question.pk])

    client.force_login(editor)
    page = client.get(url)
    client.post(
        url,
        {
            "condition": question.condition_id,
            "text": NEW_QUESTION,
            "slug": question.slug,
            "topic": question.topic,
            "position": question.position,
        },
    )

    assert 'name="text"' not in page.text
    assert "change it on the answer" in page.text
    assert Question.objects.get(pk=question.pk).text == question.text
