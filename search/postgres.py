"""Full-text search on PostgreSQL: weighted, ranked, with ``ts_headline`` snippets.

Each search document stores a weighted ``tsvector`` (GIN-indexed): the question
is weight A, the condition's names and the TL;DR weight B, the body weight C.
``ts_rank`` with its default weights (A 1.0, B 0.4, C 0.2) then puts a match
in the question above a match in the TL;DR, and both above a body-only match.
"""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.functions import Concat

from search.highlight import HIT_END, HIT_START

SEARCH_CONFIG = "english"
SNIPPET_MAX_WORDS = 35
SNIPPET_MIN_WORDS = 15
SNIPPET_FRAGMENTS = 2
SNIPPET_DELIMITER = " … "


def in_use() -> bool:
    """Whether the database is PostgreSQL, so that its full-text search is used."""
    return connection.vendor == "postgresql"


def document_vector() -> SearchVector:
    """The weighted vector of a search document, computed from its own columns."""
    return (
        SearchVector("question_text", weight="A", config=SEARCH_CONFIG)
        + SearchVector("condition_names", "tldr", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_text", weight="C", config=SEARCH_CONFIG)
    )


def matching(documents: QuerySet, query: str) -> QuerySet:
    """The documents matching a web-style query, best first, hits marked.

    ``websearch_to_tsquery`` accepts any text (quotes, "or", "-word" and stray
    punctuation included) without a syntax error. Each row carries
    ``marked_question`` and ``marked_snippet``: plain text with hits marked.
    """
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    markers = {"config": SEARCH_CONFIG, "start_sel": HIT_START, "stop_sel": HIT_END}
    return (
        documents.filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            marked_question=SearchHeadline(
                "question_text", search_query, highlight_all=True, **markers
            ),
            marked_snippet=SearchHeadline(
                Concat("tldr", Value(" "), "body_text", output_field=TextField()),
                search_query,
                max_words=SNIPPET_MAX_WORDS,
                min_words=SNIPPET_MIN_WORDS,
                max_fragments=SNIPPET_FRAGMENTS,
                fragment_delimiter=SNIPPET_DELIMITER,
                **markers,
            ),
        )
        .order_by("-rank", "-live__text_changed_at", "pk")
    )


def marked_texts(document) -> tuple[str, str]:
    """The question and the snippet of a matched document, hits marked."""
    return document.marked_question, document.marked_snippet
