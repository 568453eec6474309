"""Calendar arithmetic for the review cycle."""

import datetime

import pytest

from reviews.dates import add_months

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 3, 15), 12, D(2025, 3, 15)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 1, 31), 3, D(2024, 4, 30)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2024, 12, 31), 1, D(2025, 1, 31)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2024, 5, 1), 60, D(2029, 5, 1)),
        (D(2024, 5, 10), 0, D(2024, 5, 10)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


def test_add_months_crosses_year_ends():
    assert add_months(D(2024, 11, 15), 2) == D(2025, 1, 15)
    assert add_months(D(2024, 12, 15), 13) == D(2026, 1, 15)
