"""Judge sanitized HTML as a browser would read it: what could run script.

The markup is parsed with ``html.parser``, which resolves character references
in text and attribute values (``&#106;`` is ``j``) exactly once, as a browser
does, so an entity-encoded ``javascript:`` is seen for what it is and an
escaped ``&amp;#106;`` is not mistaken for one. URL attributes are then read
the way the WHATWG URL parser reads a scheme.
"""

import re
from html.parser import HTMLParser

# Elements that run script, load active content or submit data.
FORBIDDEN_ELEMENTS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "form", "input", "button", "textarea", "select", "base", "link",
    "meta", "template", "noscript",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "srcset", "action", "formaction", "data", "poster", "background",
    "xlink:href", "cite", "longdesc", "ping",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
# The URL parser strips leading and trailing C0 controls and spaces, and drops
# ASCII tabs and newlines anywhere: " java\tscript:" is "javascript:".
C0_CONTROL_OR_SPACE = "".join(chr(code) for code in range(0x21))
TAB_OR_NEWLINE = re.compile("[\t\n\r]")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser finds in an attribute value (already entity-decoded).

    ``None`` for a relative URL, which inherits the page's own scheme.
    """
    cleaned = TAB_OR_NEWLINE.sub("", url.strip(C0_CONTROL_OR_SPACE))
    match = SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


class _DangerFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= event handler on <{tag}>")
            if name == "style":
                self.problems.append(f"style= attribute on <{tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{scheme}: URL in {name}= on <{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"</{tag}> end tag")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction <?{data}>")

    def handle_decl(self, decl):
        self.problems.append(f"declaration <!{decl}>")

    def unknown_decl(self, data):
        self.problems.append(f"marked section <![{data}]>")


def dangers(markup: str) -> list[str]:
    """Everything in ``markup`` that could run script or load active content."""
    finder = _DangerFinder()
    finder.feed(str(markup))
    finder.close()
    return finder.problems


def tags_and_attributes(markup: str) -> set[tuple[str, str | None]]:
    """Every element name with each of its attribute names (``None`` for none)."""
    found: set[tuple[str, str | None]] = set()

    class _Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.add((tag, None))
            found.update((tag, name) for name, _ in attrs)

        handle_startendtag = handle_starttag

    collector = _Collector(convert_charrefs=True)
    collector.feed(str(markup))
    collector.close()
    return found
