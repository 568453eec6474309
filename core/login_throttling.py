"""Sign-in throttling with django-axes: the backend and the lockout page.

The limits are settings (``AXES_*``). Every sign-in that goes through
``django.contrib.auth.authenticate`` with a request counts: the member login,
the admin login, the password asked again before a sign-off, and the old
password of the admin's password change (:class:`PasswordChangeForm`).
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth import authenticate
from django.contrib.auth.backends import ModelBackend
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

LOCKED_OUT_STATUS = 429


class LoginThrottlingBackend(AxesStandaloneBackend, ModelBackend):
    """Django's username and password backend, refusing locked-out sign-ins.

    The one authentication backend, so that ``login()`` needs no backend
    named. ``authenticate()`` without a request (a management command, the
    shell) has no address to throttle and only checks the password.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            # Raises PermissionDenied, which authenticate() turns into a
            # failed sign-in, while the username and address are locked out.
            AxesStandaloneBackend.authenticate(
                self, request, username, password, **kwargs
            )
        return ModelBackend.authenticate(self, request, username, password, **kwargs)


def lockout_response(request, original_response, credentials):
    """The page shown instead of the login form while the sign-in is locked.

    Staff see it in the admin's look, members in the public site's.
    """
    context = {
        "minutes": int(get_cool_off(request).total_seconds() // 60),
        "password_reset_url": reverse("community:password_reset"),
    }
    if request.path_info.startswith(reverse("admin:index")):
        template = "admin/locked_out.html"
        context.update(admin.site.each_context(request), title=_("Sign-in locked"))
    else:
        template = "registration/locked_out.html"
    return render(request, template, context, status=LOCKED_OUT_STATUS)


class PasswordChangeForm(AdminPasswordChangeForm):
    """The admin's password change, whose old password is checked as a sign-in.

    A wrong old password counts towards the same lock as a failed sign-in for
    that username and address, and while the lock holds the form shows the
    lockout page, even for the right password.
    """

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        signed_in = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if signed_in is None or signed_in.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password
