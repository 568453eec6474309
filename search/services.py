"""Keep the search documents in step with what the public can read.

A search document copies an answer's live text, its question and its
condition's names. Whatever changes one of those calls one of these functions,
in the same transaction:

- ``reviews.workflow.publish`` and ``archive``, the only code that changes a
  live copy, call :func:`reindex_answer`;
- the admin's saves of a question or a condition (text, names, a move to
  another condition, a revert) call :func:`reindex_question` or
  :func:`reindex_condition`.

An answer that is not on the site (never published, or archived) has no
document, so search cannot return its text.
"""

from django.db import transaction
from django.db.models import QuerySet

from articles.models import Answer, PublishedAnswer, Question
from conditions.models import Condition
from search import postgres
from search.documents import document_fields
from search.models import SearchDocument


def reindex_answer(answer: Answer) -> None:
    """Rewrite the answer's search document from its live copy, or remove it."""
    _reindex(PublishedAnswer.objects.filter(answer=answer))


def reindex_question(question: Question) -> None:
    """Rewrite the search document of the question's answer, if it is on the site."""
    _reindex(PublishedAnswer.objects.filter(answer__question=question))


def reindex_condition(condition: Condition) -> None:
    """Rewrite the search documents of every answer on the site for the condition."""
    _reindex(PublishedAnswer.objects.filter(answer__question__condition=condition))


def _reindex(live_copies: QuerySet[PublishedAnswer]) -> None:
    live_copies = list(live_copies.select_related("answer__question__condition"))
    on_site = [live for live in live_copies if live.archived_at is None]
    with transaction.atomic():
        SearchDocument.objects.filter(live__in=live_copies).delete()
        SearchDocument.objects.bulk_create(
            SearchDocument(live=live, **document_fields(live)) for live in on_site
        )
        if on_site and postgres.in_use():
            # The vector is computed by the database from the columns just written.
            SearchDocument.objects.filter(live__in=on_site).update(
                search_vector=postgres.document_vector()
            )
