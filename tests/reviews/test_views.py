"""The public reviewer profile page."""

import datetime

import pytest
from django.urls import reverse

from core import clock
from reviews import workflow
from tests import factories
from tests.diseasemaps.html_checks import elements, page_text
from tests.helpers import edit, make_approved, make_published, open_recertification

pytestmark = pytest.mark.django_db


def profile_url(user) -> str:
    return reverse(
        "reviews:reviewer_detail", kwargs={"reviewer_slug": user.reviewer_profile.slug}
    )


@pytest.fixture
def profiled_reviewer():
    reviewer = factories.ReviewerFactory(
        username="osei",
        profile__full_name="Dr Amara Osei",
        profile__credentials="MD, PhD",
        profile__specialty="Paediatric neurology",
        profile__registration__number="GMC-7654321",
        profile__registration__verifier_notes="PRIVATE-NOTE: checked by phone.",
        profile__bio="Consultant paediatric neurologist.",
        profile__disclosures="Advisory board for a patient charity (unpaid).",
        profile__slug="amara-osei",
    )
    return reviewer


def test_reviewer_page_shows_the_profile(client, profiled_reviewer):
    response = client.get("/reviewers/amara-osei/")
    assert response.status_code == 200
    text = page_text(response.content)
    for fact in [
        "Dr Amara Osei",
        "Credentials MD, PhD",
        "Specialty Paediatric neurology",
        "Professional registration General Medical Council, United Kingdom: "
        "GMC-7654321",
        "Consultant paediatric neurologist.",
        "Advisory board for a patient charity (unpaid).",
    ]:
        assert fact in text


def test_reviewer_page_gives_the_registration_dates_for_people_and_machines(client):
    reviewer = factories.ReviewerFactory(
        profile__registration__verified_on=datetime.date(2026, 3, 3),
        profile__registration__valid_until=datetime.date(2099, 3, 2),
    )
    html = client.get(profile_url(reviewer)).content.decode()
    assert "Registration verified on 3 March 2026, valid until 2 March 2099" in (
        page_text(html)
    )
    times = {time["datetime"] for time in elements(html, "time")}
    assert {"2026-03-03", "2099-03-02"} <= times


def test_reviewer_page_never_shows_the_verifiers_notes(client, profiled_reviewer):
    response = client.get("/reviewers/amara-osei/")
    assert b"PRIVATE-NOTE" not in response.content


def test_reviewer_page_shows_no_registration_that_has_run_out(client):
    today = datetime.date.today()
    reviewer = factories.ReviewerFactory(
        profile__registration__number="GMC-LAPSED",
        profile__registration__verified_on=today - datetime.timedelta(days=400),
        profile__registration__valid_until=today - datetime.timedelta(days=1),
    )
    response = client.get(profile_url(reviewer))
    assert b"GMC-LAPSED" not in response.content
    assert b"Registration verified on" not in response.content


def test_reviewer_page_lists_the_live_answers_they_last_reviewed(
    client, profiled_reviewer, editor, reviewer, managing_editor
):
    theirs = make_published(editor=editor, reviewer=profiled_reviewer)
    someone_elses = make_published(editor=editor, reviewer=reviewer)
    archived = make_published(editor=editor, reviewer=profiled_reviewer)
    workflow.archive(
        archived, shown=workflow.shown_text(archived), user=managing_editor
    )
    not_published = make_approved(editor=editor, reviewer=profiled_reviewer)
    html = client.get(profile_url(profiled_reviewer)).content.decode()
    hrefs = [link["href"] for link in elements(html, "a")]
    assert theirs.question.get_absolute_url() in hrefs
    for answer in (someone_elses, archived, not_published):
        assert answer.question.get_absolute_url() not in hrefs
        assert answer.question.text not in html


def test_recertifying_moves_the_answer_to_the_recertifying_reviewer(
    client, profiled_reviewer, editor, reviewer
):
    answer = open_recertification(make_published(editor=editor, reviewer=reviewer))
    workflow.recertify(
        answer, shown=workflow.shown_text(answer), user=profiled_reviewer
    )
    html = client.get(profile_url(profiled_reviewer)).content.decode()
    assert answer.question.text in html
    assert (
        answer.question.text not in client.get(profile_url(reviewer)).content.decode()
    )


def test_working_copy_edits_do_not_show_on_the_reviewer_page(
    client, profiled_reviewer, editor
):
    answer = make_published(editor=editor, reviewer=profiled_reviewer)
    edit(answer, user=editor, tldr="An unreviewed TL;DR.")
    html = client.get(profile_url(profiled_reviewer)).content.decode()
    assert answer.question.text in html
    assert "unreviewed" not in html


def test_reviewer_without_live_answers_still_has_a_page(client, profiled_reviewer):
    response = client.get(profile_url(profiled_reviewer))
    assert response.status_code == 200
    assert "None of the answers on the site" in page_text(response.content)


def test_unknown_reviewer_is_not_found(client):
    assert client.get("/reviewers/nobody/").status_code == 404


# The review box on the answer page, fed from the sign-off ----------------------


def review_box(answer, client) -> str:
    html = client.get(answer.question.get_absolute_url()).content.decode()
    return page_text(html[html.index('<section class="review-box"') :])


def test_review_box_keeps_the_name_and_credentials_given_at_sign_off(
    client, profiled_reviewer, editor
):
    with clock.recorded_at(datetime.datetime(2024, 5, 6, 9, 0, tzinfo=datetime.UTC)):
        answer = make_published(editor=editor, reviewer=profiled_reviewer)
    profile = profiled_reviewer.reviewer_profile
    profile.full_name = "Dr Amara Osei-Mensah"
    profile.credentials = "MD, PhD, FRCP"
    profile.save()

    with clock.recorded_at(datetime.datetime(2024, 5, 7, 9, 0, tzinfo=datetime.UTC)):
        box = review_box(answer, client)
    profile_page = page_text(client.get(profile_url(profiled_reviewer)).content)

    assert "Medically reviewed by Dr Amara Osei, MD, PhD on 6 May 2024" in box
    assert "Next review due: 6 May 2025" in box
    assert "FRCP" not in box
    assert "Dr Amara Osei-Mensah" in profile_page
    assert answer.question.text in profile_page


def test_review_box_follows_the_latest_review_sign_off(
    client, profiled_reviewer, editor, reviewer
):
    with clock.recorded_at(datetime.datetime(2024, 5, 6, 9, 0, tzinfo=datetime.UTC)):
        answer = make_published(editor=editor, reviewer=reviewer)
    with clock.recorded_at(datetime.datetime(2025, 4, 1, 9, 0, tzinfo=datetime.UTC)):
        workflow.recertify(
            answer, shown=workflow.shown_text(answer), user=profiled_reviewer
        )
    edit(answer, user=editor, body="A new draft.")
    workflow.submit(answer, user=editor)
    workflow.request_changes(
        answer, shown=workflow.shown_text(answer), user=reviewer, comment="Not yet."
    )

    with clock.recorded_at(datetime.datetime(2025, 4, 2, 9, 0, tzinfo=datetime.UTC)):
        box = review_box(answer, client)
        html = client.get(answer.question.get_absolute_url()).content.decode()

    assert "Medically reviewed by Dr Amara Osei, MD, PhD on 1 April 2025" in box
    assert "Next review due: 1 April 2026" in box
    assert "Last updated: 6 May 2024" in page_text(html)
    assert profile_url(profiled_reviewer) in [a["href"] for a in elements(html, "a")]
