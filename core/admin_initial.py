"""Initial values an admin add page takes from its address, checked."""

from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

NO_SUCH_ROW = "The address names no such %(thing)s."


class CheckedInitialDataMixin:
    """Refuse an add page whose address names a related row that does not exist.

    Django's admin fills a foreign key from ``?field=<id>`` and looks the row
    up while rendering. A malformed or out-of-range id fails there in one way
    on SQLite (an overflow) and not at all on PostgreSQL (no row, a blank
    choice); checked here, both databases answer 400.
    """

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in initial.items():
            field = _foreign_key(self.model, name)
            if field is not None and not _names_a_row(field, value):
                raise BadRequest(
                    _(NO_SUCH_ROW) % {"thing": field.related_model._meta.verbose_name}
                )
        return initial


def _foreign_key(model, name: str) -> models.ForeignKey | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.ForeignKey) else None


def _names_a_row(field: models.ForeignKey, value) -> bool:
    target = field.target_field
    try:
        key = target.to_python(value)
        target.run_validators(key)
        return field.related_model._default_manager.filter(
            **{target.attname: key}
        ).exists()
    except (ValidationError, ValueError, OverflowError):
        return False
