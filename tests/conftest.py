import pytest
from django.core.cache import cache

from tests import factories
from tests.helpers import reapply_data_migrations


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _data_migrations_in_transactional_tests(request):
    """Give a transactional test the rows that the data migrations create.

    A transactional test ends by flushing every table, so the next one would find
    no role groups and no disclaimer. (Django's ``serialized_rollback`` cannot
    bring them back here: the flush re-creates content types and permissions,
    which the serialized copy then collides with.)
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    reapply_data_migrations()


@pytest.fixture
def editor(db):
    return factories.EditorFactory(username="editor")


@pytest.fixture
def other_editor(db):
    return factories.EditorFactory(username="editor2")


@pytest.fixture
def reviewer(db):
    return factories.ReviewerFactory(username="reviewer")


@pytest.fixture
def other_reviewer(db):
    return factories.ReviewerFactory(username="reviewer2")


@pytest.fixture
def managing_editor(db):
    return factories.ManagingEditorFactory(username="managing")


@pytest.fixture
def member(db):
    return factories.MemberFactory(username="member")


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


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
