"""Index the search vector with GIN, on PostgreSQL only (see ``AddPostgreSQLIndex``).

The SQLite fallback searches the plain-text columns without it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from search.operations import AddPostgreSQLIndex


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_document")]

    operations = [
        AddPostgreSQLIndex(
            model_name="searchdocument",
            index=GinIndex(fields=["search_vector"], name="search_document_vector_gin"),
        ),
    ]
