"""warm_page_cache: the pages readers ask for first, rendered after a deploy."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core import clock
from tests.diseasemaps.test_sitemaps import at
from tests.helpers import make_published

# The pages are rendered in other threads, through the site's request
# handling, which reads only what is committed.
pytestmark = pytest.mark.django_db(transaction=True)

SITE_URL = "https://diseasemaps.example.org"


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["diseasemaps.example.org", "testserver"]


@pytest.fixture
def answers(editor, reviewer):
    published = []
    for day in (2, 5, 9):
        with clock.recorded_at(at(day)):
            published.append(make_published(editor=editor, reviewer=reviewer))
    return published


def warm(*args) -> str:
    out = StringIO()
    call_command("warm_page_cache", "--workers=2", *args, stdout=out)
    return out.getvalue()


def served_from_cache(client, path: str, django_assert_max_num_queries) -> bool:
    with django_assert_max_num_queries(0):
        response = client.get(path, secure=True, HTTP_HOST="diseasemaps.example.org")
    return response.status_code == 200


def test_warming_renders_the_listings_the_sitemap_and_the_newest_answers(
    client, answers, django_assert_max_num_queries
):
    output = warm()

    newest = answers[-1].question
    for path in [
        reverse("home"),
        reverse("articles:condition_index"),
        reverse("updates_feed"),
        reverse("sitemap"),
        reverse("sitemap_section", kwargs={"section": "answers", "number": 1}),
        newest.get_absolute_url(),
        newest.condition.get_absolute_url(),
    ]:
        assert served_from_cache(client, path, django_assert_max_num_queries), path
    assert "0 already warm" in output


def test_a_second_run_finds_the_pages_warm(answers):
    first = warm()
    second = warm()

    rendered = int(first.split(" rendered")[0])
    assert rendered > 0
    assert second.startswith(f"0 rendered, {rendered} already warm")


def test_the_limit_bounds_the_pages_rendered(answers):
    assert warm("--limit=3").startswith("3 rendered, 0 already warm")


def test_most_visited_paths_come_after_the_site_pages(
    client, answers, tmp_path, django_assert_max_num_queries
):
    oldest = answers[0].question.get_absolute_url()
    visited = tmp_path / "visited.txt"
    visited.write_text(f"{oldest}\n/admin/\n/conditions/no-such-condition/\n")

    output = warm("--most-visited", str(visited), "--limit=11")

    assert served_from_cache(client, oldest, django_assert_max_num_queries)
    assert "/admin/: not a cached page" in output
    assert "/conditions/no-such-condition/: answered 404" in output


def test_nothing_is_warmed_with_the_page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    with pytest.raises(CommandError, match="page cache is off"):
        warm()


def test_pages_are_rendered_concurrently(
    client, editor, reviewer, django_assert_max_num_queries
):
    answers = [make_published(editor=editor, reviewer=reviewer) for _ in range(4)]

    call_command("warm_page_cache", "--workers=3")

    for answer in answers:
        path = answer.question.get_absolute_url()
        assert served_from_cache(client, path, django_assert_max_num_queries), path
