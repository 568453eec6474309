"""HTTP done right: validators and 304, Vary, CORS, the licence on every
response, and errors as problem details."""

import pytest
from django.urls import reverse

from reviews import workflow
from tests.helpers import open_recertification

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(published):
    fingerprint = published.live.fingerprint
    return [
        reverse("api:root"),
        reverse("api:conditions"),
        reverse("api:condition_detail", args=[published.question.condition.slug]),
        reverse("api:answers"),
        reverse("api:answer_detail", args=[published.pk]),
        reverse("api:answer_verify", args=[published.pk])
        + f"?fingerprint={fingerprint}",
        reverse("api:changes"),
        reverse("api:schema"),
    ]


def test_every_response_has_validators_and_answers_304_to_its_etag(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"'), url
        assert "public" in response["Cache-Control"], url

        again = client.get(url, headers={"if-none-match": response["ETag"]})

        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == response["ETag"]
        assert again["Access-Control-Allow-Origin"] == "*"


def test_content_responses_have_last_modified_and_answer_304_to_it(client, urls):
    for url in urls[:-1]:
        response = client.get(url)
        assert "Last-Modified" in response, url

        again = client.get(
            url, headers={"if-modified-since": response["Last-Modified"]}
        )

        assert again.status_code == 304, url


def test_a_re_certification_changes_the_answers_validators(
    client, published, other_reviewer
):
    url = reverse("api:answer_detail", args=[published.pk])
    before = client.get(url)

    open_recertification(published)
    workflow.recertify(
        published, user=other_reviewer, shown=workflow.shown_text(published)
    )

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_every_response_states_the_licence_and_allows_any_origin(
    client, urls, settings
):
    errors = ["/api/v1/no-such-thing/", reverse("api:answers") + "?colour=blue"]
    for url in urls + errors:
        response = client.get(url, headers={"origin": "https://partner.example"})

        terms = settings.CONTENT_API_LICENCE
        assert response["Link"] == f'<{terms["url"]}>; rel="license"', url
        assert response["X-Attribution"] == terms["attribution"], url
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert "Access-Control-Allow-Credentials" not in response, url
        assert "ETag" in response["Access-Control-Expose-Headers"]


def test_responses_vary_on_accept_only(client, urls):
    for url in urls:
        response = client.get(url)

        assert response["Vary"] == "Accept", url


def test_a_signed_in_reader_gets_the_same_document(client, published, member):
    url = reverse("api:answer_detail", args=[published.pk])
    anonymous = client.get(url)
    client.force_login(member)

    signed_in = client.get(url)

    assert signed_in.content == anonymous.content
    assert signed_in["Vary"] == "Accept"


def test_a_preflight_request_allows_get_with_a_key(client):
    response = client.options(
        reverse("api:answers"),
        headers={
            "origin": "https://partner.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization",
        },
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Authorization" in response["Access-Control-Allow-Headers"]


def test_an_unacceptable_media_type_is_a_problem(client):
    response = client.get(reverse("api:answers"), headers={"accept": "text/html"})

    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_head_has_the_headers_of_get(client, published):
    url = reverse("api:answer_detail", args=[published.pk])

    head = client.head(url)

    assert head.status_code == 200
    assert head["ETag"] == client.get(url)["ETag"]


def test_the_docs_page_uses_only_the_sites_own_files(client):
    response = client.get(reverse("api:docs"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "http" not in page.replace("http-equiv", "")
    assert "<style" not in page
    assert "<script>" not in page
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "img-src 'self' data:" in policy
    assert "script-src 'self'" in policy


def test_other_pages_keep_the_strict_image_policy(client):
    response = client.get(reverse("api:root"))

    assert "data:" not in response["Content-Security-Policy"]
