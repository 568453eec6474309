"""Reads of the community: public experiences, counts, a member's own data."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Question
from community.models import Declaration, Experience, MemberProfile
from conditions.models import Condition

FALLBACK_DISPLAY_NAME = "A community member"


def display_name(member: AbstractBaseUser) -> str:
    """The member's public name: never their email."""
    profile = MemberProfile.objects.filter(user=member).first()
    return profile.display_name if profile else _(FALLBACK_DISPLAY_NAME)


def approved_experiences(question: Question) -> QuerySet[Experience]:
    """The question's approved experiences, newest first, each with ``display_name``."""
    return (
        Experience.objects.approved()
        .filter(question=question)
        .annotate(
            display_name=Coalesce(
                F("member__member_profile__display_name"),
                Value(_(FALLBACK_DISPLAY_NAME)),
            )
        )
        .only("text", "created_at", "edited_at", "moderated_at", "question_id")
        .order_by("-created_at", "-id")
    )


def _living_with_count(condition_id: int) -> int:
    return Declaration.objects.filter(
        condition_id=condition_id, member__is_active=True
    ).count()


def answer_page_counts(question: Question) -> dict:
    """The community counts shown on an answer page, for
    ``community/includes/answer_counts.html``.

    ``shared_count`` counts the people (not the texts) whose experience on this
    question is approved; ``living_with_count`` the members who declared the
    question's condition. Read live: a moderation decision or a declaration
    shows at once. ``question.condition`` should be selected with the question.
    """
    shared = (
        Experience.objects.approved()
        .filter(question=question)
        .aggregate(people=Count("member", distinct=True))
    )
    return {
        "condition_name": question.condition.name,
        "shared_count": shared["people"],
        "living_with_count": _living_with_count(question.condition_id),
        "experiences_url": reverse(
            "community:experience_list",
            kwargs={
                "condition_slug": question.condition.slug,
                "question_slug": question.slug,
            },
        ),
    }


def condition_page_counts(condition: Condition) -> dict:
    """The community count shown on a condition page, for
    ``community/includes/condition_counts.html``."""
    return {
        "condition_name": condition.name,
        "living_with_count": _living_with_count(condition.pk),
    }


def member_declarations(member: AbstractBaseUser) -> QuerySet[Declaration]:
    return (
        Declaration.objects.filter(member=member)
        .select_related("condition")
        .order_by("condition__name")
    )


def declarable_conditions(member: AbstractBaseUser) -> QuerySet[Condition]:
    """Published conditions the member has not declared yet."""
    return Condition.objects.published().exclude(declarations__member=member)


def member_experiences(member: AbstractBaseUser) -> QuerySet[Experience]:
    """All of the member's own experiences, in every state, newest first."""
    return (
        Experience.objects.filter(member=member)
        .select_related("question__condition")
        .order_by("-created_at", "-id")
    )


def account_page(member: AbstractBaseUser) -> dict:
    return {
        "display_name": display_name(member),
        "declarations": member_declarations(member),
        "experiences": member_experiences(member),
    }


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def member_data(member: AbstractBaseUser) -> dict:
    """Everything the site holds about the member and nothing about anyone else.

    Moderators' identities are not the member's data and are left out.
    """
    member = get_user_model().objects.get(pk=member.pk)
    return {
        "account": {
            "email": member.email,
            "display_name": display_name(member),
            "date_joined": _iso(member.date_joined),
            "last_login": _iso(member.last_login),
        },
        "declarations": [
            {
                "condition": declaration.condition.name,
                "condition_slug": declaration.condition.slug,
                "declared_at": _iso(declaration.declared_at),
            }
            for declaration in member_declarations(member)
        ],
        "experiences": [
            {
                "id": experience.pk,
                "condition": experience.question.condition.name,
                "question": experience.question.text,
                "text": experience.text,
                "state": experience.state,
                "consent_at": _iso(experience.consent_at),
                "created_at": _iso(experience.created_at),
                "edited_at": _iso(experience.edited_at),
                "moderated_at": _iso(experience.moderated_at),
                "rejection_reason": experience.rejection_reason,
            }
            for experience in member_experiences(member)
        ],
    }
