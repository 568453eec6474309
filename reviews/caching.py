"""HTTP validators and page-cache tags of reviewer pages."""

from articles.caching import LISTINGS, condition_tags, profile_fields, site_changes
from articles.models import PublishedAnswer
from core import page_cache
from core.http_caching import Validators, change_times, page_validators
from reviews.models import Registration, ReviewerProfile
from reviews.signals import reviewer_profile_changed


def reviewer_page_tags(reviewer_slug: str) -> list[str]:
    """A reviewer page lists live answers across conditions."""
    return [LISTINGS]


def reviewer_page_validators(
    profile: ReviewerProfile, *, registration: Registration | None
) -> Validators:
    """Validators of a reviewer page: the profile, the registration it shows
    (which changes by date alone, when one runs out) and the site's live
    copies, since a re-certification by someone else or an archival removes
    an answer from the reviewer's list."""
    changes = site_changes()
    shown_registration = (
        [] if registration is None else [registration.pk, registration.valid_until]
    )
    return page_validators(
        "reviewer",
        shown=[profile_fields(profile), shown_registration, changes],
        changed_at=[profile.updated_at, *change_times(changes)],
    )


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
