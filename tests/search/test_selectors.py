"""Reads for the search page, on the database the suite runs on."""

import pytest
from django.utils import timezone

from articles.models import PublishedAnswer
from search import selectors
from search.models import SearchDocument
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_document_left_behind_by_an_archived_answer_is_never_returned(publish):
    answer = publish(question="Is hemiatrophy progressive?")
    # As if a future code path archived the live copy without reindexing it.
    PublishedAnswer.objects.filter(answer=answer).update(archived_at=timezone.now())

    assert SearchDocument.objects.filter(live__answer=answer).exists()
    assert list(selectors.matching_answers("hemiatrophy")) == []


def test_matching_conditions_need_every_word_and_a_published_answer(publish):
    parry = factories.ConditionFactory(
        name="Parry-Romberg syndrome", other_names="Progressive hemifacial atrophy"
    )
    publish(condition=parry)
    publish(condition=factories.ConditionFactory(name="Atrophy syndrome"))
    factories.ConditionFactory(name="Unpublished hemifacial atrophy")

    assert selectors.matching_conditions("hemifacial atrophy") == [parry]
    assert selectors.matching_conditions("???") == []


def test_suggested_conditions_are_published_ones_in_name_order(publish):
    names = [f"Condition {letter}" for letter in "GFEDCBA"]
    for name in names:
        publish(condition=factories.ConditionFactory(name=name))
    factories.ConditionFactory(name="Condition 0 without answers")

    suggested = [condition.name for condition in selectors.suggested_conditions()]

    assert suggested == sorted(names)[: selectors.SUGGESTED_CONDITIONS_COUNT]
