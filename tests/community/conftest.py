import pytest

from tests import factories
from tests.helpers import make_published


@pytest.fixture
def other_member(db):
    return factories.MemberFactory(username="member2")


@pytest.fixture
def published_question(editor, reviewer):
    """A question whose answer is on the public site."""
    return make_published(editor=editor, reviewer=reviewer).question


@pytest.fixture
def roles(member, other_member, editor, reviewer, managing_editor):
    return {
        "member": member,
        "other_member": other_member,
        "editor": editor,
        "reviewer": reviewer,
        "managing_editor": managing_editor,
    }
