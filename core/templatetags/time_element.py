"""The ``datetime`` attribute of ``<time>`` elements.

Django's ``c`` date format writes microseconds, and HTML allows at most three
digits of a second's fraction, so a ``<time datetime>`` made with it is
invalid. ``datetime_attribute`` writes the moment to the second, in the
current time zone, with its offset: ``2026-12-03T08:30:28+00:00``.
"""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attribute(value: datetime.date | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
