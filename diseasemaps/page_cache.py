"""The page cache: visitors' public pages served whole from the cache, never stale.

A visitor's page (home, A–Z, condition, answer, experiences, reviewer; marked
by ``http_caching.render``) is stored, rendered, in the configured cache for
``PAGE_CACHE_SECONDS`` (0 turns it off). The next visitor gets it without a
database query or a template: that is what lets one modest machine serve a
page shared widely in minutes.

Invalidation is by tags, derived from the URL alone so that they can be read
before the view reads the database:

- ``condition:<slug>``: the pages under ``/conditions/<slug>/`` (the condition,
  its answers and their experiences), bumped when a live copy, an experience
  or a declaration of that condition changes;
- ``listings``: the home page, the A–Z index and reviewer pages, bumped when a
  live copy changes anywhere;
- ``site``: every page, bumped by what all pages show or link to (conditions,
  questions, reviewer profiles, the disclaimer, members' display names).

Each tag holds a random version. A request reads the versions of its page's
tags before the view runs and stores the page with them; a change bumps the
versions after its transaction commits (and once more at once). A page stored
from data read before a commit therefore carries versions read before the
bump, and is never served again: no stale page survives a publish, a moderation
decision or a declaration, whatever the timing.

Entries are keyed by the release (``http_caching.release_digest``) and the full
URL, so a deploy starts afresh. Signed-in readers (a session cookie) and
readers with a message waiting are never served from nor stored in the cache.

The page cache only saves work: when the cache fails (Redis down), pages are
rendered as if it were empty and the failure is logged. It needs a cache that
all app processes share (Redis) when more than one process serves the site; a
deploy check says so.
"""

import functools
import hashlib
import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import checks
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from diseasemaps.http_caching import is_visitors_page, release_digest

logger = logging.getLogger(__name__)

SITE = "site"
LISTINGS = "listings"
TAG_PREFIX = "page-tag:"
ENTRY_PREFIX = "page:"


def condition_tag(slug: str) -> str:
    return f"condition:{slug}"


def _tags_of(request: HttpRequest) -> tuple[str, ...] | None:
    """The tags of the page at the request's URL, or None when it has none."""
    return _tags_of_path(get_urlconf(), request.path_info)


# Resolving a URL costs more than the rest of a hit's own work; the tags of a
# path never change while the process runs (the URL configuration is part of
# the release), so the paths most read keep theirs.
@functools.lru_cache(maxsize=4096)
def _tags_of_path(urlconf: str | None, path: str) -> tuple[str, ...] | None:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    slug = match.kwargs.get("condition_slug")
    return (SITE, condition_tag(slug)) if slug else (SITE, LISTINGS)


def _is_personal(request: HttpRequest) -> bool:
    """True when the reader may get a page meant for them alone: signed in, or
    with a message waiting (see ``http_caching``)."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def _entry_key(request: HttpRequest) -> str:
    """The cache key of a page: the release and its full URL, hashed to keep
    keys short and free of characters a cache backend refuses."""
    identity = f"{release_digest()}\n{request.build_absolute_uri()}"
    return ENTRY_PREFIX + hashlib.sha256(identity.encode()).hexdigest()


def _current_versions(tags: tuple[str, ...], found: dict) -> tuple[str, ...]:
    """The versions of ``tags``, from ``found`` (what a ``get_many`` returned);
    a tag the cache does not hold (never bumped, or evicted) gets a new one."""
    for tag in tags:
        if TAG_PREFIX + tag not in found:
            cache.add(TAG_PREFIX + tag, uuid.uuid4().hex, timeout=None)
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
    validators parsed once for the hits' conditional requests."""
    return {
        "versions": versions,
        "headers": dict(response.headers.items()),
        "content": response.content,
        "etag": response.headers.get("ETag"),
        "last_modified": parse_http_date_safe(
            response.headers.get("Last-Modified", "")
        ),
    }


class PageCacheMiddleware:
    """Serve visitors' public pages from the page cache, and store them there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tags = self._tags_to_serve(request)
        if tags is None:
            return self.get_response(request)
        key = _entry_key(request)
        try:
            found = cache.get_many([key, *(TAG_PREFIX + tag for tag in tags)])
            versions = _current_versions(tags, found)
        except Exception:  # noqa: BLE001 (any backend failure; see the docstring)
            logger.warning("Page cache unavailable; rendering %s", request.path)
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry["versions"] == versions:
            return _stored_response(request, entry)
        response = self.get_response(request)
        if self._may_store(request, response):
            try:
                cache.set(key, _entry(response, versions), settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001 (any backend failure)
                logger.warning("Page cache unavailable; %s not stored", request.path)
        return response

    @staticmethod
    def _tags_to_serve(request: HttpRequest) -> tuple[str, ...] | None:
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or _is_personal(request)
        ):
            return None
        return _tags_of(request)

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
        cache.set_many(
            {TAG_PREFIX + tag: uuid.uuid4().hex for tag in tags}, timeout=None
        )
    except Exception:  # noqa: BLE001 (any backend failure)
        logger.error("Page cache unavailable; could not invalidate %s", tags)


def live_copies_changed(condition_slugs: Iterable[str]) -> None:
    """Live copies of these conditions' answers were published, re-certified,
    rescheduled or archived."""
    bump([LISTINGS, *(condition_tag(slug) for slug in condition_slugs)])


def everything_changed() -> None:
    """Content was written in bulk (load data, an import): forget every page."""
    bump([SITE, LISTINGS])


def _condition_slugs(**lookup) -> list[str]:
    from conditions.models import Condition

    return list(Condition.objects.filter(**lookup).values_list("slug", flat=True))


def _site_changed(instance) -> None:
    bump([SITE])


def _live_copy_changed(instance) -> None:
    slugs = _condition_slugs(questions__answer__pk=instance.answer_id)
    if slugs:
        live_copies_changed(slugs)
    else:
        everything_changed()


def _experience_changed(instance) -> None:
    bump(map(condition_tag, _condition_slugs(questions=instance.question_id)))


def _declaration_changed(instance) -> None:
    bump(map(condition_tag, _condition_slugs(pk=instance.condition_id)))


RECEIVERS = {
    "conditions.Condition": _site_changed,
    "articles.Question": _site_changed,
    "articles.Disclaimer": _site_changed,
    "reviews.ReviewerProfile": _site_changed,
    "community.MemberProfile": _site_changed,
    "articles.PublishedAnswer": _live_copy_changed,
    "community.Experience": _experience_changed,
    "community.Declaration": _declaration_changed,
}


def _on_write(sender, instance, raw: bool = False, **kwargs) -> None:
    """A saved or deleted row of a model public pages show. Rows loaded raw
    (an import) are left to the loader, which calls :func:`everything_changed`."""
    if not raw:
        RECEIVERS[sender._meta.label](instance)


def connect_invalidation() -> None:
    """Bump tags whenever a model a public page shows is saved or deleted.
    Writes that bypass signals (``update``, ``bulk_update``, ``bulk_create``)
    call :func:`live_copies_changed` or :func:`everything_changed` themselves."""
    for model in RECEIVERS:
        for signal in (post_save, post_delete):
            signal.connect(
                _on_write,
                sender=model,
                dispatch_uid=f"page_cache:{signal is post_save}:{model}",
            )


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
