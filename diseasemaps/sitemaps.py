"""The sitemap: the public pages with published content, each with its lastmod.

Only what a visitor can read is listed: the home page and the A–Z index, the
conditions with a published answer, the answer pages, and the reviewers who
gave the last review of an answer on the site. ``lastmod`` is the "Last
updated" date of the answers a page shows (when their live text last changed;
a re-certification does not move it), or the page's own edit when that is
newer.
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.caching import site_change_aggregates
from articles.models import PublishedAnswer
from articles.selectors import (
    latest_text_change,
    published_conditions_with_last_updated,
    published_questions_with_last_updated,
)
from core.http_caching import Validators, change_times, page_validators
from reviews.selectors import reviewers_with_published_reviews


class ListingSitemap(Sitemap):
    """The home page and the A–Z index, as new as the newest answer."""

    def items(self):
        return ["home", "articles:condition_index"]

    def location(self, item):
        return reverse(item)

    @cached_property
    def _last_updated_at(self):
        return latest_text_change()

    def lastmod(self, item):
        return self._last_updated_at


class ConditionSitemap(Sitemap):
    def items(self):
        return published_conditions_with_last_updated()

    def lastmod(self, condition):
        return max(condition.updated_at, condition.last_updated_at)


class AnswerSitemap(Sitemap):
    def items(self):
        return published_questions_with_last_updated()

    def lastmod(self, question):
        return question.last_updated_at


class ReviewerSitemap(Sitemap):
    def items(self):
        return reviewers_with_published_reviews()

    def lastmod(self, profile):
        return max(profile.updated_at, profile.last_reviewed_at)


SITEMAPS = {
    "listings": ListingSitemap,
    "conditions": ConditionSitemap,
    "answers": AnswerSitemap,
    "reviewers": ReviewerSitemap,
}


def sitemap_validators() -> Validators:
    """Validators of the sitemap, which lists the live copies' pages and the
    profiles of the reviewers who gave their last review."""
    changes = PublishedAnswer.objects.aggregate(
        **site_change_aggregates(),
        profiles_changed_at=Max("last_review__reviewer_profile__updated_at"),
    )
    return page_validators("sitemap", shown=[changes], changed_at=change_times(changes))
