import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_healthz_in_a_real_browser(page, live_server):
    response = page.goto(f"{live_server.url}/healthz")
    assert response.status == 200
    assert "ok" in page.content()
