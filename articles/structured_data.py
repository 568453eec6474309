"""Schema.org JSON-LD for the public pages, built as dicts and embedded safely.

Reads only what the public page itself shows: the live copy of an answer, the
sign-off behind its "last reviewed" (with the reviewer's name, credentials and
registration as they were when they signed), the question and its condition.
Nothing here touches the working copy or queries the database.

Every type and property used is checked against the schema.org vocabulary, on
the type it is used on or a supertype (tests/articles/test_structured_data.py).
"""

import datetime
import json
from collections.abc import Callable

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Question
from conditions.models import Condition
from core.markdown import plain_text_of

SCHEMA_ORG = "https://schema.org"
LANGUAGE = "en"
SITE_NAME = "DiseaseMaps"
EDITORIAL_TEAM = "DiseaseMaps editorial team"
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


def organization(*, absolute_url: Callable[[str], str]) -> dict:
    """The site's publisher, an ``Organization``."""
    return {"@type": "Organization", "name": SITE_NAME, "url": absolute_url("/")}


def editorial_team(*, absolute_url: Callable[[str], str]) -> dict:
    """The author of every answer: the editorial team, an ``Organization``."""
    return {
        "@type": "Organization",
        "name": EDITORIAL_TEAM,
        "parentOrganization": organization(absolute_url=absolute_url),
    }


def registration_credential(
    *, body: str, country: str, number: str, valid_until: datetime.date | None
) -> dict:
    """A professional registration as an ``EducationalOccupationalCredential``:
    the register's keeper recognises it, in its country, until it expires."""
    credential = {
        "@type": "EducationalOccupationalCredential",
        "credentialCategory": "Professional registration",
        "identifier": number,
        "recognizedBy": {"@type": "Organization", "name": body},
        "validIn": {"@type": "AdministrativeArea", "name": country},
    }
    if valid_until is not None:
        credential["expires"] = valid_until.isoformat()
    return credential


def person(
    *,
    name: str,
    credentials: str,
    profile,
    registration: dict | None,
    absolute_url: Callable[[str], str],
) -> dict:
    """A reviewer as a schema.org ``Person``.

    Credentials are post-nominal letters ("MD, PhD"), which is what
    ``honorificSuffix`` holds ("M.D./PhD/MSCSW"); the registration is the
    structured ``hasCredential``; the specialty is what they ``knowsAbout``
    (``medicalSpecialty`` is not a property of a ``Person``).
    """
    data = {"@type": "Person", "name": name}
    if credentials:
        data["honorificSuffix"] = credentials
    if profile is not None:
        data["url"] = absolute_url(profile.get_absolute_url())
        if profile.specialty:
            data["knowsAbout"] = profile.specialty
    if registration is not None:
        data["hasCredential"] = registration_credential(**registration)
    return data


def reviewer(sign_off, *, absolute_url: Callable[[str], str]) -> dict:
    """The reviewer of a sign-off as a schema.org ``Person``: name,
    credentials and registration as the sign-off recorded them."""
    registration = None
    if sign_off.registration_number:
        registration = {
            "body": sign_off.registration_body,
            "country": sign_off.registration_country,
            "number": sign_off.registration_number,
            "valid_until": sign_off.registration_valid_until,
        }
    return person(
        name=sign_off.reviewer_name,
        credentials=sign_off.reviewer_credentials,
        profile=sign_off.reviewer_profile,
        registration=registration,
        absolute_url=absolute_url,
    )


def reviewer_page(profile, *, registration, absolute_url) -> dict:
    """The JSON-LD document of a reviewer page: the reviewer as a ``Person``,
    with the registration the page shows."""
    return {
        "@context": SCHEMA_ORG,
        **person(
            name=profile.full_name,
            credentials=profile.credentials,
            profile=profile,
            registration=None
            if registration is None
            else {
                "body": registration.body,
                "country": registration.country,
                "number": registration.number,
                "valid_until": registration.valid_until,
            },
            absolute_url=absolute_url,
        ),
        "jobTitle": "Medical reviewer",
        "worksFor": organization(absolute_url=absolute_url),
    }


def answer_page(question: Question, *, absolute_url: Callable[[str], str]) -> dict:
    """The JSON-LD document of an answer page: a ``MedicalWebPage``.

    ``datePublished`` is the answer's first publication (the selector's
    ``first_published_at``, else the latest), ``dateModified`` "Last
    updated" (when the live text last changed), ``lastReviewed`` the date of
    the latest approving or re-certifying sign-off, and the accepted answer
    is the live TL;DR and body, as plain text. ``absolute_url`` turns a path
    into a full URL (``request.build_absolute_uri``).
    """
    live = question.answer.live
    review = live.last_review
    condition = question.condition
    url = absolute_url(question.get_absolute_url())
    first_published_at = (
        getattr(question, "first_published_at", None) or live.published_at
    )
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
        "datePublished": _iso_date(first_published_at),
        "dateModified": _iso_date(live.text_changed_at),
        "lastReviewed": _iso_date(review.signed_at),
        "reviewedBy": reviewer(review, absolute_url=absolute_url),
        "publisher": organization(absolute_url=absolute_url),
        "author": editorial_team(absolute_url=absolute_url),
        "mainEntity": {
            "@type": "Question",
            "name": live.question_text,
            "answerCount": 1,
            "acceptedAnswer": {
                "@type": "Answer",
                "text": f"{live.tldr}\n\n{plain_text_of(live.body_html)}",
                "url": url,
            },
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
