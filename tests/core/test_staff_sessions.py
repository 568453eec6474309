"""Staff sessions end after a working day without a request (issue 13, item 8)."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from core.staff_sessions import STAFF_IDLE_TIMEOUT

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password 1"


def sign_in(client, user):
    user.set_password(PASSWORD)
    user.save()
    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def session_ends_in(client) -> datetime.timedelta:
    return client.session.get_expiry_date() - timezone.now()


@pytest.fixture(autouse=True)
def _password_only(settings):
    settings.STAFF_2FA_REQUIRED = False


@pytest.mark.parametrize("role", ["editor", "reviewer", "managing_editor"])
def test_a_staff_session_ends_after_a_working_day_without_a_request(
    client, request, role
):
    sign_in(client, request.getfixturevalue(role))

    ends_in = session_ends_in(client)

    assert STAFF_IDLE_TIMEOUT - datetime.timedelta(minutes=1) < ends_in
    assert ends_in <= STAFF_IDLE_TIMEOUT


def test_the_session_cookie_ends_with_it(client, editor):
    sign_in(client, editor)

    cookie = client.cookies["sessionid"]

    assert int(cookie["max-age"]) <= STAFF_IDLE_TIMEOUT.total_seconds()


def test_a_request_moves_the_end_of_an_old_staff_session_forward(client, editor):
    sign_in(client, editor)
    session = SessionStore(client.cookies["sessionid"].value)
    session.set_expiry(timezone.now() + datetime.timedelta(hours=1))
    session.save()

    client.get(reverse("admin:index"))

    assert session_ends_in(client) > STAFF_IDLE_TIMEOUT - datetime.timedelta(minutes=1)


def test_a_members_session_keeps_the_default_length(client, member):
    client.force_login(member)

    client.get(reverse("community:account"))

    assert session_ends_in(client) > datetime.timedelta(days=13)
