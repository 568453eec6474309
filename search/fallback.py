"""Search without PostgreSQL (SQLite in development and tests).

Every word of the query must occur somewhere in the document (a case-
insensitive substring). Each word scores by the best place it occurs: the
question, then the condition's names or the TL;DR, then the body, so a
question match still ranks above a body-only match. Snippets are cut and
marked in Python.
"""

from django.db.models import Case, Q, QuerySet, Value, When

from search.highlight import excerpt, mark_terms

QUESTION_POINTS = 4
SUMMARY_POINTS = 2
BODY_POINTS = 1


def _occurs_anywhere(term: str) -> Q:
    return (
        Q(question_text__icontains=term)
        | Q(condition_names__icontains=term)
        | Q(tldr__icontains=term)
        | Q(body_text__icontains=term)
    )


def heading_matches(documents: QuerySet, terms: list[str]) -> QuerySet:
    """The documents whose question, condition names or TL;DR contain every term."""
    if not terms:
        return documents.none()
    for term in terms:
        documents = documents.filter(
            Q(question_text__icontains=term)
            | Q(condition_names__icontains=term)
            | Q(tldr__icontains=term)
        )
    return documents


def _points(term: str) -> Case:
    return Case(
        When(question_text__icontains=term, then=Value(QUESTION_POINTS)),
        When(
            Q(condition_names__icontains=term) | Q(tldr__icontains=term),
            then=Value(SUMMARY_POINTS),
        ),
        default=Value(BODY_POINTS),
    )


def matching(documents: QuerySet, terms: list[str]) -> QuerySet:
    """The documents that contain every term, best first."""
    if not terms:
        return documents.none()
    rank = Value(0)
    for term in terms:
        documents = documents.filter(_occurs_anywhere(term))
        rank = rank + _points(term)
    return documents.annotate(rank=rank).order_by("-rank", "-text_changed_at", "pk")


def marked_texts(document, terms: list[str]) -> tuple[str, str]:
    """The question and an excerpt of the TL;DR and body, terms marked."""
    return (
        mark_terms(document.question_text, terms),
        excerpt(f"{document.tldr} {document.body_text}", terms),
    )
