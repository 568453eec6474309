"""No admin URL answers 5xx to malformed values (issue 13, item 5).

Every URL the admin site registers is requested by a superuser, on the demo's
content, with values a careless or hostile person might put in the address:
letters for an id, a fraction, a number too long for any database integer.
Each goes in a path parameter and, one at a time, in each query parameter the
view reads (the model's fields, which the add page takes as initial values
and the list as filters, the date drill-down, paging, ordering, search, the
version comparison). The answer may be 400, 404 or a page; never a 5xx.
"""

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, URLPattern, URLResolver, reverse
from reversion.models import Version

pytestmark = pytest.mark.django_db

MALFORMED = ["abc", "1.5", "9" * 25]
# In query parameters, "1.5" fails as "abc" does: two values keep the walk short.
MALFORMED_QUERY = ["abc", "9" * 25]
# Query parameters every admin page of a model reads, and those its list reads.
MODEL_PAGE_PARAMETERS = ["_to_field", "_popup", "_changelist_filters"]
CHANGELIST_PARAMETERS = ["p", "o", "q", "e"]
# The parameters of the project's own admin views (and of the dashboard's sections).
OWN_PARAMETERS = ["version_id1", "version_id2", "diff", "key", "term", "page", "p"]
# Django's own admin pages, which read only the parameters above and, on the list
# and add pages, the model's fields.
DJANGO_MODEL_PAGES = ("_changelist", "_add", "_change", "_delete", "_history")
# Any text is a valid value of a text field: letters or a long number in one cannot
# fail to parse, so the walk spends its requests on the fields that parse values.
TEXT_FIELDS = (models.CharField, models.TextField)


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: tuple[str, ...]
    model_admin: admin.ModelAdmin | None


def admin_routes() -> list[Route]:
    """Every named URL of the admin site, with the model admin serving it."""
    by_prefix = {
        f"{model._meta.app_label}/{model._meta.model_name}/": model_admin
        for model, model_admin in admin.site._registry.items()
    }
    routes = []
    for entry in admin.site.get_urls():
        if isinstance(entry, URLResolver):
            model_admin = by_prefix[str(entry.pattern)]
            patterns = [(pattern, model_admin) for pattern in entry.url_patterns]
        else:
            patterns = [(entry, None)]
        for pattern, owner in patterns:
            if isinstance(pattern, URLPattern) and pattern.name:
                kwargs = tuple(pattern.pattern.regex.groupindex)
                routes.append(Route(pattern.name, kwargs, owner))
    return routes


ROUTES = admin_routes()


def real_value(route: Route, kwarg: str) -> str:
    model = route.model_admin.model if route.model_admin else None
    if kwarg == "object_id" and model is not None:
        row = model._default_manager.order_by("pk").first()
        return str(row.pk) if row else "1"
    if kwarg == "version_id":
        version = Version.objects.order_by("pk").first()
        return str(version.pk) if version else "1"
    return {"app_label": "articles", "key": "overdue", "content_type_id": "1"}.get(
        kwarg, "1"
    )


def query_parameters(route: Route) -> list[str]:
    """The parameters to try on ``route``: those its view reads.

    Django's pages of a model read the admin's own parameters, the list its
    paging, ordering and search, and the list and add pages the model's fields
    (as filters and as initial values); every other view may be the project's
    own, and gets the parameters those read.
    """
    model_admin = route.model_admin
    if model_admin is None or not route.name.endswith(DJANGO_MODEL_PAGES):
        return OWN_PARAMETERS + MODEL_PAGE_PARAMETERS
    names = list(MODEL_PAGE_PARAMETERS)
    if route.name.endswith("_changelist"):
        names += CHANGELIST_PARAMETERS
    if route.name.endswith(("_changelist", "_add")):
        options = model_admin.model._meta
        names += [
            field.name
            for field in [*options.fields, *options.many_to_many]
            if not isinstance(field, TEXT_FIELDS)
        ]
        if model_admin.date_hierarchy:
            names += [
                f"{model_admin.date_hierarchy}__{part}"
                for part in ("year", "month", "day")
            ]
    return list(dict.fromkeys(names))


def url(route: Route, **kwargs: str) -> str | None:
    try:
        return reverse(f"admin:{route.name}", kwargs=kwargs)
    except NoReverseMatch:  # a value the URL's converter refuses
        return None


def malformed_urls(route: Route) -> list[str]:
    """``route`` with each path value in turn malformed, the others real."""
    real = {kwarg: real_value(route, kwarg) for kwarg in route.kwargs}
    urls = (
        url(route, **{**real, kwarg: value})
        for kwarg in route.kwargs
        for value in MALFORMED
    )
    return [address for address in urls if address is not None]


@pytest.fixture
def superuser_client(client, settings, superuser):
    settings.STAFF_2FA_REQUIRED = False
    client.force_login(superuser)
    client.raise_request_exception = False
    return client


def assert_no_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, url


def test_the_walk_covers_the_admin():
    names = {route.name for route in ROUTES}

    assert {
        "index",
        "articles_answer_add",
        "articles_answer_compare",
        "reviews_reviewerprofile_add",
        "reviews_signoff_changelist",
    } <= names
    assert len(names) > 50
    signoffs = next(r for r in ROUTES if r.name == "reviews_signoff_changelist")
    assert "signed_at__year" in query_parameters(signoffs)


@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_no_admin_url_answers_5xx_to_malformed_values(
    superuser_client, seeded_demo, route
):
    real = url(route, **{kwarg: real_value(route, kwarg) for kwarg in route.kwargs})
    for address in malformed_urls(route):
        assert_no_server_error(superuser_client, address)
    for parameter in query_parameters(route):
        for value in MALFORMED_QUERY:
            assert_no_server_error(superuser_client, f"{real}?{parameter}={value}")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/articles/answer/add/?question=abc",
        "/admin/articles/answer/add/?question=1.5",
        "/admin/articles/answer/add/?question=" + "9" * 25,
        "/admin/reviews/reviewerprofile/add/?user=abc",
        "/admin/reviews/signoff/?signed_at__year=" + "9" * 25,
    ],
)
def test_the_reported_addresses_answer_400(superuser_client, seeded_demo, path):
    assert superuser_client.get(path).status_code == 400


def test_comparing_versions_out_of_range_is_refused(superuser_client, seeded_demo):
    history = reverse("admin:articles_answer_history", args=[1])
    compare = reverse("admin:articles_answer_compare", args=[1])

    response = superuser_client.get(f"{compare}?version_id1={'9' * 25}&version_id2=-1")

    assert response.status_code in (302, 400, 404)
    if response.status_code == 302:
        assert response.url == history
