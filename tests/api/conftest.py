import pytest

from tests import factories
from tests.helpers import make_published


@pytest.fixture
def condition(db):
    return factories.ConditionFactory(
        name="Parry-Romberg syndrome",
        slug="parry-romberg-syndrome",
        other_names="Progressive hemifacial atrophy\nRomberg syndrome",
        icd10_code="G51.8",
        orpha_code="1945",
    )


@pytest.fixture
def published(editor, reviewer, condition):
    """A live answer about ``condition``."""
    return make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition),
    )
