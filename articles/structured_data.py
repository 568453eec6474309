"""Schema.org JSON-LD for the public pages, built as dicts and embedded safely.

Reads only what the public page itself shows: the live copy of an answer, the
sign-off behind its "last reviewed" (with the reviewer's name and credentials
as they were when they signed), the question and its condition. Nothing here
touches the working copy or queries the database.
"""

import datetime
import json
from collections.abc import Callable

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Question
from conditions.models import Condition

SCHEMA_ORG = "https://schema.org"
LANGUAGE = "en"
CODING_SYSTEMS = (("icd10_code", "ICD-10"), ("orpha_code", "ORPHA"))
# As Django's json_script: no "<", ">" or "&" reaches the page, so no text in
# the data can close the <script> element or open an HTML comment in it.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _iso_date(moment: datetime.datetime) -> str:
    """The date as the page shows it ("Last updated: YYYY-MM-DD")."""
    return timezone.localdate(moment).isoformat()


def medical_condition(condition: Condition, *, url: str) -> dict:
    """A ``MedicalCondition``: its name, other names and codes, at its page's URL."""
    data = {"@type": "MedicalCondition", "name": condition.name, "url": url}
    if condition.other_names_list:
        data["alternateName"] = condition.other_names_list
    codes = [
        {"@type": "MedicalCode", "codeValue": code, "codingSystem": system}
        for field, system in CODING_SYSTEMS
        if (code := getattr(condition, field))
    ]
    if codes:
        data["code"] = codes
    return data


def condition_page(condition: Condition, *, url: str) -> dict:
    """The JSON-LD document of a condition page."""
    return {"@context": SCHEMA_ORG, **medical_condition(condition, url=url)}


def reviewer(sign_off, *, absolute_url: Callable[[str], str]) -> dict:
    """The reviewer of a sign-off as a schema.org ``Person``.

    Name and credentials are the sign-off's snapshot, as the review box shows
    them. Credentials are post-nominal letters ("MD, PhD"), which is what
    ``honorificSuffix`` holds ("M.D./PhD/MSCSW"). ``hasCredential`` expects a
    structured ``EducationalOccupationalCredential`` (category, awarding body),
    which a reviewer profile does not record.
    """
    person = {"@type": "Person", "name": sign_off.reviewer_name}
    if sign_off.reviewer_credentials:
        person["honorificSuffix"] = sign_off.reviewer_credentials
    if sign_off.reviewer_profile is not None:
        person["url"] = absolute_url(sign_off.reviewer_profile.get_absolute_url())
    return person


def answer_page(question: Question, *, absolute_url: Callable[[str], str]) -> dict:
    """The JSON-LD document of an answer page: a ``MedicalWebPage``.

    ``dateModified`` is "Last updated" (when the live text last changed),
    ``lastReviewed`` the date of the latest approving or re-certifying
    sign-off, and the accepted answer is the live TL;DR. ``absolute_url``
    turns a path into a full URL (``request.build_absolute_uri``).
    """
    live = question.answer.live
    review = live.last_review
    condition = question.condition
    url = absolute_url(question.get_absolute_url())
    return {
        "@context": SCHEMA_ORG,
        "@type": "MedicalWebPage",
        "url": url,
        "name": live.question_text,
        "description": live.tldr,
        "inLanguage": LANGUAGE,
        "about": medical_condition(
            condition, url=absolute_url(condition.get_absolute_url())
        ),
        "dateModified": _iso_date(live.text_changed_at),
        "lastReviewed": _iso_date(review.signed_at),
        "reviewedBy": reviewer(review, absolute_url=absolute_url),
        "mainEntity": {
            "@type": "Question",
            "name": live.question_text,
            "answerCount": 1,
            "acceptedAnswer": {"@type": "Answer", "text": live.tldr, "url": url},
        },
    }


def script(data: dict) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` element.

    Django's ``json_script`` always writes ``type="application/json"``, which
    search engines do not read as JSON-LD, so its escaping is repeated here:
    ``<``, ``>`` and ``&`` become JSON unicode escapes, which parse back to the
    same text.
    """
    text = json.dumps(data).translate(SCRIPT_ESCAPES)
    # Safe: the text is JSON with every character that HTML could act on
    # inside a script element escaped, as json_script does it.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308  # nosec B308, B703
    )
