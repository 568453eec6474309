"""The public answer page: the live copy only, in the anatomy of the product spec."""

import datetime
import re

import pytest
from django.urls import reverse

from articles.models import Disclaimer
from articles.services import save_disclaimer
from core import clock
from reviews import workflow
from tests import factories
from tests.diseasemaps.html_checks import elements, page_text
from tests.helpers import (
    edit,
    make_approved,
    make_draft,
    make_in_review,
    make_published,
)

pytestmark = pytest.mark.django_db

REFERENCES = [
    {
        "title": "Natural history of an example syndrome",
        "source": "Orphanet Journal of Rare Diseases",
        "year": 2021,
        "url": "https://example.org/natural-history",
        "doi": "10.1000/nh.2021",
        "pmid": "33000001",
    },
    {
        "title": "A consensus statement",
        "source": "",
        "year": None,
        "url": "",
        "doi": "",
        "pmid": "",
    },
]
PAST = datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC)


def answer_url(answer) -> str:
    return answer.question.get_absolute_url()


def main_section(response) -> bytes:
    """The bytes of the page's <main> element."""
    match = re.search(rb"<main\b.*?</main>", response.content, re.DOTALL)
    assert match, "the page has no <main>"
    return match.group(0)


@pytest.fixture
def published(editor, reviewer):
    condition = factories.ConditionFactory(
        name="Parry-Romberg syndrome",
        slug="parry-romberg-syndrome",
        extra_disclaimer="Ask a craniofacial team about surgery.",
    )
    question = factories.QuestionFactory(
        condition=condition,
        text="What is the underlying cause of Parry-Romberg syndrome?",
        slug="cause",
    )
    with clock.recorded_at(PAST):
        return make_published(
            editor=editor,
            reviewer=reviewer,
            question=question,
            tldr="Nobody knows for sure yet.",
            body="The **cause** is unknown.\n\n## What research says\n\nSeveral ideas.",
            references=REFERENCES,
        )


def test_answer_page_shows_the_live_answer(client, published, reviewer):
    disclaimer = Disclaimer.objects.get(pk=1)
    disclaimer.text = "This is *not* medical advice."
    save_disclaimer(disclaimer)
    with clock.recorded_at(PAST):
        response = client.get(answer_url(published))
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(html)
    assert (
        "Short answer · Medically reviewed summary · Last updated: 5 March 2024" in text
    )
    assert '<time datetime="2024-03-05">5 March 2024</time>' in html
    assert "TL;DR Nobody knows for sure yet." in text
    (h1,) = re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, re.DOTALL)
    assert h1 == "What is the underlying cause of Parry-Romberg syndrome?"
    assert "<strong>cause</strong>" in html
    assert "<h2>What research says</h2>" in html
    profile = reviewer.reviewer_profile
    assert f"Medically reviewed by {profile.full_name}, MD on 5 March 2024" in text
    assert "Next review due: 5 March 2025" in text
    assert "This is <em>not</em> medical advice." in html
    assert "Ask a craniofacial team about surgery." in text


def test_answer_page_follows_the_anatomy_in_order(client, published):
    with clock.recorded_at(PAST):
        html = client.get(answer_url(published)).content.decode()
    text = page_text(html[html.index("<article") :])
    markers = [
        "Medically reviewed summary",
        "TL;DR",
        "What is the underlying cause",
        "Several ideas.",
        "0 people with Parry-Romberg syndrome have shared their first-person",
        "0 individuals living with Parry-Romberg syndrome are part of the community.",
        "References",
        "Medically reviewed by",
        "Next review due",
        "Medical disclaimer",
    ]
    positions = [text.index(marker) for marker in markers]
    assert positions == sorted(positions)


def test_references_are_numbered_and_link_to_url_doi_and_pubmed(client, published):
    html = client.get(answer_url(published)).content.decode()
    references = re.search(r'<section class="references".*?</section>', html, re.DOTALL)
    assert references
    section = references.group(0)
    assert "<ol>" in section
    assert [item["id"] for item in elements(section, "li")] == [
        "reference-1",
        "reference-2",
    ]
    hrefs = [link["href"] for link in elements(section, "a")]
    assert hrefs == [
        "https://example.org/natural-history",
        "https://doi.org/10.1000/nh.2021",
        "https://pubmed.ncbi.nlm.nih.gov/33000001/",
    ]
    text = page_text(section)
    assert "Orphanet Journal of Rare Diseases, 2021." in text
    assert "A consensus statement." in text


def test_reference_links_only_to_safe_urls(client, editor, reviewer):
    unsafe = {
        "title": "Sneaky",
        "url": "javascript:alert(1)",
        "doi": "https://doi.org/10.1000/x y",
        "pmid": "PMC123",
    }
    answer = make_published(editor=editor, reviewer=reviewer, references=[unsafe])
    html = client.get(answer_url(answer)).content.decode()
    hrefs = [link.get("href") for link in elements(html, "a")]
    assert "javascript:alert(1)" not in hrefs
    assert "https://doi.org/10.1000/x%20y" in hrefs
    assert not any("pubmed" in (href or "") for href in hrefs)


def test_review_box_links_to_the_reviewers_page(client, published, reviewer):
    html = client.get(answer_url(published)).content.decode()
    profile_url = reverse(
        "reviews:reviewer_detail",
        kwargs={"reviewer_slug": reviewer.reviewer_profile.slug},
    )
    assert profile_url in [link["href"] for link in elements(html, "a")]


def test_recertifying_moves_reviewed_and_due_dates_but_not_last_updated(
    client, published, other_reviewer
):
    with clock.recorded_at(datetime.datetime(2025, 2, 1, 9, 0, tzinfo=datetime.UTC)):
        workflow.recertify(
            published, shown=workflow.shown_text(published), user=other_reviewer
        )
        text = page_text(client.get(answer_url(published)).content)
    assert "Last updated: 5 March 2024" in text
    name = other_reviewer.reviewer_profile.full_name
    assert f"Medically reviewed by {name}, MD on 1 February 2025" in text
    assert "Next review due: 1 February 2026" in text


def test_live_page_is_unchanged_while_the_working_copy_moves_on(
    client, published, editor, other_reviewer
):
    url = answer_url(published)
    before = main_section(client.get(url))
    edit(published, user=editor, tldr="A new TL;DR nobody approved.", body="New body.")
    assert main_section(client.get(url)) == before
    workflow.submit(published, user=editor)
    assert main_section(client.get(url)) == before
    workflow.approve(
        published, shown=workflow.shown_text(published), user=other_reviewer
    )
    assert main_section(client.get(url)) == before
    assert b"nobody approved" not in client.get(url).content

    workflow.publish(published, shown=workflow.shown_text(published), user=editor)
    after = client.get(url).content
    assert b"A new TL;DR nobody approved." in after


def test_changes_requested_text_never_shows(client, published, editor, reviewer):
    edit(published, user=editor, body="A body the reviewer rejected.")
    workflow.submit(published, user=editor)
    workflow.request_changes(
        published,
        shown=workflow.shown_text(published),
        user=reviewer,
        comment="Cite a source.",
    )
    response = client.get(answer_url(published))
    assert response.status_code == 200
    assert b"the reviewer rejected" not in response.content


@pytest.mark.parametrize(
    "make", [make_draft, make_in_review, make_approved], ids=lambda f: f.__name__
)
def test_unpublished_answers_are_not_found(client, editor, reviewer, make):
    kwargs = {"reviewer": reviewer} if make is make_approved else {}
    answer = make(editor=editor, **kwargs)
    assert client.get(answer_url(answer)).status_code == 404


def test_question_without_an_answer_is_not_found(client):
    question = factories.QuestionFactory()
    assert client.get(question.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("condition_slug", "question_slug"),
    [("parry-romberg-syndrome", "unknown"), ("unknown", "cause")],
)
def test_unknown_slugs_are_not_found(client, published, condition_slug, question_slug):
    url = reverse(
        "answer_detail",
        kwargs={"condition_slug": condition_slug, "question_slug": question_slug},
    )
    assert client.get(url).status_code == 404


def test_question_slug_under_another_condition_is_not_found(client, published):
    other = factories.ConditionFactory()
    url = reverse(
        "answer_detail",
        kwargs={"condition_slug": other.slug, "question_slug": "cause"},
    )
    assert client.get(url).status_code == 404


def test_archived_answer_is_gone_with_a_helpful_page(
    client, published, editor, reviewer, managing_editor
):
    make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=published.question.condition),
    )
    workflow.archive(
        published, shown=workflow.shown_text(published), user=managing_editor
    )
    response = client.get(answer_url(published))
    assert response.status_code == 410
    text = page_text(response.content)
    assert "This answer has been withdrawn" in text
    assert "What is the underlying cause of Parry-Romberg syndrome?" in text
    assert "Nobody knows for sure yet." not in text
    hrefs = [link["href"] for link in elements(response.content, "a")]
    assert "/conditions/parry-romberg-syndrome/" in hrefs
    assert reverse("articles:condition_index") in hrefs


def test_gone_page_links_to_the_condition_only_while_it_has_answers(
    client, published, managing_editor
):
    workflow.archive(
        published, shown=workflow.shown_text(published), user=managing_editor
    )
    response = client.get(answer_url(published))
    assert response.status_code == 410
    hrefs = [link["href"] for link in elements(response.content, "a")]
    assert "/conditions/parry-romberg-syndrome/" not in hrefs


def test_answer_page_answers_head_and_refuses_post(client, published):
    assert client.head(answer_url(published)).status_code == 200
    assert client.post(answer_url(published)).status_code == 405


@pytest.mark.parametrize("reference_count", [1, 30])
def test_answer_page_query_budget(
    client, editor, reviewer, django_assert_max_num_queries, reference_count
):
    references = [
        {**REFERENCES[0], "title": f"Study {number}"}
        for number in range(reference_count)
    ]
    answer = make_published(editor=editor, reviewer=reviewer, references=references)
    with django_assert_max_num_queries(8):
        response = client.get(answer_url(answer))
    assert response.status_code == 200
    assert response.content.count(b'id="reference-') == reference_count
