"""Reads of the content API: only what the public may read, with everything
a page of results shows fetched in a fixed number of queries."""

import datetime

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from articles import caching
from articles.models import Disclaimer, PublishedAnswer, Question
from articles.selectors import (
    SITE_DISCLAIMER_PK,
    published_conditions,
    review_overdue,
)
from conditions.models import Condition
from reviews.models import AuditEntry, SignOff

# The transitions that change what a republisher shows, as the changes feed
# names them: a removal tells them to take the answer down.
CHANGE_TYPES = {
    "publish": "published",
    "recertify": "recertified",
    "archive": "removed",
}


def _published_questions() -> QuerySet[Question]:
    return (
        Question.objects.published()
        .annotate(
            live_text=F("answer__live__question_text"),
            live_answer_id=F("answer__live__answer_id"),
        )
        .order_by("position", "live_text", "pk")
    )


def conditions() -> QuerySet[Condition]:
    """Published conditions, each with ``published_questions`` and the change
    times of what it shows (``articles.caching.with_condition_changes``)."""
    return caching.with_condition_changes(
        published_conditions().prefetch_related(
            Prefetch(
                "questions",
                queryset=_published_questions(),
                to_attr="published_questions",
            )
        )
    )


# What an answer's document shows (``api.serializers.AnswerSerializer``) and
# its validators read: a page of answers leaves out the drafts, the condition's
# summary, the stored reference list and the sign-offs' records.
LIVE = "answer__live__"
REVIEW = f"{LIVE}last_review__"
ANSWER_FIELDS = (
    "slug",
    "topic",
    "updated_at",
    "condition__slug",
    "condition__name",
    "condition__extra_disclaimer",
    "condition__updated_at",
    *(
        LIVE + field
        for field in (
            "question_text",
            "kind_label",
            "tldr",
            "body",
            "body_html",
            "references",
            "change_note",
            "fingerprint",
            "published_at",
            "text_changed_at",
            "is_correction",
            "review_due_on",
        )
    ),
    *(
        REVIEW + field
        for field in (
            "signed_at",
            "reviewer_name",
            "reviewer_credentials",
            "registration_body",
            "registration_country",
            "registration_number",
            "registration_valid_until",
            "reviewer_profile__slug",
            "reviewer_profile__updated_at",
        )
    ),
)


def live_answers(*, as_of: datetime.date) -> QuerySet[Question]:
    """Published questions with their live answer, its last review and the
    reviewer's profile; ``modified_at`` is "Last updated", ``review_overdue``
    whether its review was due before ``as_of``, ``fingerprint_scheme`` the
    scheme of the approval that signed the live text."""
    # The approval's scheme comes by a subquery, not a join: each join of a
    # sign-off doubles the time PostgreSQL takes to plan this query.
    approval_scheme = SignOff.objects.filter(
        pk=OuterRef("answer__live__approval")
    ).values("fingerprint_scheme")
    return (
        Question.objects.published()
        .select_related(
            "condition",
            "answer__live__last_review__reviewer_profile",
        )
        .only(*ANSWER_FIELDS)
        .annotate(
            modified_at=F("answer__live__text_changed_at"),
            review_overdue=review_overdue(as_of, "answer__live__"),
            fingerprint_scheme=Subquery(approval_scheme),
        )
    )


def site_disclaimer() -> Disclaimer | None:
    """The site disclaimer, its markdown and its stored HTML."""
    return Disclaimer.objects.filter(pk=SITE_DISCLAIMER_PK).first()


def live_copy(answer_id: int) -> PublishedAnswer | None:
    """The live copy of an answer, archived or not, if it was ever published."""
    return PublishedAnswer.objects.filter(answer_id=answer_id).first()


def signed_fingerprint(live: PublishedAnswer, fingerprint: str) -> QuerySet[SignOff]:
    """Approvals and re-certifications of this answer that signed ``fingerprint``.

    Only those that reached the public: given before the current publication,
    or of the live text itself. An approval of text not yet published is not
    told, even to someone who holds its fingerprint.
    """
    sign_offs = SignOff.objects.filter(
        answer_id=live.answer_id,
        fingerprint=fingerprint,
        decision__in=[SignOff.Decision.APPROVE, SignOff.Decision.RECERTIFY],
    )
    if fingerprint != live.fingerprint:
        sign_offs = sign_offs.filter(signed_at__lte=live.published_at)
    return sign_offs.select_related("reviewer_profile").order_by("signed_at", "pk")


def changes() -> QuerySet[AuditEntry]:
    """Every publication, re-certification and archive, oldest first, with the
    answer's condition (``condition_slug``; None once the answer is deleted)."""
    condition_slug = Question.objects.filter(answer=OuterRef("answer_id")).values(
        "condition__slug"
    )[:1]
    return (
        AuditEntry.objects.filter(transition__in=CHANGE_TYPES)
        .annotate(condition_slug=Subquery(condition_slug))
        .only("pk", "answer_id", "transition", "created_at")
        .order_by("pk")
    )
