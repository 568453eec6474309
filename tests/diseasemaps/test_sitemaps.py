"""The sitemap: published pages only, each with the date it was last updated."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils.http import http_date

from articles.models import Question
from conditions.models import Condition
from core import clock
from reviews import workflow
from reviews.models import ReviewerProfile
from tests import factories
from tests.diseasemaps.conditional_get import (
    assert_304_to_etag_from_one_query,
    assert_304_when_not_modified_since,
    assert_public_validators,
)
from tests.helpers import edit, make_approved, make_draft, make_published

pytestmark = pytest.mark.django_db

SITEMAP_URL = reverse("sitemap")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DRAFT_MARKER = "zz-draft-marker"
OLD = datetime.datetime(2023, 6, 1, 9, 0, tzinfo=datetime.UTC)


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2024, 5, day, 12, 0, tzinfo=datetime.UTC)


def entries(client) -> dict[str, str | None]:
    """The sitemap's URLs, each with its lastmod."""
    response = client.get(SITEMAP_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 -- the site's own XML
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def with_page_edits_long_ago():
    Condition.objects.update(updated_at=OLD)
    ReviewerProfile.objects.update(updated_at=OLD)


def test_sitemap_lists_the_published_pages_with_their_last_updated_date(
    client, editor, reviewer
):
    condition = factories.ConditionFactory(slug="example")
    with clock.recorded_at(at(2)):
        first = make_published(
            editor=editor,
            reviewer=reviewer,
            question=factories.QuestionFactory(condition=condition, slug="first"),
        )
    with clock.recorded_at(at(9)):
        second = make_published(
            editor=editor,
            reviewer=reviewer,
            question=factories.QuestionFactory(condition=condition, slug="second"),
        )
    with_page_edits_long_ago()
    assert entries(client) == {
        absolute(reverse("home")): "2024-05-09",
        absolute(reverse("articles:condition_index")): "2024-05-09",
        absolute(condition.get_absolute_url()): "2024-05-09",
        absolute(first.question.get_absolute_url()): "2024-05-02",
        absolute(second.question.get_absolute_url()): "2024-05-09",
        absolute(reviewer.reviewer_profile.get_absolute_url()): "2024-05-09",
    }


def test_recertifying_does_not_move_an_answers_lastmod(
    client, editor, reviewer, other_reviewer
):
    with clock.recorded_at(at(2)):
        answer = make_published(editor=editor, reviewer=reviewer)
    with clock.recorded_at(at(20)):
        workflow.recertify(
            answer, shown=workflow.shown_text(answer), user=other_reviewer
        )
    with_page_edits_long_ago()
    sitemap = entries(client)
    assert sitemap[absolute(answer.question.get_absolute_url())] == "2024-05-02"
    assert sitemap[absolute(other_reviewer.reviewer_profile.get_absolute_url())] == (
        "2024-05-20"
    )
    assert absolute(reviewer.reviewer_profile.get_absolute_url()) not in sitemap


def test_editing_a_condition_moves_its_lastmod(client, editor, reviewer):
    with clock.recorded_at(at(2)):
        answer = make_published(editor=editor, reviewer=reviewer)
    condition = answer.question.condition
    Condition.objects.update(updated_at=at(15))
    assert entries(client)[absolute(condition.get_absolute_url())] == "2024-05-15"


def test_sitemap_never_lists_unpublished_or_archived_content(
    client, editor, reviewer, other_reviewer, managing_editor
):
    live = make_published(editor=editor, reviewer=reviewer)
    edit(live, user=editor, tldr=f"A {DRAFT_MARKER} TL;DR")
    unpublished_condition = factories.ConditionFactory(
        name=f"Syndrome {DRAFT_MARKER}", slug=f"{DRAFT_MARKER}-condition"
    )
    make_draft(
        editor=editor,
        question=factories.QuestionFactory(
            condition=unpublished_condition, slug=f"{DRAFT_MARKER}-draft"
        ),
    )
    make_approved(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(slug=f"{DRAFT_MARKER}-approved"),
    )
    archived = make_published(
        editor=editor,
        reviewer=other_reviewer,
        question=factories.QuestionFactory(slug=f"{DRAFT_MARKER}-archived"),
    )
    workflow.archive(
        archived, shown=workflow.shown_text(archived), user=managing_editor
    )
    factories.ReviewerProfileFactory(slug=f"{DRAFT_MARKER}-reviewer")

    response = client.get(SITEMAP_URL)
    assert DRAFT_MARKER.encode() not in response.content
    assert set(entries(client)) == {
        absolute(reverse("home")),
        absolute(reverse("articles:condition_index")),
        absolute(live.question.condition.get_absolute_url()),
        absolute(live.question.get_absolute_url()),
        absolute(reviewer.reviewer_profile.get_absolute_url()),
    }


def test_sitemap_of_an_empty_site_lists_the_home_and_index_pages(client):
    assert entries(client) == {
        absolute(reverse("home")): None,
        absolute(reverse("articles:condition_index")): None,
    }


@pytest.mark.parametrize("count", [1, 30])
def test_sitemap_query_budget(
    client, editor, reviewer, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_published(editor=editor, reviewer=reviewer)
    # A count and a page per section (Django paginates every sitemap), and the
    # one aggregate the validators come from.
    with django_assert_max_num_queries(10):
        sitemap = entries(client)
    assert len(sitemap) == 2 + 2 * count + 1


# Conditional GET ------------------------------------------------------------------


@pytest.fixture
def published(editor, reviewer):
    with clock.recorded_at(at(3)):
        answer = make_published(editor=editor, reviewer=reviewer)
    with_page_edits_long_ago()
    Question.objects.update(updated_at=OLD)
    return answer


def test_sitemap_sends_validators_from_the_newest_publication(client, published):
    assert_public_validators(client.get(SITEMAP_URL), last_modified=at(3))


def test_sitemap_answers_304_to_its_etag_from_one_query(client, published):
    assert_304_to_etag_from_one_query(client, SITEMAP_URL)


def test_sitemap_answers_304_when_not_modified_since(client, published):
    assert_304_when_not_modified_since(client, SITEMAP_URL)


def test_a_publication_gets_revalidating_readers_the_new_sitemap(
    client, published, editor, other_reviewer
):
    first = client.get(SITEMAP_URL)

    with clock.recorded_at(at(9)):
        newer = make_approved(editor=editor, reviewer=other_reviewer)
        workflow.publish(newer, shown=workflow.shown_text(newer), user=editor)
    Question.objects.update(updated_at=OLD)
    with_page_edits_long_ago()

    by_etag = client.get(SITEMAP_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(SITEMAP_URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    for response in (by_etag, by_date):
        assert response.status_code == 200
        assert response["ETag"] != first["ETag"]
        assert response["Last-Modified"] == http_date(at(9).timestamp())
        assert newer.question.get_absolute_url().encode() in response.content


def test_an_archival_gets_revalidating_readers_the_new_sitemap(
    client, published, managing_editor
):
    first = client.get(SITEMAP_URL)

    with clock.recorded_at(at(12)):
        workflow.archive(
            published, shown=workflow.shown_text(published), user=managing_editor
        )

    response = client.get(SITEMAP_URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(at(12).timestamp())
    assert published.question.get_absolute_url().encode() not in response.content


def test_a_reviewer_profile_edit_changes_the_sitemaps_etag(client, published, reviewer):
    first = client.get(SITEMAP_URL)
    profile = reviewer.reviewer_profile
    profile.slug = "dr-renamed"
    profile.save()

    response = client.get(SITEMAP_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert b"/reviewers/dr-renamed/" in response.content
