"""The one markdown renderer: Python-Markdown, then an nh3 allow-list.

Every path that turns editor-written markdown into HTML (public pages, the
markdownx live preview, feeds) calls :func:`render_markdown`; search reads the
same words as plain text through :func:`render_plain_text`. Markdown is never
trusted: raw HTML inside it that is not on the allow-list is removed.
"""

import html

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]


def sanitize_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> SafeString:
    """Render editor markdown to sanitized HTML, safe to insert in a page."""
    html = markdown.markdown(
        text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html"
    )
    # The one place markup is marked safe: nh3 has just removed everything that is
    # not on the allow-list above, so no tag, attribute or URL scheme can run script.
    return mark_safe(sanitize_html(html))  # noqa: S308  # nosec B308, B703


def render_plain_text(text: str) -> str:
    """The words a reader sees in the rendered markdown, as one line of plain text.

    Renders through :func:`render_markdown`, so what raw HTML the allow-list
    removes is not in the text either, then drops every tag and decodes the
    entities. The result is text, not HTML: escape it before it goes in a page.
    """
    without_tags = nh3.clean(render_markdown(text), tags=set())
    return " ".join(html.unescape(without_tags).split())
