"""HTTP validators and page-cache tags of reviewer pages."""

from articles.caching import (
    LISTINGS,
    condition_tags,
    day_starts_at,
    overdue_status,
    profile_fields,
    site_changes,
)
from articles.models import PublishedAnswer
from core import page_cache
from core.http_caching import Validators, change_times, page_validators
from reviews.models import Registration, ReviewerProfile
from reviews.selectors import HistoryLine, correction_notice_ends_on
from reviews.signals import reviewer_profile_changed


def reviewer_page_tags(reviewer_slug: str) -> list[str]:
    """A reviewer page lists live answers across conditions."""
    return [LISTINGS]


def reviewer_page_validators(
    profile: ReviewerProfile,
    *,
    registration: Registration | None,
    overdue_due_dates: list,
) -> Validators:
    """Validators of a reviewer page: the profile, the registration it shows
    (which changes by date alone, when one runs out), the site's live copies,
    since a re-certification by someone else or an archival removes an answer
    from the reviewer's list, and which listed answers are marked overdue."""
    changes = site_changes()
    shown_registration = (
        [] if registration is None else [registration.pk, registration.valid_until]
    )
    overdue_shown, overdue_changed_at = overdue_status(overdue_due_dates)
    return page_validators(
        "reviewer",
        shown=[profile_fields(profile), shown_registration, changes, overdue_shown],
        changed_at=[profile.updated_at, *change_times(changes), *overdue_changed_at],
    )


def history_validator_parts(
    history: list[HistoryLine], *, notice: HistoryLine | None
) -> tuple[list, list]:
    """What an answer page shows of its review history (for its ETag), and
    when that last changed without a write: the end of a correction notice.

    The reviewer's name and credentials are the sign-off's snapshot; only
    the link to their page can change afterwards.
    """
    shown = [[line.recorded_at, line.kind, line.reviewer_url] for line in history] + [
        notice is not None
    ]
    changed_at = []
    corrections = [line for line in history if line.is_correction]
    if notice is None and corrections:
        changed_at.append(day_starts_at(correction_notice_ends_on(corrections[0])))
    return shown, changed_at


def _reviewer_profile_changed(sender, *, profile: ReviewerProfile, **kwargs) -> None:
    """The profile's page and the answer pages naming it as the last review."""
    condition_ids = PublishedAnswer.objects.filter(
        last_review__reviewer_profile=profile
    ).values_list("answer__question__condition_id", flat=True)
    page_cache.bump([LISTINGS, *condition_tags(set(condition_ids))])


def connect_invalidation() -> None:
    reviewer_profile_changed.connect(
        _reviewer_profile_changed, dispatch_uid="reviews.caching"
    )
