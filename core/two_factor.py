"""Two-factor sign-in for staff: a password and a TOTP code (django-otp).

Required when ``settings.STAFF_2FA_REQUIRED`` is on (the production default).
Then only a session verified by one of the user's confirmed TOTP devices may
use the admin and the staff endpoints of the markdown editor. A device is
enrolled by an operator with ``manage.py enrol_totp USERNAME``, or by a
superuser in the admin (OTP_TOTP › TOTP devices, with its QR code).
"""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm

LOGIN_TEMPLATE = "admin/login_two_factor.html"
NO_DEVICE = _(
    "Your account has no authenticator yet, and the admin needs its code. "
    "Ask the site's operator to enrol one for you."
)


def is_required() -> bool:
    return settings.STAFF_2FA_REQUIRED


def is_satisfied(user) -> bool:
    """True when two factors are not required or this session was verified."""
    return not is_required() or user.is_verified()


def admin_login_form():
    return StaffTwoFactorLoginForm if is_required() else AdminAuthenticationForm


class StaffTwoFactorLoginForm(OTPAdminAuthenticationForm):
    """The admin login with a TOTP code, which needs no device choice for one device.

    django-otp asks which device to check the code against once the password
    is right; staff with a single authenticator app sign in in one step.
    """

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Enter the 6-digit code from your authenticator app."),
        "invalid_token": _(
            "That code is not right. Codes change every 30 seconds: "
            "enter the one your authenticator app shows now."
        ),
        "device_required": _("Choose the authenticator to check the code with."),
    }

    def clean_otp(self, user):
        if user is not None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user))
            if not devices:
                raise ValidationError(NO_DEVICE, code="no_device")
            if len(devices) == 1:
                self.cleaned_data["otp_device"] = devices[0].persistent_id
        super().clean_otp(user)


def is_verified_staff(user) -> bool:
    return user.is_active and user.is_staff and is_satisfied(user)


def staff_required(view):
    """``staff_member_required``, plus the second factor when that is required.

    For the staff endpoints outside the admin (the markdown editor's preview
    and upload), which the admin's own permission check does not cover.
    """
    return user_passes_test(is_verified_staff, login_url="admin:login")(view)
