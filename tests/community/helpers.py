"""Arrangements for community tests: experiences reach their states for real."""

from django.urls import reverse

from community import moderation, services
from community.models import Experience

TEXT = (
    "When I was first told, I did not know anyone else with it. Reading the "
    "stories of other people helped me feel less alone."
)


def share(question, *, member, text: str = TEXT) -> Experience:
    return services.share_experience(
        question, member=member, text=text, has_consented=True
    )


def approved(question, *, member, editor, text: str = TEXT) -> Experience:
    return moderation.approve(share(question, member=member, text=text), user=editor)


def rejected(question, *, member, editor, text: str = TEXT) -> Experience:
    return moderation.reject(
        share(question, member=member, text=text),
        user=editor,
        reason="Please leave out other people's names.",
    )


def experiences_url(question) -> str:
    return reverse(
        "community:experience_list",
        kwargs={
            "condition_slug": question.condition.slug,
            "question_slug": question.slug,
        },
    )
