"""The query parameters of the content API: parsed, or refused with 400.

A parameter that an endpoint does not know is refused too (``api.http``), so
a misspelt filter never silently returns everything.
"""

import datetime
import re

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from api.problems import InvalidParameters

FINGERPRINT_PATTERN = re.compile(r"^[0-9a-f]{64}$")
MAX_CURSOR_DIGITS = 18
# The largest primary key a database holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1

UNKNOWN = _("Unknown query parameter.")
NOT_A_MOMENT = _("Give an ISO 8601 date or date and time, e.g. 2026-01-31T12:00:00Z.")
NOT_A_FINGERPRINT = _("Give the 64 lowercase hexadecimal digits of a SHA-256.")
NOT_A_CURSOR = _("Give a cursor from an earlier response, or 0 from the start.")
NOT_A_PAGE_SIZE = _("Give a whole number from 1 to 100.")
CHANGES_PER_PAGE = 100
MAX_PAGE_SIZE = 100

CONDITION = OpenApiParameter(
    "condition", str, description="Only this condition's (its slug)."
)
MODIFIED_SINCE = OpenApiParameter(
    "modified_since",
    OpenApiTypes.DATETIME,
    description="Only those changed at or after this moment (ISO 8601).",
)
FINGERPRINT = OpenApiParameter(
    "fingerprint",
    str,
    required=True,
    pattern=FINGERPRINT_PATTERN.pattern,
    description="The fingerprint to verify: a hex SHA-256.",
)
SINCE = OpenApiParameter(
    "since",
    str,
    pattern=r"^[0-9]{1,18}$",
    description="A cursor from an earlier response: only the changes after it.",
)

CURSOR = OpenApiParameter(
    "cursor", str, description="From a 'next' or 'previous' link of a list."
)
PAGE_SIZE = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    description="Results per page: 1 to 100 (default 20).",
)

CHANGES_PAGE_SIZE = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    description="Changes per page: 1 to 100 (default 100).",
)


def refuse_unknown(query: dict, known: tuple[str, ...]) -> None:
    unknown = sorted(set(query) - set(known))
    if unknown:
        raise InvalidParameters({name: [UNKNOWN] for name in unknown})


def modified_since(query: dict) -> datetime.datetime | None:
    value = query.get("modified_since")
    if value is None:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise InvalidParameters({"modified_since": [NOT_A_MOMENT]})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        # The database compares in UTC, which a moment near the ends of the
        # calendar ("9999-12-31T23:59-23:00") does not fit in.
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise InvalidParameters({"modified_since": [NOT_A_MOMENT]}) from None


def fingerprint(query: dict) -> str:
    value = query.get("fingerprint", "")
    if not FINGERPRINT_PATTERN.fullmatch(value):
        raise InvalidParameters({"fingerprint": [NOT_A_FINGERPRINT]})
    return value


def since(query: dict) -> int:
    value = query.get("since", "0")
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_CURSOR_DIGITS):
        raise InvalidParameters({"since": [NOT_A_CURSOR]})
    return int(value)


def page_size(query: dict, *, default: int) -> int:
    value = query.get("page_size")
    if value is None:
        return default
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PAGE_SIZE):
        raise InvalidParameters({"page_size": [NOT_A_PAGE_SIZE]})
    return int(value)


def changes_page_size(query: dict) -> int:
    return page_size(query, default=CHANGES_PER_PAGE)
