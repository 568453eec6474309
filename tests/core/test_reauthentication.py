"""A sign-off needs the reviewer's password from the last ten minutes.

Signing in counts. Later, approving, requesting changes or re-certifying asks
for the password again, and the decision and comment go through once it is
given, without being typed again.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Answer
from core import reauthentication
from reviews.models import SignOff
from tests.articles.admin_data import decision_data, transition_url
from tests.helpers import (
    make_approved,
    make_draft,
    make_in_review,
    make_published,
    open_recertification,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
COMMENT = "Say that a third of cases are new mutations & cite the <2019> study."
PROMPT = "A sign-off carries your name, so it needs your password"


def authenticated_ago(client, minutes: int) -> None:
    session = client.session
    moment = timezone.now() - datetime.timedelta(minutes=minutes)
    session[reauthentication.SESSION_KEY] = moment.timestamp()
    session.save()


@pytest.fixture
def in_review(editor):
    return make_in_review(editor=editor)


@pytest.fixture
def stale_reviewer(client, reviewer):
    """A reviewer who signed in eleven minutes ago."""
    client.force_login(reviewer)
    authenticated_ago(client, 11)
    return reviewer


def test_signing_in_counts_as_fresh_authentication(client, reviewer, in_review):
    client.post(reverse("admin:login"), {"username": "reviewer", "password": PASSWORD})

    response = client.post(
        transition_url(in_review, "approve"), decision_data(in_review, comment="OK")
    )

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.state == Answer.State.APPROVED


def test_authentication_nine_minutes_old_is_still_fresh(client, reviewer, in_review):
    client.force_login(reviewer)
    authenticated_ago(client, 9)

    client.post(transition_url(in_review, "approve"), decision_data(in_review))

    in_review.refresh_from_db()
    assert in_review.state == Answer.State.APPROVED


@pytest.mark.parametrize("decision", ["approve", "request_changes"])
def test_a_stale_sign_off_asks_for_the_password_and_keeps_the_comment(
    client, stale_reviewer, in_review, decision
):
    response = client.post(
        transition_url(in_review, decision), decision_data(in_review, comment=COMMENT)
    )

    assert response.status_code == 200
    assert PROMPT in response.text
    assert in_review.question.text in response.text
    # Shown to read, and carried in the form, escaped both times.
    assert "cite the &lt;2019&gt; study." in response.text
    assert 'name="comment" value="Say that a third of cases are new mutations' in (
        response.text
    )
    assert 'name="reauthentication_password"' in response.text
    assert not SignOff.objects.filter(answer=in_review).exists()
    in_review.refresh_from_db()
    assert in_review.state == Answer.State.IN_REVIEW


@pytest.mark.parametrize(
    ("decision", "state"),
    [
        ("approve", Answer.State.APPROVED),
        ("request_changes", Answer.State.CHANGES_REQUESTED),
    ],
)
def test_the_password_lets_the_sign_off_through_with_its_comment(
    client, stale_reviewer, in_review, decision, state
):
    response = client.post(
        transition_url(in_review, decision),
        decision_data(in_review, comment=COMMENT, reauthentication_password=PASSWORD),
    )

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.state == state
    sign_off = SignOff.objects.get(answer=in_review)
    assert (sign_off.decision, sign_off.comment) == (decision, COMMENT)


def test_the_password_makes_the_next_sign_offs_fresh(
    client, stale_reviewer, editor, in_review
):
    client.post(
        transition_url(in_review, "approve"),
        decision_data(in_review, reauthentication_password=PASSWORD),
    )
    other = make_in_review(editor=editor)

    response = client.post(transition_url(other, "approve"), decision_data(other))

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.state == Answer.State.APPROVED


def test_a_wrong_password_asks_again_and_signs_nothing(
    client, stale_reviewer, in_review
):
    response = client.post(
        transition_url(in_review, "approve"),
        decision_data(in_review, comment=COMMENT, reauthentication_password="not it"),
    )

    assert response.status_code == 200
    assert "That is not your password" in response.text
    assert "cite the &lt;2019&gt; study." in response.text
    assert not SignOff.objects.filter(answer=in_review).exists()


def test_wrong_passwords_count_towards_the_sign_in_lockout(
    client, stale_reviewer, in_review
):
    responses = [
        client.post(
            transition_url(in_review, "approve"),
            {"reauthentication_password": "not it"},
        )
        for _ in range(5)
    ]

    assert responses[-1].status_code == 429
    assert "too many failed attempts" in responses[-1].text


def test_re_certifying_needs_fresh_authentication_too(client, editor, reviewer):
    answer = open_recertification(make_published(editor=editor, reviewer=reviewer))
    client.force_login(reviewer)
    authenticated_ago(client, 30)

    asked = client.post(
        transition_url(answer, "recertify"), decision_data(answer, comment="Still OK")
    )
    done = client.post(
        transition_url(answer, "recertify"),
        decision_data(answer, comment="Still OK", reauthentication_password=PASSWORD),
    )

    assert PROMPT in asked.text
    assert done.status_code == 302
    assert SignOff.objects.filter(
        answer=answer, decision="recertify", comment="Still OK"
    ).exists()


def test_a_session_with_no_recorded_authentication_is_asked(
    client, reviewer, in_review
):
    client.force_login(reviewer)
    session = client.session
    del session[reauthentication.SESSION_KEY]
    session.save()

    response = client.post(transition_url(in_review, "approve"))

    assert PROMPT in response.text


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("submit", Answer.State.IN_REVIEW),
        ("withdraw", Answer.State.DRAFT),
        ("publish", Answer.State.PUBLISHED),
    ],
)
def test_steps_that_sign_nothing_do_not_ask(client, editor, reviewer, name, state):
    makers = {
        "submit": lambda: make_draft(editor=editor),
        "withdraw": lambda: make_in_review(editor=editor),
        "publish": lambda: make_approved(editor=editor, reviewer=reviewer),
    }
    answer = makers[name]()
    client.force_login(editor)
    authenticated_ago(client, 60)

    response = client.post(transition_url(answer, name), decision_data(answer))

    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.state == state


def test_the_prompt_offers_a_way_back_to_the_answer(client, stale_reviewer, in_review):
    response = client.post(transition_url(in_review, "approve"))

    change_url = reverse("admin:articles_answer_change", args=[in_review.pk])
    assert f'href="{change_url}"' in response.text
