"""Each endpoint reads in a fixed number of queries, whatever the page size:
the same budget with 1 and with 30 answers, questions or changes."""

import pytest
from django.urls import reverse

from api.models import ApiKey
from api.services import issue_api_key
from reviews import workflow
from tests import factories
from tests.helpers import make_published, open_recertification

pytestmark = pytest.mark.django_db

# Each request's transaction (ATOMIC_REQUESTS) is a savepoint in a test: two
# statements. Then the rows themselves, their prefetch, the disclaimer, an
# answer's public review history, and for the lists and the root the site's
# latest change for Last-Modified. A key adds one query (its row).
TRANSACTION = 2
BUDGETS = {
    "conditions": TRANSACTION + 3,
    "condition": TRANSACTION + 2,
    "answers": TRANSACTION + 4,
    "answer": TRANSACTION + 3,
    "verify": TRANSACTION + 2,
    "changes": TRANSACTION + 1,
    "root": TRANSACTION + 1,
}


@pytest.fixture(params=[1, 30], ids=["1 answer", "30 answers"])
def site(request, editor, reviewer, other_reviewer, managing_editor):
    """``count`` answers about one condition, the first re-certified, and one
    more archived."""
    condition = factories.ConditionFactory(slug="example")
    answers = []
    for _ in range(request.param):
        answer = make_published(
            editor=editor,
            reviewer=reviewer,
            question=factories.QuestionFactory(condition=condition),
            references=[
                {"title": f"Study {n}", "url": "https://example.org"} for n in range(3)
            ],
        )
        answers.append(answer)
    open_recertification(answers[0])
    workflow.recertify(
        answers[0], user=other_reviewer, shown=workflow.shown_text(answers[0])
    )
    gone = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition),
    )
    workflow.archive(gone, user=managing_editor, shown=workflow.shown_text(gone))
    return condition, answers


def urls(condition, answers) -> dict[str, str]:
    answer = answers[0]
    return {
        "root": reverse("api:root"),
        "conditions": reverse("api:conditions"),
        "condition": reverse("api:condition_detail", args=[condition.slug]),
        "answers": reverse("api:answers") + "?page_size=100",
        "answer": reverse("api:answer_detail", args=[answer.pk]),
        "verify": reverse("api:answer_verify", args=[answer.pk])
        + f"?fingerprint={answer.live.fingerprint}",
        "changes": reverse("api:changes"),
    }


def test_every_endpoint_keeps_its_query_budget(
    client, site, django_assert_max_num_queries
):
    for endpoint, url in urls(*site).items():
        with django_assert_max_num_queries(BUDGETS[endpoint]):
            response = client.get(url)

        assert response.status_code == 200, endpoint


def test_a_key_adds_one_query(
    client, published, managing_editor, django_assert_num_queries
):
    api_key = ApiKey(name="Partner", contact="dev@partner.example")
    key = issue_api_key(api_key, user=managing_editor)

    with django_assert_num_queries(BUDGETS["answers"] + 1):
        response = client.get(
            reverse("api:answers"), headers={"authorization": f"Api-Key {key}"}
        )

    assert response.status_code == 200
