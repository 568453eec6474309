"""Property: whatever an editor types, the markdown renderer emits nothing that
can run script or load active content.

Inputs come from a grammar of hostile markdown and HTML
(``tests/properties/markdown_inputs.py``) and from arbitrary text. The output is
parsed as a browser would parse it (``tests/properties/html_safety.py``).
"""

import pytest
from hypothesis import Phase, example, find, given, settings
from hypothesis import strategies as st

from core.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    markdown_to_html,
    render_markdown,
)
from tests.properties.budget import examples
from tests.properties.html_safety import dangers, tags_and_attributes
from tests.properties.markdown_inputs import markdown_documents

# nh3 adds rel to every link it keeps, and (as ammonia does by default) keeps
# the harmless lang and title on any allowed element.
GENERIC_ATTRIBUTES = {"lang", "title"}
EMITTED_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "a": ALLOWED_ATTRIBUTES["a"] | {"rel"}}


def off_the_allow_list(markup: str) -> set[tuple[str, str | None]]:
    return {
        (tag, attribute)
        for tag, attribute in tags_and_attributes(markup)
        if tag not in ALLOWED_TAGS
        or (
            attribute is not None
            and attribute not in EMITTED_ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES
        )
    }


@settings(max_examples=examples(250))
@given(markdown_documents)
@example('<a href="java&#x09;script&colon;alert(1)">x</a>')
@example("[x](\x01 JaVa&#115;cript:alert(1))")
@example("<img src=x onerror=alert(1)//><svg/onload=alert(1)>")
def test_rendered_hostile_markdown_runs_no_script(text):
    output = render_markdown(text)

    assert dangers(output) == []
    assert off_the_allow_list(output) == set()


@settings(max_examples=examples(300))
@given(st.text())
def test_rendered_arbitrary_text_runs_no_script(text):
    output = render_markdown(text)

    assert dangers(output) == []
    assert off_the_allow_list(output) == set()


# The checks above can fail -------------------------------------------------------


def test_the_grammar_reaches_script_when_nothing_sanitizes():
    """Without the allow-list, the same inputs soon produce executable markup."""
    unsafe = find(
        markdown_documents,
        lambda text: dangers(markdown_to_html(text)),
        settings=settings(max_examples=500, phases=[Phase.generate]),
    )
    assert dangers(markdown_to_html(unsafe))


def test_the_grammar_hides_schemes_that_the_checker_still_finds():
    """The grammar obfuscates schemes beyond a plain-text search of the output,
    and unsanitized, such a link is reported for the scheme a browser sees."""

    def hidden_dangerous_url(text):
        output = markdown_to_html(text)
        spelled_out = any(
            scheme in output.lower() for scheme in ("javascript", "vbscript", "data")
        )
        return not spelled_out and any(" URL in " in p for p in dangers(output))

    find(
        markdown_documents,
        hidden_dangerous_url,
        settings=settings(max_examples=2000, phases=[Phase.generate]),
    )


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ("<script>alert(1)</script>", "<script> element"),
        ("<SVG><circle/></SVG>", "<svg> element"),
        ('<img src="x" ONERROR="alert(1)">', "onerror= event handler on <img>"),
        ('<a href="javascript:alert(1)">x</a>', "javascript: URL in href= on <a>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript: URL in href= on <a>"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "javascript: URL in href= on <a>"),
        ('<a href="&#x6A;avascript:x">x</a>', "javascript: URL in href= on <a>"),
        ('<a href="java&#9;script:alert(1)">x</a>', "javascript: URL in href= on <a>"),
        ('<a href="java&NewLine;script:x">x</a>', "javascript: URL in href= on <a>"),
        ('<a href="javascript&colon;x">x</a>', "javascript: URL in href= on <a>"),
        ('<a href=" &#1;javascript:x">x</a>', "javascript: URL in href= on <a>"),
        ('<img src="vbscript:msgbox(1)">', "vbscript: URL in src= on <img>"),
        ('<img src="DATA:image/svg+xml,x">', "data: URL in src= on <img>"),
    ],
)
def test_the_checker_sees_what_a_browser_would_run(markup, problem):
    assert problem in dangers(markup)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        '<a href="&amp;#106;avascript:alert(1)">x</a>',
        '<a href="java&#0;script:alert(1)">x</a>',
        '<a href="/wiki/javascript:alert">x</a>',
        '<a href="https://example.org/?q=javascript:x" title="onerror">x</a>',
        "<p>onclick=alert(1)</p>",
    ],
)
def test_the_checker_leaves_inert_markup_alone(markup):
    assert dangers(markup) == []
