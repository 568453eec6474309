"""Who counts as a medical reviewer: one query, in step with ``has_perm``."""

import pytest

from reviews import selectors, workflow
from tests import factories
from tests.helpers import grant_review_directly

pytestmark = pytest.mark.django_db


def test_medical_reviewers_are_active_users_holding_the_review_permission_any_way(
    reviewer, superuser, editor, managing_editor, member
):
    direct = grant_review_directly(factories.UserFactory(username="direct"))
    factories.ReviewerFactory(username="retired", is_active=False)
    factories.UserFactory(username="old-root", is_superuser=True, is_active=False)

    assert list(selectors.medical_reviewers()) == [direct, reviewer, superuser]


def test_medical_reviewers_agree_with_the_workflow_role_check(
    reviewer, superuser, editor, managing_editor, member
):
    direct = grant_review_directly(factories.UserFactory(username="direct"))
    retired = factories.ReviewerFactory(username="retired", is_active=False)
    reviewers = set(selectors.medical_reviewers())

    for user in [reviewer, superuser, editor, managing_editor, member, direct, retired]:
        assert workflow.is_medical_reviewer(user) == (user in reviewers)


def test_reviewer_candidates_search_among_medical_reviewers(reviewer, editor):
    direct = grant_review_directly(
        factories.UserFactory(username="direct", first_name="Ada")
    )

    assert list(selectors.reviewer_candidates(search="ada")) == [direct]
    assert list(selectors.reviewer_candidates(search="editor")) == []
