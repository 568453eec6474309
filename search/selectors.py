"""Reads for the search page: matching answers, matching conditions, suggestions.

Only search documents are matched, and a document exists only for an answer
on the site, so working copies and archived text are never searched.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from articles.models import PublishedAnswer, Question
from articles.selectors import published_conditions
from conditions.models import Condition
from search import fallback, postgres
from search.highlight import marked_html
from search.models import SearchDocument
from search.terms import query_terms

RESULTS_PER_PAGE = 10
# Beyond this many matches the page says "more than" and offers no later
# pages: counting (and paging through) every match of a word that most
# answers contain would cost more than any reader gains from it.
COUNTED_RESULTS_LIMIT = 1000
MATCHING_CONDITIONS_LIMIT = 5
RESULT_FIELDS = (
    "live__text_changed_at",
    "live__answer__question__slug",
    "live__answer__question__condition__name",
    "live__answer__question__condition__slug",
)
# What the fallback reads to mark the texts in Python.
MARKED_FIELDS = ("question_text", "tldr", "body_text")
SUGGESTED_CONDITIONS_COUNT = 6


@dataclass(frozen=True)
class SearchResult:
    """One matching answer as the results page shows it."""

    question: Question
    live: PublishedAnswer
    question_html: SafeString
    snippet_html: SafeString


class CappedPaginator(Paginator):
    """Pages of at most ``limit`` results, counted without ranking them.

    ``count`` stops at ``limit``; ``count_is_capped`` says whether more matched.
    """

    def __init__(self, object_list: QuerySet, per_page: int, *, limit: int):
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def _counted(self) -> int:
        if isinstance(self.object_list, postgres.RankedMatches):
            # Its candidates are counted already (one past the limit).
            return len(self.object_list)
        # Only keys, no ranking or snippets, and no more than one past the limit.
        return self.object_list.order_by().values("pk")[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @property
    def count_is_capped(self) -> bool:
        return self._counted > self.limit


def matching_answers(query: str) -> QuerySet[SearchDocument] | postgres.RankedMatches:
    """Documents of answers on the site that match the query, best first.

    Full-text search on PostgreSQL, the simpler fallback elsewhere.
    """
    # What a result shows: its question's link and condition and its "Last
    # updated"; the marked texts come from the document (on PostgreSQL,
    # marked by the query that reads it).
    shown = RESULT_FIELDS if postgres.in_use() else RESULT_FIELDS + MARKED_FIELDS
    documents = (
        SearchDocument.objects.on_site()
        .select_related("live__answer__question__condition")
        .only(*shown)
    )
    if postgres.in_use():
        # One past the limit, so that the page can say "more than".
        return postgres.RankedMatches(
            documents,
            query,
            limit=COUNTED_RESULTS_LIMIT + 1,
            ranked=postgres.FULLY_RANKED,
        )
    return fallback.matching(documents, query_terms(query))


def answers_matching_headings(query: str) -> QuerySet[SearchDocument]:
    """The keys (``live_id``, an answer's) of the answers on the site whose
    question, condition names or TL;DR match the query: the editors' answer
    search, from the index the public search ranks first."""
    documents = SearchDocument.objects.on_site()
    if postgres.in_use():
        found = postgres.heading_matches(documents, query)
    else:
        found = fallback.heading_matches(documents, query_terms(query))
    return found.values("live_id")


def _result(document: SearchDocument, *, terms: list[str]) -> SearchResult:
    if postgres.in_use():
        marked_question, marked_snippet = postgres.marked_texts(document)
    else:
        marked_question, marked_snippet = fallback.marked_texts(document, terms)
    return SearchResult(
        question=document.live.answer.question,
        live=document.live,
        question_html=marked_html(marked_question),
        snippet_html=marked_html(marked_snippet),
    )


def matching_conditions(query: str) -> list[Condition]:
    """Published conditions whose name or other names contain every query word."""
    terms = query_terms(query)
    if not terms:
        return []
    conditions = published_conditions().only("name", "slug", "other_names")
    for term in terms:
        conditions = conditions.filter(
            Q(name__icontains=term) | Q(other_names__icontains=term)
        )
    return list(conditions.order_by("name")[:MATCHING_CONDITIONS_LIMIT])


def suggested_conditions() -> list[Condition]:
    """A few published conditions to start from when nothing matched."""
    return list(published_conditions()[:SUGGESTED_CONDITIONS_COUNT])


def search_page(query: str, *, page_number: str | None) -> dict:
    """The results page for a query, in at most five queries.

    One page of matching answers (a count, up to ``COUNTED_RESULTS_LIMIT``, and
    the rows; on PostgreSQL the candidates, in one or two queries, and the
    rows), the matching conditions, and, only when no answer matched, a few
    conditions to try.
    """
    paginator = CappedPaginator(
        matching_answers(query), RESULTS_PER_PAGE, limit=COUNTED_RESULTS_LIMIT
    )
    page: Page = paginator.get_page(page_number)
    terms = query_terms(query)
    return {
        "page": page,
        "results": [_result(document, terms=terms) for document in page],
        "matching_conditions": matching_conditions(query),
        "suggested_conditions": (
            [] if page.paginator.count else suggested_conditions()
        ),
    }
