"""Sign-up, sign-in by email, sign-out and password reset."""

import contextlib
import re
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from community import confirmation, services, views
from community.models import MemberProfile
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a quiet garden path"


@contextlib.contextmanager
def mock_signing_clock(seconds_later: float):
    """Open a link as if ``seconds_later`` had passed since it was signed."""
    later = time.time() + seconds_later
    with mock.patch("django.core.signing.time.time", return_value=later):
        yield


def sign_up(client, **data):
    form = {
        "email": "Robin@Example.org",
        "display_name": "Robin",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    form.update(data)
    return post_and_commit(client, reverse("community:signup"), form)


def post_and_commit(client, url, data):
    """POST, then run what the request left for after its commit (its email)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def confirmation_link(mail) -> str:
    link = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", mail.body)
    assert link is not None, mail.body
    return link.group(1)


def sign_up_and_confirm(client, mailoutbox, **data):
    sign_up(client, **data)
    client.post(confirmation_link(mailoutbox[-1]))


def test_sign_up_asks_to_confirm_the_email(client, mailoutbox):
    response = sign_up(client)

    assert response["Location"] == reverse("community:signup_done")
    assert "Check your email" in client.get(response["Location"]).text
    user = get_user_model().objects.get(email="robin@example.org")
    assert list(user.groups.all()) == []
    assert MemberProfile.objects.get(user=user).display_name == "Robin"
    assert "_auth_user_id" not in client.session
    (mail,) = mailoutbox
    assert mail.to == ["robin@example.org"]
    assert confirmation_link(mail)


def test_the_emailed_link_makes_a_member_who_can_sign_in(client, mailoutbox):
    sign_up(client)
    link = confirmation_link(mailoutbox[0])

    assert "Confirm my email" in client.get(link).text
    response = client.post(link)

    assert response["Location"] == reverse("community:login")
    user = get_user_model().objects.get(email="robin@example.org")
    assert list(user.groups.values_list("name", flat=True)) == ["Members"]
    signed_in = client.post(
        reverse("community:login"),
        {"username": "robin@example.org", "password": PASSWORD},
        follow=True,
    )
    assert "Robin" in signed_in.text


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


def test_member_signs_in_with_email_in_any_case(client, mailoutbox):
    sign_up_and_confirm(client, mailoutbox)

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


# Confirmation (issue 13, item 2) ----------------------------------------------------


def test_sign_up_answers_the_same_for_an_address_that_has_an_account(
    client, member, mailoutbox
):
    new = sign_up(client, email="someone.new@example.org")
    taken = sign_up(client, email=member.email.upper())

    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    assert client.get(taken["Location"]).text == client.get(new["Location"]).text
    assert [mail.to for mail in mailoutbox] == [
        ["someone.new@example.org"],
        [member.email],
    ]
    assert "already has an account" in mailoutbox[1].body
    assert "/accounts/confirm/" not in mailoutbox[1].body
    member.refresh_from_db()
    assert member.check_password("correct horse battery staple")


def test_staff_addresses_are_not_revealed_either(client, editor, mailoutbox):
    editor.email = "editor@example.org"
    editor.save()

    response = sign_up(client, email="Editor@example.org")

    assert response["Location"] == reverse("community:signup_done")
    assert (
        get_user_model().objects.filter(email__iexact="editor@example.org").count() == 1
    )


def test_an_unconfirmed_account_cannot_sign_in_declare_or_share(
    client, mailoutbox, published_question
):
    sign_up(client)

    response = client.post(
        reverse("community:login"),
        {"username": "robin@example.org", "password": PASSWORD},
    )

    assert response.status_code == 200
    assert "Confirm your email first" in response.text
    assert "_auth_user_id" not in client.session
    user = get_user_model().objects.get(email="robin@example.org")
    client.force_login(user)
    condition = published_question.condition
    assert (
        client.post(
            reverse("community:declare"), {"condition": condition.pk}
        ).status_code
        == 403
    )
    assert not user.declarations.exists()


def test_an_unconfirmed_account_is_not_counted(client, mailoutbox, published_question):
    condition = published_question.condition
    before = client.get(condition.get_absolute_url()).text

    sign_up(client)

    assert "0 individuals living with" in before
    user = get_user_model().objects.get(email="robin@example.org")
    with pytest.raises(PermissionDenied):
        services.declare_condition(user, condition=condition)


def test_a_forged_or_expired_link_confirms_nothing(client, mailoutbox, settings):
    sign_up(client)
    link = confirmation_link(mailoutbox[0])
    user = get_user_model().objects.get(email="robin@example.org")

    forged = client.post(link[:-3] + "xx/")
    with mock_signing_clock(confirmation.CONFIRMATION_MAX_AGE.total_seconds() + 60):
        expired = client.post(link)

    assert forged.status_code == expired.status_code == 400
    assert "This link is not valid" in expired.text
    assert not services.is_member(user)


def test_a_link_for_another_address_confirms_nothing(client, mailoutbox):
    sign_up(client)
    link = confirmation_link(mailoutbox[0])
    user = get_user_model().objects.get(email="robin@example.org")
    user.email = "changed@example.org"
    user.save()

    assert client.post(link).status_code == 400


def test_the_link_can_be_sent_again_without_saying_who_has_an_account(
    client, member, mailoutbox
):
    sign_up(client)
    url = reverse("community:resend_confirmation")

    waiting = post_and_commit(client, url, {"email": "robin@example.org"})
    confirmed = post_and_commit(client, url, {"email": member.email})
    unknown = post_and_commit(client, url, {"email": "nobody@example.org"})

    assert waiting["Location"] == confirmed["Location"] == unknown["Location"]
    assert [mail.to for mail in mailoutbox] == [["robin@example.org"]] * 2
    assert confirmation_link(mailoutbox[1])


def test_resends_from_one_client_are_throttled(client, mailoutbox):
    url = reverse("community:resend_confirmation")
    for number in range(views.CONFIRMATION_RESENDS_PER_CLIENT.count):
        client.post(url, {"email": f"person{number}@example.org"})

    response = client.post(url, {"email": "one-more@example.org"})

    assert response.status_code == 429
    assert "try again in" in response.text
