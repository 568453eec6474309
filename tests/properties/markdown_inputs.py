"""Hypothesis strategies for hostile editor input to the markdown renderer.

A small grammar: markdown link and image syntax, raw HTML tags with event
handlers and URL attributes, character references and random text, mixed in
the block contexts markdown knows (paragraphs, lists, quotes, tables, code).
URLs with a script-running scheme are obfuscated as attackers do: mixed case,
entity-encoded letters, tabs, newlines and control characters inside or
around the scheme.
"""

from hypothesis import strategies as st

DANGEROUS_SCHEMES = ["javascript", "vbscript", "data", "livescript", "jar"]
SAFE_URLS = [
    "https://example.org/study",
    "http://example.org/a?b=1&c=2",
    "mailto:editor@example.org",
    "/media/uploads/chart.png",
    "#references",
    "//example.org/protocol-relative",
    "relative/path.html",
]
PAYLOADS = [
    "alert(1)",
    "alert(document.cookie)//",
    "msgbox(1)",
    "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "image/svg+xml,<svg onload=alert(1)>",
    "text/html,<script>alert(1)</script>",
]
# Inserted into a scheme, a browser ignores the first group and a lenient
# parser might ignore the others.
SCHEME_NOISE = ["\t", "\n", "\r", "&#9;", "&#10;", "&#x0A;", "&Tab;", "&NewLine;"]
LEADING_NOISE = [" ", "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "&#1;", "%20"]
COLONS = [":", "&#58;", "&#x3a;", "&colon;", "&#0000058;", "%3A"]

TAGS = [
    "script", "style", "iframe", "object", "embed", "svg", "math", "form", "a",
    "img", "p", "div", "span", "details", "base", "meta", "link", "template",
    "noscript", "textarea", "title", "xmp", "plaintext", "select", "table", "td",
    "button", "input", "video", "audio", "source", "frameset", "image", "abbr",
]  # fmt: skip
EVENT_HANDLERS = ["onerror", "onload", "onclick", "onmouseover", "ontoggle", "onfocus"]
URL_ATTRIBUTES = ["href", "src", "action", "formaction", "data", "xlink:href", "srcset"]
OTHER_ATTRIBUTES = ["style", "title", "alt", "srcdoc", "markdown", "width", "rel"]
ENTITIES = [
    "&lt;", "&gt;", "&amp;", "&quot;", "&#60;", "&#x3C;", "&#0;", "&#x110000;",
    "&amp;#106;", "&lt;script&gt;", "&", "&#", "&#x", "&nbsp;", "&lt",
]  # fmt: skip
MARKDOWN_PUNCTUATION = "<>[]()!`*_#-|\"'=&;:/\\ \n\t"


def mixed_case(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda uppers: "".join(
            char.upper() if upper else char
            for char, upper in zip(word, uppers, strict=True)
        )
    )


@st.composite
def obfuscated_letters(draw, word: str) -> str:
    """``word`` with some letters entity-encoded and noise between some of them."""
    parts = []
    for char in draw(mixed_case(word)):
        encoding = draw(st.sampled_from(["plain", "plain", "decimal", "hex", "padded"]))
        parts.append(
            {
                "plain": char,
                "decimal": f"&#{ord(char)};",
                "hex": f"&#x{ord(char):x};",
                "padded": f"&#{ord(char):07d};",
            }[encoding]
        )
        if draw(st.integers(0, 5)) == 0:
            parts.append(draw(st.sampled_from(SCHEME_NOISE)))
    return "".join(parts)


@st.composite
def dangerous_urls(draw) -> str:
    scheme = draw(st.sampled_from(DANGEROUS_SCHEMES))
    leading = "".join(draw(st.lists(st.sampled_from(LEADING_NOISE), max_size=2)))
    return (
        leading
        + draw(obfuscated_letters(scheme))
        + draw(st.sampled_from(COLONS))
        + draw(st.sampled_from(PAYLOADS))
    )


urls = st.one_of(dangerous_urls(), dangerous_urls(), st.sampled_from(SAFE_URLS))
short_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
words = st.one_of(st.sampled_from(["click", "see", "x", "study"]), short_text)


@st.composite
def markdown_links(draw) -> str:
    url = draw(urls)
    text = draw(words)
    form = draw(
        st.sampled_from(
            ["inline", "angle", "titled", "image", "reference", "image_ref", "auto"]
        )
    )
    return {
        "inline": f"[{text}]({url})",
        "angle": f"[{text}](<{url}>)",
        "titled": f'[{text}]({url} "{text}")',
        "image": f"![{text}]({url})",
        "reference": f"[{text}][r]\n\n[r]: {url}\n",
        "image_ref": f"![{text}][r]\n\n[r]: {url} '{text}'\n",
        "auto": f"<{url}>",
    }[form]


@st.composite
def attribute_values(draw, name: str) -> str:
    if name in URL_ATTRIBUTES or name == "srcdoc":
        return draw(urls)
    if name.startswith("on"):
        return draw(st.sampled_from(PAYLOADS[:3]))
    return draw(st.one_of(st.sampled_from(["1", "x", "background:url(x)"]), words))


@st.composite
def html_attributes(draw) -> str:
    name = draw(
        st.sampled_from(EVENT_HANDLERS + URL_ATTRIBUTES + OTHER_ATTRIBUTES).flatmap(
            mixed_case
        )
    )
    value = draw(attribute_values(name.lower()))
    quote = draw(st.sampled_from(['"', "'", "", None]))
    if quote is None:
        return name
    return f"{name}={quote}{value}{quote}"


@st.composite
def html_tags(draw) -> str:
    name = draw(st.sampled_from(TAGS).flatmap(mixed_case))
    separator = draw(st.sampled_from([" ", "/", "\n", "\t", " / "]))
    attributes = draw(st.lists(html_attributes(), max_size=3))
    opening = "<" + name + "".join(separator + attribute for attribute in attributes)
    ending = draw(st.sampled_from([">", "/>", "", " >"]))
    content = draw(st.one_of(words, st.deferred(lambda: fragments)))
    closing = draw(st.sampled_from([f"</{name}>", "", f"</{name}", f"</ {name}>"]))
    return opening + ending + content + closing


entities = st.sampled_from(ENTITIES)
punctuated_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(MARKDOWN_PUNCTUATION), st.characters(codec="utf-8")
    ),
    max_size=20,
)
fragments = st.one_of(
    markdown_links(), html_tags(), entities, punctuated_text, urls, words
)
BLOCK_PREFIXES = ["", "", "> ", "- ", "1. ", "    ", "## ", "| a | b |\n|---|---|\n| "]


@st.composite
def markdown_blocks(draw) -> str:
    prefix = draw(st.sampled_from(BLOCK_PREFIXES))
    parts = draw(st.lists(fragments, min_size=1, max_size=5))
    joiner = draw(st.sampled_from(["", " ", "\n"]))
    fence = draw(st.sampled_from(["", "`", "```\n"]))
    return prefix + fence + joiner.join(parts) + fence


markdown_documents = st.lists(markdown_blocks(), min_size=1, max_size=4).map(
    "\n\n".join
)
