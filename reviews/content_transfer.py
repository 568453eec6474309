"""Export the editorial content to JSON, and load such an export into an empty database.

What travels: conditions, questions, answers (working and live copies) with
their references, the site disclaimer, reviewer profiles with their
professional registrations, sign-offs, the audit trail, and the whole version
history (django-reversion revisions and versions, with the workflow's notes on
each revision). Also the role groups and the
users all of these point to, plus every staff account, so that history,
sign-offs and assignments keep their people.

What does not: password hashes and two-factor devices (an export is a file
that gets copied around; imported accounts get unusable passwords, and staff
set new ones), and the community's members, declarations and experiences
(personal health information, which stays in the database and its backups).

Primary keys are kept as they are: versions store the rows they describe by
key, and sign-offs point at the exact version reviewed. That is why the
import needs an empty database. Role groups are matched by name: the data
migrations create them, and an import never changes their permissions.
"""

import datetime
import json
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Revision, Version

from articles.models import (
    Answer,
    AnswerRevision,
    Disclaimer,
    PublishedAnswer,
    Question,
    Reference,
)
from articles.rendering import rerender_all
from articles.signals import content_replaced
from conditions.models import Condition
from reviews.models import (
    AuditEntry,
    HistoryEntry,
    Registration,
    ReviewerProfile,
    SignOff,
)

FORMAT = "diseasemaps-content"
FORMAT_VERSION = 1

NOT_EMPTY = (
    "The database already holds %(what)s: import_content loads into an empty "
    "database only (migrate a new one, then import)."
)
NOT_JSON = "The file is not JSON: %(error)s."
NOT_AN_EXPORT = "The file is not a DiseaseMaps content export (format %(format)s)."
UNREADABLE = "The export could not be read: %(error)s."
NOT_STORED = "The export could not be stored: %(error)s."

User = get_user_model()

# Each model after the ones it points to, which is the order of the import.
CONTENT_MODELS: list[type[models.Model]] = [
    ReviewerProfile,
    Registration,
    Condition,
    Question,
    Answer,
    Reference,
    Disclaimer,
    Revision,
    Version,
    AnswerRevision,
    SignOff,
    PublishedAnswer,
    AuditEntry,
    HistoryEntry,
]
USER_FIELDS = [
    field.name
    for field in User._meta.get_fields()
    if getattr(field, "concrete", False)
    and not field.primary_key
    and field.name != "password"
]


class ContentImportError(Exception):
    """The export cannot be loaded; the message is one line for the operator."""


# Export -----------------------------------------------------------------------


def export_content() -> dict[str, Any]:
    """Return everything listed above as one JSON-ready document."""
    objects = _serialize(Group, Group.objects.order_by("name"), natural_pk=True)
    objects += _serialize(User, _exported_users(), fields=USER_FIELDS)
    for model in CONTENT_MODELS:
        objects += _serialize(model, model._default_manager.order_by("pk"))
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "objects": objects,
    }


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it keeps milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, cls=_ExactJSONEncoder, indent=1, ensure_ascii=False)


def _exported_users() -> models.QuerySet:
    """Staff, and every user a piece of content or its history points to."""
    referenced = Q(is_staff=True)
    for model, field in [
        (Answer, "reviewer"),
        (Answer, "created_by"),
        (PublishedAnswer, "published_by"),
        (PublishedAnswer, "written_by"),
        (ReviewerProfile, "user"),
        (Registration, "verified_by"),
        (SignOff, "reviewer"),
        (AuditEntry, "user"),
        (HistoryEntry, "recorded_by"),
        (Revision, "user"),
    ]:
        referenced |= Q(pk__in=model._default_manager.values(field))
    return User._default_manager.filter(referenced).order_by("pk")


def _serialize(
    model: type[models.Model],
    queryset: Iterable[models.Model],
    *,
    natural_pk: bool = False,
    fields: list[str] | None = None,
) -> list[dict]:
    records = serializers.serialize(
        "python",
        queryset,
        fields=fields,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=natural_pk,
    )
    many_to_many = [field.name for field in model._meta.many_to_many]
    for record in records:
        # Sorted, so that two exports of the same content are equal.
        for name in many_to_many:
            if name in record["fields"]:
                record["fields"][name] = sorted(record["fields"][name])
    return records


# Import -----------------------------------------------------------------------


def loads(text: str) -> dict[str, Any]:
    """Parse an export, refusing anything that is not one."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise ContentImportError(_(NOT_JSON) % {"error": error}) from None
    if not isinstance(document, dict) or not isinstance(document.get("objects"), list):
        raise ContentImportError(_(NOT_AN_EXPORT) % {"format": "unknown"})
    found = f"{document.get('format')!s} {document.get('version')!s}"
    if (document.get("format"), document.get("version")) != (FORMAT, FORMAT_VERSION):
        raise ContentImportError(_(NOT_AN_EXPORT) % {"format": found})
    return document


def import_content(document: dict[str, Any]) -> dict[str, int]:
    """Load an export into an empty database; return the rows stored per model.

    All or nothing: on any error the database is left as it was.
    """
    _check_empty()
    stored: dict[str, int] = {}
    try:
        with transaction.atomic(), connection.constraint_checks_disabled():
            for item in serializers.deserialize("python", document["objects"]):
                if _store(item):
                    label = item.object._meta.label
                    stored[label] = stored.get(label, 0) + 1
            _check_and_reset_sequences()
            # An export made before a renderer change (or before the HTML was
            # stored at all) carries older HTML: render it as publication would.
            rerender_all()
            content_replaced.send(sender=None)
    except (DeserializationError, KeyError, TypeError, ValueError) as error:
        raise ContentImportError(_(UNREADABLE) % {"error": _one_line(error)}) from None
    except DatabaseError as error:
        raise ContentImportError(_(NOT_STORED) % {"error": _one_line(error)}) from None
    return stored


def _check_empty() -> None:
    counts = [
        (model._meta.label, model._default_manager.count())
        for model in [User, *CONTENT_MODELS]
        if model is not Disclaimer  # the migrations create its one row
    ]
    held = [f"{count} {label}" for label, count in counts if count]
    if held:
        raise ContentImportError(_(NOT_EMPTY) % {"what": ", ".join(held)})


def _store(item) -> bool:
    """Save one deserialized row; False for a role group that already exists."""
    obj = item.object
    if isinstance(obj, Group) and obj.pk is not None:
        return False
    if isinstance(obj, User):
        obj.set_unusable_password()
    item.save()
    return True


def _check_and_reset_sequences() -> None:
    """Check the foreign keys, and move id sequences past the imported keys."""
    tables = [model._meta.db_table for model in [Group, User, *CONTENT_MODELS]]
    connection.check_constraints(table_names=tables)
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Group, User, *CONTENT_MODELS]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
