"""``<time>`` elements: their ``datetime`` attribute, and whole elements
that write a date for people.

Django's ``c`` date format writes microseconds, and HTML allows at most three
digits of a second's fraction, so a ``<time datetime>`` made with it is
invalid. ``datetime_attribute`` writes the moment to the second, in the
current time zone, with its offset: ``2026-12-03T08:30:28+00:00``.

``time_element`` writes a day as people read it, with the machine-readable
date beside it: ``<time datetime="2026-10-01">1 October 2026</time>``. A
moment is shown as its day in the current time zone.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

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


READER_DATE_FORMAT = "j F Y"


@register.filter
def time_element(value: datetime.date | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return format_html(
        '<time datetime="{}">{}</time>',
        value.isoformat(),
        date_format(value, READER_DATE_FORMAT),
    )
