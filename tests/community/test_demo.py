"""The demo community that seed_demo adds."""

import io

import pytest
from django.core.management import call_command

from articles.models import Question
from community import demo, selectors
from community.models import Declaration, Experience
from conditions.models import Condition

pytestmark = pytest.mark.django_db


def seed_community() -> str:
    out = io.StringIO()
    demo.seed_community(out)
    return out.getvalue()


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())
    seed_community()


def test_demo_pages_show_non_zero_counts(seeded):
    question = Question.objects.select_related("condition").get(
        slug="first-signs-of-parry-romberg-syndrome"
    )
    condition = Condition.objects.get(slug="marfan-syndrome")

    counts = selectors.answer_page_counts(question)

    assert counts["shared_count"] == 2
    assert counts["living_with_count"] == 3
    assert selectors.condition_page_counts(condition)["living_with_count"] == 2


def test_demo_experiences_are_moderated_by_the_editor(seeded):
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


def test_seeding_again_adds_nothing(seeded):
    before = (Experience.objects.count(), Declaration.objects.count())

    output = seed_community()

    assert "nothing added" in output
    assert (Experience.objects.count(), Declaration.objects.count()) == before
