"""Fresh authentication: the password again before an action that signs.

A medical sign-off carries the reviewer's name, so the admin asks that the
reviewer proved who they are in the last ten minutes: by signing in, or by
typing their password again on the page this module shows. That page posts
back to the action's own URL with everything the action's form had posted
(the decision, the comment), so nothing typed is lost.

The time of the last proof is kept in the session. Signing in records it
through Django's ``user_logged_in`` signal, the same way Django records
``last_login`` and django-otp records the verified device.
"""

import datetime

from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FRESH_AUTHENTICATION_WINDOW = datetime.timedelta(minutes=10)
SESSION_KEY = "diseasemaps_authenticated_at"
# A form field name, not a password.
PASSWORD_FIELD = "reauthentication_password"  # noqa: S105  # nosec B105
NOT_CARRIED = {PASSWORD_FIELD, "csrfmiddlewaretoken"}
WRONG_PASSWORD = _("That is not your password. Try again.")


def record_authentication(request: HttpRequest) -> None:
    """Remember that the user proved who they are just now."""
    request.session[SESSION_KEY] = timezone.now().timestamp()


def record_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: a sign-in is a fresh authentication."""
    if request is not None and hasattr(request, "session"):
        record_authentication(request)


def is_fresh(request: HttpRequest) -> bool:
    """True when the user proved who they are within the last ten minutes."""
    recorded = request.session.get(SESSION_KEY)
    if not isinstance(recorded, int | float):
        return False
    age = timezone.now().timestamp() - recorded
    return 0 <= age <= FRESH_AUTHENTICATION_WINDOW.total_seconds()


class PasswordConfirmationForm(forms.Form):
    """The signed-in user's password, checked like a sign-in (and throttled alike)."""

    reauthentication_password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_reauthentication_password(self):
        password = self.cleaned_data[PASSWORD_FIELD]
        user = self.request.user
        confirmed = authenticate(
            self.request, username=user.get_username(), password=password
        )
        if confirmed is None or confirmed.pk != user.pk:
            raise ValidationError(WRONG_PASSWORD, code="wrong_password")
        return password


def prompt_unless_fresh(
    request: HttpRequest, *, admin_site, action: str, subject: object, cancel_url: str
) -> HttpResponse | None:
    """Return None if the user may act now, else the page asking for the password.

    Call it first in a POST view that takes ``action`` on ``subject``. A
    correct password posted from that page records a fresh authentication
    and lets the view go on with the rest of the posted form.
    """
    if is_fresh(request):
        return None
    posted = request.POST if PASSWORD_FIELD in request.POST else None
    form = PasswordConfirmationForm(request, posted)
    if form.is_valid():
        record_authentication(request)
        return None
    context = {
        **admin_site.each_context(request),
        "title": _("Confirm it is you"),
        "form": form,
        "action": action,
        "subject": subject,
        "cancel_url": cancel_url,
        "comment": request.POST.get("comment", ""),
        "carried_fields": [
            (name, value)
            for name, values in request.POST.lists()
            if name not in NOT_CARRIED
            for value in values
        ],
        "minutes": int(FRESH_AUTHENTICATION_WINDOW.total_seconds() // 60),
    }
    return TemplateResponse(request, "admin/reauthenticate.html", context)
