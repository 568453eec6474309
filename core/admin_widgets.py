"""Admin widgets that screen readers can name and that are valid HTML."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

SEARCH_PLACEHOLDER = _("Search %(things)s")


class NamedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, with a name for its combobox and an empty
    option when nothing is chosen.

    select2 names its combobox by the text it shows, which is empty until a
    choice is made: ``autocomplete_names.js`` names it by the field's label, and
    the placeholder says what to do ("Search questions"). A required
    ``<select>`` must hold an option; the empty one stands for "not chosen yet".
    """

    @property
    def media(self):
        # Named after Django's autocomplete.js, so that it runs after it.
        return super().media + forms.Media(
            js=["admin/js/autocomplete.js", "core/autocomplete_names.js"]
        )

    def _placeholder(self) -> str:
        things = self.field.remote_field.model._meta.verbose_name_plural
        return str(SEARCH_PLACEHOLDER % {"things": things})

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = self._placeholder()
        return attrs

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        if self.is_required and not any(option["selected"] for option in options):
            options.insert(
                0, self.create_option(name, "", self._placeholder(), False, 0)
            )
        return groups
