"""The search without PostgreSQL: every word must occur, ranked by where it occurs.

The fallback is plain ORM, so these tests run on every database; the last one
checks that the SQLite site really uses it.
"""

import pytest
from django.urls import reverse

from search import fallback
from search.highlight import HIT_END, HIT_START
from search.models import SearchDocument
from tests import factories
from tests.helpers import edit
from tests.search.conftest import on_sqlite

pytestmark = pytest.mark.django_db


def matches(*terms: str) -> list[SearchDocument]:
    return list(fallback.matching(SearchDocument.objects.on_site(), list(terms)))


def questions(*terms: str) -> list[str]:
    return [document.question_text for document in matches(*terms)]


def test_question_outranks_tldr_and_names_which_outrank_body(publish):
    publish(question="Does it change over time?", body="Sclerodactyly may follow.")
    publish(question="What is seen first?", tldr="Sclerodactyly, often.")
    publish(question="Is sclerodactyly painful?")

    documents = matches("sclerodactyly")

    assert [(d.question_text, d.rank) for d in documents] == [
        ("Is sclerodactyly painful?", fallback.QUESTION_POINTS),
        ("What is seen first?", fallback.SUMMARY_POINTS),
        ("Does it change over time?", fallback.BODY_POINTS),
    ]


def test_each_word_adds_the_points_of_its_best_place(publish):
    publish(question="Is alopecia common?", body="Alopecia and vitiligo.")
    publish(question="Is vitiligo common?", body="Vitiligo and alopecia.")
    publish(question="Is alopecia with vitiligo common?")

    assert questions("alopecia", "vitiligo")[0] == "Is alopecia with vitiligo common?"
    ranks = [document.rank for document in matches("alopecia", "vitiligo")]
    assert ranks[0] == 2 * fallback.QUESTION_POINTS
    assert ranks[1:] == [fallback.QUESTION_POINTS + fallback.BODY_POINTS] * 2


def test_every_term_must_occur(publish):
    publish(question="Is morphoea linked?", body="Morphoea and scleroderma.")
    publish(question="What about morphoea?")

    assert questions("morphoea", "scleroderma") == ["Is morphoea linked?"]


def test_other_names_and_case_do_not_matter(publish):
    condition = factories.ConditionFactory(
        name="Parry-Romberg syndrome", other_names="Progressive hemifacial atrophy"
    )
    publish(question="What is the cause?", condition=condition)

    assert questions("HEMIFACIAL", "atrophy") == ["What is the cause?"]


def test_no_terms_match_nothing(publish):
    publish()

    assert matches() == []


def test_working_copy_text_is_never_matched(publish, editor):
    answer = publish(question="Is it rare?", body="Prevalence is unknown.")
    edit(answer, user=editor, body="Unpublished zqxmarker text.")

    assert questions("zqxmarker") == []
    assert questions("prevalence") == ["Is it rare?"]


def test_marked_texts_mark_the_terms_in_question_and_excerpt(publish):
    publish(question="How is Keratitis treated?", tldr="Eye drops.", body="Treat it.")

    (document,) = matches("keratitis")
    question, snippet = fallback.marked_texts(document, ["keratitis"])

    assert question == f"How is {HIT_START}Keratitis{HIT_END} treated?"
    assert snippet == "Eye drops. Treat it."


@on_sqlite
def test_the_sqlite_site_matches_parts_of_words(client, publish):
    publish(question="Is hemifacial atrophy painful?")

    response = client.get(reverse("search"), {"q": "hemifac"})

    assert "<mark>hemifac</mark>ial" in response.text
