"""The texts of a search document, taken from a live copy, its question and condition.

Pure: it reads only the attributes of the objects given, so the migration that
first fills the search documents uses it with historical models too.
"""

from core.markdown import render_plain_text
from search.highlight import without_markers


def condition_names(name: str, other_names: str) -> str:
    """The condition's name, then each of its other names, one per line."""
    names = [name, *other_names.splitlines()]
    return "\n".join(name.strip() for name in names if name.strip())


def document_fields(live, *, question_text: str) -> dict[str, str]:
    """The plain texts that search matches and shows for one live copy.

    ``question_text`` is the question as published: the live copy's own
    (``live.question_text``) since live copies keep it.
    """
    condition = live.answer.question.condition
    fields = {
        "question_text": question_text,
        "condition_names": condition_names(condition.name, condition.other_names),
        "tldr": live.tldr,
        "body_text": render_plain_text(live.body),
    }
    return {name: without_markers(text) for name, text in fields.items()}
