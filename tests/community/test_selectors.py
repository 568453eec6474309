"""Counts and listings: only approved experiences are shown or counted."""

import json

import pytest
from django.template.loader import render_to_string

from community import moderation, selectors, services
from community.models import Experience
from conditions.models import Condition
from tests import factories
from tests.community.helpers import approved, rejected, share
from tests.helpers import make_published

pytestmark = pytest.mark.django_db


def living_with(condition) -> int:
    """The condition page's count, read as its view reads it."""
    annotated = selectors.with_living_with_count(Condition.objects.all())
    return selectors.condition_page_counts(annotated.get(pk=condition.pk))[
        "living_with_count"
    ]


def test_pending_and_rejected_experiences_are_neither_listed_nor_counted(
    member, other_member, editor, published_question
):
    shown = approved(published_question, member=member, editor=editor)
    share(published_question, member=other_member)
    rejected(published_question, member=factories.MemberFactory(), editor=editor)

    assert list(selectors.approved_experiences(published_question)) == [shown]
    assert selectors.answer_page_counts(published_question)["shared_count"] == 1


def test_experiences_on_other_questions_are_not_counted(
    member, editor, reviewer, published_question
):
    other = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=published_question.condition),
    ).question
    approved(other, member=member, editor=editor)

    assert selectors.answer_page_counts(published_question)["shared_count"] == 0
    assert selectors.answer_page_counts(other)["shared_count"] == 1


def test_the_shared_count_counts_people_not_texts(member, editor, published_question):
    approved(published_question, member=member, editor=editor)
    approved(published_question, member=member, editor=editor)

    assert selectors.answer_page_counts(published_question)["shared_count"] == 1


def test_counts_follow_a_moderation_decision_at_once(
    member, editor, published_question
):
    experience = share(published_question, member=member)
    assert selectors.answer_page_counts(published_question)["shared_count"] == 0

    moderation.approve(experience, user=editor)
    assert selectors.answer_page_counts(published_question)["shared_count"] == 1

    moderation.revise(experience, member=member, text=experience.text + " Edited.")
    assert selectors.answer_page_counts(published_question)["shared_count"] == 0
    assert list(selectors.approved_experiences(published_question)) == []


def test_living_with_counts_members_who_declared_the_condition(
    member, other_member, published_question
):
    condition = published_question.condition
    services.declare_condition(member, condition=condition)
    services.declare_condition(other_member, condition=condition)
    services.declare_condition(
        factories.MemberFactory(), condition=factories.ConditionFactory()
    )

    assert living_with(condition) == 2
    assert selectors.answer_page_counts(published_question)["living_with_count"] == 2

    services.withdraw_declaration(other_member, condition=condition)

    assert living_with(condition) == 1
    assert selectors.answer_page_counts(published_question)["living_with_count"] == 1


def test_deactivated_members_are_neither_shown_nor_counted(
    member, editor, published_question
):
    approved(published_question, member=member, editor=editor)
    services.declare_condition(member, condition=published_question.condition)
    member.is_active = False
    member.save()

    counts = selectors.answer_page_counts(published_question)

    assert (counts["shared_count"], counts["living_with_count"]) == (0, 0)


def test_account_deletion_lowers_the_counts(member, editor, published_question):
    approved(published_question, member=member, editor=editor)
    services.declare_condition(member, condition=published_question.condition)

    services.delete_account(member)

    counts = selectors.answer_page_counts(published_question)
    assert (counts["shared_count"], counts["living_with_count"]) == (0, 0)


def test_the_public_list_shows_the_display_name_newest_first(
    member, other_member, editor, published_question
):
    factories.MemberProfileFactory(user=member, display_name="Robin")
    older = approved(published_question, member=member, editor=editor)
    newer = approved(published_question, member=other_member, editor=editor)

    listed = list(selectors.approved_experiences(published_question))

    assert listed == [newer, older]
    assert [e.display_name for e in listed] == ["A community member", "Robin"]


@pytest.mark.parametrize(
    ("shared", "living", "expected"),
    [
        (
            0,
            0,
            [
                "0 people with Alport syndrome have shared their first-person "
                "experience on this question",
                "0 individuals living with Alport syndrome are part of the community.",
            ],
        ),
        (
            1,
            1,
            [
                "1 person with Alport syndrome has shared their first-person "
                "experience on this question",
                "1 individual living with Alport syndrome is part of the community.",
            ],
        ),
        (
            2,
            3,
            [
                "2 people with Alport syndrome have shared their first-person "
                "experience on this question",
                "3 individuals living with Alport syndrome are part of the community.",
            ],
        ),
    ],
)
def test_count_sentences_are_pluralised(shared, living, expected):
    counts = {
        "condition_name": "Alport syndrome",
        "shared_count": shared,
        "living_with_count": living,
        "experiences_url": "/conditions/alport-syndrome/cause/experiences/",
    }

    answer_html = render_to_string(
        "includes/community_lines.html", {"community_counts": counts}
    )
    condition_html = render_to_string(
        "includes/condition_community.html", {"community_counts": counts}
    )

    answer_text = " ".join(answer_html.split())
    assert expected[0] in answer_text
    assert expected[1] in answer_text
    assert expected[1] in " ".join(condition_html.split())
    assert 'href="/conditions/alport-syndrome/cause/experiences/"' in answer_html


def test_member_data_holds_exactly_the_members_own_data(
    member, other_member, editor, published_question
):
    factories.MemberProfileFactory(user=member, display_name="Robin")
    services.declare_condition(member, condition=published_question.condition)
    services.declare_condition(other_member, condition=factories.ConditionFactory())
    mine = [
        approved(published_question, member=member, editor=editor, text="A" * 60),
        share(published_question, member=member, text="B" * 60),
    ]
    share(published_question, member=other_member, text="C" * 60)

    data = json.loads(json.dumps(selectors.member_data(member)))

    assert data["account"]["email"] == member.email
    assert data["account"]["display_name"] == "Robin"
    assert [d["condition"] for d in data["declarations"]] == [
        published_question.condition.name
    ]
    assert sorted((e["id"], e["text"], e["state"]) for e in data["experiences"]) == [
        (mine[0].pk, "A" * 60, Experience.State.APPROVED),
        (mine[1].pk, "B" * 60, Experience.State.PENDING),
    ]
    assert editor.username not in json.dumps(data)
