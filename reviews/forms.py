"""Forms of the editorial admin: input checks only, the rules live in the workflow."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Answer
from reviews import editing, selectors

TEXT_FIELDS = ("kind_label", "tldr", "body")
LOCKED_EDIT_REFUSED = (
    "This answer went into review after you opened it, so its text is locked "
    "and your change was not applied; it is kept in the history as a refused "
    "edit. Withdraw the answer from review to edit it."
)


class AnswerAdminForm(forms.ModelForm):
    """The answer's change form, carrying ``edit_count`` for optimistic concurrency.

    ``clean`` runs inside the admin's transaction and re-reads the row under a
    lock. It refuses text from a form opened on an older copy (another save
    came first) or opened before the answer went into review (the text is now
    locked); ``refused`` tells the admin to keep that text in the history.
    """

    class Meta:
        model = Answer
        fields = ["question", *TEXT_FIELDS, "edit_count"]
        widgets = {"edit_count": forms.HiddenInput}

    refused = False

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or "edit_count" not in cleaned_data:
            return cleaned_data
        stored = (
            Answer.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values("state", "edit_count")
            .first()
        )
        if stored is None:  # deleted meanwhile: nothing to keep the text beside
            raise ValidationError(gettext(editing.STALE_EDIT), code="stale")
        if cleaned_data["edit_count"] != stored["edit_count"]:
            self.refused = True
            raise ValidationError(gettext(editing.STALE_EDIT), code="stale")
        posted_text = any(name in self.data for name in TEXT_FIELDS)
        if posted_text and stored["state"] == Answer.State.IN_REVIEW:
            self.refused = True
            raise ValidationError(gettext(LOCKED_EDIT_REFUSED), code="locked")
        return cleaned_data

    def refused_text(self) -> dict[str, str]:
        """The text the user posted, as typed, for keeping a refused edit."""
        return {
            name: str(
                self.cleaned_data.get(
                    name, self.data.get(name, getattr(self.instance, name))
                )
            )
            for name in TEXT_FIELDS
        }


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        profile = getattr(obj, "reviewer_profile", None)
        return str(profile) if profile else obj.get_full_name() or obj.get_username()


class TransitionForm(forms.Form):
    """The input of a workflow button: a comment and, on submit, a reviewer."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Required when requesting changes. Kept in the audit trail."),
    )
    # Offered only to users who may assign; the workflow refuses anyone else.
    reviewer = ReviewerChoiceField(
        label=_("Assign a reviewer (on submit)"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Any medical reviewer"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            selectors.medical_reviewers()
            .select_related("reviewer_profile")
            .order_by("last_name", "username")
        )


class CompareForm(forms.Form):
    """Two versions of one answer, picked on its history page."""

    old = forms.IntegerField(min_value=1)
    new = forms.IntegerField(min_value=1)
