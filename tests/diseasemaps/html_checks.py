"""Parse rendered HTML for tests: the page's text, its structure, executable markup.

Checks parse the HTML (``html.parser``) instead of searching the raw string, so
an escaped ``&lt;script&gt;`` in the text is not mistaken for a tag and an
entity-encoded ``&#106;avascript:`` URL is not missed.
"""

import html
import re
from html.parser import HTMLParser

VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip
EXECUTABLE_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "svg", "math", "object",
    "embed", "applet", "base", "link", "meta", "form", "input", "button", "textarea",
    "select", "template", "noscript",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "srcset", "action", "formaction", "data", "poster", "background",
    "xlink:href", "cite", "longdesc", "dynsrc", "lowsrc",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
# As the WHATWG URL parser does: strip leading and trailing C0 controls and
# spaces, and drop tabs and newlines anywhere ("java\tscript:" is "javascript:").
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
# Raw opening or closing tags that must never reach a page, whatever a lenient
# parser makes of the markup around them.
RAW_DANGEROUS = re.compile(r"<\s*/?\s*(script|style|iframe|svg|object|embed)\b", re.I)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.errors: list[str] = []
        self.has_doctype = False

    def handle_decl(self, decl):
        self.has_doctype = self.has_doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(
                f"</{tag}> closes <{self.open[-1] if self.open else ''}>"
            )
            return
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> _Collector:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector


def page_text(markup: str | bytes) -> str:
    """The visible text of the HTML, with runs of whitespace collapsed to one space."""
    if isinstance(markup, bytes):
        markup = markup.decode()
    body = markup.split("<body", 1)[-1]
    return " ".join("".join(parse(body).text).split())


def elements(markup: str | bytes, tag: str) -> list[dict[str, str | None]]:
    """The attributes of every ``tag`` element, in document order."""
    if isinstance(markup, bytes):
        markup = markup.decode()
    return [attrs for name, attrs in parse(markup).elements if name == tag]


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in a URL attribute (already entity-decoded)."""
    url = _TAB_OR_NEWLINE.sub("", html.unescape(value).strip(_C0_OR_SPACE))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def executable_markup(markup: str) -> list[str]:
    """Everything in the HTML that could run script or load active content."""
    problems = [f"raw {match.group(0)!r}" for match in RAW_DANGEROUS.finditer(markup)]
    for tag, attrs in parse(markup).elements:
        if tag in EXECUTABLE_TAGS:
            problems.append(f"<{tag}> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"{name}= attribute on <{tag}>")
            if name == "style":
                problems.append(f"style= attribute on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    problems.append(f"{name}={value!r} on <{tag}>")
    return problems


# Payloads that try to get script or active content through the markdown
# renderer: raw tags, attributes, URL schemes in HTML and markdown syntax,
# entity and case tricks, and broken markup.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<style>body { background: url(javascript:alert(1)) }</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<a href="https://example.org" onclick="alert(1)">click</a>',
    '<body onload="alert(1)">',
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',  # noqa: E501
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#9;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java%0ascript:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    '[click](javascript:alert(1) "title")',
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![pic](javascript:alert(1))",
    "![pic](data:image/svg+xml,<svg/onload=alert(1)>)",
    '![pic](x" onerror="alert(1))',
    "[click][evil]\n\n[evil]: javascript:alert(1)",
    "![pic][evil]\n\n[evil]: data:text/html;base64,PHNjcmlwdD4=",
    "<javascript:alert(1)>",
    '<svg onload="alert(1)"><circle r="10"/></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<a href="https://example.org"<script>alert(1)</script>>x</a>',
    "<div><p><script>alert(1)</script></p></div>",
    "<script",
    "<img src=x onerror=alert(1)",
    '<a href="javascript:alert(1)',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--<script>alert(1)</script>-->",
    "<<script>script>alert(1)<</script>/script>",
    "`<script>alert(1)</script>`\n\n    <script>alert(1)</script>",
    "<details open ontoggle=alert(1)>",
    "<a href='javas&#99;ript:alert(1)'>x</a>",
]
