"""Queries and time of the editors' pages on the generated set (issue 7).

Run on PostgreSQL holding the generate_load_data set:

    DATABASE_URL=postgres://... python bench/staff_pages.py [--repeat 5]

The tests bound these pages' queries at small sizes; this shows what they cost
at 50,000 answers: the review dashboard, the answer list (plain, searched and
filtered), an answer's change page, its history and a diff of its first and
last versions. Each page is requested in-process through Django's test client
by a managing editor (a bench user, made if missing), once to warm up and then
``--repeat`` times; it prints the number of queries, their total time and the
median time of the whole request. Nothing here asserts on time.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    server.require_postgresql()
    os.environ.update(server.app_env(ALLOWED_HOSTS="testserver"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diseasemaps.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client()
    client.force_login(_managing_editor())
    print(f"{'page':<34} {'queries':>7} {'SQL ms':>8} {'median ms':>10}")
    for name, url in _pages():
        queries, sql_ms, median_ms = _measure(client, url, repeat=options.repeat)
        print(f"{name:<34} {queries:>7} {sql_ms:>8.1f} {median_ms:>10.1f}")


def _managing_editor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _ = get_user_model().objects.get_or_create(
        username="bench-managing-editor", defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name="Managing editors"))
    return user


def _pages() -> list[tuple[str, str]]:
    from django.urls import reverse
    from reversion.models import Version

    from articles.models import Answer

    answer = Answer.objects.filter(state=Answer.State.PUBLISHED).order_by("pk").first()
    versions = Version.objects.get_for_object(answer).order_by("pk")
    changelist = reverse("admin:articles_answer_changelist")
    change = reverse("admin:articles_answer_change", args=[answer.pk])
    history = reverse("admin:articles_answer_history", args=[answer.pk])
    compare = reverse("admin:articles_answer_compare", args=[answer.pk])
    return [
        ("review dashboard", reverse("admin:index")),
        ("answer list", changelist),
        ("answer list, searched", f"{changelist}?q=treatment"),
        ("answer list, state filter", f"{changelist}?state__exact=published"),
        ("answer change page", change),
        ("answer history", history),
        (
            "diff, first to last version",
            f"{compare}?old={versions.first().pk}&new={versions.last().pk}",
        ),
    ]


def _measure(client, url: str, *, repeat: int) -> tuple[int, float, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(client, url)
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    # Read now: the next request clears the connection's query log.
    queries = captured.captured_queries
    sql_ms = 1000 * sum(float(query["time"]) for query in queries)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        _get(client, url)
        times.append(1000 * (time.perf_counter() - started))
    return len(queries), sql_ms, statistics.median(times)


def _get(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"GET {url} answered {response.status_code}.")


if __name__ == "__main__":
    main()
