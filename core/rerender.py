"""Render stored HTML again, row by row in bounded batches.

Pages show HTML stored when its text was written (``core.markdown``); after a
change to the renderer every such row is rendered again through this loop.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import models

BATCH_SIZE = 500


@dataclass
class Rerendered:
    """How many rows were read, and how many of them stored different HTML."""

    read: int = 0
    changed: int = 0


def _batches(queryset: models.QuerySet, size: int) -> Iterator[list[models.Model]]:
    """The rows in primary-key order, ``size`` at a time: memory stays bounded."""
    last_pk = None
    while True:
        page = queryset.order_by("pk")
        if last_pk is not None:
            page = page.filter(pk__gt=last_pk)
        rows = list(page[:size])
        if not rows:
            return
        yield rows
        last_pk = rows[-1].pk


def rerender(
    queryset: models.QuerySet,
    *,
    source: list[str],
    stored: list[str],
    render: Callable[[models.Model], object],
    batch_size: int = BATCH_SIZE,
) -> Rerendered:
    """Render each row of ``queryset`` again and save those whose HTML changed.

    Reads only the ``source`` and ``stored`` columns, ``batch_size`` rows at
    a time. Running it twice changes nothing the second time.
    """
    counts = Rerendered()
    model = queryset.model
    for rows in _batches(queryset.only(*source, *stored), batch_size):
        changed = []
        for row in rows:
            before = [getattr(row, name) for name in stored]
            render(row)
            if [getattr(row, name) for name in stored] != before:
                changed.append(row)
        if changed:
            model._default_manager.bulk_update(changed, stored)
        counts.read += len(rows)
        counts.changed += len(changed)
    return counts
