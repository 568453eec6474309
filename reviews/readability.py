"""A plain-language readability figure for the reviewer: how hard the TL;DR and
the body are to read, and which sentences are long.

Pure: text in, figures out. The scores are textstat's formulas
(``textstat_rs``): Flesch reading ease (0-100, higher is easier) and the
Flesch-Kincaid school grade.
"""

import re
from dataclasses import dataclass, field

import textstat_rs
from django.utils.translation import gettext_lazy as _

from core.markdown import render_plain_text

# Plain-language guidance for health information aims at sentences of about
# 15-20 words; past 25 a sentence is flagged for the reviewer to look at.
LONG_SENTENCE_WORDS = 25

# Flesch reading ease bands, hardest first: (lowest score, description).
EASE_BANDS = (
    (80, _("easy to read")),
    (60, _("plain English")),
    (50, _("fairly difficult")),
    (30, _("difficult")),
    (float("-inf"), _("very difficult")),
)

# A sentence ends at ., ! or ? followed by space and a capital, digit or quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class LongSentence:
    text: str
    words: int


@dataclass(frozen=True)
class Readability:
    """Readability of one text: ``ease`` and ``grade`` are ``None`` when the
    text has no words."""

    ease: float | None
    grade: float | None
    description: str
    words: int
    sentences: int
    long_sentences: list[LongSentence] = field(default_factory=list)


def sentences(text: str) -> list[str]:
    """The sentences of plain text, block by block (a line break ends one)."""
    found = []
    for block in text.splitlines():
        found += [part.strip() for part in _SENTENCE_END.split(block) if part.strip()]
    return found


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def readability_of_plain_text(text: str) -> Readability:
    """The figures for plain text, such as a TL;DR."""
    found = sentences(text)
    words = sum(word_count(sentence) for sentence in found)
    if not words:
        return Readability(None, None, "", 0, 0)
    joined = " ".join(found)
    # The formula goes past 100 for very short words and sentences.
    ease = round(
        min(max(textstat_rs.flesch_reading_ease(joined, lang="en_GB"), 0), 100), 1
    )
    grade = round(textstat_rs.flesch_kincaid_grade(joined, lang="en_GB"), 1)
    description = next(label for lowest, label in EASE_BANDS if ease >= lowest)
    long_sentences = [
        LongSentence(sentence, word_count(sentence))
        for sentence in found
        if word_count(sentence) > LONG_SENTENCE_WORDS
    ]
    return Readability(ease, grade, str(description), words, len(found), long_sentences)


def readability_of_markdown(text: str) -> Readability:
    """The figures for markdown, read as its rendered words, paragraph by
    paragraph (headings and list items count as sentences of their own)."""
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.|#)\s)", text or "")
    plain = "\n".join(render_plain_text(block) for block in blocks)
    return readability_of_plain_text(plain)
