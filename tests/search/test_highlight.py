"""Hits are marked in plain text, and marked text becomes HTML only escaped."""

from search.highlight import (
    ELLIPSIS,
    EXCERPT_LENGTH,
    HIT_END,
    HIT_START,
    excerpt,
    mark_terms,
    marked_html,
)


def marked(text: str) -> str:
    return f"{HIT_START}{text}{HIT_END}"


def test_marked_html_escapes_everything_then_marks_the_hits():
    text = f'<b>a</b> & "q" {marked("x<y")} tail <script>'

    assert marked_html(text) == (
        "&lt;b&gt;a&lt;/b&gt; &amp; &quot;q&quot; "
        "<mark>x&lt;y</mark> tail &lt;script&gt;"
    )


def test_marked_html_drops_unpaired_markers():
    assert marked_html(f"a{HIT_START}b") == "ab"
    assert marked_html(f"a{HIT_END}b{marked('c')}") == "ab<mark>c</mark>"


def test_marked_html_of_text_without_hits_is_the_escaped_text():
    assert marked_html("5 < 6") == "5 &lt; 6"


def test_mark_terms_is_case_insensitive_and_keeps_the_text_as_written():
    assert mark_terms("Atrophy and atrophic", ["ATROPH"]) == (
        f"{marked('Atroph')}y and {marked('atroph')}ic"
    )


def test_mark_terms_prefers_the_longest_term_and_escapes_patterns():
    assert mark_terms("hemifacial (a+b)", ["hemi", "hemifacial", "(a+b)"]) == (
        f"{marked('hemifacial')} {marked('(a+b)')}"
    )
    assert mark_terms("text", []) == "text"


def test_excerpt_centres_on_the_first_hit_and_cuts_at_spaces():
    text = " ".join(f"word{n}" for n in range(200)) + " keratitis " + "end " * 200

    snippet = excerpt(text, ["keratitis"])

    assert snippet.startswith(ELLIPSIS + " word")
    assert snippet.endswith(" " + ELLIPSIS)
    assert marked("keratitis") in snippet
    assert len(snippet) <= EXCERPT_LENGTH + 6
    words = snippet.split()[1:-1]
    assert all(word in text.split() or HIT_START in word for word in words)


def test_excerpt_without_a_hit_is_the_start_of_the_text():
    assert excerpt("Short text.", ["absent"]) == "Short text."
    long_text = "word " * 100
    assert excerpt(long_text, ["absent"]).startswith("word word")
    assert excerpt(long_text, ["absent"]).endswith(ELLIPSIS)


def test_excerpt_of_text_without_spaces_still_has_the_hit():
    text = "x" * 500 + "keratitis" + "y" * 500

    assert marked("keratitis") in excerpt(text, ["keratitis"])
