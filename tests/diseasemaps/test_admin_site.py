"""The admin site's sign-in (issue 13, item 8)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password 1"


@pytest.fixture(autouse=True)
def _password_only(settings):
    settings.STAFF_2FA_REQUIRED = False


def sign_in(client, user, next_url):
    user.set_password(PASSWORD)
    user.save()
    return client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": user.username, "password": PASSWORD, "next": next_url},
        follow=True,
    )


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/admin/",
        "http:///evil.example",
        "javascript:alert(1)",
    ],
)
def test_an_unsafe_next_lands_on_the_admin_index(client, editor, next_url):
    response = sign_in(client, editor, next_url)

    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert response.status_code == 200


def test_a_safe_next_is_followed(client, editor):
    target = reverse("admin:articles_answer_changelist")

    response = sign_in(client, editor, target)

    assert response.redirect_chain == [(target, 302)]


def test_the_login_form_carries_the_admin_index_for_an_unsafe_next(client):
    response = client.get(f"{reverse('admin:login')}?next=https://evil.example/")

    assert 'value="https://evil.example/"' not in response.text
    assert f'value="{reverse("admin:index")}"' in response.text
