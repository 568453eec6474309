"""Two-factor sign-in for staff: a TOTP code on top of the password, when required."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ADMIN_LOGIN = reverse("admin:login") + "?next=" + reverse("admin:index")


@pytest.fixture
def required(settings):
    settings.STAFF_2FA_REQUIRED = True


def device_for(user, name="Phone") -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def sign_in(client, username, *, otp_token="", **extra):
    return client.post(
        ADMIN_LOGIN,
        {"username": username, "password": PASSWORD, "otp_token": otp_token, **extra},
    )


def is_signed_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


# Sign-in ----------------------------------------------------------------------


def test_the_login_asks_for_a_code_when_required(client, required):
    html = client.get(ADMIN_LOGIN).text

    assert 'name="otp_token"' in html
    assert 'autocomplete="one-time-code"' in html


def test_password_without_a_code_is_refused(client, required, editor):
    device_for(editor)

    response = sign_in(client, "editor")

    assert response.status_code == 200
    assert "Enter the 6-digit code from your authenticator app." in response.text
    assert not is_signed_in(client)


def test_a_wrong_code_is_refused(client, required, editor):
    device = device_for(editor)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"

    response = sign_in(client, "editor", otp_token=wrong)

    assert "That code is not right" in response.text
    assert not is_signed_in(client)


def test_password_and_code_sign_staff_in(client, required, editor):
    device = device_for(editor)

    response = sign_in(client, "editor", otp_token=code(device))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert is_signed_in(client)


def test_staff_without_an_authenticator_are_told_what_to_do(client, required, editor):
    response = sign_in(client, "editor", otp_token="123456")

    assert "Your account has no authenticator yet" in response.text
    assert not is_signed_in(client)


def test_staff_with_two_authenticators_choose_one(client, required, editor):
    device_for(editor, name="Phone")
    tablet = device_for(editor, name="Tablet")

    first = sign_in(client, "editor", otp_token=code(tablet))
    assert "Choose the authenticator" in first.text
    assert "Tablet" in first.text

    second = sign_in(
        client, "editor", otp_token=code(tablet), otp_device=tablet.persistent_id
    )
    assert second.status_code == 302
    assert is_signed_in(client)


def test_a_password_only_session_does_not_open_the_admin(client, required, editor):
    """A staff member signed in elsewhere (the member login) still needs the code."""
    device_for(editor)
    client.force_login(editor)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    login_page = client.get(response["Location"]).text
    assert "also needs the code from your authenticator app" in login_page


def test_a_password_only_session_cannot_use_the_markdown_preview(
    client, required, editor
):
    client.force_login(editor)

    response = client.post(reverse("markdownx_markdownify"), {"content": "**x**"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_verified_session_can_use_the_markdown_preview(client, required, editor):
    device = device_for(editor)
    sign_in(client, "editor", otp_token=code(device))

    response = client.post(reverse("markdownx_markdownify"), {"content": "**x**"})

    assert response.status_code == 200
    assert "<strong>x</strong>" in response.text


def test_without_the_requirement_the_password_is_enough(client, settings, editor):
    settings.STAFF_2FA_REQUIRED = False

    html = client.get(ADMIN_LOGIN).text
    response = sign_in(client, "editor")

    assert 'name="otp_token"' not in html
    assert response.status_code == 302
    assert is_signed_in(client)


# Enrolment --------------------------------------------------------------------


def test_enrol_totp_gives_staff_a_working_authenticator(
    client, required, editor, capsys
):
    call_command("enrol_totp", "editor")

    out = capsys.readouterr().out
    device = TOTPDevice.objects.get(user=editor)
    assert device.confirmed
    assert device.config_url in out
    assert "otpauth://totp/DiseaseMaps%3Aeditor?" in out
    assert "issuer=DiseaseMaps" in out
    assert "▀" in out or "█" in out  # the QR code, drawn for a terminal
    assert sign_in(client, "editor", otp_token=code(device)).status_code == 302


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("nobody", "There is no user “nobody”."),
        ("member", "“member” is not staff"),
        ("editor", "“editor” already has an authenticator; use --replace"),
    ],
)
def test_enrol_totp_refuses_with_one_line(editor, member, username, message):
    device_for(editor)

    with pytest.raises(CommandError, match=message) as error:
        call_command("enrol_totp", username)

    assert "\n" not in str(error.value)


def test_enrol_totp_replace_swaps_a_lost_authenticator(editor):
    lost = device_for(editor)

    call_command("enrol_totp", "editor", "--replace", "--name", "New phone")

    assert [device.name for device in TOTPDevice.objects.filter(user=editor)] == [
        "New phone"
    ]
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()


def test_a_verified_superuser_sees_an_authenticators_qr_code(client, required):
    root = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    device = device_for(root)
    editor_device = device_for(factories.EditorFactory(username="editor"))
    sign_in(client, "root", otp_token=code(device))

    config = client.get(
        reverse("admin:otp_totp_totpdevice_config", args=[editor_device.pk])
    )
    image = client.get(
        reverse("admin:otp_totp_totpdevice_qrcode", args=[editor_device.pk])
    )

    assert config.status_code == 200
    assert image.status_code == 200
    assert image["Content-Type"] == "image/svg+xml"
