"""Running ``seed_demo`` again over the demo it seeded (the demo is seeded once
for the module: see ``seeded_demo``)."""

import pytest
from django.contrib.auth import authenticate

from tests.articles.seeding import USERNAMES, dump, printed_passwords, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    """seed_demo runs only with DEBUG on, as under `make run`."""
    settings.DEBUG = True


@pytest.fixture
def first_output(seeded_demo) -> str:
    """The first run's output: the demo seeded once for the module."""
    return seeded_demo


def test_second_run_changes_nothing_in_the_database(first_output):
    before = dump()

    second_output = seed()

    assert dump() == before
    assert "The demo content is already in place: nothing added." in second_output
    assert "The demo community is already in place: nothing added." in second_output


def test_the_dump_compared_between_runs_holds_the_community(first_output):
    before = dump()

    for model in ["memberprofile", "declaration", "experience"]:
        assert f'"model": "community.{model}"' in before


def test_first_run_prints_a_working_password_for_each_role_user(first_output):
    passwords = printed_passwords(first_output)

    assert sorted(passwords) == sorted(USERNAMES)
    for username, password in passwords.items():
        assert authenticate(username=username, password=password) is not None


def test_later_run_names_the_users_but_shows_no_password(first_output):
    second_output = seed()

    assert printed_passwords(second_output) == {}
    for username, password in printed_passwords(first_output).items():
        assert username in second_output
        assert password not in second_output
    assert "`DEBUG=1 manage.py seed_demo --reset-passwords`" in second_output


def test_reset_passwords_replaces_every_password(first_output):
    old = printed_passwords(first_output)

    new = printed_passwords(seed("--reset-passwords"))

    assert sorted(new) == sorted(USERNAMES)
    for username in USERNAMES:
        assert new[username] != old[username]
        assert authenticate(username=username, password=old[username]) is None
        assert authenticate(username=username, password=new[username]) is not None
