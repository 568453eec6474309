from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from community import display_names
from community.models import (
    DISPLAY_NAME_MAX_LENGTH,
    EXPERIENCE_MAX_LENGTH,
    EXPERIENCE_MIN_LENGTH,
    EXPERIENCE_TEXT_VALIDATORS,
    validate_visible_text,
)
from community.services import CONSENT_REQUIRED
from conditions.models import Condition
from core.visible_text import normalized_name

EMAIL_MAX_LENGTH = 150
DISPLAY_NAME_IS_EMAIL = _(
    "Your display name is shown publicly: choose one that is not an email address."
)
PASSWORDS_DIFFER = _("The two passwords differ. Type the same password twice.")
WRONG_PASSWORD = _("That is not your password. Your account was not deleted.")
HONEYPOT_FILLED = _(
    "Your experience was not saved: the hidden field “leave this field empty” "
    "was filled in, perhaps by your browser's autofill. It is now cleared: "
    "please share your experience again."
)
INVALID_LOGIN = _(
    "That email and password do not match an account. Both are checked exactly: "
    "check the password's capital letters."
)


def validate_display_name(name: str) -> None:
    if "@" in name:
        raise forms.ValidationError(DISPLAY_NAME_IS_EMAIL, code="display_name")


class DisplayNameField(forms.CharField):
    """A display name, normalised as it is stored (``community.display_names``)."""

    def to_python(self, value):
        return normalized_name(super().to_python(value))


def _display_name_field() -> forms.CharField:
    return DisplayNameField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        validators=[validate_display_name, display_names.validate_display_name],
        help_text=_(
            "Shown beside the experiences you share. Your email is never shown."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("You sign in with it. It is never shown to anyone."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = _display_name_field()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_(
            "At least 8 characters. Not a common password, not only numbers, and "
            "not like your email."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        # Whether the address has an account is never said here: the email
        # sent to it says so (community.services.sign_up).
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password and password != cleaned.get("password_again"):
            self.add_error("password_again", PASSWORDS_DIFFER)
        elif password:
            user = get_user_model()(
                username=cleaned.get("email", ""), email=cleaned.get("email", "")
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class DisplayNameForm(forms.Form):
    display_name = _display_name_field()


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, signing in by email instead of username."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": INVALID_LOGIN,
    }

    def clean(self):
        email = self.cleaned_data.get("username")
        if email:
            self.cleaned_data["username"] = username_for_email(email)
        return super().clean()


def username_for_email(email: str) -> str:
    """The username of the account that signs in with ``email``.

    Members' usernames are their lower-cased email; older accounts (staff)
    are found by a unique email match. Unknown addresses fail authentication.
    """
    users = get_user_model().objects
    lowered = email.strip().lower()
    if users.filter(username=lowered).exists():
        return lowered
    matches = list(users.filter(email__iexact=lowered).values_list("username")[:2])
    return matches[0][0] if len(matches) == 1 else lowered


class ExperienceTextField(forms.CharField):
    """A textarea's text with browsers' CRLF line breaks counted as one."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


def _experience_text_field() -> ExperienceTextField:
    return ExperienceTextField(
        label=_("Your experience"),
        validators=[validate_visible_text, *EXPERIENCE_TEXT_VALIDATORS],
        help_text=format_lazy(
            _(
                "Plain text, between {min:,} and {max:,} characters. Write about "
                "your own experience; links are shown as text, not made clickable."
            ),
            min=EXPERIENCE_MIN_LENGTH,
            max=EXPERIENCE_MAX_LENGTH,
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class HoneypotInput(forms.TextInput):
    """A text input that never shows a value back, so a person sent back by an
    autofilled honeypot can simply submit again."""

    def format_value(self, value):
        return None


class ExperienceForm(forms.Form):
    text = _experience_text_field()
    consent = forms.BooleanField(
        label=_(
            "I agree that DiseaseMaps may publish this text with my display name, "
            "after moderation. I can edit or delete it at any time."
        ),
        error_messages={"required": CONSENT_REQUIRED},
    )
    # A honeypot: hidden from sighted people, labelled for everyone else.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=HoneypotInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(HONEYPOT_FILLED, code="honeypot")
        return ""


class ExperienceEditForm(forms.Form):
    text = _experience_text_field()


class DeclarationForm(forms.Form):
    condition = forms.ModelChoiceField(
        label=_("I live with"),
        queryset=Condition.objects.none(),
        empty_label=_("Choose a condition"),
    )

    def __init__(self, *args, conditions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if conditions is not None:
            self.fields["condition"].queryset = conditions


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(WRONG_PASSWORD, code="wrong_password")
        return password
