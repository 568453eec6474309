import pytest
from django.db import connection

from tests import factories
from tests.helpers import make_published

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite fallback as the site uses it"
)


@pytest.fixture
def publish(editor, reviewer):
    """Publish an answer through the workflow, with the texts a test searches."""

    def publish(
        *,
        question: str = "What should families know?",
        tldr: str = "A short, reviewed summary.",
        body: str = "The full answer, with detail.",
        condition=None,
    ):
        return make_published(
            editor=editor,
            reviewer=reviewer,
            question=factories.QuestionFactory(
                text=question,
                condition=condition or factories.ConditionFactory(other_names=""),
            ),
            tldr=tldr,
            body=body,
        )

    return publish
