"""Sign-in throttling: five failures lock a username out from one address.

Both logins are throttled alike: the member login on the public site and the
admin login that staff use.
"""

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from core.login_throttling import LOCKED_OUT_STATUS
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LIMIT = 5
LOCKED_MESSAGE = "too many failed attempts to sign in"


@pytest.fixture(params=["member", "admin"])
def login(request):
    """One of the two logins: its URL and the user who signs in there."""
    if request.param == "member":
        user = factories.MemberFactory(
            username="robin@example.org", email="robin@example.org"
        )
        return {
            "url": reverse("community:login"),
            "username": user.email,
            "signed_in": reverse("community:account"),
        }
    user = factories.EditorFactory(username="editor")
    return {
        "url": reverse("admin:login") + "?next=" + reverse("admin:index"),
        "username": user.username,
        "signed_in": reverse("admin:index"),
    }


def sign_in(client, login, password, *, address="192.0.2.1", username=None):
    return client.post(
        login["url"],
        {"username": username or login["username"], "password": password},
        REMOTE_ADDR=address,
    )


def assert_signed_in(response, login):
    assert response.status_code == 302
    assert response["Location"] == login["signed_in"]


def fail(client, login, times, **kwargs):
    return [sign_in(client, login, "wrong password", **kwargs) for _ in range(times)]


def test_fewer_failures_than_the_limit_redisplay_the_form(client, login):
    responses = fail(client, login, LIMIT - 1)

    assert {response.status_code for response in responses} == {200}
    assert_signed_in(sign_in(client, login, PASSWORD), login)


def test_the_fifth_failure_locks_the_sign_in_with_a_clear_page(client, login):
    *_, fifth = fail(client, login, LIMIT)

    assert fifth.status_code == LOCKED_OUT_STATUS
    assert LOCKED_MESSAGE in fifth.text
    assert "Try again in 15 minutes" in fifth.text
    assert reverse("community:password_reset") in fifth.text


def test_a_locked_sign_in_refuses_even_the_right_password(client, login):
    fail(client, login, LIMIT)

    response = sign_in(client, login, PASSWORD)

    assert response.status_code == LOCKED_OUT_STATUS
    assert "_auth_user_id" not in client.session


def test_a_lockout_holds_one_username_from_one_address_only(client, login):
    fail(client, login, LIMIT)

    assert_signed_in(sign_in(client, login, PASSWORD, address="198.51.100.7"), login)


def test_a_successful_sign_in_clears_the_failures(client, login):
    fail(client, login, LIMIT - 1)
    assert_signed_in(sign_in(client, login, PASSWORD), login)
    client.logout()

    responses = fail(client, login, LIMIT - 1)

    assert {response.status_code for response in responses} == {200}
    assert_signed_in(sign_in(client, login, PASSWORD), login)


def test_admin_lockout_page_has_the_admin_look(client):
    login = {"url": reverse("admin:login"), "username": "editor"}
    factories.EditorFactory(username="editor")

    *_, fifth = fail(client, login, LIMIT)

    assert fifth.status_code == LOCKED_OUT_STATUS
    assert "Sign-in locked" in fifth.text
    assert 'id="site-name"' in fifth.text
    assert fifth.headers["Content-Security-Policy"]


def test_authenticating_without_a_request_is_not_throttled(db):
    """Commands and the shell check passwords without a request to throttle."""
    user = factories.EditorFactory(username="editor")

    assert authenticate(username="editor", password=PASSWORD) == user
    assert authenticate(username="editor", password="wrong") is None


# The admin's password change counts wrong old passwords as failed sign-ins ------


def change_password(client, old_password):
    new = "a brand new password 42"
    return client.post(
        reverse("admin:password_change"),
        {"old_password": old_password, "new_password1": new, "new_password2": new},
    )


@pytest.fixture
def signed_in_editor(client, settings):
    settings.STAFF_2FA_REQUIRED = False
    editor = factories.EditorFactory(username="editor")
    editor.set_password(PASSWORD)
    editor.save()
    client.force_login(editor)
    return editor


def test_wrong_old_passwords_lock_the_password_change_as_sign_ins_do(
    client, signed_in_editor
):
    for _ in range(LIMIT - 1):
        response = change_password(client, "not my password")
        assert response.status_code == 200
        assert "Your old password was entered incorrectly" in response.text

    response = change_password(client, "not my password")

    assert response.status_code == LOCKED_OUT_STATUS
    assert change_password(client, PASSWORD).status_code == LOCKED_OUT_STATUS
    signed_in_editor.refresh_from_db()
    assert signed_in_editor.check_password(PASSWORD)


def test_password_change_failures_and_sign_in_failures_share_one_lock(
    client, signed_in_editor
):
    other = Client()
    for _ in range(LIMIT - 1):
        other.post(reverse("admin:login"), {"username": "editor", "password": "wrong"})

    assert change_password(client, "still wrong").status_code == LOCKED_OUT_STATUS


def test_the_right_old_password_changes_it(client, signed_in_editor):
    response = change_password(client, PASSWORD)

    assert response.status_code == 302
    signed_in_editor.refresh_from_db()
    assert signed_in_editor.check_password("a brand new password 42")
