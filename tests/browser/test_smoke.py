import pytest

# Every transactional test uses serialized rollback, even one that needs no data:
# the flush after a test without it runs post_migrate, whose new content types
# collide with the serialized ones that the next serialized-rollback test loads.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_healthz_in_a_real_browser(page, live_server):
    response = page.goto(f"{live_server.url}/healthz")
    assert response.status == 200
    assert "ok" in page.content()
