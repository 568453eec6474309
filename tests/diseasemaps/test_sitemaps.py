"""The sitemap: an index of files per section, published pages only, each with
the date its page last changed, valid against the sitemaps.org 0.9 schemas."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.http import http_date
from lxml import etree

from articles.models import Question
from conditions.models import Condition
from core import clock
from reviews import services as review_services
from reviews import workflow
from reviews.models import ReviewerProfile
from tests import factories
from tests.diseasemaps import public_site
from tests.diseasemaps.conditional_get import (
    assert_304_to_etag_from_one_query,
    assert_304_when_not_modified_since,
    assert_public_validators,
)
from tests.helpers import (
    edit,
    make_approved,
    make_draft,
    make_published,
    open_recertification,
)

pytestmark = pytest.mark.django_db

SITEMAP_URL = reverse("sitemap")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SCHEMAS = Path(__file__).parent / "sitemap_schemas"
DRAFT_MARKER = "zz-draft-marker"
OLD = datetime.datetime(2023, 6, 1, 9, 0, tzinfo=datetime.UTC)


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2024, 5, day, 12, 0, tzinfo=datetime.UTC)


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(SCHEMAS / name))


def valid_xml(response, schema_name: str):
    """The response's XML, which must be valid against the sitemaps.org schema."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    validator = schema(schema_name)
    assert validator.validate(root), validator.error_log
    return root


def sitemap_files(client) -> dict[str, str | None]:
    """The sitemap files the index lists, each with its lastmod."""
    root = valid_xml(client.get(SITEMAP_URL), "siteindex.xsd")
    return {
        entry.findtext("s:loc", namespaces=NS): entry.findtext(
            "s:lastmod", namespaces=NS
        )
        for entry in root.findall("s:sitemap", NS)
    }


def file_entries(client, url: str) -> list[tuple[str, str | None]]:
    root = valid_xml(client.get(url), "sitemap.xsd")
    return [
        (url.findtext("s:loc", namespaces=NS), url.findtext("s:lastmod", namespaces=NS))
        for url in root.findall("s:url", NS)
    ]


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def all_entries(client) -> list[tuple[str, str | None]]:
    """Every URL of every file the index lists, in order, with its lastmod."""
    return [
        entry
        for url in sitemap_files(client)
        for entry in file_entries(client, path_of(url))
    ]


def entries(client) -> dict[str, str | None]:
    """The sitemap's URLs, each with its lastmod; none listed twice."""
    listed = all_entries(client)
    assert len(listed) == len(dict(listed))
    return dict(listed)


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
        open_recertification(answer)
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

    for url in [SITEMAP_URL, *sitemap_files(client)]:
        assert DRAFT_MARKER.encode() not in client.get(url).content
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


@pytest.mark.parametrize("count", [1, 200])
def test_sitemap_query_budget(client, django_assert_max_num_queries, count, settings):
    settings.SITEMAP_URLS_PER_FILE = 50
    # Written in bulk, each answer of a condition of its own, by one reviewer.
    public_site.generate(conditions=count, questions=count, experiences=0, reviewers=1)
    # The validators' aggregate, then one read per section (and the request's
    # savepoint and its release).
    with django_assert_max_num_queries(7):
        files = sitemap_files(client)
    # The validators' aggregate and the file's rows.
    for url in files:
        with django_assert_max_num_queries(4):
            file_entries(client, url)
    # Each answer has a condition of its own.
    assert len(files) == 1 + 2 * -(-count // 50) + 1
    assert len(entries(client)) == 2 + 2 * count + 1


def test_every_published_answer_is_listed_once_in_files_of_the_chunk_size(
    client, editor, reviewer, managing_editor, settings
):
    settings.SITEMAP_URLS_PER_FILE = 3
    answers = [make_published(editor=editor, reviewer=reviewer) for _ in range(8)]
    workflow.archive(
        answers[4], shown=workflow.shown_text(answers[4]), user=managing_editor
    )
    make_draft(editor=editor)
    make_approved(editor=editor, reviewer=reviewer)

    answer_files = [url for url in sitemap_files(client) if "sitemap-answers-" in url]
    listed = [
        loc for url in answer_files for loc, _ in file_entries(client, path_of(url))
    ]
    assert [path_of(url) for url in answer_files] == [
        reverse("sitemap_section", kwargs={"section": "answers", "number": number})
        for number in (1, 2, 3)
    ]
    assert sorted(listed) == sorted(
        absolute(answer.question.get_absolute_url())
        for index, answer in enumerate(answers)
        if index != 4
    )
    assert len(file_entries(client, path_of(answer_files[-1]))) == 1


def test_a_file_past_the_last_one_is_not_found(client, editor, reviewer, settings):
    settings.SITEMAP_URLS_PER_FILE = 2
    for _ in range(2):
        make_published(editor=editor, reviewer=reviewer)
    url = reverse("sitemap_section", kwargs={"section": "answers", "number": 1})
    assert client.get(url).status_code == 200
    for section, number in [("answers", 2), ("answers", 0), ("drafts", 1)]:
        url = reverse("sitemap_section", kwargs={"section": section, "number": number})
        assert client.get(url).status_code == 404


def test_each_file_lastmod_in_the_index_is_its_newest_pages(
    client, editor, reviewer, settings
):
    settings.SITEMAP_URLS_PER_FILE = 2
    for day in (5, 3, 2):
        with clock.recorded_at(at(day)):
            make_published(editor=editor, reviewer=reviewer)
    files = sitemap_files(client)
    answers = {url: lastmod for url, lastmod in files.items() if "answers" in url}
    assert list(answers.values()) == [
        at(5).isoformat(timespec="seconds"),
        at(2).isoformat(timespec="seconds"),
    ]


def test_robots_txt_points_at_the_sitemap_index(client):
    response = client.get(reverse("robots_txt"))
    assert f"Sitemap: {absolute(SITEMAP_URL)}".encode() in response.content


# Conditional GET and the page cache -----------------------------------------------

ANSWERS_FILE = reverse("sitemap_section", kwargs={"section": "answers", "number": 1})


@pytest.fixture
def published(editor, reviewer):
    with clock.recorded_at(at(3)):
        answer = make_published(editor=editor, reviewer=reviewer)
    with_page_edits_long_ago()
    Question.objects.update(updated_at=OLD)
    return answer


@pytest.mark.parametrize("url", [SITEMAP_URL, ANSWERS_FILE])
def test_sitemap_sends_validators_from_the_newest_publication(client, published, url):
    assert_public_validators(client.get(url), last_modified=at(3))


@pytest.mark.parametrize("url", [SITEMAP_URL, ANSWERS_FILE])
def test_sitemap_answers_304_to_its_etag_from_one_query(
    client, published, url, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    assert_304_to_etag_from_one_query(client, url)


@pytest.mark.parametrize("url", [SITEMAP_URL, ANSWERS_FILE])
def test_sitemap_answers_304_when_not_modified_since(client, published, url):
    assert_304_when_not_modified_since(client, url)


@pytest.mark.parametrize("url", [SITEMAP_URL, ANSWERS_FILE])
def test_sitemap_is_served_from_the_page_cache_without_a_query(
    client, published, url, django_assert_max_num_queries
):
    first = client.get(url)
    with django_assert_max_num_queries(0):
        again = client.get(url)
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert not_modified.status_code == 304


def test_a_publication_gets_revalidating_readers_the_new_sitemap(
    client, published, editor, other_reviewer
):
    first_index = client.get(SITEMAP_URL)
    first_file = client.get(ANSWERS_FILE)

    with clock.recorded_at(at(9)):
        newer = make_approved(editor=editor, reviewer=other_reviewer)
        workflow.publish(newer, shown=workflow.shown_text(newer), user=editor)
    Question.objects.update(updated_at=OLD)
    with_page_edits_long_ago()

    for url, first in ((SITEMAP_URL, first_index), (ANSWERS_FILE, first_file)):
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        for response in (by_etag, by_date):
            assert response.status_code == 200
            assert response["ETag"] != first["ETag"]
            assert response["Last-Modified"] == http_date(at(9).timestamp())
    assert absolute(newer.question.get_absolute_url()) in entries(client)


def test_an_archival_gets_revalidating_readers_the_new_sitemap(
    client, published, managing_editor
):
    first = client.get(ANSWERS_FILE)

    with clock.recorded_at(at(12)):
        workflow.archive(
            published, shown=workflow.shown_text(published), user=managing_editor
        )

    response = client.get(ANSWERS_FILE, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    # The only answer is gone: its file is no more.
    assert response.status_code == 404
    assert absolute(published.question.get_absolute_url()) not in entries(client)


def test_a_reviewer_profile_edit_changes_the_sitemap(client, published, reviewer):
    reviewers_file = reverse(
        "sitemap_section", kwargs={"section": "reviewers", "number": 1}
    )
    first = client.get(reviewers_file)
    profile = reviewer.reviewer_profile
    profile.slug = "dr-renamed"
    review_services.save_reviewer_profile(profile)

    response = client.get(reviewers_file, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert b"/reviewers/dr-renamed/" in response.content


def test_listing_pages_are_never_older_than_the_newest_page_they_list(
    client, editor, reviewer, other_reviewer
):
    with clock.recorded_at(at(2)):
        first = make_published(editor=editor, reviewer=reviewer)
    with clock.recorded_at(at(9)):
        edit(first, user=editor, body="Newer text.")
        workflow.submit(first, user=editor)
        # Approved on the 9th, published on the 12th: the answer page's
        # lastmod is the later date, and so is its reviewer page's.
        workflow.approve(first, shown=workflow.shown_text(first), user=other_reviewer)
    with clock.recorded_at(at(12)):
        workflow.publish(first, shown=workflow.shown_text(first), user=editor)
    with_page_edits_long_ago()
    second_condition = factories.ConditionFactory(slug="second")
    with clock.recorded_at(at(4)):
        make_published(
            editor=editor,
            reviewer=reviewer,
            question=factories.QuestionFactory(condition=second_condition),
        )
    Condition.objects.filter(pk=second_condition.pk).update(updated_at=at(20))

    sitemap = entries(client)

    answer_lastmod = sitemap[absolute(first.question.get_absolute_url())]
    reviewer_page = absolute(other_reviewer.reviewer_profile.get_absolute_url())
    assert answer_lastmod == "2024-05-12"
    assert sitemap[reviewer_page] == answer_lastmod
    assert sitemap[absolute(second_condition.get_absolute_url())] == "2024-05-20"
    newest = max(
        lastmod
        for url, lastmod in sitemap.items()
        if url
        not in (
            absolute(reverse("home")),
            absolute(reverse("articles:condition_index")),
        )
    )
    assert newest == "2024-05-20"
    assert sitemap[absolute(reverse("home"))] == newest
    assert sitemap[absolute(reverse("articles:condition_index"))] == newest
