"""Sharing, declaring and deleting, as the services enforce them."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community import services
from community.models import Declaration, Experience, MemberProfile
from core import clock
from tests import factories
from tests.community.helpers import TEXT, approved, share

pytestmark = pytest.mark.django_db


def test_shared_experience_waits_for_moderation_with_its_consent_time(
    member, published_question
):
    moment = timezone.now() - datetime.timedelta(days=3)
    with clock.recorded_at(moment):
        experience = share(published_question, member=member)

    assert experience.state == Experience.State.PENDING
    assert experience.consent_at == experience.created_at == moment


def test_sharing_requires_consent(member, published_question):
    with pytest.raises(ValidationError, match="agree that your experience"):
        services.share_experience(
            published_question, member=member, text=TEXT, has_consented=False
        )

    assert not Experience.objects.exists()


@pytest.mark.parametrize(("length", "message"), [(49, "too short"), (5001, "too long")])
def test_sharing_enforces_the_length_limits(
    member, published_question, length, message
):
    with pytest.raises(ValidationError, match=message):
        share(published_question, member=member, text="a" * length)


def test_text_is_stored_as_typed(member, published_question):
    text = '<script>alert("hi")</script> and <b>bold</b> with https://example.org here.'

    experience = share(published_question, member=member, text=text)

    assert Experience.objects.get(pk=experience.pk).text == text


def test_sharing_refuses_a_sixth_experience_within_the_hour(member, published_question):
    for _ in range(services.RATE_LIMIT_COUNT):
        share(published_question, member=member)

    with pytest.raises(ValidationError, match="5 experiences in the last hour"):
        share(published_question, member=member)

    assert Experience.objects.filter(member=member).count() == 5


def test_experiences_older_than_an_hour_do_not_count_towards_the_limit(
    member, published_question
):
    an_hour_ago = timezone.now() - datetime.timedelta(minutes=61)
    factories.ExperienceFactory.create_batch(
        5, member=member, question=published_question, created_at=an_hour_ago
    )

    share(published_question, member=member)

    assert Experience.objects.filter(member=member).count() == 6


def test_the_limit_is_per_member(member, other_member, published_question):
    for _ in range(services.RATE_LIMIT_COUNT):
        share(published_question, member=other_member)

    assert share(published_question, member=member).member == member


@pytest.mark.parametrize("role", ["editor", "reviewer", "managing_editor"])
def test_only_members_share(roles, published_question, role):
    with pytest.raises(PermissionDenied):
        share(published_question, member=roles[role])


def test_experiences_are_shared_only_on_published_questions(member, editor):
    draft_question = factories.QuestionFactory()

    with pytest.raises(PermissionDenied):
        share(draft_question, member=member)


def test_sign_up_makes_an_account_that_is_a_member_once_confirmed():
    services.sign_up(
        email="Alex@Example.org ", password="a long passphrase", display_name=" Alex "
    )
    user = get_user_model().objects.get(email="alex@example.org")

    assert user.username == "alex@example.org"
    assert user.check_password("a long passphrase")
    assert MemberProfile.objects.get(user=user).display_name == "Alex"
    assert not services.is_member(user)
    assert services.is_awaiting_confirmation(user)

    services.confirm_email(user)

    assert services.is_member(get_user_model().objects.get(pk=user.pk))


def test_declaring_twice_keeps_one_declaration(member):
    condition = factories.ConditionFactory()

    services.declare_condition(member, condition=condition)
    services.declare_condition(member, condition=condition)

    assert Declaration.objects.filter(member=member, condition=condition).count() == 1


def test_withdrawing_removes_only_that_declaration(member, other_member):
    kept, withdrawn = factories.ConditionFactory.create_batch(2)
    for condition in (kept, withdrawn):
        services.declare_condition(member, condition=condition)
    services.declare_condition(other_member, condition=withdrawn)

    assert services.withdraw_declaration(member, condition=withdrawn) is True

    assert list(Declaration.objects.filter(member=member)) == [
        Declaration.objects.get(member=member, condition=kept)
    ]
    assert Declaration.objects.filter(member=other_member).count() == 1


def test_staff_cannot_declare(editor):
    with pytest.raises(PermissionDenied):
        services.declare_condition(editor, condition=factories.ConditionFactory())


def test_deleting_an_account_removes_the_members_data_only(
    member, other_member, editor, published_question
):
    condition = published_question.condition
    factories.MemberProfileFactory(user=member)
    services.declare_condition(member, condition=condition)
    services.declare_condition(other_member, condition=condition)
    approved(published_question, member=member, editor=editor)
    kept = approved(published_question, member=other_member, editor=editor)

    services.delete_account(member)

    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not MemberProfile.objects.filter(user_id=member.pk).exists()
    assert list(Declaration.objects.values_list("member_id", flat=True)) == [
        other_member.pk
    ]
    assert list(Experience.objects.all()) == [kept]


def test_staff_accounts_are_not_deleted_here(editor):
    with pytest.raises(PermissionDenied):
        services.delete_account(editor)

    assert get_user_model().objects.filter(pk=editor.pk).exists()
