"""The search page itself: form, count, pagination, odd input, budget, entry points."""

import re

import pytest
from django.urls import reverse

from conditions.models import Condition
from search import selectors
from tests import factories
from tests.diseasemaps import public_site
from tests.diseasemaps.html_checks import elements, page_text, parse
from tests.search.views.helpers import (
    SEARCH_URL,
    injected_markup,
    result_titles,
    search,
)

pytestmark = pytest.mark.django_db


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
    assert reverse("articles:condition_index") in hrefs
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


def test_a_broad_search_counts_and_lists_only_up_to_the_limit(
    client, publish, monkeypatch
):
    monkeypatch.setattr(selectors, "COUNTED_RESULTS_LIMIT", 12)
    for number in range(13):
        publish(question=f"Is blepharospasm question {number} answered?")

    first = search(client, "blepharospasm")
    last = search(client, "blepharospasm", page=2)
    beyond = search(client, "blepharospasm", page=3)

    assert (
        "More than 12 answers match “blepharospasm”: the best 12 are listed."
        in page_text(first.content)
    )
    assert "Page 1 of 2" in page_text(first.content)
    assert len(result_titles(first)) == 10
    assert len(result_titles(last)) == 2
    assert result_titles(beyond) == result_titles(last)
    assert len(set(result_titles(first) + result_titles(last))) == 12


def test_matches_up_to_the_limit_are_all_counted(client, publish, monkeypatch):
    monkeypatch.setattr(selectors, "COUNTED_RESULTS_LIMIT", 3)
    for number in range(3):
        publish(question=f"Is blepharospasm question {number} answered?")

    text = page_text(search(client, "blepharospasm").content)

    assert "3 answers match “blepharospasm”." in text
    assert "More than" not in text


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


@pytest.mark.parametrize("answer_count", [1, 200])
def test_search_query_budget(client, django_assert_max_num_queries, answer_count):
    # Written in bulk: every answer is of the one condition, whose name each
    # answer's search document holds.
    public_site.generate(
        conditions=1, questions=answer_count, experiences=0, reviewers=1
    )
    (word, *_) = Condition.objects.get().name.split()

    # The request's savepoint and its release; the candidates (on PostgreSQL,
    # for one word, the question matches; when fewer than a page can list,
    # the heading matches; when fewer again, the body's), the rows, the
    # matching conditions, the suggestions when nothing matched.
    with django_assert_max_num_queries(7):
        response = search(client, word)
    with django_assert_max_num_queries(7):
        search(client, word, page=3)
    with django_assert_max_num_queries(7):
        search(client, "nonexistentword")
    with django_assert_max_num_queries(7):
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
    response = client.get(reverse("articles:condition_index"))
    header = re.search(rb"<header\b.*?</header>", response.content, re.S).group(0)
    assert SEARCH_URL in [link["href"] for link in elements(header, "a")]
