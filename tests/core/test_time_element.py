"""The ``datetime`` attribute of ``<time>``: valid HTML, to the second."""

import datetime
import re
import zoneinfo

from django.template import Context, Template
from django.utils import timezone

from core.templatetags.time_element import datetime_attribute

# HTML's valid global date and time string allows at most three digits of a
# fraction of a second; this attribute writes none.
VALID_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
MOMENT = datetime.datetime(2026, 12, 3, 8, 30, 28, 342502, tzinfo=datetime.UTC)


def test_moment_is_written_to_the_second_with_its_offset():
    assert datetime_attribute(MOMENT) == "2026-12-03T08:30:28+00:00"
    assert VALID_MOMENT.match(datetime_attribute(MOMENT))


def test_moment_is_written_in_the_current_time_zone():
    with timezone.override(zoneinfo.ZoneInfo("Europe/Amsterdam")):
        assert datetime_attribute(MOMENT) == "2026-12-03T09:30:28+01:00"


def test_date_is_written_as_a_date_and_nothing_as_nothing():
    assert datetime_attribute(datetime.date(2027, 1, 5)) == "2027-01-05"
    assert datetime_attribute(None) == ""


def test_filter_is_what_templates_load():
    html = Template(
        '{% load time_element %}<time datetime="{{ moment|datetime_attribute }}">'
    ).render(Context({"moment": MOMENT}))

    assert html == '<time datetime="2026-12-03T08:30:28+00:00">'
