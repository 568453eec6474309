"""The demo community that seed_demo adds.

Every test here reads one demo, seeded once for the module (``seeded_demo``).
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Question
from community import demo
from community.models import Declaration, Experience
from conditions.models import Condition
from tests.diseasemaps.html_checks import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    """seed_demo runs only with DEBUG on, as under `make run`."""
    settings.DEBUG = True


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_demo_pages_show_non_zero_counts(client, seeded_demo):
    question = Question.objects.get(slug="first-signs-of-parry-romberg-syndrome")
    condition = Condition.objects.get(slug="marfan-syndrome")

    answer_page = page_text(client.get(question.get_absolute_url()).content)
    condition_page = page_text(client.get(condition.get_absolute_url()).content)
    experiences = client.get(
        reverse(
            "community:experience_list",
            kwargs={
                "condition_slug": question.condition.slug,
                "question_slug": question.slug,
            },
        )
    ).text

    assert (
        "2 people with Parry-Romberg syndrome have shared their first-person "
        "experience on this question" in answer_page
    )
    assert (
        "3 individuals living with Parry-Romberg syndrome are part of the community."
        in answer_page
    )
    assert (
        "2 individuals living with Marfan syndrome are part of the community."
        in condition_page
    )
    assert "Daniel K." in experiences and "Inès" in experiences


def test_demo_experiences_are_moderated_by_the_editor(seeded_demo):
    states = {e.state for e in Experience.objects.all()}

    assert states == {"pending", "approved", "rejected"}
    assert set(
        Experience.objects.exclude(state="pending").values_list(
            "moderated_by__username", flat=True
        )
    ) == {"editor"}
    assert not Experience.objects.exclude(
        question__in=Question.objects.published()
    ).exists()


def test_seed_demo_reports_the_community_it_added(seeded_demo):
    added = "Added 5 community members, 7 declarations and 11 experiences."
    assert added in seeded_demo


def test_seeding_again_adds_nothing(seeded_demo):
    before = (Experience.objects.count(), Declaration.objects.count())

    output = seed()

    assert "The demo community is already in place: nothing added." in output
    assert (Experience.objects.count(), Declaration.objects.count()) == before


def test_the_community_alone_can_be_seeded_again(seeded_demo):
    assert demo.seed_community() == (
        "The demo community is already in place: nothing added."
    )
