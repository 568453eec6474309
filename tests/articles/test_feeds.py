"""The Atom feed of updated answers: live copies only, newest "Last updated" first."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils.http import http_date

from articles.feeds import FEED_ENTRY_COUNT
from articles.models import Question
from conditions.models import Condition
from core import clock
from reviews import workflow
from tests import factories
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

FEED_URL = reverse("updates_feed")
ATOM = {"a": "http://www.w3.org/2005/Atom"}
DRAFT_MARKER = "zz-draft-marker"


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2024, 5, day, 12, 0, tzinfo=datetime.UTC)


def feed(client) -> ET.Element:
    response = client.get(FEED_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 -- the site's own XML


def entries(client) -> list[dict]:
    return [
        {
            "title": entry.findtext("a:title", namespaces=ATOM),
            "link": entry.find("a:link", ATOM).get("href"),
            "updated": entry.findtext("a:updated", namespaces=ATOM),
            "content": entry.findtext("a:content", namespaces=ATOM),
            "content_type": entry.find("a:content", ATOM).get("type"),
        }
        for entry in feed(client).findall("a:entry", ATOM)
    ]


def test_feed_lists_answers_newest_update_first_with_the_tldr(client, editor, reviewer):
    with clock.recorded_at(at(3)):
        older = make_published(
            editor=editor,
            reviewer=reviewer,
            question=factories.QuestionFactory(text="Is it inherited & how?"),
            tldr="Rarely: <b>most</b> cases are sporadic.",
        )
    with clock.recorded_at(at(7)):
        newer = make_published(editor=editor, reviewer=reviewer, tldr="Newer.")
    assert entries(client) == [
        {
            "title": newer.question.text,
            "link": f"http://testserver{newer.question.get_absolute_url()}",
            "updated": "2024-05-07T12:00:00+00:00",
            "content": "Newer.",
            "content_type": "text",
        },
        {
            "title": "Is it inherited & how?",
            "link": f"http://testserver{older.question.get_absolute_url()}",
            "updated": "2024-05-03T12:00:00+00:00",
            "content": "Rarely: <b>most</b> cases are sporadic.",
            "content_type": "text",
        },
    ]
    root = feed(client)
    assert root.findtext("a:updated", namespaces=ATOM) == "2024-05-07T12:00:00+00:00"
    assert root.findtext("a:author/a:name", namespaces=ATOM) == "DiseaseMaps"


def test_republished_text_moves_to_the_top_recertified_does_not(
    client, editor, reviewer, other_reviewer
):
    with clock.recorded_at(at(1)):
        first = make_published(editor=editor, reviewer=reviewer, tldr="First.")
    with clock.recorded_at(at(2)):
        second = make_published(editor=editor, reviewer=reviewer, tldr="Second.")
    with clock.recorded_at(at(10)):
        open_recertification(second)
        workflow.recertify(
            second, shown=workflow.shown_text(second), user=other_reviewer
        )
    assert [entry["content"] for entry in entries(client)] == ["Second.", "First."]

    with clock.recorded_at(at(12)):
        edit(first, user=editor, tldr="First, corrected.")
        workflow.submit(first, user=editor)
        workflow.approve(first, shown=workflow.shown_text(first), user=other_reviewer)
        workflow.publish(first, shown=workflow.shown_text(first), user=editor)
    updated = entries(client)
    assert [entry["content"] for entry in updated] == ["First, corrected.", "Second."]
    assert updated[0]["updated"] == "2024-05-12T12:00:00+00:00"
    assert updated[1]["updated"] == "2024-05-02T12:00:00+00:00"


def test_feed_never_shows_unpublished_or_archived_content(
    client, editor, reviewer, other_reviewer, managing_editor
):
    live = make_published(editor=editor, reviewer=reviewer, tldr="Live text.")
    edit(live, user=editor, tldr=f"A {DRAFT_MARKER} TL;DR")
    workflow.submit(live, user=editor)
    workflow.approve(live, shown=workflow.shown_text(live), user=other_reviewer)
    make_draft(
        editor=editor,
        question=factories.QuestionFactory(text=f"Draft {DRAFT_MARKER}?"),
        tldr=f"Draft {DRAFT_MARKER}.",
    )
    make_approved(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(text=f"Approved {DRAFT_MARKER}?"),
    )
    archived = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(text=f"Archived {DRAFT_MARKER}?"),
    )
    workflow.archive(
        archived, shown=workflow.shown_text(archived), user=managing_editor
    )

    response = client.get(FEED_URL)
    assert DRAFT_MARKER.encode() not in response.content
    assert [entry["content"] for entry in entries(client)] == ["Live text."]


def test_feed_keeps_to_the_newest_entries(
    client, editor, reviewer, django_assert_max_num_queries
):
    for day in range(1, FEED_ENTRY_COUNT + 3):
        with clock.recorded_at(at(day)):
            make_published(editor=editor, reviewer=reviewer, tldr=f"Day {day}.")
    # The feed's queries and the one aggregate its validators come from.
    with django_assert_max_num_queries(4):
        listed = entries(client)
    assert len(listed) == FEED_ENTRY_COUNT
    assert listed[0]["content"] == f"Day {FEED_ENTRY_COUNT + 2}."


def test_pages_point_to_the_feed(client):
    response = client.get(reverse("home"))
    assert (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="DiseaseMaps: updated answers" href="{FEED_URL}">'
    ) in response.content.decode()


# Conditional GET ------------------------------------------------------------------


@pytest.fixture
def published(editor, reviewer):
    with clock.recorded_at(at(3)):
        answer = make_published(editor=editor, reviewer=reviewer, tldr="First text.")
    # Edits of the question and condition happened before the publication.
    for model in (Question, Condition):
        model.objects.update(updated_at=at(1))
    return answer


def republish(answer, *, editor, reviewer, tldr: str) -> None:
    edit(answer, user=editor, tldr=tldr)
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)


def test_feed_sends_validators_from_the_newest_publication(client, published):
    assert_public_validators(client.get(FEED_URL), last_modified=at(3))


def test_feed_answers_304_to_its_etag_from_one_query(client, published, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert_304_to_etag_from_one_query(client, FEED_URL)


def test_feed_is_served_from_the_page_cache_without_a_query(
    client, published, django_assert_max_num_queries
):
    first = client.get(FEED_URL)
    with django_assert_max_num_queries(0):
        again = client.get(FEED_URL)
        not_modified = client.get(FEED_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert not_modified.status_code == 304


def test_feed_answers_304_when_not_modified_since(client, published):
    assert_304_when_not_modified_since(client, FEED_URL)


def test_a_publication_gets_revalidating_readers_the_new_feed(
    client, published, editor, reviewer
):
    first = client.get(FEED_URL)

    with clock.recorded_at(at(9)):
        republish(published, editor=editor, reviewer=reviewer, tldr="Corrected.")

    by_etag = client.get(FEED_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(FEED_URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    for response in (by_etag, by_date):
        assert response.status_code == 200
        assert response["ETag"] != first["ETag"]
        assert response["Last-Modified"] == http_date(at(9).timestamp())
        assert b"Corrected." in response.content


def test_an_archival_gets_revalidating_readers_the_new_feed(
    client, published, managing_editor
):
    first = client.get(FEED_URL)

    with clock.recorded_at(at(12)):
        workflow.archive(
            published, shown=workflow.shown_text(published), user=managing_editor
        )

    response = client.get(FEED_URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(at(12).timestamp())
    assert b"First text." not in response.content


def test_editing_the_working_copy_keeps_the_feed_not_modified(
    client, published, editor
):
    first = client.get(FEED_URL)

    edit(published, user=editor, tldr=f"A {DRAFT_MARKER} TL;DR")

    response = client.get(FEED_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
