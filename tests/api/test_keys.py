"""API keys: made in the admin and shown once, stored hashed, revocable, and
each with its own rate; requests without a key share a low rate per address."""

import hashlib

import pytest
from django.urls import reverse

from api.models import ApiKey
from api.services import issue_api_key

pytestmark = pytest.mark.django_db

ADD = reverse("admin:api_apikey_add")
CHANGELIST = reverse("admin:api_apikey_changelist")


def key_header(key: str) -> dict:
    return {"authorization": f"Api-Key {key}"}


@pytest.fixture
def issued(managing_editor):
    """A key with a rate of 3 requests a minute, and the key itself."""
    api_key = ApiKey(name="Partner", contact="dev@partner.example", rate_per_minute=3)
    return api_key, issue_api_key(api_key, user=managing_editor)


def create_in_admin(client, managing_editor, **fields):
    client.force_login(managing_editor)
    data = {
        "name": "Clinic app",
        "contact": "dev@clinic.example",
        "rate_per_minute": 60,
    }
    return client.post(ADD, {**data, **fields})


def test_a_managing_editor_creates_a_key_and_sees_it_once(client, managing_editor):
    response = create_in_admin(client, managing_editor)

    api_key = ApiKey.objects.get()
    key = response.context["key"]
    assert response.status_code == 200
    assert key.startswith(f"dm_{api_key.prefix}_")
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert api_key.created_by == managing_editor
    for url in (CHANGELIST, reverse("admin:api_apikey_change", args=[api_key.pk])):
        page = client.get(url)
        assert page.status_code == 200
        assert key not in page.content.decode()
        assert api_key.prefix in page.content.decode()


def test_the_key_is_stored_only_as_its_digest(client, managing_editor):
    key = create_in_admin(client, managing_editor).context["key"]

    api_key = ApiKey.objects.get()
    assert api_key.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = [str(value) for value in ApiKey.objects.values().get().values()]
    assert not any(key in value or value in key for value in stored if len(value) > 8)


def test_a_key_cannot_be_deleted(client, managing_editor, issued):
    api_key, _ = issued
    client.force_login(managing_editor)

    response = client.post(reverse("admin:api_apikey_delete", args=[api_key.pk]))

    assert response.status_code == 403
    assert ApiKey.objects.filter(pk=api_key.pk).exists()


@pytest.mark.parametrize("rate", ["0", "-1", "10001"])
def test_a_rate_out_of_range_is_refused(client, managing_editor, rate):
    response = create_in_admin(client, managing_editor, rate_per_minute=rate)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["rate_per_minute"]
    assert not ApiKey.objects.exists()


def test_a_valid_key_is_accepted(client, issued):
    _, key = issued

    response = client.get(reverse("api:root"), headers=key_header(key))

    assert response.status_code == 200


def test_a_revoked_key_is_refused(client, managing_editor, issued):
    api_key, key = issued
    client.force_login(managing_editor)
    client.post(CHANGELIST, {"action": "revoke", "_selected_action": [api_key.pk]})
    client.logout()

    response = client.get(reverse("api:root"), headers=key_header(key))

    api_key.refresh_from_db()
    assert api_key.is_revoked
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "presented",
    ["nonsense", "dm_00000000_secret", "dm__", "dm_{prefix}_wrong-secret"],
)
def test_a_wrong_key_is_refused(client, issued, presented):
    api_key, _ = issued

    response = client.get(
        reverse("api:root"),
        headers=key_header(presented.format(prefix=api_key.prefix)),
    )

    assert response.status_code == 401


def test_each_key_is_throttled_at_its_own_rate(client, issued, managing_editor):
    _, key = issued
    other = ApiKey(name="Other", contact="x@example.org", rate_per_minute=3)
    other_key = issue_api_key(other, user=managing_editor)
    url = reverse("api:root")

    statuses = [client.get(url, headers=key_header(key)).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert client.get(url, headers=key_header(other_key)).status_code == 200


def test_without_a_key_each_address_is_throttled_at_the_anonymous_rate(
    client, settings
):
    settings.CONTENT_API_ANONYMOUS_RATE = 2
    url = reverse("api:root")

    statuses = [client.get(url).status_code for _ in range(3)]
    other_address = client.get(url, REMOTE_ADDR="192.0.2.7")

    assert statuses == [200, 200, 429]
    assert other_address.status_code == 200


def test_a_throttled_request_says_when_to_retry(client, settings):
    settings.CONTENT_API_ANONYMOUS_RATE = 1
    client.get(reverse("api:root"))

    response = client.get(reverse("api:answers"))

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "throttled"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Retry-After" in response["Access-Control-Expose-Headers"]
