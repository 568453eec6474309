"""Writes to questions and the site disclaimer, and the rule that published
content (a question, its answer, a condition) is archived, never deleted.

Each write announces itself (``articles.signals``) in its transaction, so the
search documents and cached pages follow. Answer text is written by
``reviews.editing``, whose rules come from the review workflow.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from articles.models import Answer, Disclaimer, PublishedAnswer, Question
from articles.selectors import published_conditions
from articles.signals import disclaimer_changed, live_copies_changed, question_changed

PUBLISHED_NOT_DELETABLE = gettext_lazy(
    "“%(question)s” is published, so it cannot be deleted. Archive its answer "
    "instead: the public page then answers 410 Gone and the history is kept."
)

CONDITION_HAS_PUBLISHED_ANSWERS = gettext_lazy(
    "“%(condition)s” has published answers, so it cannot be deleted. Archive "
    "its answers first: their public pages then answer 410 Gone."
)


def published_among(question_ids: Iterable[int]) -> QuerySet[Question]:
    """Which of these questions are on the site: published content is archived,
    never deleted, so these may not be deleted."""
    return Question.objects.published().filter(pk__in=list(question_ids))


def deletion_refusals(question_ids: Iterable[int]) -> list[str]:
    """Why these questions (or their answers) may not be deleted; empty if they may."""
    return [
        PUBLISHED_NOT_DELETABLE % {"question": question}
        for question in published_among(question_ids)
    ]


def condition_deletion_refusals(condition_ids: Iterable[int]) -> list[str]:
    """Why these conditions may not be deleted: they have published answers."""
    return [
        CONDITION_HAS_PUBLISHED_ANSWERS % {"condition": condition}
        for condition in published_conditions().filter(pk__in=list(condition_ids))
    ]


def save_question(question: Question) -> None:
    """Save an editor's change to a question (its text, slug, topic, condition)."""
    with transaction.atomic():
        stored_condition_id = (
            Question.objects.filter(pk=question.pk)
            .values_list("condition_id", flat=True)
            .first()
        )
        question.save()
        question_changed.send(
            sender=Question,
            question=question,
            condition_ids={question.condition_id, stored_condition_id} - {None},
        )


def delete_question(question: Question) -> None:
    """Delete a question that is not on the site, with its answer."""
    with transaction.atomic():
        question_changed.send(
            sender=Question, question=question, condition_ids={question.condition_id}
        )
        question.delete()


def delete_answer(answer: Answer) -> None:
    """Delete an answer that is not on the site (its question stays).

    Announced like a change of its live copy, in the same transaction, so
    every cached page and search document that could show it follows at once.
    """
    with transaction.atomic():
        live_copies_changed.send(
            sender=PublishedAnswer,
            answer_ids=[answer.pk],
            condition_ids={answer.question.condition_id},
        )
        answer.delete()


def save_disclaimer(disclaimer: Disclaimer) -> None:
    """Save the site disclaimer, which every answer page shows."""
    with transaction.atomic():
        disclaimer.save()
        disclaimer_changed.send(sender=Disclaimer, disclaimer=disclaimer)
