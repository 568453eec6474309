"""Give a staff member an authenticator (TOTP) device for the admin's two-factor login.

Prints the device's ``otpauth://`` link and its QR code for the staff member
to scan with an authenticator app. Hand them over privately: they are the
second factor. ``--replace`` removes the user's other TOTP devices first
(a lost phone).
"""

import io

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

NO_SUCH_USER = "There is no user “%(username)s”."
NOT_STAFF = "“%(username)s” is not staff: only staff sign in to the admin."
ALREADY_ENROLLED = (
    "“%(username)s” already has an authenticator; use --replace to replace it."
)
ENROLLED = "Authenticator “%(name)s” is ready for %(username)s. Scan this QR code:"


class Command(BaseCommand):
    help = "Create a TOTP device for a staff user and print its QR code."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="Authenticator app", help="The device's name."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the user's existing TOTP devices first.",
        )

    def handle(self, *args, username, name, replace, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_(NO_SUCH_USER) % {"username": username})
        if not user.is_staff:
            raise CommandError(_(NOT_STAFF) % {"username": username})
        with transaction.atomic():
            devices = TOTPDevice.objects.select_for_update().filter(user=user)
            if devices.exists() and not replace:
                raise CommandError(_(ALREADY_ENROLLED) % {"username": username})
            devices.delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        self.stdout.write(_(ENROLLED) % {"name": name, "username": username})
        self.stdout.write(self._qr_code(device.config_url))
        self.stdout.write(device.config_url)

    @staticmethod
    def _qr_code(url: str) -> str:
        text = io.StringIO()
        segno.make(url, error="m").terminal(out=text, compact=True)
        return text.getvalue()
