"""Full-text search on PostgreSQL: weighted, ranked, with ``ts_headline`` snippets.

Each search document stores a weighted ``tsvector`` (GIN-indexed): the question
is weight A, the condition's names and the TL;DR weight B, the body weight C.
``ts_rank`` with its default weights (A 1.0, B 0.4, C 0.2) then puts a match
in the question above a match in the TL;DR, and both above a body-only match.

Ranking reads the vector of every document it ranks: about 2.6 KB,
compressed, apart from the row. A word that nearly every answer contains
would have every vector read and ranked for one page of results. So ranking
goes in two steps:

1. The candidates: the documents whose small "heading" vector (question,
   names, TL;DR; GIN-indexed, kept in the row) matches, best heading rank
   first, as many as the results page may list; when fewer match there, the
   documents that match only in the body fill up, newest first.
2. The best ``FULLY_RANKED`` (200) candidates are ranked by the full
   vector, as before; the later ones, on pages few readers reach, stay in
   heading order.

A word in most headings ("pain", in 35,609 of the load set's 50,000) would
still have every heading vector read and ranked. For a query of one word, every
heading match with the word in its question (weight A) outranks every one
without it, so the candidates are first looked for among the questions
alone, through a GIN index of the question's words (search migration 0007):
when those fill the candidates, they are the ones the heading ranking would
give, having read only the questions that match.

A heading match always outranks a body-only match for one word (the weights
above), so the first pages are those the full ranking of every match would
give, at the cost of reading 200 full vectors instead of every match's.
"""

from collections.abc import Sequence

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat

from search.highlight import HIT_END, HIT_START
from search.models import SearchDocument

SEARCH_CONFIG = "english"
SNIPPET_MAX_WORDS = 35
SNIPPET_MIN_WORDS = 15
SNIPPET_FRAGMENTS = 2
SNIPPET_DELIMITER = " … "
# Candidates ranked by the full vector (step 2 of the module docstring).
FULLY_RANKED = 200


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


def heading_vector() -> SearchVector:
    """The weighted vector of a document's question, names and TL;DR."""
    return SearchVector("question_text", weight="A", config=SEARCH_CONFIG) + (
        SearchVector("condition_names", "tldr", weight="B", config=SEARCH_CONFIG)
    )


def question_vector() -> SearchVector:
    """The words of a document's question alone, as their GIN index holds them."""
    return SearchVector("question_text", config=SEARCH_CONFIG)


def _query(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def _is_one_word(query: str) -> bool:
    # A first guess, before asking the database: the query's words are
    # only known once parsed (a hyphenated word makes several).
    return len(query.split()) == 1


def _by_heading_rank(search_query: SearchQuery) -> QuerySet:
    return SearchDocument.objects.annotate(
        heading_rank=SearchRank(F("heading_vector"), search_query)
    ).order_by("-heading_rank", "-text_changed_at", "pk")


def question_first(query: str) -> QuerySet:
    """The documents whose question has the query's only word, best heading
    rank first; none for a query of more than one word or any operator."""
    search_query = _query(query)
    return (
        _by_heading_rank(search_query)
        .alias(
            question_words=question_vector(),
            # One word, and no operator: ``numnode`` counts both.
            query_nodes=Func(
                search_query, function="numnode", output_field=IntegerField()
            ),
        )
        .filter(question_words=search_query, query_nodes=1)
    )


def candidate_ids(query: str, *, limit: int) -> list[int]:
    """Step 1 (see the module docstring): the keys of at most ``limit``
    documents, heading matches first, best heading rank first.

    Read from the documents alone: the rows of the results come through
    ``SearchDocument.objects.on_site()``, which keeps to the answers on the site.
    """
    if _is_one_word(query):
        in_question = list(question_first(query).values_list("pk", flat=True)[:limit])
        if len(in_question) == limit:
            return in_question
    search_query = _query(query)
    by_heading = list(
        _by_heading_rank(search_query)
        .filter(heading_vector=search_query)
        .values_list("pk", flat=True)[:limit]
    )
    if len(by_heading) == limit:
        return by_heading
    body_only = (
        SearchDocument.objects.filter(search_vector=search_query)
        .exclude(heading_vector=search_query)
        .order_by("-text_changed_at", "pk")
        .values_list("pk", flat=True)[: limit - len(by_heading)]
    )
    return by_heading + list(body_only)


def heading_matches(documents: QuerySet, query: str) -> QuerySet:
    """The documents whose heading vector matches the query (GIN-indexed)."""
    return documents.filter(heading_vector=_query(query))


def _snippet(text, search_query: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        text,
        search_query,
        config=SEARCH_CONFIG,
        start_sel=HIT_START,
        stop_sel=HIT_END,
        max_words=SNIPPET_MAX_WORDS,
        min_words=SNIPPET_MIN_WORDS,
        max_fragments=SNIPPET_FRAGMENTS,
        fragment_delimiter=SNIPPET_DELIMITER,
    )


def _marked_snippet(search_query: SearchQuery) -> Case:
    """The snippet: from the TL;DR when it has the hits, or when the body has
    none either (a match in the question or the names: the TL;DR's start);
    from the TL;DR and the body otherwise.

    ``ts_headline`` parses all the text it is given: about 1 ms for a body
    of 600 words, a few hundredths of a millisecond for a TL;DR. Whether the
    body has a hit is read from the weight-C words of the stored vector
    instead of parsing the body.
    """
    tldr_has_hits = SearchVectorExact(
        SearchVector("tldr", config=SEARCH_CONFIG), search_query
    )
    body_has_hits = SearchVectorExact(
        Func(
            F("search_vector"),
            Value("{c}"),
            function="ts_filter",
            output_field=SearchVectorField(),
        ),
        search_query,
    )
    tldr_only = _snippet("tldr", search_query)
    return Case(
        When(tldr_has_hits, then=tldr_only),
        When(
            body_has_hits,
            then=_snippet(
                Concat("tldr", Value(" "), "body_text", output_field=TextField()),
                search_query,
            ),
        ),
        default=tldr_only,
        output_field=TextField(),
    )


def _marked(documents: QuerySet, search_query: SearchQuery) -> QuerySet:
    """Each row with ``marked_question`` and ``marked_snippet``: plain text
    with hits marked."""
    return documents.annotate(
        marked_question=SearchHeadline(
            "question_text",
            search_query,
            highlight_all=True,
            config=SEARCH_CONFIG,
            start_sel=HIT_START,
            stop_sel=HIT_END,
        ),
        marked_snippet=_marked_snippet(search_query),
    )


class RankedMatches(Sequence):
    """The documents matching a web-style query, in rank order, as a paginator
    slices them: the first ``ranked`` candidates ranked by the full vector,
    the rest in heading order (step 2 of the module docstring).

    ``websearch_to_tsquery`` accepts any text (quotes, "or", "-word" and stray
    punctuation included) without a syntax error.
    """

    def __init__(self, documents: QuerySet, query: str, *, limit: int, ranked: int):
        self.search_query = _query(query)
        self.documents = _marked(documents, self.search_query)
        self.ids = candidate_ids(query, limit=limit)
        self.ranked = ranked

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self.ids))
        rows = []
        if start < self.ranked:
            rows += list(self._best()[start : min(stop, self.ranked)])
        rest = self.ids[max(start, self.ranked) : stop]
        if rest:
            by_id = self.documents.filter(pk__in=rest).in_bulk()
            rows += [by_id[pk] for pk in rest if pk in by_id]
        return rows

    def _best(self) -> QuerySet:
        return (
            self.documents.filter(pk__in=self.ids[: self.ranked])
            .annotate(rank=SearchRank(F("search_vector"), self.search_query))
            .order_by("-rank", "-text_changed_at", "pk")
        )


def marked_texts(document) -> tuple[str, str]:
    """The question and the snippet of a matched document, hits marked."""
    return document.marked_question, document.marked_snippet
