"""Reads for the public home and answer pages.

Everything here reads the live copy (``PublishedAnswer``). The working copy is
joined only to reach it, and none of its fields is shown.
"""

import datetime
from urllib.parse import quote, urlsplit

from django.db.models import Exists, F, Max, OuterRef, QuerySet

from articles.models import Disclaimer, PublishedAnswer, Question
from conditions.selectors import conditions_by_letter

RECENTLY_UPDATED_COUNT = 10
DOI_RESOLVER = "https://doi.org/"
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
LINKABLE_SCHEMES = {"http", "https"}


def recently_updated_questions(
    *, limit: int = RECENTLY_UPDATED_COUNT
) -> QuerySet[Question]:
    """Published questions whose live text changed most recently ("Last updated")."""
    return (
        Question.objects.published()
        .select_related("condition", "answer__live")
        .order_by("-answer__live__text_changed_at", "pk")[:limit]
    )


def home_page() -> dict:
    """The home page: conditions A–Z and the recently updated answers."""
    return {
        "letter_groups": conditions_by_letter(),
        "recent_questions": recently_updated_questions(),
    }


def published_question(*, condition_slug: str, question_slug: str) -> Question | None:
    """The published question with everything its answer page shows, in one query.

    ``question.answer.live`` is the live copy; ``live.last_review`` its latest
    approving or re-certifying sign-off, with the reviewer's profile.
    """
    return (
        Question.objects.published()
        .filter(condition__slug=condition_slug, slug=question_slug)
        .select_related("condition", "answer__live__last_review__reviewer_profile")
        .first()
    )


def archived_question(*, condition_slug: str, question_slug: str) -> Question | None:
    """The question whose answer was taken off the site, if that is what the URL is.

    Annotated with ``condition_is_published`` so that the 410 page links to the
    condition only when its page exists.
    """
    return (
        Question.objects.archived()
        .filter(condition__slug=condition_slug, slug=question_slug)
        .select_related("condition")
        .annotate(
            condition_is_published=Exists(
                Question.objects.published().filter(condition=OuterRef("condition"))
            )
        )
        .first()
    )


def site_disclaimer() -> Disclaimer | None:
    return Disclaimer.objects.filter(pk=1).first()


def _linkable_url(url: str) -> str:
    """The URL if a reader can safely follow it (http or https), else ""."""
    return url if urlsplit(url.strip()).scheme.lower() in LINKABLE_SCHEMES else ""


def _doi(value: str) -> str:
    """A bare DOI ("10.1000/x"), also when it was entered as a doi.org URL."""
    value = value.strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            return value[len(prefix) :].strip()
    return value


def _reference_links(reference: dict) -> dict:
    doi = _doi(reference.get("doi") or "")
    pmid = (reference.get("pmid") or "").strip()
    return {
        "title": reference.get("title") or "",
        "source": reference.get("source") or "",
        "year": reference.get("year"),
        "url": _linkable_url(reference.get("url") or ""),
        "doi": doi,
        "doi_url": DOI_RESOLVER + quote(doi, safe="/") if doi else "",
        "pmid": pmid,
        "pubmed_url": PUBMED_URL.format(pmid=pmid) if pmid.isdigit() else "",
    }


def public_references(live: PublishedAnswer) -> list[dict]:
    """The live copy's references, in order, with the links a reader can follow.

    A reference links to its URL (http or https only), to https://doi.org/ for
    its DOI and to PubMed for a numeric PMID.
    """
    return [_reference_links(reference) for reference in live.references]


def latest_text_change() -> datetime.datetime | None:
    """When the text of any answer on the site last changed (its "Last updated")."""
    return PublishedAnswer.objects.filter(archived_at__isnull=True).aggregate(
        latest=Max("text_changed_at")
    )["latest"]


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
