"""The site as gunicorn serves it in production (issue 13, items 7 and 8).

gunicorn runs in its own process with ``gunicorn.conf.py`` from the checkout,
``DEBUG`` off, on a database and a media folder of this test's own.
"""

import gc
import http.client
import io
import runpy
import socket
import uuid

import pytest
from PIL import Image

from bench import server

CONFIG = server.PROJECT_DIR / "gunicorn.conf.py"

UPLOADED_NAME = f"{uuid.uuid4().hex}.png"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((server.HOST, 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    media_root = tmp_path_factory.mktemp("media")
    (media_root / "uploads").mkdir()
    Image.new("RGB", (4, 3), (10, 20, 30)).save(media_root / "uploads" / UPLOADED_NAME)
    env = server.app_env(
        DATABASE_URL=f"sqlite:///{media_root.parent / 'gunicorn.sqlite3'}",
        MEDIA_ROOT=str(media_root),
        CACHE_URL="locmemcache://",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server.collect_static(env)  # error pages name their static files by hash
    port = free_port()
    with server.gunicorn("diseasemaps.wsgi", port=port, workers=1, env=env):
        yield port


def get(port: int, path: str) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection(server.HOST, port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    return response, response.read()


def test_no_response_names_the_application_server(served):
    response, _ = get(served, "/healthz")

    assert response.status == 200
    assert "gunicorn" not in (response.getheader("Server") or "").lower()


def test_an_uploaded_image_is_served_as_an_image(served):
    response, body = get(served, f"/media/uploads/{UPLOADED_NAME}")

    assert response.status == 200
    assert response.getheader("Content-Type") == "image/png"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    with Image.open(io.BytesIO(body)) as image:
        assert image.size == (4, 3)


def test_a_missing_upload_is_not_found(served):
    response, _ = get(served, f"/media/uploads/{uuid.uuid4().hex}.png")

    assert response.status == 404


def test_a_worker_leaves_what_it_loaded_out_of_full_collections():
    post_worker_init = runpy.run_path(str(CONFIG))["post_worker_init"]
    try:
        post_worker_init(worker=None)

        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
