"""Write the search document of every answer already on the site."""

from django.db import migrations

from search import postgres
from search.documents import document_fields


def index_published_answers(apps, schema_editor):
    PublishedAnswer = apps.get_model("articles", "PublishedAnswer")
    SearchDocument = apps.get_model("search", "SearchDocument")
    on_site = PublishedAnswer.objects.filter(archived_at__isnull=True).select_related(
        "answer__question__condition"
    )
    # Live copies did not keep the question's text yet: the public read the
    # question's own.
    SearchDocument.objects.bulk_create(
        SearchDocument(
            live=live,
            **document_fields(live, question_text=live.answer.question.text),
        )
        for live in on_site
    )
    if schema_editor.connection.vendor == "postgresql":
        SearchDocument.objects.update(search_vector=postgres.document_vector())


def remove_documents(apps, schema_editor):
    apps.get_model("search", "SearchDocument").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_search_vector_gin_index"),
        ("articles", "0004_answer_revision_refused_edits"),
        ("conditions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(index_published_answers, remove_documents),
    ]
