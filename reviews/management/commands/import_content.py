"""Load an ``export_content`` file into an empty, migrated database.

All or nothing: a database that already holds content, a file that is not an
export, or a row that cannot be stored stops the import with one line and a
non-zero exit, and nothing is written. Imported accounts have no usable
password: staff set one with ``manage.py changepassword``.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reviews import content_transfer

NOT_READ = "Could not read %(path)s: %(error)s"
IMPORTED = "Imported %(count)d objects: %(summary)s."
NEXT_STEP = "Imported accounts have no password: set one with manage.py changepassword."


class Command(BaseCommand):
    help = "Import an export_content JSON file into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="The export file, or - to read standard input."
        )

    def handle(self, *args, path, **options):
        try:
            document = content_transfer.loads(self._read(path))
            stored = content_transfer.import_content(document)
        except content_transfer.ContentImportError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{count} {label}" for label, count in stored.items())
        self.stdout.write(
            _(IMPORTED) % {"count": sum(stored.values()), "summary": summary}
        )
        self.stdout.write(_(NEXT_STEP))

    @staticmethod
    def _read(path: str) -> str:
        if path == "-":
            return sys.stdin.read()
        try:
            return Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise CommandError(_(NOT_READ) % {"path": path, "error": reason}) from None
