import io
import os

import hypothesis
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from pytest_django.plugin import blocking_manager_key

from tests.arranged import FAST_PASSWORD_HASHERS, kept_for_module, make_user
from tests.helpers import reapply_data_migrations

# Property tests: on a developer's machine each run tries new examples, and the
# ones that failed are kept in .hypothesis/ and tried first next time. CI (which
# sets CI) tries the same examples on every run, so that a run fails because the
# code changed, never by chance, and prints the blob that reproduces a failure;
# it also tries four times as many (tests/properties/budget.py).
# No deadline in either: the tests use the database, and a parallel run on a busy
# machine would miss a wall-clock limit by chance. Loaded here, before the test
# modules are imported, because their @settings take what they leave unset from
# the profile loaded at that time. Both start from Hypothesis's defaults, not from
# whichever profile Hypothesis itself loaded on import (its own "ci" where CI is
# set).
_hypothesis_defaults = hypothesis.settings.get_profile("default")
hypothesis.settings.register_profile("dev", _hypothesis_defaults, deadline=None)
hypothesis.settings.register_profile(
    "ci",
    _hypothesis_defaults,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _generous_api_rate(settings):
    """Tests read the content API anonymously, many times from one address;
    the throttle's own tests set the low rate they check."""
    settings.CONTENT_API_ANONYMOUS_RATE = 10_000


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests first: they take the longest, so that a parallel run
    does not end with one worker still driving Chromium while the others wait.
    After pytest-django, which puts the transactional tests last; they may run
    first because ``pytest_runtest_teardown`` below restores the database."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, put back the rows that the data migrations create.

    A transactional test ends by flushing every table, so the next test would find
    no role groups and no disclaimer. (Django's ``serialized_rollback`` cannot
    bring them back here: the flush re-creates content types and permissions,
    which the serialized copy then collides with.) Put back right after the flush,
    they are there for whichever test a parallel run hands this worker next,
    transactional or not. After the last test the database is gone.
    """
    result = yield
    marker = item.get_closest_marker("django_db")
    if nextitem is not None and marker and marker.kwargs.get("transaction"):
        with item.config.stash[blocking_manager_key].unblock():
            reapply_data_migrations()
    return result


@pytest.fixture
def editor(db):
    return make_user("editor")


@pytest.fixture
def other_editor(db):
    return make_user("other_editor")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer")


@pytest.fixture
def other_reviewer(db):
    return make_user("other_reviewer")


@pytest.fixture
def managing_editor(db):
    return make_user("managing_editor")


@pytest.fixture
def member(db):
    return make_user("member")


@pytest.fixture
def superuser(db):
    return make_user("superuser")


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo that ``seed_demo`` loads, seeded once for the whole module; its output.

    Seeding takes most of a second, so the module's tests share it (see
    ``tests.arranged``).
    """
    out = io.StringIO()
    with kept_for_module(django_db_blocker):
        with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            call_command("seed_demo", stdout=out)
        yield out.getvalue()


@pytest.fixture
def draft_answer(db, editor):
    """A draft answer whose text ``editor`` wrote (so it has a history)."""
    from tests.helpers import make_draft

    return make_draft(editor=editor)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache: the page cache keys pages by their
    ETag, which two tests' databases (same ids, same recorded times) can share."""
    cache.clear()
    yield
    cache.clear()
