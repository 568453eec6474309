"""Requests/s and latency of public pages, beside a bare WSGI floor (issue 7).

Run on PostgreSQL holding the generate_load_data set:

    DATABASE_URL=postgres://... python bench/bench.py [--seconds 20]

Serves the app with gunicorn (2 workers) on loopback and measures the answer
page with the page cache warm (in ``CACHE_URL``: Redis on loopback unless set;
the two workers must share it) and with the cache disabled (Django's dummy
cache), a condition page and search, under load and, for search, one client at
a time (its latency without queueing), also for a condition's name alone and
for one common word that most answers contain (the broadest search); then
serves ``bench/floor_app.py``, which returns the bytes of an answer page, the
same way. Prints a table and
each row's ratio to the floor. The load comes from wrk (``bench/wrk.py``) on
the same machine, so absolute figures are modest; the ratios are the point.
The sitemap (index and files) and the feed are measured from the page cache
under load, and with the cache disabled one request at a time (their
latency when a publication has just dropped them). The content API's answer
list and changes feed (pages of 50) are measured one client at a time.
Nothing here asserts on time.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server, wrk  # noqa: E402

APP_PORT = 8101
FLOOR_PORT = 8102
WORKERS = 2
WARM_UP_SECONDS = 3
DISABLED_CACHE_URL = "dummycache://"


def measure(name, port, paths, *, seconds, concurrency):
    base_url = f"http://{server.HOST}:{port}"
    wrk.run(base_url, paths, seconds=WARM_UP_SECONDS, connections=concurrency)
    result = wrk.run(base_url, paths, seconds=seconds, connections=concurrency)
    print(f"  {name}: {result.requests} requests", flush=True)
    return name, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    options = parser.parse_args()
    server.require_postgresql()
    wrk.require_wrk()
    env = server.app_env()
    os.environ.update(env)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diseasemaps.settings")
    django.setup()
    from bench import sample

    server.require_shared_cache()

    answers = sample.answer_paths(50)
    conditions = sample.condition_paths(50)
    searches = sample.search_paths(50)
    name_searches = sample.condition_name_search_paths(50)
    sitemap = sample.sitemap_paths()
    answer_files = sample.sitemap_answer_paths()
    server.collect_static(env)
    run = {"seconds": options.seconds, "concurrency": options.concurrency}
    rows = []
    cache_url = env["CACHE_URL"]
    with server.gunicorn(
        "diseasemaps.wsgi", port=APP_PORT, workers=WORKERS, env=env
    ) as base:
        print(f"app on {base}, CACHE_URL={cache_url}", flush=True)
        page = _fetch(APP_PORT, answers[0])
        rows.append(measure("answer page (cache warm)", APP_PORT, answers, **run))
        rows.append(measure("condition page", APP_PORT, conditions, **run))
        rows.append(measure("sitemap index and files", APP_PORT, sitemap, **run))
        rows.append(measure("feed", APP_PORT, sample.feed_paths(), **run))
        rows.append(measure("search", APP_PORT, searches, **run))
        for name, paths in (
            ("search (1 client)", searches),
            ("search, condition name (1 client)", name_searches),
            ("search, one word (1 client)", sample.broad_search_paths()),
            ("API answers, 50 a page (1 client)", sample.api_answer_paths(50)),
            ("API changes, 50 a page (1 client)", sample.api_change_paths(50)),
        ):
            rows.append(
                measure(name, APP_PORT, paths, seconds=options.seconds, concurrency=1)
            )
    no_cache = server.app_env(CACHE_URL=DISABLED_CACHE_URL)
    with server.gunicorn(
        "diseasemaps.wsgi", port=APP_PORT, workers=WORKERS, env=no_cache
    ):
        rows.append(measure("answer page (cache disabled)", APP_PORT, answers, **run))
        for name, paths in (
            ("sitemap answers file (no cache, 1 client)", answer_files),
            ("feed (no cache, 1 client)", sample.feed_paths()),
        ):
            rows.append(
                measure(name, APP_PORT, paths, seconds=options.seconds, concurrency=1)
            )
    with tempfile.NamedTemporaryFile(suffix=".html") as body:
        body.write(page)
        body.flush()
        floor_env = server.app_env(FLOOR_BODY_FILE=body.name)
        with server.gunicorn(
            "bench.floor_app", port=FLOOR_PORT, workers=WORKERS, env=floor_env
        ):
            floor = measure("floor (same bytes)", FLOOR_PORT, answers, **run)
    _print_table([*rows, floor], floor[1], **run)
    if any(result.errors for _, result in [*rows, floor]):
        sys.exit("Some requests failed; see the errors column.")


def _fetch(port: int, path: str) -> bytes:
    import http.client

    connection = http.client.HTTPConnection(server.HOST, port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"GET {path} answered {response.status}.")
    return body


def _print_table(rows, floor, *, seconds, concurrency) -> None:
    print(
        f"\n{seconds:g} s per row, {concurrency} keep-alive connections (wrk), "
        f"gunicorn {WORKERS} sync workers\n"
    )
    header = (
        f"{'page':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'% of floor':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, result in rows:
        print(
            f"{name:<30} {result.rate:>8.1f} {result.p50_ms:>8.1f} "
            f"{result.p95_ms:>8.1f} {result.p99_ms:>8.1f} "
            f"{result.errors:>6} {100 * result.rate / floor.rate:>10.1f}"
        )


if __name__ == "__main__":
    main()
