"""Calendar arithmetic for the review cycle."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the same day ``months`` later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))
