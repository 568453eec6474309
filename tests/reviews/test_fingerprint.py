"""The SHA-256 fingerprint of the reviewed fields."""

import copy

import pytest

from reviews.fingerprint import (
    CHANGE_NOTE_SCHEME,
    CURRENT_SCHEME,
    TEXT_ONLY_SCHEME,
    WHOLE_ANSWER_SCHEME,
    UnknownSchemeError,
    fingerprint,
)

REFERENCES = [
    {
        "title": "Natural history of an example syndrome",
        "source": "Orphanet Journal of Rare Diseases",
        "year": 2021,
        "url": "https://example.org/natural-history",
        "doi": "10.1000/nh.2021",
        "pmid": "33000001",
    },
    {"title": "A second source", "source": "", "year": None, "url": "", "doi": ""},
]
TEXT = {
    "question": "What causes it?",
    "kind_label": "Short answer",
    "tldr": "The short answer.",
    "body": "The **full** answer.",
    "references": [],
}


def of(**changes):
    text = copy.deepcopy({**TEXT, "references": REFERENCES})
    text.update(changes)
    return fingerprint(**text)


def test_fingerprint_is_a_sha256_hex_digest():
    value = of()

    assert len(value) == 64
    assert set(value) <= set("0123456789abcdef")


def test_fingerprint_is_stable_for_the_same_text():
    assert of() == of()
    assert of() == (
        fingerprint(
            question="What causes it?",
            kind_label="Short answer",
            tldr="The short answer.",
            body="The **full** answer.",
            references=[dict(reversed(list(ref.items()))) for ref in REFERENCES],
        )
    )


def test_fingerprint_ignores_line_ending_style():
    assert of(body="One.\r\nTwo.", tldr="A.\r\nB.") == of(
        body="One.\nTwo.", tldr="A.\nB."
    )


def test_fingerprint_ignores_fields_that_are_not_reviewed():
    with_extras = [{**ref, "id": 7, "position": 3} for ref in REFERENCES]

    assert of(references=with_extras) == of()


@pytest.mark.parametrize(
    "changes",
    [
        {"question": "What causes it, exactly?"},
        {"kind_label": "Approved by the FDA"},
        {"tldr": "The short answer!"},
        {"body": "The **full** answer. "},
        {"body": "The *full* answer."},
        {"tldr": "The full answer.", "body": "The short answer."},
        {"references": REFERENCES[:1]},
        {"references": list(reversed(REFERENCES))},
        {"references": [*REFERENCES, {"title": "A third source"}]},
    ],
)
def test_fingerprint_changes_with_any_reviewed_change(changes):
    assert of(**changes) != of()


@pytest.mark.parametrize("field", ["title", "source", "year", "url", "doi", "pmid"])
def test_fingerprint_changes_with_any_reference_field(field):
    references = copy.deepcopy(REFERENCES)
    references[0][field] = 1999 if field == "year" else "changed"

    assert of(references=references) != of()


def test_fingerprint_tells_a_missing_year_from_year_zero():
    references = copy.deepcopy(REFERENCES)
    references[1]["year"] = 0

    assert of(references=references) != of()


def test_fingerprint_separates_tldr_from_body():
    assert of(tldr="ab", body="c") != of(tldr="a", body="bc")


def test_fingerprint_separates_question_from_label():
    assert of(question="ab", kind_label="c") != of(question="a", kind_label="bc")


# Schemes ------------------------------------------------------------------------

# Computed by the fingerprint function before schemes existed: every sign-off
# given then carries a fingerprint like this, and must keep verifying.
SCHEME_1_EXAMPLE = "1fd16286ad83f5215056626d398c3785a8d6acef2fe38385e4df13f978e9b9b4"


def test_scheme_1_is_the_fingerprint_every_earlier_sign_off_carries():
    assert (
        fingerprint(
            question="Ignored by scheme 1?",
            kind_label="Ignored too",
            tldr="Take 1 tablet a day.",
            body="The **full** answer.",
            references=REFERENCES[:1],
            scheme=TEXT_ONLY_SCHEME,
        )
        == SCHEME_1_EXAMPLE
    )


def test_scheme_1_does_not_see_the_question_or_the_label():
    old = {"scheme": TEXT_ONLY_SCHEME}
    assert of(question="Another?", kind_label="Other", **old) == of(**old)


def test_the_current_scheme_is_3_and_differs_from_schemes_1_and_2():
    assert CURRENT_SCHEME == CHANGE_NOTE_SCHEME == 3
    assert of() == of(scheme=CHANGE_NOTE_SCHEME)
    assert of() != of(scheme=WHOLE_ANSWER_SCHEME)
    assert of() != of(scheme=TEXT_ONLY_SCHEME)


def test_an_unknown_scheme_is_refused():
    with pytest.raises(UnknownSchemeError):
        of(scheme=4)


# Computed by the fingerprint function when scheme 2 was the current one.
SCHEME_2_EXAMPLE = "101dc669c58b21e6321a336971363611e30d54604c72680fe3e9d214a09e5527"


def test_scheme_2_is_the_fingerprint_earlier_sign_offs_carry():
    assert (
        fingerprint(
            question="What causes it?",
            kind_label="Short answer",
            tldr="Take 1 tablet a day.",
            body="The **full** answer.",
            references=[
                {
                    "title": "T",
                    "source": "S",
                    "year": 2021,
                    "url": "",
                    "doi": "",
                    "pmid": "",
                }
            ],
            change_note="Ignored by scheme 2.",
            scheme=WHOLE_ANSWER_SCHEME,
        )
        == SCHEME_2_EXAMPLE
    )


def test_scheme_3_covers_the_public_change_note():
    assert of(change_note="Added a study.") != of(change_note="Added two studies.")
    assert of(change_note="a\r\nb") == of(change_note="a\nb")
    old = {"scheme": WHOLE_ANSWER_SCHEME}
    assert of(change_note="Added a study.", **old) == of(**old)
