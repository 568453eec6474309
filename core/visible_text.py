"""What of a text a reader can see, for rules about names and short texts.

Unicode has characters that show nothing: controls, format characters (the
zero-width space and joiners, the bidirectional overrides that reverse how the
text after them is shown) and a few letters that draw as blanks. A text made
of them looks empty, and a name with them can look like another name.
"""

import unicodedata

# Letters and symbols that Unicode classes as visible but that draw as blanks.
BLANK_LOOKING = frozenset(
    "\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180e\u2060\ufeff"
)
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs"})


def is_invisible(character: str) -> bool:
    """Whether ``character`` is a control, a format character or a blank letter."""
    return (
        unicodedata.category(character) in INVISIBLE_CATEGORIES
        or character in BLANK_LOOKING
    )


def visible_characters(text: str) -> str:
    """``text`` without its invisible characters and without any whitespace."""
    return "".join(
        character
        for character in text
        if not character.isspace() and not is_invisible(character)
    )


def normalized_name(name: str) -> str:
    """A name as it is stored and compared: NFKC, without invisible characters,
    with each run of whitespace made one space.

    NFKC folds look-alike forms (full-width letters, ligatures, the ``ℳ`` of
    mathematical alphabets) into the plain letters they look like.
    """
    folded = unicodedata.normalize("NFKC", name)
    kept = "".join(character for character in folded if not is_invisible(character))
    return " ".join(kept.split())
