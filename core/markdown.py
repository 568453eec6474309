"""The one markdown renderer: a CommonMark parser, then an nh3 allow-list.

Every path that turns editor-written markdown into HTML (public pages, the
markdownx live preview, feeds) calls :func:`render_markdown`; search reads the
same words as plain text through :func:`render_plain_text`. Markdown is never
trusted: raw HTML inside it that is not on the allow-list is removed.

The parser is GitHub's cmark-gfm (C, through :mod:`core.commonmark`), whose
every rule runs in time linear in the length of its input: no text an editor
can type (thousands of ``[``, deeply nested emphasis, lists or quotes) makes a
page slow to render. The dialect is CommonMark with tables and footnotes.

Pages never call the renderer: the HTML is rendered when the text is written
(a publication, a condition's or the disclaimer's save) and stored with the
:data:`RENDERER_VERSION` that made it.
"""

import html
import re
from collections import Counter
from collections.abc import Iterable
from html.parser import HTMLParser

import nh3
from django.utils.safestring import SafeString, mark_safe

from core.commonmark import commonmark_to_html
from core.markdown_input import NOT_A_BLOCK, prepared_for_parsing

# The version of what render_markdown() makes of a text. Raise it with every
# change to the parser, its settings or plugins, or the allow-list below: the
# system check then names the stored HTML made by an older version, and
# ``manage.py rerender_live_copies`` renders it again.
RENDERER_VERSION = 1

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

# Elements whose content a browser reads as text up to their end tag (or, for
# plaintext, to the end of the page). Left unclosed, one of them would swallow
# everything after it, and the allow-list would drop it all.
RAW_TEXT_ELEMENTS = (
    "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style",
    "textarea", "title", "xmp",
)  # fmt: skip
_RAW_TEXT_TAG = re.compile(
    r"<(/?)(" + "|".join(RAW_TEXT_ELEMENTS) + r")(?=[\s/>])", re.IGNORECASE
)


# nh3's HTML parser takes time in the square of the nesting depth (10,000 nested
# <div> typed as raw HTML take seconds); markdown blocks nest at most 20 deep.
MAX_NESTING_DEPTH = 100
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
}  # fmt: skip
# A start or end tag. No "<" inside, so each match attempt stops at the next "<".
_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*+)(?:\"[^\"<]*+\"|'[^'<]*+'|[^'\"<>]++)*+>"
)


def within_nesting_depth(markup: str) -> str:
    """``markup`` without the tags that would nest past :data:`MAX_NESTING_DEPTH`.

    Counts start tags less end tags, as written (an element closed implicitly
    still counts), and removes each start tag past the limit with the next end
    tag of its name. The text stays; the allow-list then parses the result.
    """
    depth, dropped = 0, Counter()
    pieces, previous = [], 0
    for tag in _TAG.finditer(markup):
        is_end, name = tag.group(1), tag.group(2).lower()
        if name in VOID_ELEMENTS:
            continue
        if is_end and dropped[name]:
            dropped[name] -= 1
        elif is_end:
            depth = max(0, depth - 1)
            continue
        elif depth >= MAX_NESTING_DEPTH:
            dropped[name] += 1
        else:
            depth += 1
            continue
        pieces.append(markup[previous : tag.start()])
        previous = tag.end()
    pieces.append(markup[previous:])
    return "".join(pieces)


def markdown_to_html(text: str) -> str:
    """The parser's HTML for ``text``, raw HTML included: not safe to show.

    Without the parser's final newline, as pages and feeds have always had it.
    """
    text = text or ""
    html = commonmark_to_html(prepared_for_parsing(text)).replace(NOT_A_BLOCK, "")
    if text.count("<") > MAX_NESTING_DEPTH:  # else only markdown nests, 20 deep
        html = within_nesting_depth(html)
    return html.removesuffix("\n")


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


def escape_unclosed_raw_text_tags(markup: str) -> str:
    """Show as text each raw-text start tag that no end tag of its name follows.

    The markdown parser escapes every ``<`` of the text, so each tag in its
    output was typed as raw HTML. Closed, such an element is removed with its
    content; unclosed, only its start tag is shown, and the text after it stays.
    """
    tags = list(_RAW_TEXT_TAG.finditer(markup))
    last_end_tag = {}
    for tag in tags:
        if tag.group(1):
            last_end_tag[tag.group(2).lower()] = tag.start()
    unclosed = [
        tag.start()
        for tag in tags
        if not tag.group(1) and tag.start() > last_end_tag.get(tag.group(2).lower(), -1)
    ]
    pieces, previous = [], 0
    for position in unclosed:
        pieces += [markup[previous:position], "&lt;"]
        previous = position + 1
    pieces.append(markup[previous:])
    return "".join(pieces)


def render_markdown(text: str) -> SafeString:
    """Render editor markdown to sanitized HTML, safe to insert in a page."""
    markup = markdown_to_html(text)
    if "<" in (text or ""):  # else the parser's HTML holds no tag that was typed
        markup = escape_unclosed_raw_text_tags(markup)
    # The one place markup is marked safe: nh3 has just removed everything that is
    # not on the allow-list above, so no tag, attribute or URL scheme can run script.
    return mark_safe(sanitize_html(markup))  # noqa: S308  # nosec B308, B703


def stored_html(markup: str) -> SafeString:
    """HTML rendered when its text was written, as a page reads it back.

    Only for fields that nothing but :func:`render_markdown` (or a template,
    which escapes) writes, and no form edits: the stored HTML is what the
    allow-list let through then, marked safe again.
    """
    return mark_safe(markup)  # noqa: S308  # nosec B308, B703


def render_plain_text(text: str) -> str:
    """The words a reader sees in the rendered markdown, as one line of plain text.

    Renders through :func:`render_markdown`, so what raw HTML the allow-list
    removes is not in the text either, then drops every tag and decodes the
    entities. The result is text, not HTML: escape it before it goes in a page.
    """
    return plain_text_of(render_markdown(text))


def plain_text_of(markup: str) -> str:
    """The words of sanitized HTML (e.g. stored HTML), as one line of plain text."""
    without_tags = nh3.clean(markup, tags=set())
    return " ".join(html.unescape(without_tags).split())


# Private-use characters mark changes in the markdown before it is rendered;
# they survive the renderer and the allow-list as text, and never occur in
# text an editor types into the admin.
_INSERT, _INSERT_END, _DELETE, _DELETE_END = "\ue000", "\ue001", "\ue002", "\ue003"
_MARKERS = {_INSERT: "ins", _DELETE: "del"}
_MARKER_ENDS = {_INSERT_END, _DELETE_END}
_MARKER_SPLIT = re.compile("([\ue000-\ue003])")
CHANGE_TAGS = {"ins", "del", "span"}


def _marked(segments: Iterable[tuple[str, str]]) -> str:
    """The markdown with each change wrapped in markers, line by line, so a
    marker never spans two blocks."""
    starts = {"insert": (_INSERT, _INSERT_END), "delete": (_DELETE, _DELETE_END)}
    pieces = []
    for op, text in segments:
        if op not in starts:
            pieces.append(text)
            continue
        start, end = starts[op]
        for line in re.split(r"(\n)", text):
            stripped = line.strip()
            if line == "\n" or not stripped:
                pieces.append(line)
            else:
                lead = line[: len(line) - len(line.lstrip())]
                trail = line[len(line.rstrip()) :]
                pieces.append(f"{lead}{start}{stripped}{end}{trail}")
    return "".join(pieces)


class _ChangeMarkup(HTMLParser):
    """Re-writes rendered HTML with each marked run of text as ``<ins>`` or
    ``<del>``, one element per text node, so the nesting stays valid."""

    def __init__(self, labels: dict[str, str]):
        super().__init__(convert_charrefs=True)
        self.labels = labels
        self.out: list[str] = []
        self.open: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = "".join(
            f' {name}="{html.escape(_without_markers(value or ""))}"'
            for name, value in attrs
        )
        self.out.append(f"<{tag}{attributes}>")

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        for piece in _MARKER_SPLIT.split(data):
            if piece in _MARKERS:
                self.open = _MARKERS[piece]
            elif piece in _MARKER_ENDS:
                self.open = None
            elif piece and self.open:
                label = html.escape(self.labels[self.open])
                self.out.append(
                    f'<{self.open}><span class="visually-hidden">{label} </span>'
                    f"{html.escape(piece)}</{self.open}>"
                )
            elif piece:
                self.out.append(html.escape(piece))


def _without_markers(text: str) -> str:
    return _MARKER_SPLIT.sub("", text)


def render_markdown_changes(
    segments: Iterable[tuple[str, str]], *, added: str, removed: str
) -> SafeString:
    """Render a word diff of markdown (``(op, text)`` segments, ``op`` one of
    ``equal``, ``insert``, ``delete``) as the reader would see it, with the
    added and removed words as ``<ins>`` and ``<del>``, each starting with a
    visually hidden ``added``/``removed`` so the change is not told by
    colour or strike-through alone.

    The markdown goes through :func:`render_markdown`'s renderer and
    allow-list; the result is cleaned again with ``ins``, ``del`` and
    ``span`` allowed.
    """
    rendered = escape_unclosed_raw_text_tags(markdown_to_html(_marked(segments)))
    parser = _ChangeMarkup({"ins": added, "del": removed})
    parser.feed(sanitize_html(rendered))
    parser.close()
    cleaned = nh3.clean(
        "".join(parser.out),
        tags=ALLOWED_TAGS | CHANGE_TAGS,
        attributes={**ALLOWED_ATTRIBUTES, "span": {"class"}},
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Marked safe for the same reason as render_markdown's output: nh3 has just
    # removed everything that is not on the allow-list.
    return mark_safe(cleaned)  # noqa: S308  # nosec B308, B703
