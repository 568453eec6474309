"""Writes to conditions, each announced to derived data (``conditions.signals``)."""

from django.db import transaction

from conditions.models import Condition
from conditions.signals import condition_changed


def save_condition(condition: Condition) -> None:
    """Save an editor's change to a condition (names, summary, codes)."""
    with transaction.atomic():
        condition.save()
        condition_changed.send(sender=Condition, condition=condition)


def delete_condition(condition: Condition) -> None:
    """Delete a condition; callers refuse one with published answers first."""
    with transaction.atomic():
        condition_changed.send(sender=Condition, condition=condition)
        condition.delete()
