"""Rows arranged once for a whole test module, and fixtures that read them.

Bringing answers to their states through the real workflow takes most of many
tests' time. A module whose tests all start from the same rows arranges them
once, in a module-scoped fixture named ``arranged``:

    @pytest.fixture(scope="module")
    def arranged(django_db_setup, django_db_blocker):
        with kept_for_module(django_db_blocker), arranging():
            users = arrange_users("editor", "reviewer")
            yield {"users": users, "answer": make_published(...).pk}

    editor = user_fixture("editor")

The rows are held in a transaction open for the module and rolled back after
it. Each test runs in a savepoint inside (as every non-transactional
``django_db`` test does), rolled back to the arranged rows, so it finds them as
they were arranged whatever the tests before it did. Tests read the rows afresh
by key, never the instances made while arranging. Only for a module whose every
test is a non-transactional ``django_db`` test: any other test of the module
would find the rows too.
"""

from collections.abc import Callable
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

from tests import factories

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def kept_for_module(django_db_blocker):
    """Keep what is written in the block, and for as long as the generator
    fixture around it lives (the module), then roll it back."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextmanager
def arranging():
    """Settings for arranging rows outside a test, as the tests' own fixtures
    set them (a fast password hasher)."""
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


def _superuser(username: str):
    """A superuser, who signs off like a reviewer: with a profile and a
    registration valid today."""
    user = factories.UserFactory(username=username, is_staff=True, is_superuser=True)
    factories.ReviewerProfileFactory(user=user)
    return user


def _inactive_user(username: str):
    """A deactivated account that once held every role: as powerless as a visitor."""
    return factories.UserFactory(
        username=username,
        is_active=False,
        is_staff=True,
        groups=["Managing editors", "Medical reviewers"],
    )


# The users of the shared fixtures (tests/conftest.py and the workflow tests'),
# by fixture name: their factory and username.
USERS: dict[str, tuple[Callable, str]] = {
    "editor": (factories.EditorFactory, "editor"),
    "other_editor": (factories.EditorFactory, "editor2"),
    "reviewer": (factories.ReviewerFactory, "reviewer"),
    "other_reviewer": (factories.ReviewerFactory, "reviewer2"),
    "managing_editor": (factories.ManagingEditorFactory, "managing"),
    "member": (factories.MemberFactory, "member"),
    "superuser": (_superuser, "root"),
    "author": (factories.EditorFactory, "author"),
    "approver": (factories.ReviewerFactory, "approver"),
    "archiver": (factories.ManagingEditorFactory, "archiver"),
    "inactive_user": (_inactive_user, "inactive"),
}


def make_user(name: str):
    """The user that the fixture ``name`` stands for, made now."""
    make, username = USERS[name]
    return make(username=username)


def arrange_users(*names: str) -> dict[str, int]:
    """Make the users of these fixture names; their keys by name."""
    return {name: make_user(name).pk for name in names}


def user_fixture(name: str):
    """A fixture ``name`` reading the user the module's ``arranged`` fixture
    made under that name (in ``arranged["users"]``)."""

    @pytest.fixture(name=name)
    def user(db, arranged):
        return get_user_model().objects.get(pk=arranged["users"][name])

    return user
