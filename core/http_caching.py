"""HTTP caching of the public pages: validators, 304 Not Modified, Cache-Control.

The public pages respond through :func:`render`, with validators their apps
compute from the rows the page reads (each app's ``caching`` module) with
:func:`page_validators`:

- ``ETag``: a weak tag over every value the page shows that can change, and a
  digest of the release (the project's code, templates and static files), so
  that a deploy that changes the markup is not answered with 304.
- ``Last-Modified``: the latest recorded change time among those values.

Django's ``condition`` decorator is not used because its functions receive
only the URL arguments and would read the rows a second time; its engine,
``get_conditional_response``, answers ``If-None-Match`` and
``If-Modified-Since``.

Visitors' pages are ``public`` with a short ``max-age``: a published correction
reaches readers within a minute, after which they revalidate cheaply. A page
for a signed-in user names their account and carries a CSRF token in its
sign-out form, and a visitor with a message waiting (after deleting their
account) sees a notice meant for them alone: such pages are never stored and
get no validators. Every response varies on ``Cookie``, so a shared cache never
hands a visitor's copy to a signed-in user. Pages for visitors hold no CSRF
token (see the tests), which is what makes them cacheable.

Limit: some changes leave no time behind: a community count going up or down,
a declaration withdrawn, an experience or a question deleted. They change the
ETag, not Last-Modified. Browsers and CDNs send If-None-Match, which takes
precedence over If-Modified-Since (RFC 9110, 13.2.2), so they see the change
at once; a client that sends only If-Modified-Since sees it with the next
recorded change.

A visitor's page is marked (:func:`is_visitors_page`) for the page cache
(``core.page_cache``), which serves it whole to the next visitors.

The Atom feed and the sitemap are the same for every reader: they respond
through :func:`shared` (or :func:`validated`, which wraps a view), with
validators, answering 304 without building the body. They carry no personal
content, so they do not vary on ``Cookie``; they are marked for the page cache
like visitors' pages, so a crawler's fetch is served whole from it.
"""

import datetime
import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as render_template
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

# Seconds a visitor's browser or a CDN may reuse a public page unasked.
PUBLIC_MAX_AGE = 60
# Hex digits of SHA-256 kept in an ETag: 128 bits.
ETAG_LENGTH = 32


@dataclass(frozen=True)
class Validators:
    """A page's ``ETag`` and ``Last-Modified``.

    The ETag is weak (``W/"..."``): it hashes what the page shows, not the
    bytes sent, which is what weak validators promise.
    """

    etag: str
    last_modified: datetime.datetime | None

    @property
    def last_modified_timestamp(self) -> int | None:
        return int(self.last_modified.timestamp()) if self.last_modified else None


def _jsonable(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of a page's validators")


def _source_directories() -> list[Path]:
    """The directories a page's markup comes from: the project's own packages
    (views, template tags, renderers: the apps in the project directory and the
    package of the URL configuration), template directories and static sources
    (pages name static files by content hash). Installed libraries are left
    out: an upgrade that changes pages is rare and clears with the cache."""
    base = Path(settings.BASE_DIR).resolve()
    packages = [
        Path(config.path).resolve()
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
    ]
    packages.append(Path(import_module(settings.ROOT_URLCONF).__file__).parent)
    templates = [Path(d) for engine in settings.TEMPLATES for d in engine["DIRS"]]
    static = [Path(d) for d in settings.STATICFILES_DIRS]
    return sorted(set(packages + templates + static))


def _digest_sources() -> str:
    """A digest of the files under :func:`_source_directories`, the same on
    every app server running the same release."""
    digest = hashlib.sha256()
    for directory in _source_directories():
        for path in sorted(directory.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(directory)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


_digest_sources_once = functools.cache(_digest_sources)


def release_digest() -> str:
    """A digest of the release's code, templates and static files: read once
    per process, except in development, where an edit must show on the next
    reload."""
    return _digest_sources() if settings.DEBUG else _digest_sources_once()


def page_validators(
    page: str, *, shown: list, changed_at: list[datetime.datetime | None]
) -> Validators:
    """Validators of ``page`` from the values it shows and their change times.

    ``shown`` holds every value the page shows that can change (JSON-able, dates
    allowed); the release digest is added, so a deploy that changes the markup
    is not answered with 304."""
    payload = json.dumps(
        [page, release_digest(), shown], default=_jsonable, sort_keys=True
    )
    tag = hashlib.sha256(payload.encode()).hexdigest()[:ETAG_LENGTH]
    times = [moment for moment in changed_at if moment is not None]
    return Validators(etag=f'W/"{tag}"', last_modified=max(times, default=None))


def change_times(changes: dict) -> list[datetime.datetime | None]:
    """The times among a dict of aggregates: by the project's naming, the
    ``*_at`` keys."""
    return [value for key, value in changes.items() if key.endswith("_at")]


def _is_personal(request: HttpRequest) -> bool:
    """True when the page is meant for this reader alone: they are signed in,
    or a message is waiting for them."""
    return request.user.is_authenticated or len(messages.get_messages(request)) > 0


def is_visitors_page(response: HttpResponse) -> bool:
    """Whether ``response`` is a public page as rendered for visitors."""
    return getattr(response, "is_visitors_page", False)


def _not_modified(request: HttpRequest, validators: Validators) -> HttpResponse | None:
    """304 Not Modified (or 412) when the request's conditions say so, else None."""
    return get_conditional_response(
        request,
        etag=validators.etag,
        last_modified=validators.last_modified_timestamp,
    )


def _add_public_validators(response: HttpResponse, validators: Validators) -> None:
    """Send the validators, and let browsers and CDNs reuse the response for
    ``PUBLIC_MAX_AGE``. The explicit max-age also keeps caches from guessing a
    lifetime from an old Last-Modified (RFC 9111, 4.2.2)."""
    response.headers["ETag"] = validators.etag
    if validators.last_modified is not None:
        response.headers["Last-Modified"] = http_date(
            validators.last_modified_timestamp
        )
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)


def render(
    request: HttpRequest,
    template_name: str,
    context: dict,
    *,
    validators: Validators,
) -> HttpResponse:
    """Render a public page, or answer 304 Not Modified, with the caching
    headers its reader calls for (see the module docstring)."""
    if _is_personal(request):
        response = render_template(request, template_name, context)
        add_never_cache_headers(response)
    else:
        response = _not_modified(request, validators)
        if response is None:
            response = render_template(request, template_name, context)
            response.is_visitors_page = True
        _add_public_validators(response, validators)
    patch_vary_headers(response, ["Cookie"])
    return response


def shared(
    request: HttpRequest,
    *,
    validators: Validators,
    build: Callable[[], HttpResponse],
) -> HttpResponse:
    """A response that is the same for every reader: 304 Not Modified when the
    request's conditions say so, else ``build()``, marked for the page cache."""
    response = _not_modified(request, validators)
    if response is None:
        response = build()
        response.is_visitors_page = True
    _add_public_validators(response, validators)
    return response


def validated(view: Callable, *, validators: Callable[[], Validators]) -> Callable:
    """Wrap ``view``, whose response is the same for every reader, so that it
    responds through :func:`shared` with ``validators()``."""

    @functools.wraps(view)
    def conditional_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return shared(
            request,
            validators=validators(),
            build=lambda: view(request, *args, **kwargs),
        )

    return conditional_view
