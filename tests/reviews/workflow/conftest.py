"""Fixtures for the workflow tests: the writer and approver kept apart from the
role under test, and users who hold two roles."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from tests import factories
from tests.arranged import make_user


@pytest.fixture
def author(db):
    """The editor who writes the text, so the role under test did not edit it."""
    return make_user("author")


@pytest.fixture
def approver(db):
    """A medical reviewer who signs off, so the role under test may publish."""
    return make_user("approver")


@pytest.fixture
def inactive_user(db):
    """A deactivated account that once held every role: as powerless as a visitor."""
    return make_user("inactive_user")


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
    return make_user("archiver")
