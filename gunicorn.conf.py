"""gunicorn's settings for DiseaseMaps, read when gunicorn starts in the checkout.

Everything that differs between deployments still comes from the environment
(``GUNICORN_CMD_ARGS`` or the command line for gunicorn's own options). This
file holds what every deployment wants.
"""

import gc

import gunicorn.http.wsgi

# gunicorn writes "Server: gunicorn" on every response and has no setting to
# change it; the name tells an attacker which server's weaknesses to try.
# Each response reads this module attribute, so the workers, forked from the
# process that reads this file, send the site's name instead.
gunicorn.http.wsgi.SERVER = "DiseaseMaps"


def post_worker_init(worker) -> None:
    """Leave what the worker loaded out of the garbage collector's passes.

    A full pass walks every tracked object: in a worker that has loaded the
    site, about 90,000, which takes 30 ms. Frozen, the loaded site is no
    longer walked, by the full passes or by :func:`post_request`'s.
    """
    gc.collect()
    gc.freeze()


def post_request(worker, req, environ, resp) -> None:
    """Free what a request left in reference cycles once its response is sent.

    A page of 50 API answers leaves its 306 models behind in cycles (a
    question and its answer, an answer and its live copy, cache each other).
    Left to the collector's own schedule, they are promoted while the request
    runs, and every 25 to 60 such pages a full pass in the middle of a request
    frees them: 40 to 130 ms. Collected here, while still young, they take
    1.5 ms, after the client has its response.
    """
    gc.collect(1)
