"""The page cache: visitors' public pages served whole from the cache, never stale.

A visitor's page (marked by ``http_caching.render``) of a view declared with
:func:`tagged` is stored, rendered, in the configured cache for
``PAGE_CACHE_SECONDS`` (0 turns it off). The next visitor gets it without a
database query or a template: that is what lets one modest machine serve a
page shared widely in minutes.

Invalidation is by tags, named by the view from its URL arguments alone so
that they can be read before the view reads the database. Which tags exist and
what bumps them belongs to the apps whose pages they are (their ``caching``
modules); every page also carries :data:`SITE`, which :func:`clear_pages`
bumps.

Each tag holds a random version. A request reads the versions of its page's
tags before the view runs and stores the page with them; a change bumps the
versions after its transaction commits (and once more at once). A page stored
from data read before a commit therefore carries versions read before the
bump, and is never served again: no stale page survives a publish, a moderation
decision or a declaration, whatever the timing.

Entries are keyed by the release (``http_caching.release_digest``), the local
date and the URL, so a deploy starts afresh, and a page that says what is due
or recent as of today (an overdue review, a correction notice) is rendered
again on the next day. Of the query string, only the parameters the view
declares (``tagged(..., query=...)``) count, each normalised by its declared
function: ``?utm_source=x`` or ``?x=<random>`` is the same page, served from
the same entry, and cannot fill the cache; ``?page=02`` is ``?page=2``. The
view then sees only those parameters, normalised, so that the page stored is
the page its key names. A value that cannot be normalised without the view's
data (a page number past a bound) makes the page be served uncached.
Signed-in readers (a session cookie) and readers with a message waiting are
never served from nor stored in the cache.

Each process keeps a copy of the pages it served or stored last
(:data:`local_copies`, bounded in bytes). A hit then reads only its tags'
versions from the shared cache, not the page's bytes; the copy is served only
when it carries those versions, before its entry expires.

The page cache only saves work: when the cache fails (Redis down), pages are
rendered as if it were empty and the failure is logged. It needs a cache that
all app processes share (Redis) when more than one process serves the site; a
deploy check says so.
"""

import datetime
import functools
import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import checks
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from core import clock
from core.http_caching import is_visitors_page, release_digest

logger = logging.getLogger(__name__)

# Every stored page carries this tag, besides those its view declares.
SITE = "site"
TAG_PREFIX = "page-tag:"
ENTRY_PREFIX = "page:"
# Set in the request's environment when the page came from the cache (read by
# the warm_page_cache command).
SERVED_FROM_CACHE_KEY = "diseasemaps.page_cache.hit"


# A query parameter's normaliser: the value as the view would understand it
# ("" when that is the same as leaving it out), or None when only the view can
# tell (the page is then served uncached).
Normaliser = Callable[[str], str | None]

# Bytes of stored pages each process keeps a copy of (an answer page is about
# 20 kB, a sitemap file about 1.3 MB); see LocalCopies.
LOCAL_COPIES_MAX_BYTES = 32 * 1024 * 1024

# Page numbers above this are served uncached: the view answers any larger
# number with its last page, which only it knows.
MAX_CACHED_PAGE_NUMBER = 100


def page_number(value: str) -> str | None:
    """Normalise a ``page`` parameter as ``Paginator.get_page`` reads it: not a
    number is page 1; 1 is the same as no page; below 1 or past
    :data:`MAX_CACHED_PAGE_NUMBER` is the last page, known only to the view."""
    try:
        number = int(value)
    except ValueError:
        return ""
    if number == 1:
        return ""
    if 1 < number <= MAX_CACHED_PAGE_NUMBER:
        return str(number)
    return None


def tagged(
    tags_of: Callable[..., Iterable[str]],
    *,
    query: Mapping[str, Normaliser] | None = None,
) -> Callable:
    """Declare a view's page cacheable, with the tags ``tags_of(**url_kwargs)``
    names: bumping one of them (or :data:`SITE`) drops the page. Only views
    declared so are served from the page cache.

    ``query`` names the query parameters the view reads, each with its
    normaliser (such as :func:`page_number`); any other parameter is left out
    of the cache key and out of the request the view sees."""

    def declare(view: Callable) -> Callable:
        view.page_cache_tags = tags_of
        view.page_cache_query = dict(query or {})
        return view

    return declare


@dataclass(frozen=True)
class _Declaration:
    tags: tuple[str, ...]
    query: Mapping[str, Normaliser]


def _declaration(request: HttpRequest) -> _Declaration | None:
    """What the view at the request's URL declared, or None when it has no tags."""
    return _declaration_of_path(get_urlconf(), request.path_info)


# Resolving a URL costs more than the rest of a hit's own work; what a path
# declares never changes while the process runs (the URL configuration is part
# of the release), so the paths most read keep theirs.
@functools.lru_cache(maxsize=4096)
def _declaration_of_path(urlconf: str | None, path: str) -> _Declaration | None:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    tags_of = getattr(match.func, "page_cache_tags", None)
    if tags_of is None:
        return None
    return _Declaration(
        tags=(SITE, *tags_of(**match.kwargs)),
        query=getattr(match.func, "page_cache_query", {}),
    )


def is_cacheable_path(path: str) -> bool:
    """Whether the page at ``path`` is one the page cache stores for visitors."""
    return _declaration_of_path(get_urlconf(), path) is not None


def _known_query(request: HttpRequest, declared: Mapping[str, Normaliser]):
    """The declared parameters of the request, normalised, in name order
    (as the view would read them: the last value of each); None when one
    cannot be normalised."""
    if not request.META.get("QUERY_STRING"):
        return []
    known = []
    for name in sorted(declared):
        if name not in request.GET:
            continue
        value = declared[name](request.GET[name])
        if value is None:
            return None
        if value:
            known.append((name, value))
    return known


def _is_personal(request: HttpRequest) -> bool:
    """True when the reader may get a page meant for them alone: signed in, or
    with a message waiting (see ``http_caching``)."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def _entry_key(request: HttpRequest, known: list[tuple[str, str]]) -> str:
    """The cache key of a page: the release, the local date and its URL with
    the known query parameters."""
    return _entry_key_of(
        release_digest(),
        clock.today(),
        request.scheme,
        request.get_host(),
        request.path,
        tuple(known),
    )


# Hashing the key's parts costs as much as the rest of a hit's own work; the
# pages most read keep theirs until the release or the date changes.
@functools.lru_cache(maxsize=4096)
def _entry_key_of(
    release: str,
    today: datetime.date,
    scheme: str,
    host: str,
    path: str,
    known: tuple[tuple[str, str], ...],
) -> str:
    """The key, hashed to keep keys short and free of characters a cache
    backend refuses."""
    url = f"{scheme}://{host}{path}"
    if known:
        url += "?" + urlencode(known)
    identity = f"{release}\n{today.isoformat()}\n{url}"
    return ENTRY_PREFIX + hashlib.sha256(identity.encode()).hexdigest()


def _new_version() -> int:
    """A tag's new version: random, and an integer, which Redis stores as it
    is (no pickle to read back on every hit)."""
    return secrets.randbits(62)


def _current_versions(tags: tuple[str, ...], found: dict) -> tuple[str, ...]:
    """The versions of ``tags``, from ``found`` (what a ``get_many`` returned);
    a tag the cache does not hold (never bumped, or evicted) gets a new one."""
    for tag in tags:
        if TAG_PREFIX + tag not in found:
            cache.add(TAG_PREFIX + tag, _new_version(), timeout=None)
            found[TAG_PREFIX + tag] = cache.get(TAG_PREFIX + tag)
    return tuple(found[TAG_PREFIX + tag] for tag in tags)


def _stored_response(request: HttpRequest, entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], headers=entry["headers"])
    return get_conditional_response(
        request,
        etag=entry["etag"],
        last_modified=entry["last_modified"],
        response=response,
    )


def _entry(response: HttpResponse, versions: tuple[str, ...]) -> dict:
    """What the cache holds of a page: its bytes and headers, with its
    validators parsed once for the hits' conditional requests, and when it
    expires (for the processes' copies, :class:`LocalCopies`)."""
    return {
        "versions": versions,
        "expires_at": time.time() + settings.PAGE_CACHE_SECONDS,
        "headers": dict(response.headers.items()),
        "content": response.content,
        "etag": response.headers.get("ETag"),
        "last_modified": parse_http_date_safe(
            response.headers.get("Last-Modified", "")
        ),
    }


class LocalCopies:
    """The entries this process served or stored last, by key.

    With a copy at hand, a hit reads only its tags' versions from the shared
    cache: a page's bytes cross from it, and are unpickled, once per process
    rather than on every request. A copy is served only when its versions are
    the ones the shared cache holds now, and not after its entry expires, so it
    is never served where the shared entry would not be."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, dict] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        """The copy of ``key``, whatever its versions, unless it has expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry["expires_at"] <= time.time():
                self._discard(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        size = len(entry["content"])
        with self._lock:
            self._discard(key)
            if size > self.max_bytes:
                return
            self._entries[key] = entry
            self._size += size
            while self._size > self.max_bytes:
                _, oldest = self._entries.popitem(last=False)
                self._size -= len(oldest["content"])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def _discard(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._size -= len(entry["content"])


local_copies = LocalCopies(LOCAL_COPIES_MAX_BYTES)


class PageCacheMiddleware:
    """Serve visitors' public pages from the page cache, and store them there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declaration = self._declaration_to_serve(request)
        if declaration is None:
            return self.get_response(request)
        known = _known_query(request, declaration.query)
        if known is None:
            return self.get_response(request)
        if request.META.get("QUERY_STRING"):
            # The view reads what the key holds, and nothing else.
            request.GET = QueryDict(urlencode(known))
        tags = declaration.tags
        key = _entry_key(request, known)
        tag_keys = [TAG_PREFIX + tag for tag in tags]
        copy = local_copies.get(key)
        try:
            # With a copy at hand, only the versions are read.
            found = cache.get_many(tag_keys if copy else [key, *tag_keys])
            versions = _current_versions(tags, found)
            entry = self._current_entry(key, versions, copy, found)
        except Exception:  # noqa: BLE001 (any backend failure; see the docstring)
            logger.warning("Page cache unavailable; rendering %s", request.path)
            return self.get_response(request)
        if entry is not None:
            request.META[SERVED_FROM_CACHE_KEY] = True
            return _stored_response(request, entry)
        response = self.get_response(request)
        if self._may_store(request, response):
            entry = _entry(response, versions)
            try:
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001 (any backend failure)
                logger.warning("Page cache unavailable; %s not stored", request.path)
            else:
                if None not in versions:
                    local_copies.put(key, entry)
        return response

    @staticmethod
    def _current_entry(
        key: str, versions: tuple[str, ...], copy: dict | None, found: dict
    ) -> dict | None:
        """The stored page of ``key`` if it carries ``versions``: this
        process's copy, else the shared cache's entry (read again when the copy
        was outdated: another process may have stored the page since)."""
        if None in versions:
            # A cache that keeps nothing (Django's dummy cache) vouches for no copy.
            return None
        if copy is not None:
            if copy["versions"] == versions:
                return copy
            found = {key: cache.get(key)}
        entry = found.get(key)
        if entry is None or entry["versions"] != versions:
            return None
        local_copies.put(key, entry)
        return entry

    @staticmethod
    def _declaration_to_serve(request: HttpRequest) -> _Declaration | None:
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or _is_personal(request)
        ):
            return None
        return _declaration(request)

    @staticmethod
    def _may_store(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            request.method == "GET"
            and response.status_code == 200
            and is_visitors_page(response)
            and not response.cookies
        )


# Invalidation --------------------------------------------------------------------


def bump(tags: Iterable[str]) -> None:
    """Give ``tags`` new versions now and again when the transaction commits, so
    that no page stored from data read before the commit is served again."""
    tags = list(tags)
    _bump_now(tags)
    transaction.on_commit(lambda: _bump_now(tags))


def _bump_now(tags: list[str]) -> None:
    try:
        cache.set_many({TAG_PREFIX + tag: _new_version() for tag in tags}, timeout=None)
    except Exception:  # noqa: BLE001 (any backend failure)
        logger.error("Page cache unavailable; could not invalidate %s", tags)


def clear_pages() -> None:
    """Content was written in bulk (a load, an import): forget every page."""
    bump([SITE])


def check_shared_cache(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Deploy check: a per-process cache cannot carry invalidations between
    app processes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The page cache is on, but the cache is per process: a publish "
                "in one app process does not reach pages cached by another.",
                hint="Set CACHE_URL to a Redis shared by all app processes, or "
                "PAGE_CACHE_SECONDS=0.",
                id="diseasemaps.W001",
            )
        ]
    return []
