"""A published site of a given size, written in bulk, and its public pages.

The rows come from the load-set generator (``bench.load_data``: bulk inserts,
the live copies' HTML rendered as publication renders it), so a site of
hundreds of answers costs a second, not hundreds of workflow runs.
"""

import io

from django.core.management import call_command
from django.urls import reverse

from articles.models import Question
from articles.selectors import published_conditions
from community.models import Experience
from reviews.models import ReviewerProfile
from tests.community.helpers import experiences_url

ONE = {"conditions": 1, "questions": 1, "experiences": 1, "reviewers": 1}


def generate(**size) -> None:
    call_command(
        "generate_load_data",
        "--force-append",
        versions=1,
        stdout=io.StringIO(),
        **size,
    )


def build_site(rows: int) -> None:
    """A site where every listing has ``rows`` entries: conditions A–Z,
    questions of one condition, answers of one reviewer, experiences of one
    question, matches of a search."""
    if rows == 1:
        generate(**ONE)
        return
    # One condition with every question, each reviewed by the one reviewer...
    generate(conditions=1, questions=rows, experiences=rows, reviewers=1)
    # ...then as many conditions again for the A–Z listings.
    generate(conditions=rows - 1, questions=rows - 1, experiences=0, reviewers=1)
    # Every experience on the first question (a member may share on many).
    Experience.objects.update(question=first_question())


def first_question() -> Question:
    return Question.objects.published().select_related("condition").order_by("pk")[0]


def public_pages() -> dict[str, str]:
    """Every public page of the site, by name."""
    question = first_question()
    condition = published_conditions().order_by("pk")[0]
    reviewer = ReviewerProfile.objects.order_by("pk")[0]
    return {
        "home": reverse("home"),
        "index": reverse("articles:condition_index"),
        "condition": condition.get_absolute_url(),
        "answer": question.get_absolute_url(),
        "history": reverse(
            "answer_history",
            kwargs={
                "condition_slug": question.condition.slug,
                "question_slug": question.slug,
            },
        ),
        "experiences": experiences_url(question),
        "reviewer": reviewer.get_absolute_url(),
        "search": reverse("search") + "?q=" + condition.name.split()[0],
        "search_word": reverse("search") + "?q=treatment",
        "feed": reverse("updates_feed"),
        "sitemap": reverse("sitemap"),
        "sitemap_answers": reverse(
            "sitemap_section", kwargs={"section": "answers", "number": 1}
        ),
        "signup": reverse("community:signup"),
        "login": reverse("community:login"),
        "password_reset": reverse("community:password_reset"),
        "robots": reverse("robots_txt"),
    }
