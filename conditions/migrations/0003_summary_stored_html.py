"""Store each condition's summary as HTML, rendered once, so that its page
shows it right after ``migrate``."""

from django.db import migrations, models

from core.markdown import RENDERER_VERSION, render_markdown
from core.rerender import rerender


def _render_summary(condition):
    condition.summary_html = render_markdown(condition.summary)
    condition.renderer_version = RENDERER_VERSION


def render_summaries(apps, schema_editor):
    rerender(
        apps.get_model("conditions", "Condition").objects.all(),
        source=["summary"],
        stored=["summary_html", "renderer_version"],
        render=_render_summary,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('conditions', '0002_condition_summary_is_editorial'),
    ]

    operations = [
        migrations.AddField(
            model_name='condition',
            name='renderer_version',
            field=models.PositiveSmallIntegerField(db_default=0, default=0, editable=False, help_text="The markdown renderer's version that made summary_html (0: never rendered)."),
        ),
        migrations.AddField(
            model_name='condition',
            name='summary_html',
            field=models.TextField(db_default='', default='', editable=False),
        ),
        migrations.RunPython(render_summaries, migrations.RunPython.noop),
    ]
