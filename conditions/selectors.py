"""Reads for the public condition pages: the A–Z index and a condition's questions."""

import unicodedata
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet

from articles.models import Question
from conditions.models import Condition

OTHER_LETTER = "#"
OTHER_ANCHOR = "other"


@dataclass
class LetterGroup:
    """The conditions listed under one letter of the A–Z index."""

    letter: str
    conditions: list[Condition] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return OTHER_ANCHOR if self.letter == OTHER_LETTER else self.letter


def index_letter(name: str) -> str:
    """The A–Z letter a name is listed under: its first letter without accents.

    Names that start with a digit or a symbol are listed under "#".
    """
    first = unicodedata.normalize("NFKD", name.strip()[:1])[:1].upper()
    return first if "A" <= first <= "Z" else OTHER_LETTER


def _index_key(condition: Condition) -> tuple[bool, str, str]:
    letter = index_letter(condition.name)
    return (letter == OTHER_LETTER, letter, condition.name.casefold())


def conditions_by_letter() -> list[LetterGroup]:
    """Group the conditions that have a published answer by letter, A to Z then "#".

    Sorted in Python so that the order does not depend on the database collation.
    """
    conditions = Condition.objects.published().only("name", "slug", "other_names")
    groups: list[LetterGroup] = []
    for condition in sorted(conditions, key=_index_key):
        letter = index_letter(condition.name)
        if not groups or groups[-1].letter != letter:
            groups.append(LetterGroup(letter))
        groups[-1].conditions.append(condition)
    return groups


def questions_by_topic(condition: Condition) -> list[tuple[str, list[Question]]]:
    """Group a condition's published questions by topic, in the order of the topics.

    Within a topic, questions follow their position, then their text.
    """
    questions = (
        Question.objects.published()
        .filter(condition=condition)
        .select_related("condition")
        .order_by("position", "text", "pk")
    )
    by_topic: dict[str, list[Question]] = {}
    for question in questions:
        by_topic.setdefault(question.topic, []).append(question)
    return [
        (label, by_topic[value])
        for value, label in Question.Topic.choices
        if value in by_topic
    ]


def published_conditions_with_last_updated() -> QuerySet[Condition]:
    """Every published condition, with ``last_updated_at``: the newest "Last
    updated" among its published answers."""
    return (
        Condition.objects.published()
        .only("slug", "updated_at")
        .annotate(
            last_updated_at=Max(
                "questions__answer__live__text_changed_at",
                filter=Q(questions__answer__live__archived_at__isnull=True),
            )
        )
        .order_by("name")
    )
