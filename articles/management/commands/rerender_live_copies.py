"""Render the stored HTML of the public text again with the current renderer.

Run it after a change to the markdown renderer, its settings or its allow-list
(``core.markdown.RENDERER_VERSION``, which the system check compares with the
stored rows). It reads the rows in batches and saves, batch by batch, only
those whose HTML changed, so a second run changes nothing and a run cut short
by an error can simply be repeated. It forgets the cached pages when anything
changed, and exits non-zero, with one line, on a database error.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from articles.rendering import rerender_all
from articles.signals import content_replaced
from core.management.arguments import positive_int
from core.rerender import BATCH_SIZE

COUNTS = "%(kind)s: %(read)d read, %(changed)d rendered anew."
FAILED = "Could not re-render the stored HTML: %(error)s"


class Command(BaseCommand):
    help = "Render the stored HTML of live copies, conditions and the disclaimer again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=BATCH_SIZE,
            help="Rows read and written at a time (default %(default)s).",
        )

    def handle(self, *args, batch_size, **options):
        try:
            counts = rerender_all(batch_size=batch_size)
            if any(count.changed for count in counts.values()):
                content_replaced.send(sender=None)
        except DatabaseError as error:
            message = " ".join(str(error).split())
            raise CommandError(_(FAILED) % {"error": message}) from None
        for kind, count in counts.items():
            self.stdout.write(
                _(COUNTS) % {"kind": kind, "read": count.read, "changed": count.changed}
            )
