"""The heading vector and the "Last updated" of each search document, so that a
common word ranks its heading matches first without reading every full vector
(see ``search.postgres``)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from search import postgres


def fill_new_columns(apps, schema_editor):
    PublishedAnswer = apps.get_model("articles", "PublishedAnswer")
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchDocument.objects.update(
        text_changed_at=Subquery(
            PublishedAnswer.objects.filter(pk=OuterRef("live_id")).values(
                "text_changed_at"
            )[:1]
        )
    )
    if schema_editor.connection.vendor == "postgresql":
        SearchDocument.objects.update(heading_vector=postgres.heading_vector())


class Migration(migrations.Migration):
    dependencies = [("search", "0003_index_published_answers")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="text_changed_at",
            field=models.DateTimeField(
                help_text="The live copy's 'Last updated': newer first among equal ranks.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="heading_vector",
            field=SearchVectorField(
                help_text="PostgreSQL only: the weighted words of the question, the condition's names and the TL;DR (GIN-indexed), ranked first (see search.postgres).",
                null=True,
            ),
        ),
        migrations.RunPython(fill_new_columns, migrations.RunPython.noop),
    ]
