"""Reads for the public pages: home, A–Z, condition and answer pages.

Everything here reads the live copy (``PublishedAnswer``). The working copy is
joined only to reach it, and none of its fields is shown.
"""

import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from articles.models import (
    Answer,
    AnswerRevision,
    Disclaimer,
    PublishedAnswer,
    Question,
)
from conditions.models import Condition

RECENTLY_UPDATED_COUNT = 10
# The one row of the site disclaimer (created by a migration).
SITE_DISCLAIMER_PK = 1
DOI_RESOLVER = "https://doi.org/"
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
LINKABLE_SCHEMES = {"http", "https"}
OTHER_LETTER = "#"
OTHER_ANCHOR = "other"


def published_conditions() -> QuerySet[Condition]:
    """Conditions with at least one question the public may read."""
    return Condition.objects.filter(
        pk__in=Question.objects.published().values("condition_id")
    )


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
    conditions = published_conditions().only("name", "slug", "other_names")
    groups: list[LetterGroup] = []
    for condition in sorted(conditions, key=_index_key):
        letter = index_letter(condition.name)
        if not groups or groups[-1].letter != letter:
            groups.append(LetterGroup(letter))
        groups[-1].conditions.append(condition)
    return groups


def review_overdue(as_of: datetime.date, path: str = "") -> ExpressionWrapper:
    """True where the live copy (reached by ``path``) was due for review
    before ``as_of``: the annotation public listings mark overdue answers by."""
    return ExpressionWrapper(
        Q(**{f"{path}review_due_on__lt": as_of}), output_field=BooleanField()
    )


def questions_by_topic(
    condition: Condition, *, as_of: datetime.date
) -> list[tuple[str, list[Question]]]:
    """Group a condition's published questions by topic, in the order of the topics.

    Within a topic, questions follow their position, then their text. Each
    carries ``live_text`` (the question as published), ``review_due_on`` and
    ``review_overdue`` (the review was due before ``as_of``).
    """
    questions = (
        Question.objects.published()
        .filter(condition=condition)
        .select_related("condition")
        .only("slug", "topic", "condition__slug")
        .annotate(
            live_text=F("answer__live__question_text"),
            review_due_on=F("answer__live__review_due_on"),
            review_overdue=review_overdue(as_of, "answer__live__"),
        )
        .order_by("position", "live_text", "pk")
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
        published_conditions()
        .only("slug", "updated_at")
        .annotate(
            last_updated_at=Max(
                "questions__answer__live__text_changed_at",
                filter=Q(questions__answer__live__archived_at__isnull=True),
            )
        )
        .order_by("name")
    )


def recently_updated_questions(
    *, limit: int = RECENTLY_UPDATED_COUNT
) -> QuerySet[Question]:
    """Published questions whose live text changed most recently ("Last updated").

    Each carries what a listing of them shows: the live copy's question, TL;DR,
    "Last updated" and whether it was a correction, and the condition's name;
    no text of either copy.
    """
    return (
        Question.objects.published()
        .select_related("condition", "answer__live")
        .only(
            "slug",
            "condition__name",
            "condition__slug",
            "answer__live__question_text",
            "answer__live__tldr",
            "answer__live__text_changed_at",
            "answer__live__is_correction",
        )
        .order_by("-answer__live__text_changed_at", "pk")[:limit]
    )


def home_page() -> dict:
    """The home page: conditions A–Z and the recently updated answers."""
    return {
        "letter_groups": conditions_by_letter(),
        "recent_questions": recently_updated_questions(),
    }


# What the answer page shows of each row it reads (its text, JSON-LD, links and
# validators): the markdown sources, the working copy's text and the sign-off's
# fingerprint and comment stay in the database.
ANSWER_PAGE_FIELDS = [
    "slug",
    "updated_at",
    "condition__name",
    "condition__slug",
    "condition__other_names",
    "condition__icd10_code",
    "condition__orpha_code",
    "condition__extra_disclaimer",
    "condition__updated_at",
    "answer__live__question_text",
    "answer__live__kind_label",
    "answer__live__tldr",
    "answer__live__body_html",
    "answer__live__references_html",
    "answer__live__published_at",
    "answer__live__text_changed_at",
    "answer__live__review_due_on",
    "answer__live__last_review__signed_at",
    "answer__live__last_review__reviewer_name",
    "answer__live__last_review__reviewer_credentials",
    "answer__live__last_review__registration_body",
    "answer__live__last_review__registration_country",
    "answer__live__last_review__registration_number",
    "answer__live__last_review__registration_valid_until",
    "answer__live__last_review__reviewer_profile__slug",
    "answer__live__last_review__reviewer_profile__specialty",
    "answer__live__last_review__reviewer_profile__updated_at",
]


def published_question(*, condition_slug: str, question_slug: str) -> Question | None:
    """The published question with everything its answer page shows, in one query.

    ``question.answer.live`` is the live copy; ``live.last_review`` its latest
    approving or re-certifying sign-off, with the reviewer's profile;
    ``first_published_at`` when the answer was first published (its first
    revision in the published state); the site disclaimer's HTML and its
    time of change (see :func:`answer_page_disclaimer`). Only the columns the
    page shows are read (:data:`ANSWER_PAGE_FIELDS`): the live copy's HTML, not
    its markdown.
    """
    first_publication = AnswerRevision.objects.filter(
        answer=OuterRef("answer"), state=Answer.State.PUBLISHED
    ).order_by("revision__date_created", "pk")
    site_disclaimer = Disclaimer.objects.filter(pk=SITE_DISCLAIMER_PK)
    return (
        Question.objects.published()
        .filter(condition__slug=condition_slug, slug=question_slug)
        .select_related("condition", "answer__live__last_review__reviewer_profile")
        .only(*ANSWER_PAGE_FIELDS)
        .annotate(
            first_published_at=Subquery(
                first_publication.values("revision__date_created")[:1]
            ),
            # The disclaimer rides on the same query: one round trip fewer.
            disclaimer_html=Subquery(site_disclaimer.values("text_html")),
            disclaimer_updated_at=Subquery(site_disclaimer.values("updated_at")),
        )
        .first()
    )


def archived_question(*, condition_slug: str, question_slug: str) -> Question | None:
    """The question whose answer was taken off the site, if that is what the URL is.

    Annotated with ``condition_is_published`` so that the 410 page links to the
    condition only when its page exists, and with ``live_text``: the question
    as it was last published.
    """
    return (
        Question.objects.archived()
        .filter(condition__slug=condition_slug, slug=question_slug)
        .select_related("condition")
        .annotate(
            condition_is_published=Exists(
                Question.objects.published().filter(condition=OuterRef("condition"))
            ),
            live_text=F("answer__live__question_text"),
        )
        .first()
    )


def answer_page_disclaimer(question: Question) -> Disclaimer | None:
    """The site disclaimer as the answer page shows it (its HTML, not its
    markdown), read with the page's question by :func:`published_question`."""
    if question.disclaimer_updated_at is None:
        return None
    return Disclaimer(
        pk=SITE_DISCLAIMER_PK,
        text_html=question.disclaimer_html,
        updated_at=question.disclaimer_updated_at,
    )


def _linkable_url(url: str) -> str:
    """The URL if a reader can safely follow it (http or https), else ""."""
    # Nearly every URL starts so, which settles its scheme without parsing it:
    # a page of the content API links hundreds.
    if url.startswith(("https://", "http://")):
        return url
    return url if urlsplit(url.strip()).scheme.lower() in LINKABLE_SCHEMES else ""


def _doi(value: str) -> str:
    """A bare DOI ("10.1000/x"), also when it was entered as a doi.org URL."""
    value = value.strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            return value[len(prefix) :].strip()
    return value


def reference_links(reference: dict) -> dict:
    """The links a reader can follow from a reference (as fingerprinted), each
    "" when it has none: its URL (http or https only), https://doi.org/ for its
    DOI and PubMed for a numeric PMID."""
    doi = _doi(reference.get("doi") or "")
    pmid = (reference.get("pmid") or "").strip()
    return {
        "url": _linkable_url(reference.get("url") or ""),
        "doi_url": DOI_RESOLVER + quote(doi, safe="/") if doi else "",
        "pubmed_url": PUBMED_URL.format(pmid=pmid) if pmid.isdigit() else "",
    }


def linked_references(references: Iterable[dict]) -> list[dict]:
    """References (as fingerprinted), in order, with the links a reader can
    follow (:func:`reference_links`)."""
    return [
        {
            "title": reference.get("title") or "",
            "source": reference.get("source") or "",
            "year": reference.get("year"),
            "doi": _doi(reference.get("doi") or ""),
            "pmid": (reference.get("pmid") or "").strip(),
            **reference_links(reference),
        }
        for reference in references
    ]


def latest_listed_change() -> datetime.datetime | None:
    """The newest change among the pages the home page and the A–Z index list:
    the published conditions (their own edits) and the answers (their "Last
    updated"), in one query over the live copies on the site."""
    latest = PublishedAnswer.objects.filter(archived_at__isnull=True).aggregate(
        text=Max("text_changed_at"),
        condition=Max("answer__question__condition__updated_at"),
    )
    return max(filter(None, latest.values()), default=None)


def published_questions_with_last_updated() -> QuerySet[Question]:
    """Every published question, with its answer's "Last updated" as
    ``last_updated_at``."""
    return (
        Question.objects.published()
        .select_related("condition")
        .only("slug", "condition__slug")
        .annotate(last_updated_at=F("answer__live__text_changed_at"))
        .order_by("condition__name", "position", "pk")
    )
