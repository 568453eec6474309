"""The ``markdown`` template filter, a thin wrapper over ``render_markdown``."""

from django import template

from core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)
