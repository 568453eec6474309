"""Warm the page cache after a deploy (see ``diseasemaps.page_warming``)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.management.arguments import positive_int
from diseasemaps import page_warming


class Command(BaseCommand):
    help = (
        "Render the site's listings, feed and sitemap, the most visited pages "
        "given and the newest answers into the page cache, a few at a time. "
        "Pages already in the cache are left as they are, so a second run "
        "resumes an interrupted one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=positive_int,
            default=page_warming.DEFAULT_LIMIT,
            help="Pages to warm at most.",
        )
        parser.add_argument(
            "--workers",
            type=positive_int,
            default=page_warming.DEFAULT_WORKERS,
            help=f"Pages rendered at once (at most {page_warming.MAX_WORKERS}).",
        )
        parser.add_argument(
            "--most-visited",
            type=Path,
            help="A file of paths, one a line, most visited first (e.g. from "
            "the access log); warmed after the site's own pages.",
        )

    def handle(self, *args, **options):
        if not settings.PAGE_CACHE_SECONDS:
            raise CommandError("The page cache is off (PAGE_CACHE_SECONDS=0).")
        paths = page_warming.pages_to_warm(
            most_visited=self._most_visited(options["most_visited"]),
            limit=options["limit"],
        )
        outcome = page_warming.warm(paths, workers=options["workers"])
        self.stdout.write(
            f"{len(outcome.rendered)} rendered, {len(outcome.already_warm)} "
            f"already warm, {len(outcome.not_cached)} not cached, "
            f"{len(outcome.failed)} failed."
        )
        for path, status in outcome.not_cached:
            reason = f"answered {status}" if status else "not a cached page"
            self.stdout.write(f"  {path}: {reason}")
        for path, status in outcome.failed:
            self.stderr.write(f"  {path}: {status}")
        if outcome.failed:
            raise CommandError("Some pages could not be rendered; see above.")

    @staticmethod
    def _most_visited(path: Path | None) -> list[str]:
        if path is None:
            return []
        try:
            lines = path.read_text().splitlines()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        return [line.strip() for line in lines if line.strip().startswith("/")]
