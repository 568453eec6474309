"""The answer list's search in the editorial admin goes through the search index."""

import pytest
from django.urls import reverse

from conditions.models import Condition
from reviews import workflow
from tests import factories
from tests.diseasemaps import public_site
from tests.helpers import edit, make_draft, make_published

pytestmark = pytest.mark.django_db

ANSWERS = reverse("admin:articles_answer_changelist")


def listed(client, query: str) -> str:
    response = client.get(ANSWERS, {"q": query})
    assert response.status_code == 200
    return response.text


def test_answers_are_found_by_question_condition_name_and_live_tldr(
    client, managing_editor, editor, reviewer
):
    condition = factories.ConditionFactory(name="Kallmann syndrome")
    by_tldr = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(text="Is it inherited?"),
        tldr="Anosmia is the first sign.",
    )
    draft = make_draft(
        editor=editor,
        question=factories.QuestionFactory(
            text="Does puberty start late?", condition=condition
        ),
    )
    other = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(text="What helps with sleep?"),
    )
    client.force_login(managing_editor)

    found_by_tldr = listed(client, "anosmia")
    found_by_question = listed(client, "puberty late")
    found_by_condition = listed(client, "kallmann")

    assert by_tldr.question.text in found_by_tldr
    assert other.question.text not in found_by_tldr
    assert draft.question.text in found_by_question
    assert by_tldr.question.text not in found_by_question
    assert draft.question.text in found_by_condition
    assert other.question.text not in found_by_condition


def test_an_archived_answer_is_found_by_its_question(
    client, managing_editor, editor, reviewer
):
    answer = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(text="Is hearing affected?"),
    )
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)
    client.force_login(managing_editor)

    assert answer.question.text in listed(client, "hearing")


def test_the_live_text_is_searched_not_an_unpublished_edit(
    client, managing_editor, editor, reviewer
):
    answer = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(text="Is it inherited?"),
        tldr="Anosmia is the first sign.",
    )
    edit(answer, user=editor, tldr="Hyposmia is the first sign.")
    client.force_login(managing_editor)

    assert answer.question.text in listed(client, "anosmia")
    assert answer.question.text not in listed(client, "hyposmia")


@pytest.mark.parametrize("count", [1, 200])
def test_answer_search_query_budget(
    client, managing_editor, django_assert_max_num_queries, count
):
    # Written in bulk: every answer is of the one condition, whose name each
    # answer's search document holds.
    public_site.generate(conditions=1, questions=count, experiences=0, reviewers=1)
    (word, *_) = Condition.objects.get().name.split()
    client.force_login(managing_editor)

    with django_assert_max_num_queries(14):
        page = listed(client, word)

    assert page.count('<th class="field-question') == min(count, 100)
