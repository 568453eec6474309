"""An answer's document, built whole, is byte for byte what its declared
fields give: the fields are the schema the API publishes."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from api import selectors, serializers
from api.links import Links
from core import clock
from reviews import workflow
from reviews.selectors import public_histories
from tests import factories
from tests.helpers import (
    edit,
    make_published,
    open_recertification,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(editor, reviewer, other_reviewer, managing_editor):
    """Live answers in the states a document shows differently: re-certified,
    overdue for review with references that link nowhere, and corrected, about
    a condition with its own disclaimer."""
    recertified = make_published(editor=editor, reviewer=reviewer)
    open_recertification(recertified)
    workflow.recertify(
        recertified, user=other_reviewer, shown=workflow.shown_text(recertified)
    )
    with clock.recorded_at(timezone.now() - datetime.timedelta(days=400)):
        overdue = make_published(
            editor=editor,
            reviewer=reviewer,
            references=[
                {"title": "A study", "url": "javascript:alert(1)", "year": None},
                {"title": "Another", "doi": "https://doi.org/10.1000/x", "pmid": "x"},
            ],
        )
    corrected = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(
            condition=factories.ConditionFactory(
                extra_disclaimer="Ask a craniofacial team about surgery."
            )
        ),
    )
    edit(corrected, user=editor, tldr="The corrected dose.", change_note="Fixed.")
    workflow.submit(corrected, user=editor)
    workflow.approve(corrected, user=reviewer, shown=workflow.shown_text(corrected))
    workflow.publish(
        corrected,
        user=managing_editor,
        shown=workflow.shown_text(corrected),
        is_correction=True,
    )
    return [recertified, overdue, corrected]


def test_an_answer_built_whole_is_what_its_fields_give(answers):
    questions = list(selectors.live_answers(as_of=timezone.localdate()))
    context = {
        "links": Links(RequestFactory().get("/")),
        "disclaimer": serializers.site_disclaimer(selectors.site_disclaimer()),
        "histories": public_histories([question.answer.pk for question in questions]),
    }
    serializer = serializers.AnswerSerializer(context=context)
    render = JSONRenderer().render

    assert len(questions) == len(answers)
    for question in questions:
        by_fields = serializers.serializers.Serializer.to_representation(
            serializer, question
        )
        assert render(serializer.to_representation(question)) == render(by_fields)


def test_dates_are_written_in_the_current_time_zone_as_the_fields_write_them(answers):
    questions = list(selectors.live_answers(as_of=timezone.localdate()))
    histories = public_histories([question.answer.pk for question in questions])
    context = {
        "links": Links(RequestFactory().get("/")),
        "disclaimer": serializers.site_disclaimer(selectors.site_disclaimer()),
        "histories": histories,
    }
    serializer = serializers.AnswerSerializer(context=context)
    render = JSONRenderer().render

    with timezone.override("Asia/Kolkata"):
        for question in questions:
            document = serializer.to_representation(question)
            by_fields = serializers.serializers.Serializer.to_representation(
                serializer, question
            )
            assert render(document) == render(by_fields)
            assert document["datePublished"].endswith("+05:30")
            assert [line["at"] for line in document["reviewHistory"]] == [
                serializers.DATE_TIME.to_representation(line.recorded_at)
                for line in histories[question.answer.pk]
            ]
