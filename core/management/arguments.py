"""Argument types shared by the project's management commands."""


def positive_int(value: str) -> int:
    """A whole number of at least 1; anything else is argparse's usage error."""
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number
