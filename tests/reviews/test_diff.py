"""The word-level diff the answer history shows."""

from itertools import pairwise

import pytest

from reviews.diff import (
    DELETE,
    EQUAL,
    INSERT,
    has_changes,
    reference_line,
    references_text,
    tokens,
    word_diff,
)


def rebuild(segments, *, keep):
    return "".join(text for op, text in segments if op in (EQUAL, keep))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The cause is unknown.", "The cause is genetic."),
        ("", "A new answer."),
        ("An old answer.", ""),
        (
            "Line one.\nLine two.\n\nLine four.",
            "Line one.\nLine 2.\n\nLine four.\nMore.",
        ),
        ("  leading and trailing  ", "leading and trailing"),
        ("same text", "same text"),
    ],
)
def test_segments_rebuild_both_texts(old, new):
    segments = word_diff(old, new)

    assert rebuild(segments, keep=DELETE) == old
    assert rebuild(segments, keep=INSERT) == new


def test_a_replaced_word_is_deleted_then_inserted():
    assert word_diff("The cause is unknown.", "The cause is genetic.") == [
        (EQUAL, "The cause is "),
        (DELETE, "unknown"),
        (INSERT, "genetic"),
        (EQUAL, "."),
    ]


def test_punctuation_next_to_a_word_does_not_hide_the_word():
    assert word_diff("Hello **world**", "Hello **world**, again.") == [
        (EQUAL, "Hello **world**"),
        (INSERT, ", again."),
    ]


def test_a_shared_line_break_stays_outside_the_change():
    assert word_diff("One\nTwo", "Uno\nTwo") == [
        (DELETE, "One"),
        (INSERT, "Uno"),
        (EQUAL, "\nTwo"),
    ]


def test_adjacent_segments_never_share_an_op():
    segments = word_diff("a b c d e f", "a x y d z f g")

    assert all(first[0] != second[0] for first, second in pairwise(segments))


def test_unchanged_text_has_no_changes():
    assert not has_changes(word_diff("Same words.", "Same words."))
    assert has_changes(word_diff("Same words.", "Other words."))


def test_long_texts_with_common_words_still_diff_by_word():
    old = " ".join(["the"] * 300 + ["unknown"])
    new = " ".join(["the"] * 300 + ["genetic"])

    assert word_diff(old, new)[1:] == [(DELETE, "unknown"), (INSERT, "genetic")]


def test_windows_line_endings_are_not_a_change():
    assert not has_changes(word_diff("One\r\nTwo", "One\nTwo"))


def test_markup_is_kept_as_text_for_the_template_to_escape():
    segments = word_diff("Plain", "<script>alert(1)</script>")

    assert (INSERT, "<script>alert(1)</script>") in segments


def test_tokens_keep_trailing_whitespace_and_split_punctuation():
    assert tokens("Hello  world\n") == ["Hello  ", "world\n"]
    assert tokens("Wörld, (ok)") == ["Wörld", ", ", "(", "ok", ")"]


def test_reference_is_one_line_with_its_identifiers():
    line = reference_line(
        {
            "title": "Natural history",
            "source": "Orphanet J Rare Dis",
            "year": 2021,
            "url": "https://example.org/nh",
            "doi": "10.1000/nh",
            "pmid": "33000001",
        }
    )

    assert line == (
        "Natural history · Orphanet J Rare Dis · 2021 · https://example.org/nh"
        " · doi:10.1000/nh · PMID:33000001"
    )
    assert reference_line({"title": "Only a title", "year": None}) == "Only a title"


def test_references_are_numbered_lines():
    text = references_text([{"title": "First"}, {"title": "Second"}])

    assert text == "1. First\n2. Second"
