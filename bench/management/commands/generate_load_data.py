"""Fill the database with a large, realistic content set for benchmarks.

Bulk inserts (see ``bench.load_data``): 1,000 conditions and 50,000
published answers with their history take minutes on PostgreSQL. Refuses to
write into a database that already holds content unless ``--force-append``.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from bench import load_data
from core.management.arguments import positive_int

DEFAULTS = load_data.LoadSize()


class Command(BaseCommand):
    help = "Generate a large content set (bulk inserts) for benchmarks and load runs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--conditions", type=positive_int, default=DEFAULTS.conditions
        )
        parser.add_argument(
            "--questions",
            type=positive_int,
            default=DEFAULTS.questions,
            help="Questions, each with one published answer.",
        )
        parser.add_argument(
            "--versions",
            type=positive_int,
            default=DEFAULTS.versions,
            help="Text versions per answer, before its submit, approve and publish.",
        )
        parser.add_argument("--experiences", type=int, default=DEFAULTS.experiences)
        parser.add_argument(
            "--reviewers", type=positive_int, default=DEFAULTS.reviewers
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force-append",
            action="store_true",
            help="Add the set beside content that is already in the database.",
        )

    def handle(self, *args, **options):
        if options["experiences"] < 0:
            raise CommandError("--experiences cannot be negative.")
        if load_data.content_exists() and not options["force_append"]:
            raise CommandError(
                "The database already holds content; use an empty database, "
                "or --force-append to add the load set beside it."
            )
        size = load_data.LoadSize(
            conditions=options["conditions"],
            questions=options["questions"],
            versions=options["versions"],
            experiences=options["experiences"],
            reviewers=options["reviewers"],
        )
        started = time.monotonic()
        counts = load_data.generate(
            size,
            seed=options["seed"],
            progress=self._progress(started, options["verbosity"]),
        )
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Generated in {elapsed:.0f} s: {summary}.")
        )

    def _progress(self, started: float, verbosity: int):
        def report(message: str) -> None:
            if verbosity >= 1:
                elapsed = time.monotonic() - started
                self.stdout.write(f"[{elapsed:6.1f} s] {message}")

        return report
