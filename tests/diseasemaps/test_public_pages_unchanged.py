"""The demo's public pages render byte for byte as their golden files record.

A guard for refactors that should change no output (moving modules between
apps, say): the test loads the demo as ``manage.py seed_demo`` does, requests
every public page of it as an anonymous visitor (the page cache on, as by
default; the pages are the same with ``PAGE_CACHE_SECONDS=0``), and compares
each body with its file in ``golden_pages/``, named after the page's path and
query. The pages are found from the database (published querysets,
``get_absolute_url()``) and sorted by URL: a page that moves or disappears
shows up as a golden file of no page, a new one as a page without a golden
file. The 404 page is an unpublished demo question's; a 410 page is covered
once the demo has an archived answer.

When a change to the pages is intended, regenerate the files on SQLite and
review their diff like any other change::

    UPDATE_GOLDEN_PAGES=1 pytest tests/diseasemaps/test_public_pages_unchanged.py

That rewrites every file (and deletes those of pages that are gone) instead of
comparing, and reports the test as skipped.

The comparison is exact except for what differs between runs whatever the code
does. Each is replaced by a placeholder, in its own context only, so that the
same text anywhere else still has to match:

- Dates: the demo's history is dated relative to the moment of seeding (``now``
  minus N days), and a condition's sitemap date is the seeding date itself.
  ``<time datetime="D">D</time>`` (both halves equal, or the second the same
  date written for people: "3 March 2026"), ``datePublished``,
  ``dateModified``, ``lastReviewed`` and ``expires`` in the JSON-LD, and
  sitemap ``<lastmod>`` values (dates in the files, times in the index)
  become ``<DATE>``.
- Times: the feed's ``<updated>`` values are seeding timestamps to the
  microsecond (left out by ``isoformat()`` when zero); they become
  ``<DATETIME>``.
- Experience ids: the fragment ids ``experience-<pk>`` carry primary keys. On
  SQLite they are the same in every run, but PostgreSQL's sequences never roll
  back, so there they depend on the tests that ran before. They become
  ``experience-<EXPERIENCE n>``, n counting the demo's experiences in the order
  they were created (which is the pk in a fresh database).

Nothing else varies: the passwords seed_demo makes are printed, never shown on
a page. A date in any other context is refused when writing golden files, as
it would make them fail on another day.

The search pages come from the database's full-text search, and PostgreSQL
stems, ranks and highlights differently from the SQLite fallback: their golden
files hold SQLite's results, and on PostgreSQL only their status is checked.
"""

import difflib
import io
import os
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse

from articles.models import Question
from articles.selectors import published_conditions
from community.models import Experience
from reviews.models import ReviewerProfile
from tests.community.helpers import experiences_url

pytestmark = pytest.mark.django_db

GOLDEN_DIR = Path(__file__).parent / "golden_pages"
UPDATE_VARIABLE = "UPDATE_GOLDEN_PAGES"
SEARCHES = ["cause", "heart", "hemifacial atrophy"]
SUFFIXES = {
    "text/html": ".html",
    "application/atom+xml": ".xml",
    "application/xml": ".xml",
    "text/plain": ".txt",
}
DIFF_LINES = 30
DIFF_PAGES = 5
LONG_LINE = 200
SEARCH_IS_SQLITES = (
    "Regenerate the golden pages on SQLite (without DATABASE_URL): the search "
    "pages' golden files hold SQLite's results."
)

ISO_DATE = r"\d{4}-\d{2}-\d{2}"
MONTHS = "January|February|March|April|May|June|July|August|September|October"
MONTHS += "|November|December"
READER_DATE = rf"\d{{1,2}} (?:{MONTHS}) \d{{4}}"
TIME_ELEMENT = re.compile(rf'<time datetime="({ISO_DATE})">(?:\1|{READER_DATE})</time>')
JSON_LD_DATE = re.compile(
    rf'"(datePublished|dateModified|lastReviewed|expires)": "{ISO_DATE}"'
)
SITEMAP_LASTMOD = re.compile(
    rf"<lastmod>{ISO_DATE}(T\d{{2}}:\d{{2}}:\d{{2}}[+-]\d{{2}}:\d{{2}})?</lastmod>"
)
FEED_UPDATED = re.compile(
    rf"<updated>{ISO_DATE}T\d{{2}}:\d{{2}}:\d{{2}}(\.\d{{1,6}})?"
    r"(Z|[+-]\d{2}:\d{2})</updated>"
)
EXPERIENCE_ID = re.compile(r'((?:id|aria-labelledby)="experience-)(\d+)')
LEFTOVER_DATE = re.compile(rf"(?<!\d){ISO_DATE}(?!\d)")


def demo_pages() -> list[tuple[str, int]]:
    """Every public page of the demo with the status it answers, sorted by URL."""
    pages = {
        reverse(name): 200
        for name in [
            "home",
            "articles:condition_index",
            "updates_feed",
            "sitemap",
            "robots_txt",
        ]
    }
    pages |= {
        reverse("sitemap_section", kwargs={"section": section, "number": 1}): 200
        for section in ("listings", "conditions", "answers", "reviewers")
    }
    pages |= {c.get_absolute_url(): 200 for c in published_conditions()}
    for question in Question.objects.published().select_related("condition"):
        pages[question.get_absolute_url()] = 200
        pages[experiences_url(question)] = 200
        pages[
            reverse("answer_history", args=[question.condition.slug, question.slug])
        ] = 200
    pages |= {p.get_absolute_url(): 200 for p in ReviewerProfile.objects.all()}
    pages |= {f"{reverse('search')}?{urlencode({'q': q})}": 200 for q in SEARCHES}
    unpublished = Question.objects.exclude(pk__in=Question.objects.published())
    pages[min(q.get_absolute_url() for q in unpublished)] = 404
    pages |= {q.get_absolute_url(): 410 for q in Question.objects.archived()}
    return sorted(pages.items())


def golden_name(url: str, content_type: str) -> str:
    """A file name for the page at ``url``: its path and query, made safe."""
    path, _, query = url.partition("?")
    name = "__".join(filter(None, [path.strip("/").replace("/", "__"), query]))
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name or "home")
    suffix = SUFFIXES[content_type.partition(";")[0]]
    return name if name.endswith(suffix) else name + suffix


def normalise(text: str, experience_numbers: dict[int, int]) -> str:
    text = TIME_ELEMENT.sub('<time datetime="<DATE>"><DATE></time>', text)
    text = JSON_LD_DATE.sub(r'"\1": "<DATE>"', text)
    text = SITEMAP_LASTMOD.sub("<lastmod><DATE></lastmod>", text)
    text = FEED_UPDATED.sub("<updated><DATETIME></updated>", text)
    return EXPERIENCE_ID.sub(
        lambda match: (
            f"{match[1]}<EXPERIENCE {experience_numbers.get(int(match[2]), '?')}>"
        ),
        text,
    )


def _display_lines(text: str) -> list[str]:
    """Lines to diff; one-line XML documents are split between their elements."""
    lines = []
    for line in text.splitlines():
        lines += (
            line.replace("><", ">\n<").splitlines() if len(line) > LONG_LINE else [line]
        )
    return [
        line if len(line) <= LONG_LINE else line[:LONG_LINE] + "…" for line in lines
    ]


def short_diff(url: str, name: str, golden: str, rendered: str) -> str:
    diff = list(
        difflib.unified_diff(
            _display_lines(golden),
            _display_lines(rendered),
            fromfile=f"{url} (golden_pages/{name})",
            tofile=f"{url} (rendered now)",
            lineterm="",
            n=2,
        )
    )
    if len(diff) > DIFF_LINES:
        diff = diff[:DIFF_LINES] + [f"... ({len(diff) - DIFF_LINES} more diff lines)"]
    return "\n".join(diff)


def seed_demo() -> None:
    """Load the demo as ``manage.py seed_demo`` does; it runs only with DEBUG on,
    which pytest-django turns off, and the pages must be rendered with it off
    (DEBUG shows the technical 404 page)."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())


def render_pages(client) -> dict[str, tuple[str, str]]:
    """Each page's normalised body and URL, by golden file name, in URL order."""
    experience_numbers = {
        pk: number
        for number, pk in enumerate(
            Experience.objects.order_by("pk").values_list("pk", flat=True), start=1
        )
    }
    rendered, wrong_statuses = {}, []
    for url, status in demo_pages():
        try:
            response = client.get(url)
        except Exception as error:
            error.add_note(f"Raised while rendering {url}")
            raise
        if response.status_code != status:
            wrong_statuses.append(f"{url}: status {response.status_code}, not {status}")
            continue
        name = golden_name(url, response["Content-Type"])
        assert name not in rendered, f"{url} and {rendered[name][0]} share {name}"
        text = response.content.decode(response.charset)
        rendered[name] = (url, normalise(text, experience_numbers))
    assert not wrong_statuses, "\n".join(wrong_statuses)
    return rendered


def mismatch_report(
    rendered: dict[str, tuple[str, str]], *, unchecked: set[str]
) -> str:
    """What differs from the golden files, with short diffs; empty if nothing.

    The pages named in ``unchecked`` must have golden files, whatever they hold.
    """
    golden_names = {path.name for path in GOLDEN_DIR.glob("*")}
    missing = [name for name in rendered if name not in golden_names]
    extra = sorted(golden_names - set(rendered))
    differing = [
        name
        for name, (_url, text) in rendered.items()
        if name in golden_names - unchecked
        and (GOLDEN_DIR / name).read_bytes() != text.encode()
    ]
    if not (missing or extra or differing):
        return ""
    report = [
        f"{len(differing)} of {len(rendered)} public pages differ from their golden "
        f"files in {GOLDEN_DIR}. If the change is intended, run the test with "
        f"{UPDATE_VARIABLE}=1 and review the golden files' diff."
    ]
    report += [f"Page without a golden file: {rendered[n][0]} ({n})" for n in missing]
    report += [f"Golden file of no page: {name}" for name in extra]
    report += [f"Differs: {rendered[name][0]} ({name})" for name in differing]
    for name in differing[:DIFF_PAGES]:
        url, text = rendered[name]
        golden = (GOLDEN_DIR / name).read_text(encoding="utf-8")
        report.append(short_diff(url, name, golden, text))
    if len(differing) > DIFF_PAGES:
        report.append(f"(diffs of the other {len(differing) - DIFF_PAGES} not shown)")
    return "\n".join(report)


def write_golden_pages(rendered: dict[str, tuple[str, str]]) -> None:
    """Replace the golden files with the pages just rendered."""
    for url, text in rendered.values():
        leftover = LEFTOVER_DATE.search(text)
        assert leftover is None, (
            f"{url} shows a date no normalisation covers ({leftover[0]}): its golden "
            "file would fail on another day. Add a targeted pattern to normalise()."
        )
    GOLDEN_DIR.mkdir(exist_ok=True)
    for path in GOLDEN_DIR.glob("*"):
        if path.name not in rendered:
            path.unlink()
    for name, (_url, text) in rendered.items():
        (GOLDEN_DIR / name).write_bytes(text.encode())


def test_public_pages_of_the_demo_match_their_golden_files(client, settings):
    assert not settings.DEBUG
    seed_demo()

    rendered = render_pages(client)

    if os.environ.get(UPDATE_VARIABLE) == "1":
        if connection.vendor != "sqlite":
            pytest.fail(SEARCH_IS_SQLITES, pytrace=False)
        write_golden_pages(rendered)
        pytest.skip(f"{UPDATE_VARIABLE}=1: wrote {len(rendered)} golden pages")
    unchecked = set()
    if connection.vendor != "sqlite":
        unchecked = {
            name
            for name, (url, _text) in rendered.items()
            if url.startswith(reverse("search"))
        }
    report = mismatch_report(rendered, unchecked=unchecked)
    if report:
        pytest.fail(report, pytrace=False)
