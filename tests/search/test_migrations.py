"""The migration that fills the search documents of answers already on the site."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from reviews import workflow
from search.models import SearchDocument
from tests.diseasemaps.html_checks import page_text
from tests.search.conftest import on_sqlite

pytestmark = pytest.mark.django_db

fill_migration = importlib.import_module(
    "search.migrations.0003_index_published_answers"
)


def test_existing_published_answers_are_indexed(client, publish, managing_editor):
    live = publish(question="Is blepharoptosis common?", body="Rarely.")
    archived = publish(question="Is blepharoptosis archived?")
    workflow.archive(
        archived, shown=workflow.shown_text(archived), user=managing_editor
    )
    SearchDocument.objects.all().delete()

    fill_migration.index_published_answers(apps, SimpleNamespace(connection=connection))

    assert list(SearchDocument.objects.values_list("live__answer", flat=True)) == [
        live.pk
    ]
    text = page_text(client.get(reverse("search"), {"q": "blepharoptosis"}).content)
    assert "1 answer matches" in text
    assert "Is blepharoptosis common?" in text


@on_sqlite
def test_sqlite_has_no_postgresql_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, SearchDocument._meta.db_table
        )

    assert "search_document_vector_gin" not in constraints
    assert "search_document_heading_gin" not in constraints
    assert "search_document_question_gin" not in constraints
    # Only plain indexes, which SQLite has too, are declared on the model.
    assert [type(index).__name__ for index in SearchDocument._meta.indexes] == ["Index"]
