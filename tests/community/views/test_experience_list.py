"""The public experiences page and its share form."""

import datetime

import pytest
from django.utils import timezone

from community import moderation, services
from community.models import Experience
from reviews import workflow
from tests import factories
from tests.community.helpers import TEXT, approved, experiences_url, rejected, share

pytestmark = pytest.mark.django_db


def post_experience(client, question, **data):
    form = {"text": TEXT, "consent": "on", "website": ""}
    form.update(data)
    return client.post(experiences_url(question), form)


def test_only_approved_experiences_are_shown(
    client, member, other_member, editor, published_question
):
    factories.MemberProfileFactory(user=member, display_name="Robin")
    approved(published_question, member=member, editor=editor, text=TEXT + " Shown.")
    share(published_question, member=other_member, text=TEXT + " Pending.")
    rejected(published_question, member=other_member, editor=editor, text=TEXT + " No.")

    response = client.get(experiences_url(published_question))

    assert response.status_code == 200
    assert "Shown." in response.text
    assert "Pending." not in response.text
    assert " No." not in response.text
    assert "Robin" in response.text
    assert "1 shared experience" in response.text
    assert "not medical advice" in response.text


def test_experience_shows_its_date_and_never_the_email(
    client, member, editor, published_question
):
    experience = approved(published_question, member=member, editor=editor)

    response = client.get(experiences_url(published_question))

    day = experience.created_at.date().isoformat()
    assert f'<time datetime="{day}">{day}</time>' in response.text
    assert member.email not in response.text


def test_html_and_script_are_shown_as_text_with_line_breaks(
    client, member, editor, published_question
):
    text = (
        '<script>alert("x")</script> I tried <b>everything</b>.\n'
        "See https://example.org/a for more, it helped me."
    )
    approved(published_question, member=member, editor=editor, text=text)

    html = client.get(experiences_url(published_question)).text

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;everything&lt;/b&gt;.<br>See https://example.org/a" in html
    assert 'href="https://example.org/a"' not in html


def test_experiences_are_paginated_newest_first(
    client, member, editor, published_question
):
    now = timezone.now()
    for days in range(12):
        experience = factories.ExperienceFactory(
            member=member,
            question=published_question,
            text=f"{TEXT} Number {days:02d}.",
            created_at=now - datetime.timedelta(days=days),
        )
        moderation.approve(experience, user=editor)

    first = client.get(experiences_url(published_question)).text
    second = client.get(experiences_url(published_question) + "?page=2").text

    assert first.index("Number 00.") < first.index("Number 09.")
    assert "Number 10." not in first
    assert "Number 10." in second and "Number 11." in second
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("count", [1, 30])
def test_experiences_page_query_budget(
    client, member, editor, published_question, django_assert_max_num_queries, count
):
    for _ in range(count):
        approved(
            published_question,
            member=factories.MemberProfileFactory().user,
            editor=editor,
        )
    client.force_login(member)

    # Session, user, permissions, question, count, page, and the savepoint pair.
    with django_assert_max_num_queries(10):
        response = client.get(experiences_url(published_question))

    assert response.status_code == 200


def test_unpublished_and_unknown_questions_are_not_found(client, editor):
    draft_question = factories.QuestionFactory()

    assert client.get(experiences_url(draft_question)).status_code == 404
    assert client.get("/conditions/nothing/nothing/experiences/").status_code == 404


def test_an_archived_questions_experiences_are_gone_from_view(
    client, member, editor, managing_editor, published_question
):
    approved(published_question, member=member, editor=editor)
    workflow.archive(
        published_question.answer,
        shown=workflow.shown_text(published_question.answer),
        user=managing_editor,
        comment="Old.",
    )

    assert client.get(experiences_url(published_question)).status_code == 404


# Sharing --------------------------------------------------------------------


def test_visitor_is_invited_to_sign_in_and_cannot_post(client, published_question):
    page = client.get(experiences_url(published_question)).text
    response = post_experience(client, published_question)

    assert "share-experience-form" not in page
    assert "Sign in" in page
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Experience.objects.exists()


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_staff_who_are_not_members_cannot_share(
    client, roles, published_question, role
):
    client.force_login(roles[role])

    page = client.get(experiences_url(published_question)).text
    response = post_experience(client, published_question)

    assert "share-experience-form" not in page
    assert response.status_code == 403
    assert not Experience.objects.exists()


def test_member_shares_an_experience_that_waits_for_moderation(
    client, member, published_question
):
    client.force_login(member)

    response = post_experience(client, published_question)

    assert response.status_code == 302
    experience = Experience.objects.get()
    assert (experience.member, experience.question) == (member, published_question)
    assert experience.state == Experience.State.PENDING
    assert experience.text == TEXT
    page = client.get(response["Location"]).text
    assert "once a moderator has approved it" in page
    assert TEXT not in page


def test_consent_is_required(client, member, published_question):
    client.force_login(member)

    response = post_experience(client, published_question, consent="")

    assert response.status_code == 200
    assert "Tick the box to agree" in response.text
    assert not Experience.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Too short to say much.",
            "too short: write at least 50 characters (it has 22)",
        ),
        ("a" * 5001, "too long: keep it to 5000 characters at most (it has 5001)"),
    ],
)
def test_length_limits_give_clear_errors(
    client, member, published_question, text, message
):
    client.force_login(member)

    response = post_experience(client, published_question, text=text)

    assert message in response.text
    assert not Experience.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "\u200b" * 60,
        "\u202e\u200d\u2060\ufeff\u3164" * 12,
        "a\u200b" * 19 + " " * 40,
    ],
    ids=["zero-width spaces", "bidi override, joiners, filler", "19 visible letters"],
)
def test_an_experience_of_invisible_characters_is_refused(
    client, member, published_question, text
):
    client.force_login(member)

    response = post_experience(client, published_question, text=text)

    assert "too little text a reader can see" in response.text
    assert not Experience.objects.exists()


def test_browser_line_breaks_count_as_one_character(client, member, published_question):
    client.force_login(member)
    text = "\r\n".join(["Twelve chars"] * 5)  # 60 characters as CRLF, 64 bytes

    post_experience(client, published_question, text=text)

    assert Experience.objects.get().text == "\n".join(["Twelve chars"] * 5)


def test_the_rate_limit_gives_a_clear_error(client, member, published_question):
    client.force_login(member)
    for _ in range(services.RATE_LIMIT_COUNT):
        assert post_experience(client, published_question).status_code == 302

    response = post_experience(client, published_question)

    assert response.status_code == 200
    assert "You have shared 5 experiences in the last hour" in response.text
    assert Experience.objects.count() == 5


def test_deleted_experiences_still_count_towards_the_rate_limit(
    client, member, published_question
):
    client.force_login(member)
    for _ in range(services.RATE_LIMIT_COUNT):
        assert post_experience(client, published_question).status_code == 302
    for experience in Experience.objects.all():
        services.delete_experience(experience, member=member)

    response = post_experience(client, published_question)

    assert "You have shared 5 experiences in the last hour" in response.text
    assert not Experience.objects.exists()


def test_a_filled_honeypot_is_refused_with_a_clear_error(
    client, member, published_question
):
    client.force_login(member)

    response = post_experience(client, published_question, website="http://spam")

    assert "leave this field empty" in response.text
    assert "was not saved" in response.text
    assert "http://spam" not in response.text
    assert TEXT in response.text
    assert not Experience.objects.exists()


def test_share_form_has_stable_labels(client, member, published_question):
    client.force_login(member)

    html = client.get(experiences_url(published_question)).text

    assert 'id="share-experience-form"' in html
    assert '<label for="id_text">Your experience</label>' in html
    assert '<label for="id_consent">I agree that DiseaseMaps may publish' in html
    assert '<label for="id_website">Leave this field empty</label>' in html
