"""Readability figures for the reviewer, with long sentences flagged."""

from reviews.readability import (
    LONG_SENTENCE_WORDS,
    readability_of_markdown,
    readability_of_plain_text,
    sentences,
)


def sentence_of(words: int) -> str:
    return " ".join(["Word", *["word"] * (words - 1)]) + "."


LONG = sentence_of(LONG_SENTENCE_WORDS + 1)


def test_short_plain_sentences_read_as_easy():
    figures = readability_of_plain_text("The cause is not known. It is rare.")

    assert figures.ease is not None and figures.ease >= 80
    assert figures.description == "easy to read"
    assert (figures.words, figures.sentences, figures.long_sentences) == (8, 2, [])


def test_long_technical_text_reads_as_difficult():
    figures = readability_of_plain_text(
        "Immunohistochemical characterisation demonstrated predominantly "
        "perivascular lymphocytic infiltration, suggesting autoimmune "
        "pathophysiological mechanisms underlying progressive hemifacial atrophy."
    )

    assert figures.ease < 30
    assert figures.description == "very difficult"
    assert figures.grade > 12


def test_a_sentence_over_the_limit_is_flagged_and_one_at_it_is_not():
    at_limit = sentence_of(LONG_SENTENCE_WORDS)

    figures = readability_of_plain_text(f"{at_limit} {LONG} Short one.")

    assert [sentence.words for sentence in figures.long_sentences] == [
        LONG_SENTENCE_WORDS + 1
    ]


def test_markdown_is_read_as_its_words_and_blocks():
    figures = readability_of_markdown(
        f"## Cause\n\nThe **cause** is [unknown](https://example.org).\n\n- {LONG}\n- b"
    )

    assert figures.sentences == 4
    assert figures.long_sentences[0].text == LONG
    assert "**" not in figures.long_sentences[0].text


def test_empty_text_has_no_figures():
    figures = readability_of_markdown("  ")

    assert (figures.ease, figures.grade, figures.words) == (None, None, 0)


def test_sentences_split_at_full_stops_not_inside_numbers():
    assert sentences("It affects 1.5 in 10,000 people. Most are children!") == [
        "It affects 1.5 in 10,000 people.",
        "Most are children!",
    ]
