"""Reads of the community: public experiences, counts, a member's own data."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Question
from articles.selectors import published_conditions
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


def _living_with_count(condition: int | OuterRef) -> Coalesce:
    """How many active members declared the condition, as a scalar subquery."""
    return Coalesce(
        Subquery(
            Declaration.objects.counted()
            .filter(condition_id=condition)
            .order_by()
            .values("condition")
            .annotate(members=Count("pk"))
            .values("members")
        ),
        0,
    )


def _shared_count(question_pk: int) -> Coalesce:
    """How many people's experiences on the question are approved, as a subquery.

    People, not texts: the sentence reads "N people ... have shared".
    """
    return Coalesce(
        Subquery(
            Experience.objects.approved()
            .filter(question_id=question_pk)
            .order_by()
            .values("question")
            .annotate(people=Count("member", distinct=True))
            .values("people")
        ),
        0,
    )


def answer_page_counts(question: Question) -> dict:
    """The community lines of an answer page (items 4 and 5 of its anatomy).

    ``shared_count`` counts the people whose experience on this question is
    approved; ``living_with_count`` the members who declared the question's
    condition. Both are read live, in one query, so a moderation decision or a
    declaration shows at once. ``question.condition`` should be selected with
    the question.
    """
    counts = (
        Condition.objects.filter(pk=question.condition_id)
        .values(
            living_with_count=_living_with_count(question.condition_id),
            shared_count=_shared_count(question.pk),
        )
        .get()
    )
    return {
        "condition_name": question.condition.name,
        **counts,
        "experiences_url": reverse(
            "community:experience_list",
            kwargs={
                "condition_slug": question.condition.slug,
                "question_slug": question.slug,
            },
        ),
    }


def with_living_with_count(conditions: QuerySet[Condition]) -> QuerySet[Condition]:
    """Annotate each condition with ``living_with_count``, in the same query."""
    return conditions.annotate(living_with_count=_living_with_count(OuterRef("pk")))


def condition_page_counts(condition: Condition) -> dict:
    """The community line of a condition page: the members living with it.

    ``condition`` comes from ``with_living_with_count``, which saves the page
    a query.
    """
    return {
        "condition_name": condition.name,
        "living_with_count": condition.living_with_count,
    }


def member_declarations(member: AbstractBaseUser) -> QuerySet[Declaration]:
    return (
        Declaration.objects.filter(member=member)
        .select_related("condition")
        .order_by("condition__name")
    )


def declarable_conditions(member: AbstractBaseUser) -> QuerySet[Condition]:
    """Published conditions the member has not declared yet."""
    return published_conditions().exclude(declarations__member=member)


def member_experiences(member: AbstractBaseUser) -> QuerySet[Experience]:
    """All of the member's own experiences, in every state, newest first."""
    return (
        Experience.objects.filter(member=member)
        .select_related("question__condition")
        .order_by("-created_at", "-id")
    )


def account_page(member: AbstractBaseUser) -> dict:
    profile = MemberProfile.objects.filter(user=member).first()
    return {
        "display_name": profile.display_name if profile else _(FALLBACK_DISPLAY_NAME),
        # A new name the member asked for, waiting for a moderator.
        "requested_display_name": profile.requested_display_name if profile else "",
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
