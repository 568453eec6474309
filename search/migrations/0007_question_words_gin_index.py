"""Index the words of each document's question with GIN, on PostgreSQL only.

An expression index (the same expression as ``search.postgres.question_vector``),
so that no column is added and nothing is written to the documents: a query of
one word looks for its candidates among the questions first (see
``search.postgres``).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from search.operations import AddPostgreSQLIndex


class Migration(migrations.Migration):
    dependencies = [("search", "0006_text_changed_at_index")]

    operations = [
        AddPostgreSQLIndex(
            model_name="searchdocument",
            index=GinIndex(
                SearchVector("question_text", config="english"),
                name="search_document_question_gin",
            ),
        ),
    ]
