"""PostgreSQL full-text search: weights, stemming, web-style queries, the GIN index."""

import pytest
from django.db import connection

from reviews import workflow
from search import postgres
from search.highlight import HIT_END, HIT_START
from search.models import SearchDocument
from tests import factories
from tests.helpers import edit
from tests.search.conftest import on_postgresql

pytestmark = [pytest.mark.django_db, on_postgresql]


def matches(query: str, *, ranked: int = postgres.FULLY_RANKED) -> list:
    found = postgres.RankedMatches(
        SearchDocument.objects.on_site(), query, limit=1000, ranked=ranked
    )
    return found[:]


def questions(query: str) -> list[str]:
    return [document.question_text for document in matches(query)]


def test_search_vector_is_written_when_an_answer_is_published(publish):
    answer = publish(question="Is uveitis common?")

    document = SearchDocument.objects.get(live__answer=answer)

    assert "'uveiti':2A" in document.search_vector


def test_weights_rank_question_then_tldr_and_names_then_body(publish):
    publish(question="Does it change over time?", body="Sclerodactyly may follow.")
    publish(question="What is seen first?", tldr="Sclerodactyly, often.")
    publish(
        question="What are the signs?",
        condition=factories.ConditionFactory(name="Sclerodactyly syndrome"),
    )
    publish(question="Is sclerodactyly painful?")

    documents = matches("sclerodactyly")

    assert [d.question_text for d in documents] == [
        "Is sclerodactyly painful?",
        "What are the signs?",
        "What is seen first?",
        "Does it change over time?",
    ]
    ranks = [document.rank for document in documents]
    assert ranks[0] > ranks[1] and ranks[2] > ranks[3]


def test_question_match_ranks_above_many_body_matches(publish):
    publish(question="Is it treatable?", body="Alopecia. " * 40)
    publish(question="Is alopecia part of it?")

    assert questions("alopecia") == ["Is alopecia part of it?", "Is it treatable?"]


def test_words_are_matched_by_their_stem(publish):
    publish(question="What causes it?", body="Researchers are still investigating.")

    assert questions("cause investigation") == ["What causes it?"]
    assert questions("hemifac") == []


def test_other_names_are_searched(publish):
    condition = factories.ConditionFactory(
        name="Parry-Romberg syndrome", other_names="Progressive hemifacial atrophy"
    )
    publish(question="What is the cause?", condition=condition)

    assert questions("progressive hemifacial atrophy") == ["What is the cause?"]
    assert questions("Parry-Romberg") == ["What is the cause?"]


def test_web_style_queries_exclude_words_and_match_phrases(publish):
    publish(question="Is facial surgery safe?", body="Fat grafting is common.")
    publish(question="Is eye surgery safe?", body="Grafting fat is rare.")

    assert questions("surgery -facial") == ["Is eye surgery safe?"]
    assert questions('"fat grafting"') == ["Is facial surgery safe?"]


def test_stop_words_alone_match_nothing(publish):
    publish(question="What is the cause?")

    assert questions("the of and") == []


def test_headlines_mark_the_hits_in_plain_text(publish):
    publish(
        question="How is keratitis treated?",
        tldr="Eye drops.",
        body="Treat **keratitis** early: drops protect the cornea.",
    )

    (document,) = matches("keratitis")

    assert document.marked_question == f"How is {HIT_START}keratitis{HIT_END} treated?"
    assert f"{HIT_START}keratitis{HIT_END} early" in document.marked_snippet
    assert "**" not in document.marked_snippet


def test_working_copy_text_is_not_in_the_vector(publish, editor):
    answer = publish(question="Is it rare?", body="Prevalence is unknown.")
    edit(answer, user=editor, body="Unpublished zqxmarker text.")

    assert questions("zqxmarker") == []
    assert questions("prevalence") == ["Is it rare?"]


def test_archived_answers_leave_the_index(publish, managing_editor):
    answer = publish(question="Is hemiatrophy progressive?")

    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)

    assert questions("hemiatrophy") == []
    assert not SearchDocument.objects.filter(live__answer=answer).exists()


def test_the_search_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, SearchDocument._meta.db_table
        )

    index = constraints["search_document_vector_gin"]
    assert index["type"] == "gin"
    assert index["columns"] == ["search_vector"]


def test_the_heading_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(
            cursor, SearchDocument._meta.db_table
        )
    assert indexes["search_document_heading_gin"]["type"] == "gin"
    assert indexes["search_document_heading_gin"]["columns"] == ["heading_vector"]


def test_heading_matches_come_before_body_only_matches_past_the_ranked_ones(publish):
    publish(question="Is it inherited?", body="Surgery rarely helps. Surgery.")
    publish(question="When is surgery needed?")
    publish(question="Who does it?", tldr="A surgery team.")
    publish(question="How is it treated?", body="Surgery is one option.")

    # Only the best one is ranked by the full vector; the rest keep the order
    # of their heading, then body-only matches, newest first.
    assert [d.question_text for d in matches("surgery", ranked=1)] == [
        "When is surgery needed?",
        "Who does it?",
        "How is it treated?",
        "Is it inherited?",
    ]
    assert [d.question_text for d in matches("surgery")][:2] == [
        "When is surgery needed?",
        "Who does it?",
    ]


def test_a_page_straddling_the_ranked_candidates_lists_each_match_once(publish):
    for number in range(6):
        publish(question=f"Does surgery help, case {number}?")

    found = postgres.RankedMatches(
        SearchDocument.objects.on_site(), "surgery", limit=1000, ranked=3
    )

    pages = [found[0:2], found[2:4], found[4:6]]
    listed = [document.pk for page in pages for document in page]
    assert len(listed) == len(set(listed)) == len(found) == 6


def candidate_questions(query: str, *, limit: int) -> list[str]:
    ids = postgres.candidate_ids(query, limit=limit)
    texts = SearchDocument.objects.in_bulk(ids)
    return [texts[pk].question_text for pk in ids]


def test_one_word_candidates_are_the_best_heading_matches_from_the_questions(
    publish,
):
    publish(question="Who treats it?", tldr="Hyperhidrosis clinics, hyperhidrosis.")
    publish(question="Is hyperhidrosis common?")
    publish(question="Does hyperhidrosis last?", tldr="Hyperhidrosis often eases.")

    # A question match outranks a TL;DR-only one, however often the TL;DR
    # has the word: two question matches fill two candidates.
    assert candidate_questions("hyperhidrosis", limit=2) == [
        "Does hyperhidrosis last?",
        "Is hyperhidrosis common?",
    ]
    assert candidate_questions("hyperhidrosis", limit=3) == [
        "Does hyperhidrosis last?",
        "Is hyperhidrosis common?",
        "Who treats it?",
    ]


def test_only_a_query_of_one_word_and_no_operator_looks_at_questions_first(publish):
    publish(question="Is hyperhidrosis common?")

    assert questions_first("hyperhidrosis") == ["Is hyperhidrosis common?"]
    assert questions_first("-facial") == []
    assert questions_first("common hyperhidrosis") == []


def questions_first(query: str) -> list[str]:
    return [document.question_text for document in postgres.question_first(query)]


def test_questions_are_read_through_their_gin_index(publish):
    publish(question="Is hyperhidrosis common?")

    with connection.cursor() as cursor:
        # The table is small enough to scan: make the planner show whether
        # the query's expression is the one indexed.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = postgres.question_first("hyperhidrosis").explain()

    assert "search_document_question_gin" in plan


def test_snippets_show_the_hits_of_the_tldr_or_else_of_the_body(publish):
    publish(
        question="What helps?",
        tldr="Rest helps most. Ptosis crutches help some.",
        body="Ptosis surgery is rare.",
    )
    publish(
        question="What else helps?",
        tldr="Rest helps most.",
        body="Ptosis surgery is rare.",
    )
    publish(
        question="Is ptosis common?",
        tldr="Rest helps most.",
        body="Surgery is rare.",
    )

    snippets = {d.question_text: d.marked_snippet for d in matches("ptosis")}

    hit = f"{HIT_START}Ptosis{HIT_END}"
    assert snippets["What helps?"] == f"Rest helps most. {hit} crutches help some"
    assert f"{hit} surgery is rare" in snippets["What else helps?"]
    assert snippets["Is ptosis common?"] == "Rest helps most."
