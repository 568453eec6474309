"""Warm the page cache after a deploy: render the pages readers ask for first.

A deploy starts the page cache afresh (its keys carry the release), so the
first readers of each page pay for its rendering, and crawlers fetching the
sitemap all at once can hold every worker. :func:`warm` renders a bounded list
of pages, a few at a time, through the site's own request handling as a
visitor at ``SITE_URL`` would ask for them, so that the page cache stores
each one under the key readers will hit.

It is resumable: a page already in the cache is served from it, which costs
no query and no template, and is counted as already warm; a second run after
an interruption only renders what the first did not reach.
"""

import io
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.urls import reverse

from articles import selectors
from core import page_cache
from diseasemaps import sitemaps

DEFAULT_LIMIT = 500
DEFAULT_WORKERS = 2
MAX_WORKERS = 8


@dataclass
class Outcome:
    """What a run did, page by page."""

    rendered: list[str] = field(default_factory=list)
    already_warm: list[str] = field(default_factory=list)
    # Paths the page cache does not store: no such page for visitors, or one
    # that is not cached (the admin, a page gone since the log was written).
    not_cached: list[tuple[str, int | None]] = field(default_factory=list)
    # Server errors.
    failed: list[tuple[str, int]] = field(default_factory=list)


def site_pages() -> Iterator[str]:
    """The pages every reader and crawler starts from: the listings, the feed
    and the sitemap."""
    yield reverse("home")
    yield reverse("articles:condition_index")
    yield reverse("updates_feed")
    yield reverse("sitemap")
    for name, section in sitemaps.sections().items():
        for number in range(1, len(sitemaps.file_lastmods(section)) + 1):
            yield reverse("sitemap_section", kwargs={"section": name, "number": number})


def newest_pages(limit: int) -> Iterator[str]:
    """The newest answers ("Last updated"), each followed by its condition's
    page the first time that condition comes."""
    conditions = set()
    for question in selectors.recently_updated_questions(limit=limit):
        yield question.get_absolute_url()
        if question.condition_id not in conditions:
            conditions.add(question.condition_id)
            yield question.condition.get_absolute_url()


def pages_to_warm(*, most_visited: Iterable[str], limit: int) -> list[str]:
    """The site's pages, then the most visited ones given (paths, for example
    from the access log), then the newest: each once, at most ``limit``."""
    chosen: dict[str, None] = {}
    for source in (site_pages(), most_visited, newest_pages(limit)):
        for path in source:
            if len(chosen) >= limit:
                return list(chosen)
            chosen.setdefault(path, None)
    return list(chosen)


def _environ(path: str) -> dict:
    """A visitor's GET of ``path`` at ``SITE_URL``: no cookie, so the page is
    the one every visitor gets."""
    site = urlsplit(settings.SITE_URL)
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": site.hostname or "localhost",
        "SERVER_PORT": str(site.port or (443 if site.scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": site.netloc,
        "wsgi.url_scheme": site.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    if settings.SECURE_PROXY_SSL_HEADER and site.scheme == "https":
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = secure_value
    return environ


def _fetch(handler: WSGIHandler, path: str) -> tuple[str, int, bool]:
    """Request ``path``; whether it came from the page cache, read from the
    ``X-Page-Cache`` mark the middleware leaves on the request."""
    statuses = []
    environ = _environ(path)
    try:
        handler(environ, lambda status, headers: statuses.append(status)).close()
    finally:
        # The worker thread's own connections: none is left open when the
        # pool ends.
        connections.close_all()
    status = int(statuses[0].split(" ", 1)[0])
    return path, status, environ.get(page_cache.SERVED_FROM_CACHE_KEY, False)


def warm(
    paths: list[str],
    *,
    workers: int = DEFAULT_WORKERS,
    progress: Callable[[str], None] = lambda message: None,
) -> Outcome:
    """Render ``paths``, ``workers`` at a time, into the page cache."""
    outcome = Outcome()
    handler = WSGIHandler()
    cacheable = []
    for path in paths:
        if page_cache.is_cacheable_path(path.partition("?")[0]):
            cacheable.append(path)
        else:
            outcome.not_cached.append((path, None))
    with ThreadPoolExecutor(max_workers=min(workers, MAX_WORKERS)) as pool:
        fetched = pool.map(lambda path: _fetch(handler, path), cacheable)
        for path, status, from_cache in fetched:
            if status >= 500:
                outcome.failed.append((path, status))
            elif status != 200:
                outcome.not_cached.append((path, status))
            elif from_cache:
                outcome.already_warm.append(path)
            else:
                outcome.rendered.append(path)
            progress(path)
    return outcome
