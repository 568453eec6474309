from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search questions and conditions"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Keep your search to %(limit_value)d characters or fewer.")
        },
        widget=forms.SearchInput,
    )

    def query_to_show(self) -> str:
        """What to put back in the search box: the typed text, kept within bounds.

        A refused query is shown shortened and without NUL characters, which
        have no place in a page.
        """
        if self.is_valid():
            return self.cleaned_data["q"]
        return self.data.get("q", "")[:MAX_QUERY_LENGTH].replace("\x00", "")
