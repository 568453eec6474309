"""The live copy keeps the question as approved.

Until now the public pages read the question's text from the question itself,
so an edit went live unreviewed. Each live copy starts with the question's
text as it is now, which is what the public reads today.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def copy_question_texts(apps, schema_editor):
    PublishedAnswer = apps.get_model("articles", "PublishedAnswer")
    Question = apps.get_model("articles", "Question")
    question_text = Question.objects.filter(answer=OuterRef("answer_id")).values(
        "text"
    )[:1]
    # A live copy outlives its deleted answer (and question): it keeps "".
    PublishedAnswer.objects.update(
        question_text=Coalesce(Subquery(question_text), Value(""))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_live_copy_outlives_deletion"),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedanswer",
            name="question_text",
            field=models.CharField(
                default="",
                help_text="The question as approved: the page's heading and title.",
                max_length=300,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_question_texts, migrations.RunPython.noop),
    ]
