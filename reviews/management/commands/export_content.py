"""Write the editorial content, its history and its people to a JSON file.

See ``reviews.content_transfer`` for what is in the export and what is not
(no password hashes, no community members). ``import_content`` loads it into
an empty database.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reviews import content_transfer

NOT_WRITTEN = "Could not write %(path)s: %(error)s"
WRITTEN = "Exported %(count)d objects to %(path)s."


class Command(BaseCommand):
    help = "Export conditions, questions, answers, reviews and history as JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="The file to write. Default: standard output.",
        )

    def handle(self, *args, output, **options):
        document = content_transfer.export_content()
        text = content_transfer.dumps(document) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _(NOT_WRITTEN) % {"path": output, "error": error.strerror}
            ) from None
        self.stderr.write(
            _(WRITTEN) % {"count": len(document["objects"]), "path": output}
        )
