"""Forms of the editorial admin: input checks only, the rules live in the workflow."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.models import Answer
from reviews import selectors
from reviews.answer_state import ShownText

TEXT_FIELDS = ("kind_label", "tldr", "body", "change_note")
QUESTION_TEXT_REQUIRED = _("Write the question, as a reader would ask it.")


class AnswerAdminForm(forms.ModelForm):
    """The answer's change form, carrying ``edit_count`` for optimistic concurrency.

    Input checks only: the admin hands the text and the ``edit_count`` the
    page was opened with to ``reviews.editing.update_answer``, which refuses a
    stale or locked edit. ``refusal`` is set when the admin shows the form again
    after such a refusal: it is the form's error then.
    """

    # The question is reviewed with the answer, so it is edited here, through
    # the same service; blank when the page did not offer it (a new answer).
    question_text = forms.CharField(
        label=_("Question"),
        max_length=300,
        required=False,
        help_text=_(
            "As a reader would ask it. Part of the reviewed text: a change goes "
            "live only once it is approved and published."
        ),
    )

    class Meta:
        model = Answer
        fields = ["question", *TEXT_FIELDS, "edit_count"]
        widgets = {"edit_count": forms.HiddenInput}

    refusal = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("question_text", self.instance.question.text)

    def clean_question_text(self):
        text = self.cleaned_data["question_text"].strip()
        if "question_text" in self.data and not text:
            raise ValidationError(QUESTION_TEXT_REQUIRED, code="required")
        return text or None

    def clean(self):
        cleaned_data = super().clean()
        if self.refusal:
            raise ValidationError(self.refusal, code="refused")
        return cleaned_data


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        profile = getattr(obj, "reviewer_profile", None)
        return str(profile) if profile else obj.get_full_name() or obj.get_username()


class TransitionForm(forms.Form):
    """The input of a workflow button: a comment, on submit a reviewer, on
    publish whether it is a correction, and the text the page displayed.

    ``fingerprint``, ``edit_count`` and ``live_fingerprint`` are hidden: the
    page that shows the buttons fills them from the text it displays
    (``initial_for``), so a decision binds that text and no other.
    """

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_(
            "Required when requesting changes, and the reason when allowing an "
            "early re-certification. Kept in the audit trail."
        ),
    )
    # Offered only to users who may assign; the workflow refuses anyone else.
    reviewer = ReviewerChoiceField(
        label=_("Assign a reviewer (on submit)"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Any medical reviewer"),
    )

    # Offered only to managing editors on publish; the workflow refuses anyone else.
    is_correction = forms.BooleanField(
        label=_("This publication corrects a factual error (on publish)"),
        required=False,
        help_text=_(
            "Readers see a dated correction notice above the text for 90 days, "
            "and the review history keeps it."
        ),
    )

    fingerprint = forms.RegexField(
        regex=r"^[0-9a-f]{64}$", required=False, widget=forms.HiddenInput
    )
    edit_count = forms.IntegerField(
        min_value=0, required=False, widget=forms.HiddenInput
    )
    live_fingerprint = forms.RegexField(
        regex=r"^[0-9a-f]{64}$", required=False, widget=forms.HiddenInput
    )

    # The review screen asks to come back to it after the decision.
    return_to = forms.ChoiceField(
        choices=[("", ""), ("review", "review")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            selectors.medical_reviewers()
            .select_related("reviewer_profile")
            .order_by("last_name", "username")
        )

    @staticmethod
    def initial_for(shown: ShownText) -> dict:
        return {
            "fingerprint": shown.fingerprint,
            "edit_count": shown.edit_count,
            "live_fingerprint": shown.live_fingerprint,
        }

    def verified_references(self) -> list[int]:
        """The numbers of the references ticked as verified (``verified_reference``
        check boxes); anything that is not a number is ignored."""
        return [
            int(value)
            for value in self.data.getlist("verified_reference")
            if value.isdigit()
        ]

    def shown_text(self) -> ShownText | None:
        """The text the page displayed, or ``None`` if the form did not say."""
        data = self.cleaned_data
        if not data.get("fingerprint") or data.get("edit_count") is None:
            return None
        return ShownText(
            fingerprint=data["fingerprint"],
            edit_count=data["edit_count"],
            live_fingerprint=data.get("live_fingerprint") or "",
        )


class CompareForm(forms.Form):
    """Two versions of one answer, picked on its history page."""

    old = forms.IntegerField(min_value=1)
    new = forms.IntegerField(min_value=1)
