"""The A–Z index and the condition pages: only what has a published answer."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Question
from conditions.models import Condition
from reviews import workflow
from tests import factories
from tests.diseasemaps.html_checks import elements, page_text
from tests.helpers import make_approved, make_draft, make_in_review, make_published

pytestmark = pytest.mark.django_db

INDEX_URL = reverse("articles:condition_index")


def publish_on(condition, *, editor, reviewer, **question_fields):
    question = factories.QuestionFactory(condition=condition, **question_fields)
    return make_published(editor=editor, reviewer=reviewer, question=question)


def draft_on(condition, *, editor, **question_fields):
    question = factories.QuestionFactory(condition=condition, **question_fields)
    return make_draft(editor=editor, question=question)


def letter_headings(html: str) -> list[str]:
    return re.findall(r'<h2 id="letter-[^"]+">(.*?)</h2>', html)


# Index --------------------------------------------------------------------------


def test_index_lists_conditions_with_a_published_answer_by_letter(
    client, editor, reviewer
):
    for name in ["Parry-Romberg syndrome", "Alport syndrome", "ångström disease"]:
        publish_on(
            factories.ConditionFactory(name=name), editor=editor, reviewer=reviewer
        )
    publish_on(
        factories.ConditionFactory(name="22q11.2 deletion syndrome"),
        editor=editor,
        reviewer=reviewer,
    )
    response = client.get(INDEX_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert letter_headings(html) == ["A", "P", "#"]
    text = page_text(html)
    order = [
        text.index(name)
        for name in [
            "Alport syndrome",
            "ångström disease",
            "Parry-Romberg syndrome",
            "22q11.2 deletion syndrome",
        ]
    ]
    assert order == sorted(order)
    jump_links = [
        link["href"] for link in elements(html, "a") if "#letter-" in link["href"]
    ]
    assert jump_links == ["#letter-A", "#letter-P", "#letter-other"]


def test_index_shows_other_names(client, editor, reviewer):
    condition = factories.ConditionFactory(
        name="Parry-Romberg syndrome", other_names="Progressive hemifacial atrophy"
    )
    publish_on(condition, editor=editor, reviewer=reviewer)
    assert "Progressive hemifacial atrophy" in page_text(client.get(INDEX_URL).content)


def test_index_leaves_out_conditions_without_a_live_answer(
    client, editor, reviewer, managing_editor
):
    publish_on(
        factories.ConditionFactory(name="Shown syndrome"),
        editor=editor,
        reviewer=reviewer,
    )
    draft_on(factories.ConditionFactory(name="Draft syndrome"), editor=editor)
    make_in_review(
        editor=editor,
        question=factories.QuestionFactory(
            condition=factories.ConditionFactory(name="Review syndrome")
        ),
    )
    make_approved(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(
            condition=factories.ConditionFactory(name="Approved syndrome")
        ),
    )
    archived = publish_on(
        factories.ConditionFactory(name="Archived syndrome"),
        editor=editor,
        reviewer=reviewer,
    )
    workflow.archive(
        archived, shown=workflow.shown_text(archived), user=managing_editor
    )
    factories.ConditionFactory(name="Empty syndrome")
    text = page_text(client.get(INDEX_URL).content)
    assert "Shown syndrome" in text
    for name in ["Draft", "Review", "Approved", "Archived", "Empty"]:
        assert f"{name} syndrome" not in text


def test_index_with_nothing_published_says_so(client):
    factories.ConditionFactory()
    response = client.get(INDEX_URL)
    assert response.status_code == 200
    assert "No answers are published yet." in page_text(response.content)


# Condition page -------------------------------------------------------------------


@pytest.fixture
def condition():
    return factories.ConditionFactory(
        name="Parry-Romberg syndrome",
        slug="parry-romberg-syndrome",
        other_names="Progressive hemifacial atrophy\nRomberg syndrome",
        summary="A *rare* condition that affects one side of the face.",
    )


def test_condition_page_shows_name_other_names_and_summary(
    client, condition, editor, reviewer
):
    publish_on(condition, editor=editor, reviewer=reviewer)
    response = client.get(condition.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", html) == ["Parry-Romberg syndrome"]
    assert (
        "Also known as: Progressive hemifacial atrophy; Romberg syndrome"
        in page_text(html)
    )
    assert "A <em>rare</em> condition" in html


def test_condition_page_groups_published_questions_by_topic_in_topic_order(
    client, condition, editor, reviewer
):
    Topic = Question.Topic
    for text, topic, position in [
        ("How is it treated?", Topic.TREATMENT, 1),
        ("What causes it?", Topic.CAUSE, 2),
        ("Is it inherited?", Topic.CAUSE, 1),
        ("What are the first signs?", Topic.SYMPTOMS, 1),
    ]:
        publish_on(
            condition,
            editor=editor,
            reviewer=reviewer,
            text=text,
            topic=topic,
            position=position,
        )
    draft_on(condition, editor=editor, text="A draft question?", topic=Topic.DIAGNOSIS)
    html = client.get(condition.get_absolute_url()).content.decode()
    assert re.findall(r'<h3 id="topic-\d+">(.*?)</h3>', html) == [
        "Cause",
        "Symptoms",
        "Treatment",
    ]
    text = page_text(html)
    order = [
        text.index(question)
        for question in [
            "Is it inherited?",
            "What causes it?",
            "What are the first signs?",
            "How is it treated?",
        ]
    ]
    assert order == sorted(order)
    assert "A draft question?" not in text
    assert "Diagnosis" not in text


def test_condition_page_links_each_question_to_its_answer(
    client, condition, editor, reviewer
):
    answer = publish_on(condition, editor=editor, reviewer=reviewer)
    html = client.get(condition.get_absolute_url()).content.decode()
    assert answer.question.get_absolute_url() in [
        a["href"] for a in elements(html, "a")
    ]


def test_unknown_condition_is_not_found(client):
    url = reverse("condition_detail", kwargs={"condition_slug": "unknown"})
    assert client.get(url).status_code == 404


def test_condition_with_nothing_published_is_not_found(
    client, condition, editor, reviewer
):
    draft_on(condition, editor=editor)
    make_approved(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition),
    )
    assert client.get(condition.get_absolute_url()).status_code == 404


def test_condition_whose_answers_are_all_archived_is_not_found(
    client, condition, editor, reviewer, managing_editor
):
    answer = publish_on(condition, editor=editor, reviewer=reviewer)
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)
    assert client.get(condition.get_absolute_url()).status_code == 404


def test_a_condition_page_with_200_questions_keeps_the_budget(
    client, django_assert_max_num_queries
):
    call_command(
        "generate_load_data",
        conditions=1,
        questions=200,
        versions=1,
        experiences=20,
        reviewers=1,
        stdout=io.StringIO(),
    )
    condition = Condition.objects.get()

    with django_assert_max_num_queries(5):
        response = client.get(condition.get_absolute_url())

    assert response.status_code == 200
    assert len(re.findall(r'href="/conditions/[^/"]+/[^/"]+/"', response.text)) == 200
