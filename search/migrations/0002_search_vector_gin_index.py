"""Index the search vector with GIN, on PostgreSQL only.

The index is not in the model's Meta: SQLite has neither GIN nor tsvector
search, and a Meta index would be recreated (and fail) whenever SQLite
rebuilds the table. The index lives in the database alone; the SQLite
fallback searches without it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

SEARCH_VECTOR_INDEX = GinIndex(fields=["search_vector"], name="search_document_vector_gin")


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("search", "SearchDocument")
        schema_editor.add_index(model, SEARCH_VECTOR_INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("search", "SearchDocument")
        schema_editor.remove_index(model, SEARCH_VECTOR_INDEX)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_document")]

    operations = [migrations.RunPython(add_index, remove_index)]
