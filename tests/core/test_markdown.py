"""The one markdown renderer keeps formatting and removes anything executable."""

import pytest

from core.markdown import (
    MAX_NESTING_DEPTH,
    markdown_to_html,
    render_markdown,
    render_markdown_changes,
    render_plain_text,
)
from core.markdown_input import padding_budget
from reviews.diff import word_diff
from tests.diseasemaps.html_checks import (
    XSS_PAYLOADS,
    elements,
    executable_markup,
    url_scheme,
)


def test_the_corpus_is_large_enough_to_mean_something():
    assert len(XSS_PAYLOADS) >= 25
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_never_outputs_executable_markup(payload):
    assert executable_markup(render_markdown(payload)) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_inside_ordinary_text_is_neutralised_too(payload):
    text = f"Some **bold** text.\n\n{payload}\n\n- a list item\n- [a link](https://example.org)"
    output = render_markdown(text)
    assert executable_markup(output) == []
    assert "<strong>bold</strong>" in output


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
    ],
)
def test_the_checker_itself_catches_what_it_looks_for(payload):
    """Without sanitising, the same payloads are caught: the checks can fail."""
    assert executable_markup(markdown_to_html(payload)) != []


def test_entity_encoded_scheme_is_decoded_before_it_is_judged():
    assert url_scheme("&#106;avascript:alert(1)") == "javascript"
    assert url_scheme("java\tscript:alert(1)") == "javascript"
    assert url_scheme("java&#10;script:alert(1)") == "javascript"
    assert url_scheme(" \x01javascript:alert(1)") == "javascript"
    assert url_scheme("java   script:alert(1)") is None  # a relative URL, inert
    assert url_scheme("/media/uploads/a.png") is None


def test_markdown_formatting_survives_sanitising():
    output = render_markdown(
        "## Causes\n\nText with *emphasis*, **strong** and `code`.\n\n"
        "1. first\n2. second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted"
    )
    for fragment in (
        "<h2>Causes</h2>",
        "<em>emphasis</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        "<ol>",
        "<table>",
        "<blockquote>",
    ):
        assert fragment in output


def test_safe_links_and_images_are_kept_with_a_safe_rel():
    output = render_markdown(
        "[study](https://example.org/study) and ![chart](/media/uploads/chart.png)"
    )
    (link,) = elements(output, "a")
    (image,) = elements(output, "img")
    assert link["href"] == "https://example.org/study"
    assert "noopener" in link["rel"]
    assert image["src"] == "/media/uploads/chart.png"
    assert image["alt"] == "chart"


def test_markdown_cannot_make_a_second_h1():
    assert elements(render_markdown("# A heading\n\n<h1>Another</h1>"), "h1") == []


def test_text_that_is_not_valid_unicode_still_renders():
    assert render_markdown("a\ud800 **b**\x00") == "<p>a? <strong>b</strong>\ufffd</p>"


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_plain_text_is_the_rendered_words_without_markup():
    text = render_plain_text(
        "## Cause\n\nThe **cause** is [unknown](https://example.org) &amp; "
        "debated.\n\n- one\n- two\n\n`<b>code</b>` <i>raw</i>"
    )

    assert text == "Cause The cause is unknown & debated. one two <b>code</b> raw"


def test_plain_text_drops_what_the_allow_list_removes():
    text = render_plain_text("Before <script>alert(1)</script> after <style>x</style>")

    assert text == "Before after"


def test_plain_text_of_nothing_is_empty():
    assert render_plain_text("") == ""


def test_an_unclosed_style_tag_does_not_drop_the_rest_of_the_text():
    output = render_markdown(
        "Before <style>\n\nThe **rest** of the text.\n\n- a list item"
    )

    assert "<strong>rest</strong> of the text." in output
    assert "<li>a list item</li>" in output
    assert "&lt;style&gt;" in output
    assert elements(output, "style") == []


@pytest.mark.parametrize("tag", ["script", "STYLE", "textarea", "title", "xmp"])
def test_any_unclosed_raw_text_tag_keeps_the_text_after_it(tag):
    output = render_plain_text(f"<{tag}>\n\nStill here.")

    assert output == f"<{tag}> Still here."


def test_a_closed_style_element_is_still_removed_with_its_content():
    assert render_plain_text("a <style>p { color: red }</style> b") == "a b"


def test_footnotes_and_tables_still_render():
    output = render_markdown(
        "Text.[^1]\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n[^1]: A note."
    )

    assert (
        '<sup><a href="#fn-1" rel="noopener noreferrer nofollow">1</a></sup>' in output
    )
    assert "<p>A note." in output
    assert '<th align="left">a</th>' in output
    assert '<td align="right">2</td>' in output


def test_definition_list_syntax_is_plain_text():
    """The dialect has no definition lists: the words stay, as a paragraph."""
    assert render_markdown("Term\n: Definition") == "<p>Term\n: Definition</p>"


@pytest.mark.parametrize("opening", ["<div>", "<style>", "<!--", "<pre>", "> <div>"])
def test_a_line_starting_with_a_tag_is_still_markdown(opening):
    output = render_markdown(f"{opening}\n**bold** and *more*\n\n- an item")

    assert "<strong>bold</strong> and <em>more</em>" in output
    assert "<li>an item</li>" in output


def test_code_blocks_keep_their_tags_as_text_and_nothing_else():
    output = render_markdown("```\n<div>\n  <b>x</b>\n```")

    assert output == "<pre><code>&lt;div&gt;\n  &lt;b&gt;x&lt;/b&gt;\n</code></pre>"


def test_nesting_stops_at_twenty_and_the_rest_stays_text():
    output = render_markdown("> " * 25 + "deep")

    assert output.count("<blockquote>") == 20
    assert "&gt; &gt; &gt; &gt; &gt; deep" in output


def test_raw_html_nesting_stops_at_the_limit_and_the_text_stays():
    output = render_markdown("<b>" * 300 + "inside" + "</b>" * 300 + "\n\n**after**")

    # The paragraph around them is the first of the elements that nest.
    assert output.count("<b>") == MAX_NESTING_DEPTH - 1
    assert "inside" in output
    assert "<strong>after</strong>" in output


def test_short_rows_pad_a_table_only_up_to_a_budget():
    columns = 200
    table = "|h" * columns + "|\n" + "|-" * columns + "|\n" + "|x\n" * 100
    output = render_markdown(table)

    assert output.count("<td") <= padding_budget(table) + 100
    assert output.count("x") == 100


def test_ordinary_tables_are_not_cut_by_the_budget():
    table = "| a | b | c |\n|---|---|---|\n" + "| 1 | |\n" * 500
    assert render_markdown(table).count("<td></td>") == 1000


# Rendered changes ---------------------------------------------------------------


def changes(old: str, new: str) -> str:
    return str(
        render_markdown_changes(word_diff(old, new), added="added:", removed="removed:")
    )


def test_changes_render_as_readers_see_them_with_words_for_each_change():
    html = changes("Take **1 tablet** a day.", "Take **10 tablets** a day.")

    assert html == (
        "<p>Take <strong>"
        '<del><span class="visually-hidden">removed: </span>1 tablet</del>'
        '<ins><span class="visually-hidden">added: </span>10 tablets</ins>'
        "</strong> a day.</p>"
    )


def test_a_change_across_markup_stays_well_nested():
    html = changes("Some **bold** words.", "Some plain words.")

    assert "<strong><del>" in html
    assert html.count("<del>") == html.count("</del>")
    assert html.count("<strong>") == html.count("</strong>")


def test_a_change_across_paragraphs_is_marked_in_each():
    html = changes("One.\n\nTwo.", "One.\n\nTwo.\n\nThree, added.\n\nFour.")

    assert (
        '<p><ins><span class="visually-hidden">added: </span>Three, added.</ins></p>'
        in html
    )
    assert "Four</ins>" in html
    assert html.count("<p>") == html.count("</p>") == 4


def test_changed_markup_is_still_cleaned():
    html = changes(
        "Safe.", 'Safe. <script>alert(1)</script><a href="javascript:x">y</a>'
    )

    assert "<script" not in html
    assert "javascript:" not in html
    assert "\ue000" not in html and "\ue002" not in html


def test_a_changed_link_keeps_a_clean_address():
    html = changes("[a](https://example.org/old)", "[a](https://example.org/new)")

    assert 'href="https://example.org/' in html
    assert "\ue000" not in html and "\ue001" not in html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_changes_never_output_executable_markup(payload):
    assert executable_markup(changes("Some text.", f"Some text. {payload}")) == []
    assert executable_markup(changes(f"Old {payload} text.", "New text.")) == []
