"""What the search page finds and how it ranks and shows it.

Each test runs against the search the site really uses: PostgreSQL full-text
search in the PostgreSQL run, the fallback in the SQLite run.
"""

import re

import pytest
from django.urls import reverse

from reviews import workflow
from tests import factories
from tests.diseasemaps.html_checks import elements, page_text, parse
from tests.helpers import (
    edit,
    make_approved,
    make_draft,
    make_in_review,
    publish_new_text,
)
from tests.search.views.helpers import (
    injected_markup,
    result_titles,
    results_markup,
    search,
)

pytestmark = pytest.mark.django_db


# Ranking and matching -------------------------------------------------------------


def test_question_match_ranks_above_body_only_match(client, publish):
    publish(question="Is lipoatrophy inherited?", body="Families ask this often.")
    publish(
        question="What happens over time?",
        body="Lipoatrophy, the loss of fat under the skin, slows after some years.",
    )

    titles = result_titles(search(client, "lipoatrophy"))

    assert titles == ["Is lipoatrophy inherited?", "What happens over time?"]


def test_tldr_match_ranks_above_body_only_match(client, publish):
    publish(question="Does it hurt?", body="Enophthalmos is painless in most people.")
    publish(question="How does the eye change?", tldr="Enophthalmos is common.")

    titles = result_titles(search(client, "enophthalmos"))

    assert titles == ["How does the eye change?", "Does it hurt?"]


def test_every_word_of_the_query_must_match(client, publish):
    publish(
        question="Is morphoea linked to it?", body="Morphoea and linear scleroderma."
    )
    publish(question="What about morphoea in adults?", body="It is rare.")

    titles = result_titles(search(client, "morphoea scleroderma"))

    assert titles == ["Is morphoea linked to it?"]


def test_a_condition_is_found_by_its_other_name(client, publish):
    condition = factories.ConditionFactory(
        name="Parry-Romberg syndrome",
        other_names="Progressive hemifacial atrophy\nRomberg disease",
    )
    publish(question="What is the underlying cause?", condition=condition)
    publish(question="What should families know?")

    response = search(client, "hemifacial atrophy")

    assert result_titles(response) == ["What is the underlying cause?"]
    (section,) = re.findall(
        rb'<section class="search-conditions".*?</section>', response.content, re.S
    )
    assert [link["href"] for link in elements(section, "a")] == [
        condition.get_absolute_url()
    ]
    assert "Parry-Romberg syndrome" in page_text(section)


def test_a_condition_is_found_by_its_name(client, publish):
    condition = factories.ConditionFactory(name="Moebius syndrome", other_names="")
    publish(question="Can children smile?", condition=condition)

    response = search(client, "Moebius")

    assert result_titles(response) == ["Can children smile?"]
    assert condition.get_absolute_url() in [
        link["href"] for link in elements(response.content, "a")
    ]


def test_search_ignores_case(client, publish):
    publish(question="Is craniofacial surgery needed?")

    assert result_titles(search(client, "CRANIOFACIAL")) == [
        "Is craniofacial surgery needed?"
    ]


# Only what is on the site ---------------------------------------------------------


def test_never_returns_unpublished_text(client, publish, editor, reviewer):
    condition = factories.ConditionFactory(other_names="")
    live = publish(question="Is zebrafinch research useful?", condition=condition)
    edit(live, user=editor, tldr="Draft zqxmarker TL;DR.", body="Draft zqxmarker body.")
    for make, name in [(make_draft, "draft"), (make_in_review, "review")]:
        make(
            editor=editor,
            question=factories.QuestionFactory(
                condition=condition, text=f"Is the zqxmarker {name} visible?"
            ),
        )
    make_approved(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(
            condition=condition, text="Is the approved zqxmarker visible?"
        ),
        body="An approved, unpublished zqxmarker body.",
    )

    response = search(client, "zqxmarker")

    assert result_titles(response) == []
    assert "No answers found" in page_text(response.content)
    assert "Draft zqxmarker" not in response.content.decode()
    # The live text is still what search finds.
    assert result_titles(search(client, "zebrafinch")) == [
        "Is zebrafinch research useful?"
    ]


def test_an_archived_answer_is_no_longer_found(client, publish, managing_editor):
    answer = publish(question="Is hemiatrophy progressive?")
    assert result_titles(search(client, "hemiatrophy"))

    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)

    assert result_titles(search(client, "hemiatrophy")) == []


def test_a_republished_answer_is_found_by_its_new_text(
    client, publish, editor, other_reviewer
):
    answer = publish(question="How is it treated?", body="Methotrexate may help.")
    edit(answer, user=editor, body="Mycophenolate may help.")
    assert result_titles(search(client, "mycophenolate")) == []

    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=other_reviewer)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert result_titles(search(client, "mycophenolate")) == ["How is it treated?"]
    assert result_titles(search(client, "methotrexate")) == []


# Admin changes reach search -------------------------------------------------------


def _condition_form(condition, **changes) -> dict:
    return {
        "name": condition.name,
        "slug": condition.slug,
        "other_names": condition.other_names,
        "summary": condition.summary,
        "icd10_code": "",
        "orpha_code": "",
        "extra_disclaimer": "",
        "review_interval_months": "",
        **changes,
    }


def test_a_condition_renamed_in_the_admin_is_found_by_its_new_names(
    client, publish, managing_editor
):
    condition = factories.ConditionFactory(name="Romberg syndrome", other_names="")
    publish(question="What is the underlying cause?", condition=condition)
    client.force_login(managing_editor)

    response = client.post(
        reverse("admin:conditions_condition_change", args=[condition.pk]),
        _condition_form(
            condition,
            name="Parry-Romberg syndrome",
            other_names="Progressive hemifacial atrophy",
        ),
    )
    assert response.status_code == 302
    client.logout()

    assert result_titles(search(client, "Parry")) == ["What is the underlying cause?"]
    assert result_titles(search(client, "hemifacial")) == [
        "What is the underlying cause?"
    ]


def test_a_question_reworded_is_found_by_its_new_text_once_published(
    client, publish, editor, other_reviewer
):
    answer = publish(question="Is it contagious?")
    edit(answer, user=editor, question_text="Is it infectious?")

    assert result_titles(search(client, "infectious")) == []
    assert result_titles(search(client, "contagious")) == ["Is it contagious?"]

    publish_new_text(answer, editor=editor, reviewer=other_reviewer)

    assert result_titles(search(client, "infectious")) == ["Is it infectious?"]
    assert result_titles(search(client, "contagious")) == []


# Snippets -------------------------------------------------------------------------


def test_hits_are_marked_in_the_question_and_the_snippet(client, publish):
    publish(
        question="Does keratitis affect sight?",
        body="Some people have **dry eyes**; keratitis needs an eye doctor.",
    )

    response = search(client, "keratitis")
    html = response.content.decode()

    assert "<mark>keratitis</mark>" in html
    assert html.count("<mark>") >= 2
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', html, re.S).group(1)
    assert "dry eyes" in snippet
    assert "**" not in snippet
    assert "<strong>" not in snippet


@pytest.mark.parametrize(
    "body",
    [
        "Write `<script>alert(1)</script>` if asked about zqxsnippet.",
        "    <img src=x onerror=alert(1)> zqxsnippet",
        "A &lt;b&gt;zqxsnippet&lt;/b&gt; in entities, and <b>raw</b> tags.",
    ],
)
def test_snippets_never_carry_html_from_the_text(client, publish, body):
    publish(question="Is this zqxsnippet safe?", body=body)

    response = search(client, "zqxsnippet")

    assert result_titles(response) == ["Is this zqxsnippet safe?"]
    assert injected_markup(response) == []
    tags = {tag for tag, _ in parse(results_markup(response)).elements}
    assert tags == {"ol", "li", "h3", "a", "mark", "p", "time"}
