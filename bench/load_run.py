"""A load run (issue 6): readers on the public site while editors publish.

Run on PostgreSQL holding the generate_load_data set:

    DATABASE_URL=postgres://... python bench/load_run.py [--seconds 120]

Serves the app with gunicorn on loopback (DEBUG off), then for ``--seconds``
runs 20 keep-alive readers over the home page, the A–Z index, condition
pages, answer pages and search, while editor threads work in the admin of the
same server over HTTP, as people would (``bench/editing.py``): an editor signs
in, saves an edit on an answer's change page and submits it, a medical
reviewer signs in and approves it, the editor publishes it. Reports requests,
errors (anything but 200), p50/p99 latency, and the edits: any step that does
not answer as the admin should (status, redirect, a message of error) is an
edit error. Checks afterwards that every edit made during the run is in the
answer's reversion history as the work of its editor and that the last one of
each answer is live. Exits non-zero on any error or missing edit. The run
changes the answers it edits and sets new passwords on its bench users: use a
database made for benchmarks.
"""

import argparse
import os
import secrets
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server  # noqa: E402

PORT = 8103
WORKERS = 2
THREADS_PER_WORKER = 4
READERS = 20
EDITORS = 3
ANSWERS_PER_EDITOR = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--readers", type=int, default=READERS)
    parser.add_argument("--editors", type=int, default=EDITORS)
    options = parser.parse_args()
    server.require_postgresql()
    env = server.app_env()
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diseasemaps.settings")
    import django

    django.setup()
    from bench import editing, sample

    server.require_shared_cache()
    paths = (
        ["/", "/conditions/"]
        + sample.condition_paths(100)
        + sample.answer_paths(300)
        + sample.search_paths(50)
    )
    editors = editing.bench_editors(options.editors)
    server.collect_static(env)
    with server.gunicorn(
        "diseasemaps.wsgi",
        port=PORT,
        workers=WORKERS,
        threads=THREADS_PER_WORKER,
        env=env,
    ) as base:
        stop = threading.Event()
        run_id = secrets.token_hex(4)
        edit_threads = [
            editing.EditorThread(base, users, stop=stop, answers=answers, run_id=run_id)
            for users, answers in zip(
                editors,
                editing.answers_for_editors(len(editors), ANSWERS_PER_EDITOR),
                strict=True,
            )
        ]
        for thread in edit_threads:
            thread.start()
        started = time.monotonic()
        reads = server.run_load(
            PORT,
            sample.cycle(paths),
            seconds=options.seconds,
            concurrency=options.readers,
        )
        stop.set()
        for thread in edit_threads:
            thread.join()
        elapsed = time.monotonic() - started
    edits = [edit for thread in edit_threads for edit in thread.edits]
    edit_errors = [error for thread in edit_threads for error in thread.errors]
    missing = editing.missing_from_history(edits)
    misattributed = editing.recorded_under_another_user(edits)
    not_live = editing.not_live(edits)
    print(
        f"\nLoad run: {elapsed:.0f} s, {options.readers} readers, "
        f"{len(edit_threads)} editors, gunicorn {WORKERS} workers x "
        f"{THREADS_PER_WORKER} threads"
    )
    print(
        f"reads: {reads.requests} requests ({reads.rate:.1f}/s), "
        f"{len(reads.errors)} errors, p50 {reads.percentile(0.5):.1f} ms, "
        f"p99 {reads.percentile(0.99):.1f} ms"
    )
    print(
        f"edits: {len(edits)} published through the admin, "
        f"{len(edit_errors)} errors, {len(missing)} missing from history, "
        f"{len(misattributed)} recorded under another user, "
        f"{len(not_live)} last edits not live"
    )
    problems = reads.errors + edit_errors + missing + misattributed + not_live
    for problem in problems[:10]:
        print(f"  {problem}")
    if problems:
        sys.exit("The load run found errors.")


if __name__ == "__main__":
    main()
