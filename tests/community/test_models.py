"""The invariants the database holds for the community's rows."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.models import Experience
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("length", [49, 5001])
def test_database_refuses_experience_text_outside_the_length_limits(length):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ExperienceFactory(text="x" * length)


@pytest.mark.parametrize("length", [50, 5000])
def test_database_accepts_experience_text_at_the_length_limits(length):
    experience = factories.ExperienceFactory(text="é" * length)

    assert Experience.objects.get(pk=experience.pk).text == "é" * length


def test_database_refuses_an_unknown_state():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ExperienceFactory(state="published", moderated_at=timezone.now())


def test_database_refuses_a_rejection_without_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ExperienceFactory(state="rejected", moderated_at=timezone.now())


def test_database_refuses_a_decision_without_its_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ExperienceFactory(state="approved")


def test_a_member_declares_a_condition_once():
    declaration = factories.DeclarationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.DeclarationFactory(
            member=declaration.member, condition=declaration.condition
        )
