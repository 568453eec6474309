"""The public side of the review record: the history on the answer page and its
own page, correction notices, honest overdue statements, and their caching."""

import datetime
import re

import pytest
from django.urls import reverse

from core import clock
from reviews import workflow
from tests import factories
from tests.diseasemaps.conditional_get import assert_304_when_not_modified_since
from tests.helpers import edit, make_published, open_recertification

pytestmark = pytest.mark.django_db

OVERDUE = (
    'This answer was due for medical review on <time datetime="{iso}">{day}</time>; '
    "it is being checked."
)


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


def history_url(answer) -> str:
    question = answer.question
    return reverse("answer_history", args=[question.condition.slug, question.slug])


def republish(answer, *, editor, reviewer, user=None, is_correction=False, **text):
    edit(answer, user=editor, **text)
    workflow.submit(answer, user=editor)
    workflow.approve(answer, user=reviewer, shown=workflow.shown_text(answer))
    workflow.publish(
        answer,
        user=user or editor,
        shown=workflow.shown_text(answer),
        is_correction=is_correction,
    )


@pytest.fixture
def corrected(editor, reviewer, other_reviewer, managing_editor):
    """Published on 1 Feb, updated on 1 Mar, corrected on 1 Apr, re-certified
    on 2 Apr 2026 (due for review on 2 April 2027)."""
    with clock.recorded_at(at(2026, 2, 1)):
        answer = make_published(editor=editor, reviewer=reviewer)
    with clock.recorded_at(at(2026, 3, 1)):
        republish(
            answer,
            editor=editor,
            reviewer=reviewer,
            body="New trial results.",
            change_note="Added the new trial results.",
        )
    with clock.recorded_at(at(2026, 4, 1)):
        republish(
            answer,
            editor=editor,
            reviewer=reviewer,
            user=managing_editor,
            is_correction=True,
            body="The right dose.",
            change_note="Corrected the dose in the second paragraph.",
        )
    with clock.recorded_at(at(2026, 4, 2)):
        open_recertification(answer)
        workflow.recertify(
            answer, user=other_reviewer, shown=workflow.shown_text(answer)
        )
    return answer


def get(client, url, *, on):
    with clock.recorded_at(on):
        return client.get(url)


def test_answer_page_shows_the_history_collapsed_newest_first(client, corrected):
    page = get(client, corrected.question.get_absolute_url(), on=at(2026, 4, 10))

    html = page.content.decode()
    details = html[html.index('<details class="review-history"') :]
    details = details[: details.index("</details>")]
    kinds = re.findall(r'class="history-kind">([^<]+)<', details)
    assert kinds == [
        "Reviewed, no change",
        "Correction",
        "Updated and reviewed",
        "Updated and reviewed",
    ]
    assert "<details " in html and " open" not in details.split(">")[0]
    assert "Corrected the dose in the second paragraph." in details
    assert "Added the new trial results." in details
    assert "First published." in details
    assert '<time datetime="2026-04-01">1 April 2026</time>' in details
    assert history_url(corrected) in details


def test_history_names_the_credentials_held_at_each_sign_off(
    client, corrected, reviewer
):
    profile = reviewer.reviewer_profile
    credentials = profile.credentials
    profile.credentials = "MD, PhD, FRCP"
    profile.save()

    page = get(client, history_url(corrected), on=at(2026, 4, 10))

    html = page.content.decode()
    assert f"{profile.full_name}, {credentials}</a>" in html
    assert "FRCP" not in html
    assert f'href="{profile.get_absolute_url()}"' in html


def test_correction_notice_shows_above_the_text_for_90_days(client, corrected):
    url = corrected.question.get_absolute_url()

    within = get(client, url, on=at(2026, 6, 29)).content.decode()
    after = get(client, url, on=at(2026, 6, 30)).content.decode()

    assert 'id="correction-notice"' in within
    assert within.index('id="correction-notice"') < within.index('id="tldr"')
    assert '<time datetime="2026-04-01">1 April 2026</time>' in within
    assert "Corrected the dose in the second paragraph." in within
    assert 'id="correction-notice"' not in after
    # The history keeps it for good.
    assert 'class="history-kind">Correction<' in after
    history = get(client, history_url(corrected), on=at(2027, 1, 1)).content.decode()
    assert "Corrected the dose in the second paragraph." in history


def test_overdue_review_is_said_in_words_on_answer_condition_and_reviewer_pages(
    client, corrected, other_reviewer
):
    overdue = OVERDUE.format(iso="2027-04-02", day="2 April 2027")
    urls = [
        corrected.question.get_absolute_url(),
        corrected.question.condition.get_absolute_url(),
        other_reviewer.reviewer_profile.get_absolute_url(),
        history_url(corrected),
    ]

    for url in urls:
        due = get(client, url, on=at(2027, 4, 2)).content.decode()
        late = get(client, url, on=at(2027, 4, 3)).content.decode()
        assert overdue not in due, url
        assert overdue in late, url
        # Readers are never told a past date is the next review.
        assert "Next review due" not in late, url


def test_next_review_due_is_a_date_for_people(client, corrected):
    page = get(client, corrected.question.get_absolute_url(), on=at(2026, 4, 10))

    assert (
        'Next review due: <time datetime="2027-04-02">2 April 2027</time>'
        in page.content.decode()
    )


def test_a_change_note_of_an_unpublished_version_never_appears(
    client, editor, reviewer, corrected
):
    edit(corrected, user=editor, change_note="zz-unpublished-note", body="Draft.")
    workflow.submit(corrected, user=editor)
    workflow.approve(corrected, user=reviewer, shown=workflow.shown_text(corrected))

    for url in [corrected.question.get_absolute_url(), history_url(corrected)]:
        assert b"zz-unpublished-note" not in client.get(url).content


def test_history_page_of_an_unknown_or_archived_answer(
    client, corrected, managing_editor
):
    condition = corrected.question.condition.slug
    assert (
        client.get(reverse("answer_history", args=[condition, "nope"])).status_code
        == 404
    )

    workflow.archive(
        corrected, user=managing_editor, shown=workflow.shown_text(corrected)
    )

    assert client.get(history_url(corrected)).status_code == 410


def test_history_page_answers_conditional_requests(client, corrected):
    url = history_url(corrected)
    first = client.get(url)

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"].startswith('W/"')
    assert again.status_code == 304
    assert_304_when_not_modified_since(client, url)


def test_history_page_validators_move_when_the_review_becomes_overdue(
    client, corrected
):
    url = history_url(corrected)
    due = get(client, url, on=at(2027, 4, 2))

    with clock.recorded_at(at(2027, 4, 3)):
        late = client.get(url, HTTP_IF_NONE_MATCH=due["ETag"])
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=due["Last-Modified"])

    assert late.status_code == 200
    assert since.status_code == 200
    assert late["Last-Modified"] == "Sat, 03 Apr 2027 00:00:00 GMT"


def test_history_page_cache_follows_a_new_publication(
    client, settings, editor, reviewer, corrected
):
    settings.PAGE_CACHE_SECONDS = 300
    url = history_url(corrected)
    assert b"Explained the new scan." not in client.get(url).content

    republish(
        corrected,
        editor=editor,
        reviewer=reviewer,
        body="Newer.",
        change_note="Explained the new scan.",
    )

    assert b"Explained the new scan." in client.get(url).content


@pytest.mark.parametrize("publications", [1, 30])
def test_history_and_answer_pages_keep_their_budgets_whatever_the_history(
    client, editor, reviewer, django_assert_max_num_queries, publications
):
    answer = make_published(editor=editor, reviewer=reviewer)
    for number in range(1, publications):
        republish(
            answer,
            editor=editor,
            reviewer=reviewer,
            body=f"Version {number}.",
            change_note=f"Change {number}.",
        )

    with django_assert_max_num_queries(4):
        history_page = client.get(history_url(answer))
    with django_assert_max_num_queries(9):
        answer_page = client.get(answer.question.get_absolute_url())

    for response in (history_page, answer_page):
        assert response.content.count(b'class="history-entry') == publications


def test_feed_marks_a_correction(client, editor, reviewer, managing_editor):
    answer = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(text="Is it treatable?"),
    )
    republish(
        answer,
        editor=editor,
        reviewer=reviewer,
        user=managing_editor,
        is_correction=True,
        body="Fixed.",
        change_note="Fixed a wrong figure.",
    )

    feed = client.get(reverse("updates_feed")).content.decode()

    assert "<title>Correction: Is it treatable?</title>" in feed
    assert '<category term="correction"' in feed
