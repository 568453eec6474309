"""The search documents follow the live copy, the question and the condition."""

import pytest

from articles.models import Question
from conditions.models import Condition
from reviews import workflow
from search import services
from search.models import SearchDocument
from tests import factories
from tests.helpers import edit, make_draft

pytestmark = pytest.mark.django_db


def document_of(answer) -> SearchDocument:
    return SearchDocument.objects.get(live__answer=answer)


def test_publishing_writes_the_live_text_as_plain_text(publish):
    condition = factories.ConditionFactory(
        name="Parry-Romberg syndrome",
        other_names="  Progressive hemifacial atrophy \n\nRomberg disease",
    )
    answer = publish(
        question="What is the cause?",
        tldr="Unknown.",
        body=(
            "The **cause** is [unknown](https://example.org).\n\n"
            "<script>alert(1)</script>\n\n- one &amp; two\n- `<b>code</b>`"
        ),
        condition=condition,
    )

    document = document_of(answer)

    assert document.question_text == "What is the cause?"
    assert document.condition_names == (
        "Parry-Romberg syndrome\nProgressive hemifacial atrophy\nRomberg disease"
    )
    assert document.tldr == "Unknown."
    assert document.body_text == "The cause is unknown. one & two <b>code</b>"


def test_working_copy_edits_leave_the_document_alone(publish, editor):
    answer = publish(tldr="Live summary.")

    edit(answer, user=editor, tldr="Working summary.")

    assert document_of(answer).tldr == "Live summary."


def test_republishing_rewrites_the_document(publish, editor, other_reviewer):
    answer = publish(tldr="First summary.")
    edit(answer, user=editor, tldr="Second summary.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=other_reviewer)

    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert document_of(answer).tldr == "Second summary."
    assert SearchDocument.objects.count() == 1


def test_archiving_removes_the_document(publish, managing_editor):
    answer = publish()

    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)

    assert not SearchDocument.objects.exists()


def test_reindex_condition_follows_a_rename(publish):
    condition = factories.ConditionFactory(name="Old name", other_names="")
    answers = [publish(condition=condition) for _ in range(2)]
    other = publish()
    Condition.objects.filter(pk=condition.pk).update(
        name="New name", other_names="Synonym"
    )

    services.reindex_condition(Condition.objects.get(pk=condition.pk))

    for answer in answers:
        assert document_of(answer).condition_names == "New name\nSynonym"
    assert document_of(other).condition_names == other.question.condition.name


def test_reindex_question_follows_its_condition_and_keeps_the_published_wording(
    publish,
):
    """The question's wording is reviewed text: search shows the live copy's."""
    answer = publish(question="Old wording?")
    moved_to = factories.ConditionFactory(name="Another syndrome", other_names="")
    Question.objects.filter(pk=answer.question_id).update(
        text="New wording?", condition=moved_to
    )

    services.reindex_question(Question.objects.get(pk=answer.question_id))

    document = document_of(answer)
    assert document.question_text == "Old wording?"
    assert document.condition_names == "Another syndrome"


def test_reindexing_what_is_not_on_the_site_writes_nothing(editor, publish):
    draft = make_draft(editor=editor)

    services.reindex_answers([draft.pk])
    services.reindex_question(draft.question)
    services.reindex_condition(draft.question.condition)

    assert not SearchDocument.objects.exists()


def test_hit_markers_never_enter_a_document(publish):
    answer = publish(question="Is\x02 it\x03 rare?", tldr="\x02Yes\x03.")

    document = document_of(answer)

    assert (document.question_text, document.tldr) == ("Is it rare?", "Yes.")
