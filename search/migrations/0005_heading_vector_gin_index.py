"""Index the heading vector with GIN, on PostgreSQL only (see ``AddPostgreSQLIndex``).

Apart from 0004: PostgreSQL refuses to build an index in the transaction that
just rewrote the table's rows.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from search.operations import AddPostgreSQLIndex


class Migration(migrations.Migration):
    dependencies = [("search", "0004_heading_vector")]

    operations = [
        AddPostgreSQLIndex(
            model_name="searchdocument",
            index=GinIndex(
                fields=["heading_vector"], name="search_document_heading_gin"
            ),
        ),
    ]
