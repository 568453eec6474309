import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
