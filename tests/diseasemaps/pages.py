"""The public pages that send HTTP validators, by name, for one published answer."""

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
