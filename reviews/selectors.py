"""Reads for the review dashboard, the review cycle, reviewer pages and the
public review history of answers."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import (
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Answer, PublishedAnswer
from articles.selectors import review_overdue
from reviews.models import HistoryEntry, ReviewerProfile, SignOff

# A correction is announced above the answer's text for this long after its
# publication; the history keeps it for good.
CORRECTION_NOTICE_DAYS = 90
FIRST_PUBLISHED_NOTE = "First published."

_DASHBOARD_RELATED = ("question__condition", "reviewer", "live")
# The dashboard names who has an answer in review by their reviewer profile.
_IN_REVIEW_RELATED = (*_DASHBOARD_RELATED, "reviewer__reviewer_profile")


def answers_awaiting_review(user) -> QuerySet[Answer]:
    """Answers in review that ``user`` may decide: assigned to them or to nobody."""
    return (
        Answer.objects.filter(state=Answer.State.IN_REVIEW)
        .filter(Q(reviewer=user) | Q(reviewer__isnull=True))
        .select_related(*_DASHBOARD_RELATED)
        .order_by("state_changed_at", "pk")
    )


def drafts_by(user) -> QuerySet[Answer]:
    """Drafts that ``user`` started, the longest untouched first."""
    return (
        Answer.objects.filter(state=Answer.State.DRAFT, created_by=user)
        .select_related(*_DASHBOARD_RELATED)
        .order_by("updated_at", "pk")
    )


def answers_in_review_by(user) -> QuerySet[Answer]:
    """Answers that ``user`` started and that are in review, with their reviewer."""
    return (
        Answer.objects.filter(state=Answer.State.IN_REVIEW, created_by=user)
        .select_related(*_IN_REVIEW_RELATED)
        .order_by("state_changed_at", "pk")
    )


def answers_with_changes_requested() -> QuerySet[Answer]:
    return (
        Answer.objects.filter(state=Answer.State.CHANGES_REQUESTED)
        .select_related(*_DASHBOARD_RELATED)
        .order_by("state_changed_at", "pk")
    )


def answers_approved_not_published() -> QuerySet[Answer]:
    return (
        Answer.objects.filter(state=Answer.State.APPROVED)
        .select_related(*_DASHBOARD_RELATED)
        .order_by("state_changed_at", "pk")
    )


def overdue_answers(as_of: datetime.date) -> QuerySet[Answer]:
    """Answers on the public site whose next review was due before ``as_of``."""
    return (
        Answer.objects.filter(
            live__isnull=False,
            live__archived_at__isnull=True,
            live__review_due_on__lt=as_of,
        )
        .select_related(
            "question__condition",
            "reviewer",
            "live__last_review__reviewer",
        )
        .order_by("live__review_due_on", "pk")
    )


def reviewer_profile_page(
    slug: str, *, as_of: datetime.date
) -> tuple[ReviewerProfile, list[PublishedAnswer]]:
    """A reviewer's profile, with its registrations prefetched, and the live
    answers whose last review they gave, each with ``review_overdue`` as of
    ``as_of``."""
    profile = ReviewerProfile.objects.prefetch_related("registrations").get(slug=slug)
    answers = (
        PublishedAnswer.objects.filter(
            archived_at__isnull=True, last_review__reviewer_profile=profile
        )
        .select_related("answer__question__condition", "last_review")
        # What the page lists of each: no text of either copy, no sign-off comment.
        .only(
            "question_text",
            "review_due_on",
            "answer__question__slug",
            "answer__question__condition__name",
            "answer__question__condition__slug",
            "last_review__signed_at",
        )
        .annotate(review_overdue=review_overdue(as_of))
        .order_by("answer__question__condition__name", "answer__question__position")
    )
    return profile, list(answers)


@dataclass(frozen=True)
class HistoryLine:
    """One publication or re-certification as the public history shows it."""

    recorded_at: datetime.datetime
    kind: str
    kind_label: str
    reviewer_name: str
    reviewer_credentials: str
    reviewer_url: str
    note: str

    @property
    def is_correction(self) -> bool:
        return self.kind == HistoryEntry.Kind.CORRECTION


def public_history(answer_id: int) -> list[HistoryLine]:
    """Every publication and re-certification of an answer, newest first, in
    one query whatever their number.

    Each names its reviewer and credentials as they were at that sign-off, and
    carries the change note as it was published: a note written on the
    working copy since never shows. The first publication, when its note is
    empty (written before notes existed, or left blank), reads "First
    published."
    """
    return public_histories([answer_id])[answer_id]


def public_histories(answer_ids: Iterable[int]) -> dict[int, list[HistoryLine]]:
    """The :func:`public_history` of each answer, in one query for them all
    (a page of the content API)."""
    answer_ids = list(answer_ids)
    entries = (
        HistoryEntry.objects.filter(answer_id__in=answer_ids)
        .order_by("answer_id", "-recorded_at", "-id")
        # Values, not models: a page of the content API has hundreds of lines.
        .values(
            "answer_id",
            "kind",
            "change_note",
            "recorded_at",
            reviewer_name=F("sign_off__reviewer_name"),
            reviewer_credentials=F("sign_off__reviewer_credentials"),
            profile_slug=F("sign_off__reviewer_profile__slug"),
        )
    )
    by_answer: dict[int, list[dict]] = {answer_id: [] for answer_id in answer_ids}
    for entry in entries:
        by_answer[entry["answer_id"]].append(entry)
    # Each label is translated, and each profile's URL reversed, once.
    kind_labels = {kind: str(label) for kind, label in HistoryEntry.Kind.choices}
    profile_urls: dict[str, str] = {}
    return {
        answer_id: _history_lines(
            answer_entries, kind_labels=kind_labels, profile_urls=profile_urls
        )
        for answer_id, answer_entries in by_answer.items()
    }


def _history_lines(
    entries: list[dict], *, kind_labels: dict, profile_urls: dict
) -> list[HistoryLine]:
    """One answer's entries, newest first, as the public reads them."""
    lines = []
    for position, entry in enumerate(entries, start=1):
        note = entry["change_note"]
        if not note and position == len(entries) and entry["kind"] != "reviewed":
            note = _(FIRST_PUBLISHED_NOTE)
        slug = entry["profile_slug"]
        if slug is not None and slug not in profile_urls:
            profile_urls[slug] = ReviewerProfile(slug=slug).get_absolute_url()
        lines.append(
            HistoryLine(
                recorded_at=entry["recorded_at"],
                kind=entry["kind"],
                kind_label=kind_labels.get(entry["kind"], entry["kind"]),
                reviewer_name=entry["reviewer_name"],
                reviewer_credentials=entry["reviewer_credentials"],
                reviewer_url=profile_urls[slug] if slug is not None else "",
                note=note,
            )
        )
    return lines


def correction_notice(
    history: list[HistoryLine], *, as_of: datetime.date
) -> HistoryLine | None:
    """The newest correction published in the ``CORRECTION_NOTICE_DAYS`` days
    up to ``as_of``: the answer page announces it above the text."""
    for line in history:
        if line.is_correction:
            published_on = timezone.localdate(line.recorded_at)
            if (as_of - published_on).days < CORRECTION_NOTICE_DAYS:
                return line
            return None
    return None


def correction_notice_ends_on(line: HistoryLine) -> datetime.date:
    """The first day a correction is no longer announced above the text."""
    return timezone.localdate(line.recorded_at) + datetime.timedelta(
        days=CORRECTION_NOTICE_DAYS
    )


def sign_offs_for(answer: Answer) -> QuerySet[SignOff]:
    return (
        SignOff.objects.filter(answer=answer)
        .select_related("reviewer")
        .order_by("-signed_at")
    )


def answers_in_review() -> QuerySet[Answer]:
    """Every answer in review, whoever it waits for: for managing editors."""
    return (
        Answer.objects.filter(state=Answer.State.IN_REVIEW)
        .select_related(*_IN_REVIEW_RELATED)
        .order_by("state_changed_at", "pk")
    )


def editorial_dashboard(user, *, as_of: datetime.date) -> dict[str, QuerySet[Answer]]:
    """The dashboard lists ``user``'s roles call for, keyed by section, in order.

    Medical reviewers see what awaits their review and what is overdue.
    Editors see their own drafts, their own answers in review (with who has
    them), what came back with changes requested and what is approved but not
    yet published. Managing editors, who assign reviewers, see every answer
    in review rather than their own, and what is overdue.
    """
    may_review = user.has_perm("articles.review_answer")
    may_edit = user.has_perm("articles.change_answer")
    manages = user.has_perm("articles.assign_reviewer")
    sections = {}
    if may_review:
        sections["awaiting_my_review"] = answers_awaiting_review(user)
    if may_edit:
        sections["my_drafts"] = drafts_by(user)
    if manages:
        sections["in_review"] = answers_in_review()
    elif may_edit:
        sections["my_in_review"] = answers_in_review_by(user)
    if may_edit:
        sections["changes_requested"] = answers_with_changes_requested()
    if user.has_perm("articles.publish_answer"):
        sections["approved"] = answers_approved_not_published()
    if may_review or manages:
        sections["overdue"] = overdue_answers(as_of)
    return sections


def reviewer_name(user) -> str:
    """How the editorial screens name a reviewer: their profile's full name, as
    the public knows them, else their account's name.

    Select ``reviewer_profile`` with the user to spare a query.
    """
    profile = getattr(user, "reviewer_profile", None)
    if profile is not None:
        return profile.full_name
    return user.get_full_name() or user.get_username()


def medical_reviewers() -> QuerySet:
    """Active users who may sign off answers, ordered by username.

    A medical reviewer holds ``articles.review_answer`` through a group,
    directly, or as a superuser: the users for whom ``user.has_perm`` (and so
    ``workflow.is_medical_reviewer``) says yes. The reviewer select, reviewer
    profiles, review requests and review reminders all ask this one query.
    """
    return _active_users_with("review_answer")


def managing_editors() -> QuerySet:
    """Active users who manage the editorial team (``articles.assign_reviewer``
    through a group, directly, or as a superuser), ordered by username."""
    return _active_users_with("assign_reviewer")


def _active_users_with(codename: str) -> QuerySet:
    """Active users holding the articles permission ``codename`` through a
    group, directly, or as a superuser, ordered by username."""
    permission = Permission.objects.filter(
        codename=codename, content_type__app_label="articles"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("username")
    )


def reviewer_candidates(search: str = "") -> QuerySet:
    """The medical reviewers a reviewer profile can belong to.

    ``search`` matches the username, name or email.
    """
    users = medical_reviewers()
    if search:
        users = users.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
        )
    return users


def reviewers_with_published_reviews() -> QuerySet[ReviewerProfile]:
    """Reviewers who gave the last review of an answer on the site, with
    ``last_reviewed_at``: the newest of those reviews, and
    ``listed_updated_at``: the newest "Last updated" of the answers their page
    lists."""
    reviewed = PublishedAnswer.objects.filter(
        archived_at__isnull=True, last_review__reviewer_profile=OuterRef("pk")
    )
    return (
        ReviewerProfile.objects.annotate(
            last_reviewed_at=Subquery(
                reviewed.order_by("-last_review__signed_at").values(
                    "last_review__signed_at"
                )[:1]
            ),
            listed_updated_at=Subquery(
                reviewed.order_by("-text_changed_at").values("text_changed_at")[:1]
            ),
        )
        .filter(last_reviewed_at__isnull=False)
        .only("slug", "updated_at")
        .order_by("full_name", "pk")
    )
