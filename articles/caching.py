"""HTTP validators and page-cache tags of the pages that show live answers.

Tags (see ``core.page_cache``):

- :func:`condition_pages`: the pages under ``/conditions/<slug>/`` (the
  condition, its answers and their experiences);
- :data:`LISTINGS`: the pages that list live answers across conditions (the
  home page, the A–Z index, reviewer pages).

:func:`connect_invalidation` bumps them on the domain's signals, narrowly: a
question or a condition that no public page shows bumps nothing.

Validators come from rows the views read anyway, plus at most one aggregate
query over the live copies. A publication moves ``published_at``, a
re-certification ``last_review``. A page that says a review is overdue
changes when the day comes, with no write: its validators carry that status
as of the day read, and its ``Last-Modified`` the start of the day it became
overdue (the page cache keys pages by the day too).
"""

import datetime
import functools

from django.db.models import Count, Exists, Max, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from articles import signals
from articles.models import Answer, Disclaimer, PublishedAnswer, Question
from conditions.models import Condition
from conditions.signals import condition_changed
from core import page_cache
from core.http_caching import Validators, change_times, page_validators

LISTINGS = "listings"


def condition_pages(condition_slug: str) -> str:
    """The tag of every page under the condition's URL."""
    return f"condition:{condition_slug}"


def condition_page_tags(condition_slug: str, question_slug: str = "") -> list[str]:
    """Tags of a page under ``/conditions/<condition_slug>/``."""
    return [condition_pages(condition_slug)]


def listing_tags() -> list[str]:
    """Tags of a page that lists live answers across conditions."""
    return [LISTINGS]


def _live_answer_changes(path: str = "") -> dict:
    """Aggregates over live copies (reached from the queried model by ``path``):
    how many are on the site, and when one was last published, archived or
    reviewed."""
    return {
        "live_count": Count(
            f"{path}pk", filter=Q(**{f"{path}archived_at__isnull": True})
        ),
        "live_published_at": Max(f"{path}published_at"),
        "live_archived_at": Max(f"{path}archived_at"),
        "live_reviewed_at": Max(f"{path}last_review__signed_at"),
    }


def site_change_aggregates() -> dict:
    """Aggregates over the live copies and the questions and conditions they show."""
    return {
        **_live_answer_changes(),
        "questions_changed_at": Max("answer__question__updated_at"),
        "conditions_changed_at": Max("answer__question__condition__updated_at"),
    }


def site_changes() -> dict:
    """One aggregate query: the state of every live copy and of what it shows."""
    return PublishedAnswer.objects.aggregate(**site_change_aggregates())


def _newest(rows: QuerySet, field: str) -> Subquery:
    """The newest ``field`` among ``rows``: the top of an index on it."""
    return Subquery(
        rows.filter(**{f"{field}__isnull": False})
        .order_by(f"-{field}")
        .values(field)[:1]
    )


def site_changed_at() -> datetime.datetime | None:
    """The latest of the change times of :func:`site_changes`, in one query
    that reads the newest entry of five indexes instead of every live copy."""
    row = _site_latest_changes().first()
    return max(filter(None, row.values()), default=None) if row else None


# Built once per process: Django takes longer to build this query (2 ms) than
# PostgreSQL takes to run it (0.2 ms). Only its copies run (``first()`` slices
# a copy), so it never holds rows.
@functools.cache
def _site_latest_changes() -> QuerySet:
    # The live copies the aggregate joins to their answer: one outlives its
    # answer once the archived answer is deleted.
    shown = PublishedAnswer.objects.filter(
        Exists(Answer.objects.filter(pk=OuterRef("pk")))
    )
    questions = Question.objects.filter(answer__live__isnull=False)
    conditions = Condition.objects.filter(
        Exists(questions.filter(condition=OuterRef("pk")))
    )
    newest = {
        "archived": _newest(shown, "archived_at"),
        "reviewed": _newest(shown, "last_review__signed_at"),
        "question": _newest(questions, "updated_at"),
        "condition": _newest(conditions, "updated_at"),
    }
    # The newest publication is the row the others come with: without a
    # live copy there is no change to tell.
    return (
        shown.order_by("-published_at")
        .annotate(**newest)
        .values("published_at", *newest)
    )


def listing_validators() -> Validators:
    """Validators of the home page, the A–Z index and the Atom feed, which list
    published conditions and the live copies of their answers."""
    changes = site_changes()
    return page_validators("listing", shown=[changes], changed_at=change_times(changes))


def with_condition_changes(conditions: QuerySet[Condition]) -> QuerySet[Condition]:
    """Annotate each condition with the change times its page's validators need,
    so that they come with the condition in one query."""
    return conditions.annotate(
        **_live_answer_changes("questions__answer__live__"),
        questions_changed_at=Max("questions__updated_at"),
    )


def day_starts_at(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def overdue_since(review_due_on: datetime.date) -> datetime.datetime:
    """When a page began to say that a review due on ``review_due_on`` is
    overdue: the start of the next day."""
    return day_starts_at(review_due_on + datetime.timedelta(days=1))


def overdue_status(due_dates: list[datetime.date]) -> tuple[list, list]:
    """What a page that marks these overdue reviews shows of them, and when
    the newest of those marks appeared."""
    return sorted(due_dates), [overdue_since(max(due_dates))] if due_dates else []


def condition_page_validators(
    condition: Condition, *, community_counts: dict, overdue_due_dates: list
) -> Validators:
    """Validators of a condition page. ``condition`` comes annotated by
    :func:`with_condition_changes`; ``overdue_due_dates`` are the due dates of
    the listed answers marked overdue today."""
    changes = {
        key: getattr(condition, key)
        for key in [*_live_answer_changes(), "questions_changed_at"]
    }
    overdue_shown, overdue_changed_at = overdue_status(overdue_due_dates)
    return page_validators(
        "condition",
        shown=[
            condition.pk,
            condition.updated_at,
            changes,
            community_counts,
            overdue_shown,
        ],
        changed_at=[condition.updated_at, *change_times(changes), *overdue_changed_at],
    )


def profile_fields(profile: Model | None) -> list:
    """What a page shows of a reviewer profile (``reviews.ReviewerProfile``)."""
    if profile is None:
        return []
    return [profile.pk, profile.slug, profile.updated_at]


def answer_page_validators(
    question: Question,
    *,
    disclaimer: Disclaimer | None,
    community_counts: dict,
    as_of: datetime.date,
    history: list = (),
    history_changed_at: list = (),
) -> Validators:
    """Validators of an answer page or its history page, from the rows the
    page has read: no query.

    ``question`` comes from ``articles.selectors.published_question``. A
    publication moves ``published_at``, a re-certification ``last_review``;
    an archived answer is not served here (410). ``history`` is what the page
    shows of the review history (JSON-able), ``history_changed_at`` when that
    changed without a write (a correction notice that ended).
    """
    live = question.answer.live
    overdue_shown, overdue_changed_at = overdue_status(
        [live.review_due_on] if live.is_review_overdue(as_of=as_of) else []
    )
    review = live.last_review
    condition = question.condition
    disclaimer_changed_at = disclaimer.updated_at if disclaimer else None
    profile = review.reviewer_profile
    return page_validators(
        "answer",
        shown=[
            question.pk,
            question.updated_at,
            condition.updated_at,
            live.published_at,
            review.pk,
            live.review_due_on,
            profile_fields(profile),
            disclaimer_changed_at,
            community_counts,
            overdue_shown,
            list(history),
        ],
        changed_at=[
            *overdue_changed_at,
            *history_changed_at,
            question.updated_at,
            condition.updated_at,
            live.published_at,
            review.signed_at,
            profile.updated_at if profile else None,
            disclaimer_changed_at,
        ],
    )


# Invalidation -----------------------------------------------------------------


def condition_tags(condition_ids) -> list[str]:
    """The :func:`condition_pages` tags of these conditions."""
    slugs = Condition.objects.filter(pk__in=list(condition_ids)).values_list(
        "slug", flat=True
    )
    return [condition_pages(slug) for slug in slugs]


def _condition_changed(sender, *, condition: Condition, **kwargs) -> None:
    # A public condition's name is on its pages, the listings and the answer
    # pages' breadcrumbs; its slug is in all their URLs: forget every page.
    if Question.objects.published().filter(condition=condition).exists():
        page_cache.clear_pages()


def _question_changed(sender, *, question: Question, condition_ids, **kwargs) -> None:
    if Question.objects.published().filter(pk=question.pk).exists():
        page_cache.bump([LISTINGS, *condition_tags(condition_ids)])


def _live_copies_changed(sender, *, condition_ids, **kwargs) -> None:
    page_cache.bump([LISTINGS, *condition_tags(condition_ids)])


def _site_wide_change(sender, **kwargs) -> None:
    page_cache.clear_pages()


def connect_invalidation() -> None:
    """Bump the tags of the pages that show live answers on the domain's signals."""
    condition_changed.connect(_condition_changed, dispatch_uid="articles.caching")
    signals.question_changed.connect(_question_changed, dispatch_uid="articles.caching")
    signals.live_copies_changed.connect(
        _live_copies_changed, dispatch_uid="articles.caching"
    )
    signals.disclaimer_changed.connect(
        _site_wide_change, dispatch_uid="articles.caching"
    )
    signals.content_replaced.connect(_site_wide_change, dispatch_uid="articles.caching")
