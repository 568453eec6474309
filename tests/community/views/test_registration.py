"""Sign-up, sign-in by email, sign-out and password reset."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from community import views
from community.models import MemberProfile
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a quiet garden path"


def sign_up(client, **data):
    form = {
        "email": "Robin@Example.org",
        "display_name": "Robin",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    form.update(data)
    return client.post(reverse("community:signup"), form)


def test_sign_up_creates_a_signed_in_member(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("community:account")
    user = get_user_model().objects.get(email="robin@example.org")
    assert list(user.groups.values_list("name", flat=True)) == ["Members"]
    assert MemberProfile.objects.get(user=user).display_name == "Robin"
    page = client.get(reverse("community:account")).text
    assert "Robin" in page
    assert "Welcome to the DiseaseMaps community" in page


def test_sign_up_form_has_stable_labels(client):
    html = client.get(reverse("community:signup")).text

    assert 'id="signup-form"' in html
    for field, label in [
        ("email", "Email"),
        ("display_name", "Display name"),
        ("password", "Password"),
        ("password_again", "Password again"),
    ]:
        assert f'<label for="id_{field}">{label}</label>' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "member@example.org"}, "An account with this email already exists"),
        ({"display_name": "robin@example.org"}, "not an email address"),
        ({"password_again": "something else"}, "The two passwords differ"),
        ({"password": "12345678", "password_again": "12345678"}, "too common"),
    ],
)
def test_sign_up_explains_what_is_wrong(client, member, data, message):
    response = sign_up(client, **data)

    assert response.status_code == 200
    assert message in response.text
    assert not get_user_model().objects.filter(email="robin@example.org").exists()


def test_member_signs_in_with_email_in_any_case(client):
    sign_up(client)
    client.logout()

    response = client.post(
        reverse("community:login"),
        {"username": "ROBIN@example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("community:account")


def test_existing_account_signs_in_with_its_email(client, member):
    response = client.post(
        reverse("community:login"),
        {"username": member.email, "password": "correct horse battery staple"},
    )

    assert response.status_code == 302


def test_wrong_password_gives_a_clear_error(client, member):
    response = client.post(
        reverse("community:login"), {"username": member.email, "password": "nope"}
    )

    assert response.status_code == 200
    assert "That email and password do not match an account" in response.text
    assert 'for="id_username">Email</label>' in response.text


def test_sign_in_returns_to_the_page_asked_for(client, member):
    response = client.post(
        reverse("community:login") + "?next=/conditions/x/y/experiences/",
        {
            "username": member.email,
            "password": "correct horse battery staple",
            "next": "/conditions/x/y/experiences/",
        },
    )

    assert response["Location"] == "/conditions/x/y/experiences/"


def test_sign_out_is_a_post(client, member):
    client.force_login(member)

    response = client.post(reverse("community:logout"))

    assert response.status_code == 200
    assert "You are signed out" in response.text
    assert client.get(reverse("community:account")).status_code == 302


def test_password_reset_emails_a_working_link(client, member, mailoutbox):
    client.post(reverse("community:password_reset"), {"email": member.email.upper()})

    assert [mail.to for mail in mailoutbox] == [[member.email]]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body)
    assert link is not None
    form_url = client.get(link.group(1)).url
    client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_password_reset_does_not_reveal_unknown_addresses(client, mailoutbox):
    response = client.post(
        reverse("community:password_reset"), {"email": "nobody@example.org"}
    )

    assert response["Location"] == reverse("community:password_reset_done")
    assert mailoutbox == []


def test_staff_pages_still_use_the_admins_own_sign_in(client):
    response = client.get(reverse("admin:index"))

    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_who_sign_in_here_go_on_to_the_admin(client):
    editor = factories.EditorFactory(username="ed", email="ed@example.org")

    response = client.post(
        reverse("community:login"),
        {"username": editor.email, "password": "correct horse battery staple"},
    )

    assert response["Location"] == reverse("admin:index")


# Throttles (issue 13, item 3) -----------------------------------------------------


def test_password_resets_for_one_address_are_throttled(client, member, mailoutbox):
    url = reverse("community:password_reset")
    for _ in range(views.PASSWORD_RESETS_PER_EMAIL.count):
        assert client.post(url, {"email": member.email}).status_code == 302

    response = client.post(url, {"email": member.email.upper()})

    assert response.status_code == 429
    minutes = -(-int(response["Retry-After"]) // 60)
    assert 0 < minutes <= 60
    assert re.search(rf"Please try again in {minutes} minutes?\.", response.text)
    assert len(mailoutbox) == views.PASSWORD_RESETS_PER_EMAIL.count


def test_password_resets_from_one_client_are_throttled(client, mailoutbox):
    url = reverse("community:password_reset")
    for number in range(views.PASSWORD_RESETS_PER_CLIENT.count):
        client.post(url, {"email": f"someone{number}@example.org"})

    response = client.post(url, {"email": "one-more@example.org"})

    assert response.status_code == 429
    assert "try again in" in response.text
    other_client = client.post(
        url, {"email": "one-more@example.org"}, REMOTE_ADDR="203.0.113.9"
    )
    assert other_client.status_code == 302


def test_sign_ups_from_one_client_are_throttled(client):
    for number in range(views.SIGN_UPS_PER_CLIENT.count):
        sign_up(client, email=f"person{number}@example.org")
        client.logout()

    response = sign_up(client, email="one-more@example.org")

    assert response.status_code == 429
    assert "try again in" in response.text
    assert not get_user_model().objects.filter(email="one-more@example.org").exists()
