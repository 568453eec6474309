"""The floor: a bare WSGI app that returns fixed bytes, served like the real app.

``FLOOR_BODY_FILE`` names the file holding the bytes (an answer page as the
real app renders it), so the comparison isolates what Django and the database
add on top of gunicorn and the network.
"""

import os
from pathlib import Path

BODY = Path(os.environ["FLOOR_BODY_FILE"]).read_bytes()
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
