"""Store the HTML of the live copies and of the disclaimer, rendered once.

Rows are rendered here, in batches, so that pages show their text right after
``migrate``; ``rerender_live_copies`` does the same after a renderer change.
"""

from django.db import migrations, models

from articles.rendering import LIVE_COPY_HTML_FIELDS, render_live_copy
from core.markdown import RENDERER_VERSION, render_markdown
from core.rerender import rerender


def _render_disclaimer(disclaimer):
    disclaimer.text_html = render_markdown(disclaimer.text)
    disclaimer.renderer_version = RENDERER_VERSION


def render_stored_html(apps, schema_editor):
    rerender(
        apps.get_model("articles", "PublishedAnswer").objects.all(),
        source=["body", "references"],
        stored=LIVE_COPY_HTML_FIELDS,
        render=render_live_copy,
    )
    rerender(
        apps.get_model("articles", "Disclaimer").objects.all(),
        source=["text"],
        stored=["text_html", "renderer_version"],
        render=_render_disclaimer,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_answer_public_change_note'),
    ]

    operations = [
        migrations.AddField(
            model_name='disclaimer',
            name='renderer_version',
            field=models.PositiveSmallIntegerField(
        default=0, db_default=0, editable=False
    ),
        ),
        migrations.AddField(
            model_name='disclaimer',
            name='text_html',
            field=models.TextField(db_default='', default='', editable=False),
        ),
        migrations.AddField(
            model_name='publishedanswer',
            name='body_html',
            field=models.TextField(db_default='', default='', editable=False, help_text='The body as readers see it, rendered at publication.'),
        ),
        migrations.AddField(
            model_name='publishedanswer',
            name='references_html',
            field=models.TextField(db_default='', default='', editable=False, help_text='The reference list as readers see it, rendered at publication.'),
        ),
        migrations.AddField(
            model_name='publishedanswer',
            name='renderer_version',
            field=models.PositiveSmallIntegerField(db_default=0, default=0, editable=False, help_text="The markdown renderer's version that made the stored HTML (0: never rendered)."),
        ),
        migrations.RunPython(render_stored_html, migrations.RunPython.noop),
    ]
