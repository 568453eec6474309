"""Fixtures for the workflow tests: the writer and approver kept apart from the
role under test, and users who hold two roles."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from tests import factories


@pytest.fixture
def author(db):
    """The editor who writes the text, so the role under test did not edit it."""
    return factories.EditorFactory(username="author")


@pytest.fixture
def approver(db):
    """A medical reviewer who signs off, so the role under test may publish."""
    return factories.ReviewerFactory(username="approver")


@pytest.fixture
def inactive_user(db):
    """A deactivated account that once held every role: as powerless as a visitor."""
    return factories.UserFactory(
        username="inactive",
        is_active=False,
        is_staff=True,
        groups=["Managing editors", "Medical reviewers"],
    )


@pytest.fixture
def editing_reviewer(db):
    """A medical reviewer who is also an editor, so can both write and sign off."""
    user = factories.ReviewerFactory(username="editing-reviewer")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def visitor():
    """Nobody signed in."""
    return AnonymousUser()


@pytest.fixture
def archiver(db):
    """A managing editor who archives, so the role under test did not."""
    return factories.ManagingEditorFactory(username="archiver")
