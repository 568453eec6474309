"""The sitemap: an index at ``/sitemap.xml`` and one sitemap per section.

Only what a visitor can read is listed: the home page and the A–Z index, the
conditions with a published answer, the answer pages, and the reviewers who
gave the last review of an answer on the site. Each URL's ``lastmod`` is its
own page's last change: an answer's "Last updated" (when its live text last
changed; a re-certification does not move it), a condition's newest "Last
updated" or its own edit, a reviewer's newest review or profile edit. A page
that lists others is never older than the newest page it lists: a condition's
its answers, a reviewer's the answers whose last review they gave, the home
page's and the A–Z index's every condition and answer.

The protocol allows 50,000 URLs a file; a section is split into files of
``SITEMAP_URLS_PER_FILE`` (10,000) URLs, numbered from 1, each read with one
query ordered by primary key, so that an answer stays in its file as others
are published. Lines are written from the rows without ``reverse()`` per
URL or a template: at 10,000 URLs those cost most of a second.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Max, QuerySet
from django.db.models.functions import Greatest
from django.urls import reverse

from articles.caching import LISTINGS, site_change_aggregates
from articles.models import PublishedAnswer, Question
from articles.selectors import (
    latest_listed_change,
    published_conditions_with_last_updated,
)
from core.http_caching import Validators, change_times, page_validators
from reviews.selectors import reviewers_with_published_reviews

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# The protocol's limit of URLs in one file.
PROTOCOL_URL_LIMIT = 50_000

Row = tuple  # the slugs of a URL, then its lastmod


def path_builder(url_name: str, *slug_names: str) -> Callable[..., str]:
    """A function of the slugs that returns ``reverse(url_name, kwargs=...)``.

    ``reverse`` runs once, with a marker for each slug; the rest is string
    formatting. Slugs ([-a-zA-Z0-9_]) need no quoting in a path.
    """
    markers = {name: f"slugmarker{index}x" for index, name in enumerate(slug_names)}
    template = reverse(url_name, kwargs=markers).replace("{", "{{").replace("}", "}}")
    for index, marker in enumerate(markers.values()):
        template = template.replace(marker, f"{{{index}}}")
    return template.format


@dataclass(frozen=True)
class Section:
    """One part of the site in the sitemap: its rows and how a row becomes a URL.

    ``rows()`` gives tuples of the URL's slugs followed by its lastmod, ordered
    by a key that does not change when other rows come and go.
    """

    name: str
    rows: Callable[[], Iterable[Row]]
    path: Callable[..., str]

    def urls(self, rows: Iterable[Row]) -> Iterator[tuple[str, datetime.datetime]]:
        path = self.path
        for *slugs, lastmod in rows:
            yield path(*slugs), lastmod


def urls_per_file() -> int:
    return min(settings.SITEMAP_URLS_PER_FILE, PROTOCOL_URL_LIMIT)


def _listing_rows() -> list[Row]:
    latest = latest_listed_change()
    return [("home", latest), ("articles:condition_index", latest)]


def _condition_rows() -> QuerySet:
    return (
        published_conditions_with_last_updated()
        .order_by("pk")
        .values_list("slug", Greatest("updated_at", "last_updated_at"))
    )


def _answer_rows() -> QuerySet:
    return (
        Question.objects.published()
        .order_by("pk")
        .values_list("condition__slug", "slug", "answer__live__text_changed_at")
    )


def _reviewer_rows() -> QuerySet:
    return (
        reviewers_with_published_reviews()
        .order_by("pk")
        .values_list(
            "slug", Greatest("updated_at", "last_reviewed_at", "listed_updated_at")
        )
    )


def sections() -> dict[str, Section]:
    """The sections, in the order the index lists them."""
    return {
        section.name: section
        for section in [
            Section("listings", _listing_rows, reverse),
            Section(
                "conditions",
                _condition_rows,
                path_builder("condition_detail", "condition_slug"),
            ),
            Section(
                "answers",
                _answer_rows,
                path_builder("answer_detail", "condition_slug", "question_slug"),
            ),
            Section(
                "reviewers",
                _reviewer_rows,
                path_builder("reviews:reviewer_detail", "reviewer_slug"),
            ),
        ]
    }


def file_urls(section: Section, number: int) -> list[tuple[str, datetime.datetime]]:
    """The paths and lastmods of file ``number`` (from 1) of a section, in one
    query: a slice of its rows."""
    size = urls_per_file()
    rows = section.rows()
    start = (number - 1) * size
    return list(section.urls(rows[start : start + size]))


def file_lastmods(section: Section) -> list[datetime.datetime | None]:
    """Each file's newest lastmod, in one query: the lastmods of every row in
    order, cut into files."""
    lastmods = [row[-1] for row in section.rows()]
    size = urls_per_file()
    return [
        max(filter(None, lastmods[start : start + size]), default=None)
        for start in range(0, len(lastmods), size)
    ]


def _w3c_date(moment: datetime.datetime | None) -> str:
    return moment.astimezone(datetime.UTC).date().isoformat() if moment else ""


def _w3c_datetime(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


def _sitemap_xml(
    root: str,
    entry: str,
    base_url: str,
    items: Iterable[tuple[str, datetime.datetime | None]],
    lastmod_text: Callable[[datetime.datetime | None], str],
) -> str:
    """Written out line by line rather than through a template: a file holds
    up to ten thousand entries."""
    base = escape(base_url)
    lines = [XML_DECLARATION, f'<{root} xmlns="{NAMESPACE}">\n']
    for path, lastmod in items:
        text = lastmod_text(lastmod)
        lastmod_element = f"<lastmod>{text}</lastmod>" if text else ""
        lines.append(
            f"<{entry}><loc>{base}{escape(path)}</loc>{lastmod_element}</{entry}>\n"
        )
    lines.append(f"</{root}>\n")
    return "".join(lines)


def urlset_xml(base_url: str, urls: Iterable[tuple[str, datetime.datetime]]) -> str:
    """A sitemap file (a ``urlset``): each page's URL and the date it last changed."""
    return _sitemap_xml("urlset", "url", base_url, urls, _w3c_date)


def index_xml(base_url: str, files: Iterable[tuple[str, datetime.datetime]]) -> str:
    """The sitemap index: each sitemap file's URL and when its newest page changed."""
    return _sitemap_xml("sitemapindex", "sitemap", base_url, files, _w3c_datetime)


def index_files() -> list[tuple[str, datetime.datetime | None]]:
    """The path and newest lastmod of every sitemap file, section by section."""
    return [
        (
            reverse("sitemap_section", kwargs={"section": name, "number": number}),
            lastmod,
        )
        for name, section in sections().items()
        for number, lastmod in enumerate(file_lastmods(section), start=1)
    ]


def sitemap_tags(section: str = "", number: int = 0) -> list[str]:
    """The page-cache tags of the index and of every file: the sitemap lists
    live answers across conditions, as the listings do."""
    return [LISTINGS]


def sitemap_validators(part: str) -> Validators:
    """Validators of a sitemap file or the index (``part``), which list the live
    copies' pages and the profiles of the reviewers who gave their last review.
    One aggregate query."""
    changes = PublishedAnswer.objects.aggregate(
        **site_change_aggregates(),
        profiles_changed_at=Max("last_review__reviewer_profile__updated_at"),
    )
    return page_validators(
        "sitemap", shown=[part, changes], changed_at=change_times(changes)
    )
