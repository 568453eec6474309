"""The search page, on whichever database the suite runs (PostgreSQL or SQLite).

Each behaviour here runs against the search the site really uses: PostgreSQL
full-text search in CI's PostgreSQL run, the fallback in the SQLite run.
"""

import re

import pytest
from django.urls import reverse

from reviews import workflow
from tests import factories
from tests.diseasemaps.html_checks import (
    elements,
    executable_markup,
    page_text,
    parse,
)
from tests.helpers import edit, make_approved, make_draft, make_in_review

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("search")


def search(client, query, **params):
    response = client.get(SEARCH_URL, {"q": query, **params})
    assert response.status_code == 200
    return response


def results_markup(response) -> str:
    """The list of results, or "" when the page has none."""
    match = re.search(r'<ol class="search-results".*?</ol>', response.text, re.S)
    return match.group(0) if match else ""


def result_titles(response) -> list[str]:
    """The question of each result, in the order shown."""
    return [
        page_text(item)
        for item in re.findall(r"<h3>(.*?)</h3>", results_markup(response), re.S)
    ]


def injected_markup(response) -> list[str]:
    """Executable markup in the page other than its own search form.

    The search box may only carry its own attributes, whatever was typed in it.
    """
    own_attributes = {"type", "id", "name", "value", "aria-invalid", "aria-describedby"}
    problems = []
    for field in elements(response.text, "input"):
        if set(field) - own_attributes:
            problems.append(f"<input> with {sorted(set(field) - own_attributes)}")
    main = re.search(r"<main\b.*?</main>", response.text, re.S).group(0)
    without_form = re.sub(r'<form class="search-form".*?</form>', "", main, flags=re.S)
    return problems + executable_markup(without_form)


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

    workflow.archive(answer, user=managing_editor)

    assert result_titles(search(client, "hemiatrophy")) == []


def test_a_republished_answer_is_found_by_its_new_text(
    client, publish, editor, other_reviewer
):
    answer = publish(question="How is it treated?", body="Methotrexate may help.")
    edit(answer, user=editor, body="Mycophenolate may help.")
    assert result_titles(search(client, "mycophenolate")) == []

    workflow.submit(answer, user=editor)
    workflow.approve(answer, user=other_reviewer)
    workflow.publish(answer, user=editor)

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


def test_a_question_reworded_in_the_admin_is_found_by_its_new_text(
    client, publish, editor
):
    answer = publish(question="Is it contagious?")
    question = answer.question
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_question_change", args=[question.pk]),
        {
            "condition": question.condition_id,
            "text": "Is it infectious?",
            "slug": question.slug,
            "topic": question.topic,
            "position": question.position,
        },
    )
    assert response.status_code == 302
    client.logout()

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


# The page -------------------------------------------------------------------------


def test_results_page_is_labelled_counted_and_not_indexed(client, publish):
    publish(question="Is ptosis treatable?")
    publish(question="Is ptosis common?")

    response = search(client, "ptosis")
    html = response.content.decode()

    (field,) = [i for i in elements(html, "input") if i.get("name") == "q"]
    assert field["type"] == "search"
    assert field["value"] == "ptosis"
    labels = [label for label in elements(html, "label") if label["for"] == field["id"]]
    assert len(labels) == 1
    assert "2 answers match “ptosis”." in page_text(html)
    assert {"name": "robots", "content": "noindex"} in elements(html, "meta")
    assert len(elements(html, "ol")) == 1


@pytest.mark.parametrize("query", ["ptosis", "nonexistentword", "x" * 201, ""])
def test_every_search_page_is_well_formed(client, publish, query):
    publish(question="Is ptosis treatable?")

    html = search(client, query).text
    document = parse(html)

    assert document.errors == [] and document.open == []
    assert len(elements(html, "h1")) == 1
    ids = [attrs["id"] for _, attrs in document.elements if "id" in attrs]
    assert len(ids) == len(set(ids))
    assert {"name": "robots", "content": "noindex"} in elements(html, "meta")


def test_one_result_is_counted_in_the_singular(client, publish):
    publish(question="Is ptosis treatable?")

    assert "1 answer matches “ptosis”." in page_text(search(client, "ptosis").content)


def test_empty_query_shows_the_form_and_a_hint(client, publish):
    publish(question="Is ptosis treatable?")
    for response in (client.get(SEARCH_URL), search(client, "   ")):
        assert response.status_code == 200
        text = page_text(response.content)
        assert "Search questions and conditions" in text
        assert "for example" in text
        assert "match" not in text
        assert "No answers found" not in text


def test_no_results_page_offers_suggestions(client, publish):
    condition = factories.ConditionFactory(name="Moebius syndrome", other_names="")
    publish(question="Can children smile?", condition=condition)
    unpublished = factories.ConditionFactory(name="Unpublished syndrome")

    response = search(client, "nonexistentword")
    text = page_text(response.content)
    hrefs = [link["href"] for link in elements(response.content, "a")]

    assert "0 answers match “nonexistentword”." in text
    assert "No answers found" in text
    assert "Check the spelling" in text
    assert reverse("conditions:condition_index") in hrefs
    assert condition.get_absolute_url() in hrefs
    assert unpublished.get_absolute_url() not in hrefs


def test_results_are_paginated_with_prev_and_next_links(client, publish):
    for number in range(23):
        publish(question=f"Is blepharospasm question {number} answered?")

    first = search(client, "blepharospasm")
    second = search(client, "blepharospasm", page=2)
    last = search(client, "blepharospasm", page=3)

    def rel_links(response):
        return {
            link["rel"]: link["href"]
            for link in elements(response.content, "a")
            if link.get("rel") in ("prev", "next")
        }

    assert len(result_titles(first)) == 10
    assert rel_links(first) == {"next": f"{SEARCH_URL}?q=blepharospasm&page=2"}
    assert rel_links(second) == {
        "prev": f"{SEARCH_URL}?q=blepharospasm&page=1",
        "next": f"{SEARCH_URL}?q=blepharospasm&page=3",
    }
    assert rel_links(last) == {"prev": f"{SEARCH_URL}?q=blepharospasm&page=2"}
    assert len(result_titles(last)) == 3
    assert "Page 2 of 3" in page_text(second.content)
    (results,) = [ol for ol in elements(second.content, "ol")]
    assert results["start"] == "11"
    all_titles = result_titles(first) + result_titles(second) + result_titles(last)
    assert len(set(all_titles)) == 23


@pytest.mark.parametrize("page", ["0", "abc", "999", "-1", "1e3"])
def test_odd_page_numbers_show_a_page_not_an_error(client, publish, page):
    publish(question="Is ptosis treatable?")

    assert result_titles(search(client, "ptosis", page=page)) == [
        "Is ptosis treatable?"
    ]


ODD_QUERIES = [
    "'; DROP TABLE search_searchdocument; --",
    '"unterminated quote',
    "a & b | !c <-> d:*",
    "(((",
    "-",
    "or",
    "%_\\",
    "<script>alert(1)</script>",
    '" onfocus="alert(1)',
    "\u202egnissim",
    "naïve Sjögren 😀",
    "\x02\x03",
    "?",
    "the of and",
    "x" * 200,
    " ".join(["ptosis"] * 60),
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_do_not_error(client, publish, query):
    publish(question="Is ptosis treatable?")

    response = search(client, query)

    assert injected_markup(response) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 201, "Keep your search to 200 characters or fewer."),
        ("x" * 100_000, "Keep your search to 200 characters or fewer."),
        ("ptosis\x00", "Null characters are not allowed."),
    ],
)
def test_refused_queries_are_explained_not_searched(client, publish, query, message):
    publish(question="Is ptosis treatable?")

    response = search(client, query)
    html = response.content.decode()

    assert message in page_text(html)
    assert result_titles(response) == []
    (field,) = [i for i in elements(html, "input") if i.get("name") == "q"]
    assert field["aria-invalid"] == "true"
    assert "\x00" not in html
    assert len(field["value"]) <= 200


def test_search_only_answers_get_and_head(client):
    assert client.post(SEARCH_URL, {"q": "x"}).status_code == 405
    assert client.head(SEARCH_URL).status_code == 200


# Query budget ---------------------------------------------------------------------


@pytest.mark.parametrize("answer_count", [1, 30])
def test_search_query_budget(
    client, publish, django_assert_max_num_queries, answer_count
):
    condition = factories.ConditionFactory(name="Moebius syndrome", other_names="")
    for number in range(answer_count):
        publish(question=f"Is strabismus {number} common?", condition=condition)

    with django_assert_max_num_queries(5):
        response = search(client, "strabismus")
    with django_assert_max_num_queries(5):
        search(client, "strabismus", page=3)
    with django_assert_max_num_queries(5):
        search(client, "nonexistentword")
    with django_assert_max_num_queries(5):
        client.get(SEARCH_URL)

    assert len(result_titles(response)) == min(answer_count, 10)


# Search elsewhere on the site -----------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"), [(reverse("home"), 200), ("/conditions/nothing/here/", 404)]
)
def test_home_and_not_found_pages_offer_search(client, settings, url, status):
    settings.DEBUG = False
    response = client.get(url)
    assert response.status_code == status
    html = response.content.decode()

    (form,) = [f for f in elements(html, "form") if f.get("role") == "search"]
    assert form["action"] == SEARCH_URL
    assert form["method"] == "get"
    (field,) = [i for i in elements(html, "input") if i.get("name") == "q"]
    assert [label for label in elements(html, "label") if label["for"] == field["id"]]


def test_every_page_header_links_to_search(client):
    response = client.get(reverse("conditions:condition_index"))
    header = re.search(rb"<header\b.*?</header>", response.content, re.S).group(0)
    assert SEARCH_URL in [link["href"] for link in elements(header, "a")]
