"""The public pages that send HTTP validators, by name, for one published answer.

A response the test client saw rendered lists its templates
(``response.templates``); a page served from the page cache lists none.
"""

from django.urls import reverse

from tests.community.helpers import experiences_url


def public_page_urls(answer, reviewer) -> dict[str, str]:
    question = answer.question
    return {
        "home": reverse("home"),
        "index": reverse("articles:condition_index"),
        "condition": question.condition.get_absolute_url(),
        "answer": question.get_absolute_url(),
        "reviewer": reviewer.reviewer_profile.get_absolute_url(),
        "experiences": experiences_url(question),
    }


def rendered(client, url):
    """Visit ``url`` and return the page, which the view must have rendered."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.templates, f"{url} was served from the cache"
    return response


def from_cache(client, url):
    """Visit ``url`` and return the page, which the page cache must have served."""
    response = client.get(url)
    assert response.status_code == 200
    assert not response.templates, f"{url} was rendered again"
    return response
