"""Home, healthz, error pages, and what every public page has in common."""

import datetime
import re

import pytest
from django.template import Context, loader
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from core import clock
from reviews import workflow
from tests import factories
from tests.community.helpers import experiences_url
from tests.diseasemaps.error_urls import (
    BAD_REQUEST_URL,
    CSRF_FAILURE_URL,
    FORBIDDEN_URL,
)
from tests.diseasemaps.html_checks import elements, page_text, parse
from tests.helpers import (
    edit,
    make_approved,
    make_draft,
    make_in_review,
    make_published,
)

pytestmark = pytest.mark.django_db

HOME_URL = reverse("home")


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2024, 1, day, 12, 0, tzinfo=datetime.UTC)


# Home -----------------------------------------------------------------------------


def test_home_has_intro_conditions_and_recent_answers(client, editor, reviewer):
    condition = factories.ConditionFactory(name="Parry-Romberg syndrome")
    question = factories.QuestionFactory(
        condition=condition, text="What is the underlying cause?"
    )
    make_published(editor=editor, reviewer=reviewer, question=question)
    response = client.get(HOME_URL)
    assert response.status_code == 200
    text = page_text(response.content)
    assert "Medically reviewed answers about rare conditions" in text
    assert "Conditions A–Z" in text
    assert "Parry-Romberg syndrome" in text
    assert "Recently updated answers" in text
    assert "What is the underlying cause?" in text
    hrefs = [link["href"] for link in elements(response.content, "a")]
    assert condition.get_absolute_url() in hrefs
    assert question.get_absolute_url() in hrefs


def test_recent_answers_are_ordered_by_last_updated(client, editor, reviewer):
    answers = {}
    for day in (3, 1, 2):
        with clock.recorded_at(at(day)):
            answers[day] = make_published(editor=editor, reviewer=reviewer)
    text = page_text(client.get(HOME_URL).content)
    positions = [text.index(answers[day].question.text) for day in (3, 2, 1)]
    assert positions == sorted(positions)
    assert "Last updated: 2024-01-03" in text


def test_recent_answers_keep_the_live_date_while_the_working_copy_changes(
    client, editor, reviewer
):
    with clock.recorded_at(at(1)):
        answer = make_published(editor=editor, reviewer=reviewer)
    edit(answer, user=editor, tldr="Edited, not yet reviewed.")
    text = page_text(client.get(HOME_URL).content)
    assert "Last updated: 2024-01-01" in text
    assert "Edited, not yet reviewed." not in text


def test_home_with_nothing_published(client):
    response = client.get(HOME_URL)
    assert response.status_code == 200
    assert "No answers are published yet." in page_text(response.content)


# Healthz --------------------------------------------------------------------------


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


# Drafts never appear --------------------------------------------------------------


def test_unpublished_text_appears_on_no_page(
    client, editor, reviewer, other_reviewer, managing_editor
):
    condition = factories.ConditionFactory(slug="shared")
    live = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition, slug="live"),
    )
    edit(live, user=editor, tldr="SECRET working TL;DR", body="SECRET working body")
    for make, slug in [(make_draft, "d"), (make_in_review, "r")]:
        make(
            editor=editor,
            question=factories.QuestionFactory(
                condition=condition, slug=slug, text=f"SECRET question {slug}?"
            ),
        )
    make_approved(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(
            condition=condition, text="SECRET approved question?"
        ),
    )
    archived = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(
            condition=condition, text="SECRET archived question?"
        ),
    )
    workflow.archive(
        archived, shown=workflow.shown_text(archived), user=managing_editor
    )
    factories.ConditionFactory(name="SECRET empty condition")
    urls = [
        HOME_URL,
        reverse("articles:condition_index"),
        condition.get_absolute_url(),
        live.question.get_absolute_url(),
        reviewer.reviewer_profile.get_absolute_url(),
        *(
            f"{reverse('search')}?q={word}"
            for word in ("question", "working", "approved", "archived", "empty")
        ),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"SECRET" not in response.content, url


# Every page -----------------------------------------------------------------------


@pytest.fixture
def site(editor, reviewer, managing_editor):
    """One of each public page, keyed by name, with the URL it is served at."""
    condition = factories.ConditionFactory(slug="example")
    live = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition, slug="live"),
    )
    archived = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition, slug="gone"),
    )
    workflow.archive(
        archived, shown=workflow.shown_text(archived), user=managing_editor
    )
    return {
        "home": (HOME_URL, 200),
        "index": (reverse("articles:condition_index"), 200),
        "condition": (condition.get_absolute_url(), 200),
        "answer": (live.question.get_absolute_url(), 200),
        "reviewer": (reviewer.reviewer_profile.get_absolute_url(), 200),
        "experiences": (experiences_url(live.question), 200),
        "gone": (archived.question.get_absolute_url(), 410),
        "not_found": ("/conditions/example/nothing-here/", 404),
        "search": (reverse("search"), 200),
        "forbidden": (FORBIDDEN_URL, 403),
        "csrf_failure": (CSRF_FAILURE_URL, 403),
    }


PAGES = [
    "home",
    "index",
    "condition",
    "answer",
    "reviewer",
    "experiences",
    "gone",
    "not_found",
    "search",
    "forbidden",
    "csrf_failure",
]


@pytest.fixture
def production_errors(settings):
    """Render the site's own 404 page, as in production."""
    settings.DEBUG = False


def assert_page_basics(html: str, *, canonical_url: str) -> None:
    document = parse(html)
    assert document.has_doctype
    assert document.errors == [], document.errors
    assert document.open == []
    (root,) = elements(html, "html")
    assert root["lang"] == "en"
    metas = {
        (meta.get("name") or meta.get("property")): meta.get("content")
        for meta in elements(html, "meta")
    }
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert metas["description"]
    (canonical,) = [
        link for link in elements(html, "link") if link["rel"] == "canonical"
    ]
    assert canonical["href"] == canonical_url
    assert metas["og:url"] == canonical["href"]
    for name in ("og:title", "og:description", "og:type"):
        assert metas[name], name
    assert metas["og:title"] != "DiseaseMaps", "the page keeps the generic title"
    assert len(elements(html, "h1")) == 1
    assert len(elements(html, "header")) >= 1
    assert len(elements(html, "main")) == 1
    assert len(elements(html, "footer")) >= 1
    skip_link = elements(html, "a")[0]
    assert skip_link["href"] == "#main"
    assert elements(html, "main")[0]["id"] == "main"
    ids = [attrs["id"] for _, attrs in document.elements if "id" in attrs]
    assert len(ids) == len(set(ids))
    stylesheets = [
        link["href"] for link in elements(html, "link") if link["rel"] == "stylesheet"
    ]
    assert stylesheets == ["/static/css/site.css"]
    scripts = elements(html, "script")
    assert all(script == {"type": "application/ld+json"} for script in scripts)


@pytest.mark.urls("tests.diseasemaps.error_urls")
@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_the_basics(client, site, production_errors, page):
    url, status = site[page]
    response = client.get(url)
    assert response.status_code == status
    assert_page_basics(
        response.content.decode(), canonical_url=f"http://testserver{url}"
    )


def test_answer_page_is_an_article_for_open_graph(client, site):
    html = client.get(site["answer"][0]).content.decode()
    og_type = [m for m in elements(html, "meta") if m.get("property") == "og:type"]
    assert og_type[0]["content"] == "article"


def test_every_same_site_link_on_the_pages_resolves(client, site):
    for page in ("home", "index", "condition", "answer", "reviewer", "search"):
        html = client.get(site[page][0]).content.decode()
        for link in elements(html, "a"):
            href = link["href"]
            if href.startswith("/") and not href.startswith("//"):
                assert client.get(href).status_code == 200, (page, href)


def test_not_found_page_is_the_sites_own(client, production_errors):
    response = client.get("/conditions/nothing-here/")
    assert response.status_code == 404
    text = page_text(response.content)
    assert "We could not find that page" in text
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_forbidden_page_is_the_sites_own(client, editor, production_errors):
    # Staff accounts are not community members: a member's pages refuse them.
    client.force_login(editor)
    response = client.get(reverse("community:account"))
    assert response.status_code == 403
    text = page_text(response.content)
    assert "You do not have access to this page" in text
    assert "check that you are signed in with the right account" in text
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.urls("tests.diseasemaps.error_urls")
def test_forbidden_page_gives_the_reason_when_there_is_one(client, production_errors):
    response = client.get(FORBIDDEN_URL)
    assert response.status_code == 403
    assert "Only community members can do this." in page_text(response.content)


def test_a_form_sent_without_its_csrf_token_gets_the_sites_page(
    member, production_errors
):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("community:login"),
        {"username": member.email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 403
    text = page_text(response.content)
    assert "Your form could not be sent" in text
    assert "does not mean anything is wrong with your account" in text
    assert "Go back to the form and reload the page." in text
    assert "allow cookies for this site" in text
    assert "CSRF" not in text
    assert "_auth_user_id" not in client.session


def test_a_request_for_another_host_gets_the_sites_bad_request_page(
    client, production_errors
):
    response = client.get(HOME_URL, HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not accept that request" in page_text(html)
    assert "elsewhere.example" not in html


@pytest.mark.urls("tests.diseasemaps.error_urls")
def test_bad_request_page_has_the_basics(client, production_errors):
    response = client.get(BAD_REQUEST_URL)
    assert response.status_code == 400
    html = response.content.decode()
    # The page names no URL built from the request's Host (see 400.html).
    assert_page_basics(html, canonical_url=HOME_URL)
    assert '<meta name="robots" content="noindex">' in html


def test_server_error_page_needs_no_database_or_request(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
        response = defaults.server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500
    assert "Something went wrong" in page_text(response.content)
    assert "Something went wrong" in page_text(html)
    document = parse(html)
    assert document.has_doctype and document.errors == [] and document.open == []
    assert len(elements(html, "h1")) == 1


def test_server_error_page_renders_from_a_bare_context():
    html = loader.get_template("500.html").template.render(Context())
    assert re.search(r'<html lang="en">', html)


def nav_text(response) -> str:
    html = response.content.decode()
    return page_text(html[html.index('<nav class="site-nav"') : html.index("</nav>")])


def test_visitors_are_offered_sign_in(client):
    text = nav_text(client.get(HOME_URL))
    assert "Sign in" in text
    assert "Sign out" not in text


def test_members_reach_their_account_and_can_sign_out(client, member):
    client.force_login(member)
    text = nav_text(client.get(HOME_URL))
    assert "Your account" in text
    assert "Sign out" in text
    assert "Editorial admin" not in text


def test_staff_reach_the_editorial_admin(client, editor):
    client.force_login(editor)
    text = nav_text(client.get(HOME_URL))
    assert "Editorial admin" in text
    assert "Your account" not in text


# robots.txt -------------------------------------------------------------------------


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_private_areas(client):
    response = client.get(reverse("robots_txt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /account/",
        "Disallow: /search/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_robots_txt_names_the_sitemap_on_the_host_asked(client):
    response = client.get(reverse("robots_txt"), HTTP_HOST="localhost", secure=True)
    assert "Sitemap: https://localhost/sitemap.xml" in response.content.decode()
    assert client.get(reverse("sitemap"), HTTP_HOST="localhost").status_code == 200
