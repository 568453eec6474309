"""Security headers on public pages, the admin, error pages and static files."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.community.helpers import experiences_url, share
from tests.diseasemaps.error_urls import BAD_REQUEST_URL
from tests.diseasemaps.html_checks import parse
from tests.helpers import make_published

pytestmark = pytest.mark.django_db

DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


@pytest.fixture
def published(editor, reviewer):
    return make_published(editor=editor, reviewer=reviewer)


@pytest.fixture
def public_urls(published, reviewer):
    question = published.question
    return [
        reverse("home"),
        reverse("articles:condition_index"),
        question.condition.get_absolute_url(),
        question.get_absolute_url(),
        reviewer.reviewer_profile.get_absolute_url(),
        reverse("community:login"),
        reverse("community:signup"),
        "/no-such-page/",
    ]


def assert_common_headers(response):
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_public_pages_forbid_inline_scripts_and_styles(client, public_urls):
    statuses = set()
    for url in public_urls:
        response = client.get(url)
        statuses.add(response.status_code)
        assert_common_headers(response)
        assert directives(response)["style-src"] == ["'self'"], url

    assert statuses == {200, 404}


def inline_code(markup: bytes) -> list[str]:
    """What a policy without 'unsafe-inline' blocks: inline scripts and styles.

    Data blocks such as JSON-LD (``<script type="application/ld+json">``)
    are never run, so the policy lets them be.
    """
    found = []
    for tag, attributes in parse(markup.decode()).elements:
        if tag == "script" and "src" not in attributes:
            if attributes.get("type") not in DATA_BLOCK_TYPES:
                found.append("<script> without src")
        if tag == "style":
            found.append("<style>")
        found += [f"{name}= on <{tag}>" for name in attributes if name == "style"]
        found += [f"{name}= on <{tag}>" for name in attributes if name.startswith("on")]
    return found


def test_public_pages_carry_nothing_the_policy_would_block(client, public_urls):
    for url in public_urls:
        assert inline_code(client.get(url).content) == [], url


def test_admin_pages_forbid_inline_scripts_but_allow_inline_styles(
    client, editor, published
):
    client.force_login(editor)
    urls = [
        reverse("admin:login"),
        reverse("admin:index"),
        reverse("admin:articles_answer_changelist"),
        reverse("admin:articles_answer_change", args=[published.pk]),
        reverse("admin:articles_answer_history", args=[published.pk]),
        "/admin/no-such-page/",
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert_common_headers(response)
        assert directives(response)["style-src"] == ["'self'", "'unsafe-inline'"]


def test_one_process_keeps_the_admin_and_the_public_policies_apart(client, public_urls):
    """The two policies are built once each: alternating between the admin
    and the public pages must not hand one the other's."""
    for url in [public_urls[0], reverse("admin:login"), *public_urls[:3]] * 2:
        response = client.get(url)
        assert_common_headers(response)
        admin = url.startswith(reverse("admin:index"))
        expected = ["'self'", "'unsafe-inline'"] if admin else ["'self'"]
        assert directives(response)["style-src"] == expected, url


def test_the_admin_login_page_carries_the_headers_when_signed_out(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert_common_headers(response)


def test_not_found_page_carries_the_headers(client):
    response = client.get("/conditions/no-such-condition/")

    assert response.status_code == 404
    assert_common_headers(response)
    assert directives(response)["style-src"] == ["'self'"]


def test_forbidden_page_carries_the_headers(client, editor):
    client.force_login(editor)
    response = client.get(reverse("community:account"))

    assert response.status_code == 403
    assert_common_headers(response)
    assert directives(response)["style-src"] == ["'self'"]
    assert inline_code(response.content) == []


def test_csrf_failure_page_carries_the_headers(member):
    response = Client(enforce_csrf_checks=True).post(
        reverse("community:login"), {"username": member.email, "password": "x"}
    )

    assert response.status_code == 403
    assert_common_headers(response)
    assert directives(response)["style-src"] == ["'self'"]
    assert inline_code(response.content) == []


@pytest.mark.urls("tests.diseasemaps.error_urls")
def test_bad_request_page_carries_the_headers(client):
    response = client.get(BAD_REQUEST_URL)

    assert response.status_code == 400
    assert_common_headers(response)
    assert directives(response)["style-src"] == ["'self'"]
    assert inline_code(response.content) == []


def test_a_request_for_another_host_still_may_not_be_framed(client):
    # The Host is refused before the clickjacking middleware runs; the policy's
    # frame-ancestors still forbids framing.
    response = client.get(reverse("home"), HTTP_HOST="elsewhere.example")

    assert response.status_code == 400
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert directives(response)["script-src"] == ["'self'"]


def test_static_files_carry_the_headers(client, settings):
    # WhiteNoise serves the files from the finders, as in development.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True

    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert directives(response)["frame-ancestors"] == ["'none'"]


def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = False

    response = client.get(reverse("home"), secure=True)

    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )


def assert_never_stored(response, url):
    directives = {
        directive.strip()
        for directive in response.headers.get("Cache-Control", "").split(",")
    }
    assert {"private", "no-store"} <= directives, (url, response.headers)
    assert "public" not in directives, url


def test_every_page_of_a_member_is_private_and_never_stored(client, member, published):
    experience = share(published.question, member=member)
    client.force_login(member)
    urls = [
        reverse("community:account"),
        reverse("community:experience_edit", args=[experience.pk]),
        reverse("community:experience_delete", args=[experience.pk]),
        reverse("community:account_export"),
        reverse("community:account_delete"),
        published.question.get_absolute_url(),
        experiences_url(published.question),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_never_stored(response, url)


@pytest.mark.parametrize("role", ["editor", "reviewer", "managing_editor"])
def test_every_staff_page_is_private_and_never_stored(
    client, settings, request, role, published
):
    settings.STAFF_2FA_REQUIRED = False
    client.force_login(request.getfixturevalue(role))
    urls = [
        reverse("admin:index"),
        reverse("admin:articles_answer_changelist"),
        reverse("admin:articles_answer_change", args=[published.pk]),
        reverse("admin:password_change"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_never_stored(response, url)


def test_a_visitors_public_page_may_still_be_stored(client, published):
    response = client.get(published.question.get_absolute_url())

    assert "public" in response.headers["Cache-Control"]
    assert "no-store" not in response.headers["Cache-Control"]
