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
    """Leave what the worker loaded out of the garbage collector's full passes.

    A full pass walks every tracked object: in a worker that has loaded the
    site, about 90,000, which takes 30 ms. Each page of 50 API answers leaves
    its models behind in reference cycles (a question and its answer, an answer
    and its live copy, cache each other), so full passes come every 20 to 60
    such pages; frozen, the loaded site is no longer walked each time.
    """
    gc.collect()
    gc.freeze()
