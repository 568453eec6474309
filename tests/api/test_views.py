"""The content API's endpoints: what they show, filter and refuse."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import clock
from reviews import workflow
from reviews.models import Registration
from tests import factories
from tests.helpers import (
    edit,
    make_approved,
    make_draft,
    make_published,
    open_recertification,
    publish_new_text,
)

pytestmark = pytest.mark.django_db


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_root_links_every_list_and_states_the_licence(client, settings):
    data = get_json(client, reverse("api:root"))

    assert data["licence"] == settings.CONTENT_API_LICENCE
    assert set(data["links"]) == {"conditions", "answers", "changes", "schema", "docs"}
    assert data["links"]["answers"] == "http://testserver/api/v1/answers/"


def test_a_condition_shows_its_names_codes_and_published_questions(
    client, published, condition, editor
):
    factories.QuestionFactory(condition=condition, text="Not yet answered?")

    data = get_json(client, reverse("api:condition_detail", args=[condition.slug]))

    assert data["name"] == "Parry-Romberg syndrome"
    assert data["alternateName"] == [
        "Progressive hemifacial atrophy",
        "Romberg syndrome",
    ]
    assert data["codes"] == {"icd10": "G51.8", "orpha": "1945"}
    assert data["url"] == "http://testserver/conditions/parry-romberg-syndrome/"
    assert [q["id"] for q in data["questions"]] == [published.pk]
    assert data["questions"][0]["question"] == published.live.question_text


def test_a_condition_without_a_published_answer_is_not_found(client, editor):
    question = factories.QuestionFactory()
    factories.AnswerFactory(question=question)

    response = client.get(
        reverse("api:condition_detail", args=[question.condition.slug])
    )

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_condition_list_holds_only_published_conditions(client, published):
    factories.ConditionFactory(name="Unpublished condition")

    data = get_json(client, reverse("api:conditions"))

    assert [c["slug"] for c in data["results"]] == ["parry-romberg-syndrome"]


def test_an_answer_shows_the_live_text_and_its_review(client, published, reviewer):
    live = published.live
    data = get_json(client, reverse("api:answer_detail", args=[published.pk]))

    assert data["question"] == live.question_text
    assert data["label"] == live.kind_label
    assert data["tldr"] == live.tldr
    assert data["body"]["markdown"] == live.body
    assert data["body"]["html"].startswith("<p>The <strong>full</strong> answer.</p>")
    assert data["references"][0]["doi"] == "10.1000/nh.2021"
    assert data["references"][0]["links"]["pubmed"] == (
        "https://pubmed.ncbi.nlm.nih.gov/33000001/"
    )
    assert data["reviewer"] == {
        "name": reviewer.reviewer_profile.full_name,
        "credentials": "MD",
        "registration": {
            "body": "General Medical Council",
            "country": "United Kingdom",
            "number": live.last_review.registration_number,
            "validUntil": live.last_review.registration_valid_until.isoformat(),
        },
        "profileUrl": "http://testserver"
        + reviewer.reviewer_profile.get_absolute_url(),
    }
    assert data["reviewDue"] == live.review_due_on.isoformat()
    assert data["reviewOverdue"] is False
    assert data["fingerprint"]["value"] == live.fingerprint
    assert data["fingerprint"]["scheme"] == 3
    assert data["changeNote"] == live.change_note
    assert data["isCorrection"] is False
    assert data["url"] == "http://testserver" + published.question.get_absolute_url()
    assert data["disclaimer"]["text"]


def test_the_working_copy_never_shows_in_an_answer(client, published, editor):
    edit(published, user=editor, tldr="An unreviewed edit.")

    data = get_json(client, reverse("api:answer_detail", args=[published.pk]))

    assert data["tldr"] == published.live.tldr != "An unreviewed edit."


def test_an_answer_never_published_is_not_found(client, editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)

    response = client.get(reverse("api:answer_detail", args=[answer.pk]))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_archived_answer_is_gone(client, published, managing_editor):
    workflow.archive(
        published, user=managing_editor, shown=workflow.shown_text(published)
    )

    response = client.get(reverse("api:answer_detail", args=[published.pk]))

    assert response.status_code == 410
    assert response.json()["code"] == "gone"
    assert get_json(client, reverse("api:answers"))["results"] == []


def test_a_reference_url_that_is_not_http_is_shown_as_reviewed_but_not_linked(
    client, editor, reviewer
):
    answer = make_published(
        editor=editor,
        reviewer=reviewer,
        references=[{"title": "A study", "url": "javascript:alert(1)"}],
    )

    data = get_json(client, reverse("api:answer_detail", args=[answer.pk]))

    assert data["references"][0]["url"] == "javascript:alert(1)"
    assert data["references"][0]["links"]["url"] == ""


def test_the_answer_list_filters_by_condition(client, published, editor, reviewer):
    make_published(editor=editor, reviewer=reviewer)

    data = get_json(
        client, reverse("api:answers"), condition=published.question.condition.slug
    )

    assert [a["id"] for a in data["results"]] == [published.pk]


def test_the_answer_list_filters_by_modified_since(client, published, editor, reviewer):
    later = make_published(editor=editor, reviewer=reviewer)
    since = later.live.text_changed_at.isoformat()

    data = get_json(client, reverse("api:answers"), modified_since=since)

    assert [a["id"] for a in data["results"]] == [later.pk]


def test_the_answer_list_pages_with_a_cursor_oldest_change_first(
    client, editor, reviewer
):
    answers = [make_published(editor=editor, reviewer=reviewer) for _ in range(3)]
    publish_new_text(answers[0], editor=editor, reviewer=reviewer, tldr="Newer.")

    first = get_json(client, reverse("api:answers"), page_size=2)
    second = client.get(first["next"]).json()

    ids = [a["id"] for a in first["results"] + second["results"]]
    assert ids == [answers[1].pk, answers[2].pk, answers[0].pk]
    assert second["next"] is None


@pytest.mark.parametrize(
    ("params", "refused"),
    [
        ({"colour": "blue"}, "colour"),
        ({"modified_since": "yesterday"}, "modified_since"),
        ({"modified_since": "9999-12-31T23:59:59-23:59"}, "modified_since"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_query_parameters_are_refused(client, published, params, refused):
    response = client.get(reverse("api:answers"), params)

    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "invalid_parameters"
    assert list(problem["errors"]) == [refused]


def test_an_unknown_url_under_the_api_is_a_problem(client):
    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not found.",
        "instance": "/api/v1/no-such-thing/",
        "code": "not_found",
    }


def test_writing_is_not_allowed(client, published):
    response = client.post(reverse("api:answers"))

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


# Changes -----------------------------------------------------------------------


def change_types(data) -> list[tuple[str, int]]:
    return [(change["type"], change["answer"]) for change in data["changes"]]


def test_changes_list_publications_recertifications_and_removals_in_order(
    client, published, reviewer, managing_editor
):
    open_recertification(published)
    workflow.recertify(published, user=reviewer, shown=workflow.shown_text(published))
    workflow.archive(
        published, user=managing_editor, shown=workflow.shown_text(published)
    )

    data = get_json(client, reverse("api:changes"))

    assert change_types(data) == [
        ("published", published.pk),
        ("recertified", published.pk),
        ("removed", published.pk),
    ]
    assert data["changes"][0]["apiUrl"].endswith(f"/api/v1/answers/{published.pk}/")
    assert data["changes"][2]["apiUrl"] is None
    assert data["changes"][0]["condition"] == "parry-romberg-syndrome"
    assert data["cursor"] == data["changes"][-1]["cursor"]


def test_changes_since_a_cursor_are_only_the_later_ones(
    client, published, editor, reviewer
):
    cursor = get_json(client, reverse("api:changes"))["cursor"]
    later = make_published(editor=editor, reviewer=reviewer)

    data = get_json(client, reverse("api:changes"), since=cursor)

    assert change_types(data) == [("published", later.pk)]
    again = get_json(client, reverse("api:changes"), since=data["cursor"])
    assert again["changes"] == [] and again["cursor"] == data["cursor"]


def test_changes_filter_by_condition(client, published, editor, reviewer):
    make_published(editor=editor, reviewer=reviewer)

    data = get_json(
        client, reverse("api:changes"), condition=published.question.condition.slug
    )

    assert change_types(data) == [("published", published.pk)]


def test_changes_come_in_pages_linked_by_next(client, published):
    reviewer = published.live.last_review.reviewer
    open_recertification(published)
    workflow.recertify(published, user=reviewer, shown=workflow.shown_text(published))

    first = get_json(client, reverse("api:changes"), page_size=1)
    second = client.get(first["next"]).json()

    assert change_types(first) == [("published", published.pk)]
    assert change_types(second) == [("recertified", published.pk)]
    assert second["next"] is None


@pytest.mark.parametrize("since", ["-1", "abc", "1" * 19])
def test_a_malformed_cursor_is_refused(client, since):
    response = client.get(reverse("api:changes"), {"since": since})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["since"]


def test_an_unknown_unpublished_draft_makes_no_change(client, editor):
    make_draft(editor=editor)

    assert get_json(client, reverse("api:changes"))["changes"] == []


def test_modified_since_accepts_a_date(client, published):
    today = datetime.date.today().isoformat()
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()

    assert (
        len(get_json(client, reverse("api:answers"), modified_since=today)["results"])
        == 1
    )
    assert (
        get_json(client, reverse("api:answers"), modified_since=tomorrow)["results"]
        == []
    )


def test_a_new_text_brings_its_own_body_html(client, published, editor, reviewer):
    url = reverse("api:answer_detail", args=[published.pk])
    get_json(client, url)

    publish_new_text(published, editor=editor, reviewer=reviewer, body="New *text*.")

    assert get_json(client, url)["body"]["html"] == "<p>New <em>text</em>.</p>"


def test_an_answer_shows_its_public_review_history(
    client, published, editor, reviewer, other_reviewer
):
    publish_new_text(
        published,
        editor=editor,
        reviewer=reviewer,
        tldr="Revised.",
        change_note="Added the 2025 cohort study.",
    )
    open_recertification(published)
    workflow.recertify(
        published, user=other_reviewer, shown=workflow.shown_text(published)
    )

    history = get_json(client, reverse("api:answer_detail", args=[published.pk]))[
        "reviewHistory"
    ]

    assert [(line["kind"], line["note"]) for line in history] == [
        ("reviewed", ""),
        ("updated", "Added the 2025 cohort study."),
        ("updated", "First published."),
    ]
    assert history[0]["reviewer"]["name"] == (other_reviewer.reviewer_profile.full_name)
    assert history[1]["reviewer"]["profileUrl"] == (
        "http://testserver" + reviewer.reviewer_profile.get_absolute_url()
    )


def test_an_overdue_review_says_so(client, editor, reviewer):
    with clock.recorded_at(timezone.now() - datetime.timedelta(days=400)):
        answer = make_published(editor=editor, reviewer=reviewer)

    data = get_json(client, reverse("api:answer_detail", args=[answer.pk]))

    assert data["reviewOverdue"] is True
    assert data["reviewDue"] < datetime.date.today().isoformat()


def test_the_reviewer_shows_the_registration_as_at_the_sign_off(
    client, published, reviewer
):
    approval = published.live.last_review
    url = reverse("api:answer_detail", args=[published.pk])

    Registration.objects.filter(profile__user=reviewer).update(number="GMC-CHANGED")

    registration = get_json(client, url)["reviewer"]["registration"]
    assert registration == {
        "body": approval.registration_body,
        "country": approval.registration_country,
        "number": approval.registration_number,
        "validUntil": approval.registration_valid_until.isoformat(),
    }
    assert registration["number"] != "GMC-CHANGED"
