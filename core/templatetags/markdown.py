"""The ``stored_html`` template filter: HTML the renderer stored, read back.

Pages never render markdown; they show the HTML kept with the text
(``core.markdown.stored_html``).
"""

from django import template

from core.markdown import stored_html

register = template.Library()


@register.filter(name="stored_html")
def stored_html_filter(markup):
    return stored_html(markup)
