"""Keep the search documents in step with what the public can read.

A search document copies an answer's live text, its question and its
condition's names. The domain announces every write that changes one of those
(``articles.signals``, ``conditions.signals``), inside the write's
transaction, and :func:`connect_indexing` rewrites the documents concerned
there and then:

- ``live_copies_changed`` (``reviews.workflow``'s publish, re-certify and
  archive, the only code that changes a live copy): :func:`reindex_answers`;
- ``question_changed`` and ``condition_changed`` (text, names, a move to
  another condition, a revert): :func:`reindex_question`,
  :func:`reindex_condition`.

An answer that is not on the site (never published, or archived) has no
document, so search cannot return its text.
"""

from django.db import transaction
from django.db.models import QuerySet

from articles import signals
from articles.models import PublishedAnswer, Question
from conditions.models import Condition
from conditions.signals import condition_changed
from search import postgres
from search.documents import document_fields
from search.models import SearchDocument


def reindex_answers(answer_ids) -> None:
    """Rewrite the answers' search documents from their live copies, or remove them."""
    _reindex(PublishedAnswer.objects.filter(answer_id__in=list(answer_ids)))


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
            SearchDocument(
                live=live,
                text_changed_at=live.text_changed_at,
                **document_fields(live, question_text=live.question_text),
            )
            for live in on_site
        )
        if on_site and postgres.in_use():
            # The vector is computed by the database from the columns just written.
            SearchDocument.objects.filter(live__in=on_site).update(
                search_vector=postgres.document_vector(),
                heading_vector=postgres.heading_vector(),
            )


def _live_copies_changed(sender, *, answer_ids, **kwargs) -> None:
    reindex_answers(answer_ids)


def _question_changed(sender, *, question: Question, **kwargs) -> None:
    reindex_question(question)


def _condition_changed(sender, *, condition: Condition, **kwargs) -> None:
    reindex_condition(condition)


def connect_indexing() -> None:
    """Rewrite search documents on the domain's signals, in the write's transaction."""
    signals.live_copies_changed.connect(_live_copies_changed, dispatch_uid="search")
    signals.question_changed.connect(_question_changed, dispatch_uid="search")
    condition_changed.connect(_condition_changed, dispatch_uid="search")
