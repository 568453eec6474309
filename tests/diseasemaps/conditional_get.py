"""Checks shared by the tests of responses that are the same for every reader
(the feed, the sitemap): their validators and their 304 answers."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date


def assert_public_validators(response, *, last_modified) -> None:
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"] == http_date(last_modified.timestamp())
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}


def assert_304_to_etag_from_one_query(client, url: str) -> None:
    first = client.get(url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    # The request's transaction adds a savepoint; the one read is the aggregate.
    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    assert len(reads) == 1
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    assert response["Last-Modified"] == first["Last-Modified"]


def assert_304_when_not_modified_since(client, url: str) -> None:
    first = client.get(url)

    response = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert response.status_code == 304
