"""Query budgets of every public page, the same at 1 and at 200 rows per listing.

The page cache is off, so each request runs its view. A budget that holds at
1 row and at 200 proves no page reads a row at a time. Budgets count reads:
the savepoint around each request (``ATOMIC_REQUESTS``) is not one.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Question
from articles.selectors import published_conditions
from community.models import Experience
from reviews.models import ReviewerProfile
from tests.diseasemaps.public_site import build_site, first_question, public_pages

pytestmark = pytest.mark.django_db

READS = {
    "home": 3,
    "index": 2,
    "condition": 2,
    # The live copy with its question, condition, review and the disclaimer;
    # the community counts; the review history.
    "answer": 3,
    # The live copy with its question, condition and review; the history.
    "history": 2,
    "experiences": 3,
    # The profile; its registrations; the answers it lists; the site's changes.
    "reviewer": 4,
    # PostgreSQL ranks in two steps: candidates by the heading vector, then
    # the best of them by the full vector (SQLite's fallback takes one). For
    # one word, the candidates are looked for among the questions first.
    "search": 5,
    "search_word": 5,
    "feed": 2,
    "sitemap": 5,
    "sitemap_answers": 2,
    "signup": 0,
    "login": 0,
    "password_reset": 0,
    "robots": 0,
}
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def reads(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if not query["sql"].startswith(TRANSACTION_CONTROL)
    ]


def test_the_large_site_has_200_rows_in_every_listing():
    build_site(200)

    question = first_question()
    assert published_conditions().count() == 200
    assert (
        Question.objects.published().filter(condition=question.condition).count() == 200
    )
    assert Experience.objects.filter(question=question).count() == 200
    profile = ReviewerProfile.objects.order_by("pk")[0]
    assert profile.user.sign_offs.count() >= 200


@pytest.mark.parametrize("rows", [1, 200])
def test_every_public_page_keeps_its_query_budget(client, rows):
    build_site(rows)
    over_budget = {}
    listed = {}
    for page, url in public_pages().items():
        # Captured rather than asserted page by page, so that a failure names
        # every page over its budget, with its queries.
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, page
        if len(reads(queries)) > READS[page]:
            over_budget[page] = reads(queries)
        listed[page] = response.text
    assert over_budget == {}
    # Within the budget, the listings still show every row.
    question = first_question()
    conditions = published_conditions()
    questions = Question.objects.published().filter(condition=question.condition)
    assert all(c.get_absolute_url() in listed["index"] for c in conditions)
    assert all(q.get_absolute_url() in listed["condition"] for q in questions)
    assert (conditions.count(), questions.count()) == (rows, rows)
