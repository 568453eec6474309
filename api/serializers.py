"""The JSON documents of the content API, and their OpenAPI schema.

Field names follow schema.org where it has one (``name``, ``alternateName``,
``dateModified``, ``lastReviewed``) and the product elsewhere. An answer's
``question``, ``label``, ``tldr``, ``body.markdown`` and ``references`` are the
reviewed text exactly as fingerprinted, so anyone can recompute
``fingerprint.value`` from them (see docs/content-api.md).
"""

import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api import selectors
from articles.selectors import reference_links
from reviews.fingerprint import REFERENCE_FIELDS

# Dates as the serializers' fields give them (ISO 8601, in UTC with "Z"), for
# the parts built as plain dicts.
DATE_TIME = serializers.DateTimeField()
DATE = serializers.DateField()


def date_time(value: datetime.datetime | None, zone: datetime.tzinfo) -> str | None:
    """``value`` as ``DATE_TIME`` gives it in the current time zone ``zone``.
    The field looks that zone up again for every date, which on a page of 50
    answers costs more than writing the dates."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class CodesSerializer(serializers.Serializer):
    icd10 = serializers.CharField(source="icd10_code")
    orpha = serializers.CharField(source="orpha_code")


class QuestionLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="live_answer_id")
    question = serializers.CharField(source="live_text")
    topic = serializers.CharField()
    url = serializers.SerializerMethodField()
    apiUrl = serializers.SerializerMethodField()

    def get_url(self, question) -> str:
        links = self.context["links"]
        return links.answer_page(question.condition.slug, question.slug)

    def get_apiUrl(self, question) -> str:
        return self.context["links"].answer(question.live_answer_id)


class ConditionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    alternateName = serializers.ListField(
        source="other_names_list", child=serializers.CharField()
    )
    codes = CodesSerializer(source="*")
    url = serializers.SerializerMethodField()
    apiUrl = serializers.SerializerMethodField()
    questions = QuestionLinkSerializer(source="published_questions", many=True)

    def get_url(self, condition) -> str:
        return self.context["links"].condition_page(condition.slug)

    def get_apiUrl(self, condition) -> str:
        return self.context["links"].condition(condition.slug)


class ConditionRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField()
    apiUrl = serializers.SerializerMethodField()

    def get_url(self, condition) -> str:
        return self.context["links"].condition_page(condition.slug)

    def get_apiUrl(self, condition) -> str:
        return self.context["links"].condition(condition.slug)


class BodySerializer(serializers.Serializer):
    markdown = serializers.CharField(source="body")
    html = serializers.CharField(
        source="body_html", help_text="As the site shows it: rendered and sanitized."
    )


class ReferenceLinksSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="The URL, if http or https; else empty.")
    doi = serializers.CharField(help_text="https://doi.org/ and the DOI, if any.")
    pubmed = serializers.CharField(help_text="The PubMed page, for a numeric PMID.")


class ReferenceSerializer(serializers.Serializer):
    """A reference as reviewed (the fingerprinted fields, unchanged) and the
    links a reader can safely follow."""

    title = serializers.CharField(allow_null=True)
    source = serializers.CharField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    url = serializers.CharField(allow_null=True)
    doi = serializers.CharField(allow_null=True)
    pmid = serializers.CharField(allow_null=True)
    links = ReferenceLinksSerializer()


def references(live) -> list[dict]:
    """The live references in order: the fingerprinted fields and their links,
    as :class:`ReferenceSerializer` describes them."""
    return [
        {
            **{field: reference.get(field) for field in REFERENCE_FIELDS},
            "links": _links(reference_links(reference)),
        }
        for reference in live.references
    ]


def _links(links: dict) -> dict:
    return {
        "url": links["url"],
        "doi": links["doi_url"],
        "pubmed": links["pubmed_url"],
    }


class RegistrationSerializer(serializers.Serializer):
    """A professional registration as the sign-off recorded it."""

    body = serializers.CharField()
    country = serializers.CharField()
    number = serializers.CharField()
    validUntil = serializers.DateField(allow_null=True)


class ReviewerSerializer(serializers.Serializer):
    """The reviewer as they were when they signed (the sign-off's snapshot):
    name, credentials and the registration the sign-off relied on (null for
    sign-offs recorded before registrations were kept)."""

    name = serializers.CharField(source="reviewer_name")
    credentials = serializers.CharField(source="reviewer_credentials")
    registration = serializers.SerializerMethodField()
    profileUrl = serializers.SerializerMethodField()

    @extend_schema_field(RegistrationSerializer(allow_null=True))
    def get_registration(self, sign_off) -> dict | None:
        return registration(sign_off)

    def get_profileUrl(self, sign_off) -> str | None:
        return profile_url(sign_off, self.context["links"])


def registration(sign_off) -> dict | None:
    """The registration a sign-off relied on, as :class:`RegistrationSerializer`
    describes it."""
    if not sign_off.registration_number:
        return None
    valid_until = sign_off.registration_valid_until
    return {
        "body": sign_off.registration_body,
        "country": sign_off.registration_country,
        "number": sign_off.registration_number,
        "validUntil": valid_until.isoformat() if valid_until else None,
    }


def profile_url(sign_off, links) -> str | None:
    profile = sign_off.reviewer_profile
    if profile is None:
        return None
    return links.reviewer_page(profile.slug)


class FingerprintSerializer(serializers.Serializer):
    value = serializers.CharField(source="fingerprint")
    scheme = serializers.IntegerField(source="approval.fingerprint_scheme")
    verifyUrl = serializers.SerializerMethodField()

    def get_verifyUrl(self, live) -> str:
        return verify_url(live, self.context["links"])


def verify_url(live, links) -> str:
    return f"{links.verification(live.answer_id)}?fingerprint={live.fingerprint}"


class DisclaimerSerializer(serializers.Serializer):
    text = serializers.CharField()
    html = serializers.CharField()
    version = serializers.DateTimeField(
        allow_null=True, help_text="When the site disclaimer last changed."
    )
    extra = serializers.CharField(help_text="The condition's own disclaimer, if any.")


def site_disclaimer(disclaimer) -> dict:
    """The site disclaimer as every answer document carries it, with the HTML
    stored when it was written."""
    return {
        "text": disclaimer.text if disclaimer else "",
        "html": disclaimer.text_html if disclaimer else "",
        "version": DATE_TIME.to_representation(disclaimer.updated_at)
        if disclaimer
        else None,
    }


class HistoryReviewerSerializer(serializers.Serializer):
    name = serializers.CharField()
    credentials = serializers.CharField()
    profileUrl = serializers.URLField(allow_null=True)


class HistoryLineSerializer(serializers.Serializer):
    """One publication or re-certification in the public review history
    (``reviews.selectors.public_history``)."""

    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=["updated", "reviewed", "correction"])
    note = serializers.CharField(help_text="The public change note, as published.")
    reviewer = HistoryReviewerSerializer(
        help_text="The reviewer as they were at that sign-off."
    )


class AnswerSerializer(serializers.Serializer):
    """A live answer. Reads a question from ``api.selectors.live_answers``;
    the context holds ``links`` (``api.links``), ``disclaimer``
    (:func:`site_disclaimer`) and ``histories``
    (``reviews.selectors.public_histories``). Nested
    parts built per answer are plain dicts described by their serializers: a
    serializer per answer costs more than the answer."""

    id = serializers.IntegerField(source="answer.pk")
    url = serializers.SerializerMethodField()
    apiUrl = serializers.SerializerMethodField()
    condition = ConditionRefSerializer()
    topic = serializers.CharField()
    question = serializers.CharField(source="answer.live.question_text")
    label = serializers.CharField(source="answer.live.kind_label")
    tldr = serializers.CharField(source="answer.live.tldr")
    body = BodySerializer(source="answer.live")
    references = serializers.SerializerMethodField()
    datePublished = serializers.DateTimeField(source="answer.live.published_at")
    dateModified = serializers.DateTimeField(source="answer.live.text_changed_at")
    lastReviewed = serializers.DateTimeField(source="answer.live.last_review.signed_at")
    reviewDue = serializers.DateField(source="answer.live.review_due_on")
    reviewOverdue = serializers.BooleanField(source="review_overdue")
    changeNote = serializers.CharField(
        source="answer.live.change_note",
        help_text="For readers: what changed at the latest publication.",
    )
    isCorrection = serializers.BooleanField(
        source="answer.live.is_correction",
        help_text="Whether the latest publication fixed a factual error.",
    )
    reviewer = ReviewerSerializer(source="answer.live.last_review")
    reviewHistory = serializers.SerializerMethodField()
    fingerprint = FingerprintSerializer(source="answer.live")
    disclaimer = serializers.SerializerMethodField()

    def to_representation(self, question) -> dict:
        """The document the fields describe, built whole: the same bytes as
        going field by field (the tests compare them), which on a page of 50
        answers cost more than everything else."""
        links = self.context["links"]
        condition = question.condition
        live = question.answer.live
        review = live.last_review
        zone = timezone.get_current_timezone()
        return {
            "id": question.answer.pk,
            "url": self.get_url(question),
            "apiUrl": self.get_apiUrl(question),
            "condition": {
                "slug": condition.slug,
                "name": condition.name,
                "url": links.condition_page(condition.slug),
                "apiUrl": links.condition(condition.slug),
            },
            "topic": question.topic,
            "question": live.question_text,
            "label": live.kind_label,
            "tldr": live.tldr,
            "body": {"markdown": live.body, "html": live.body_html},
            "references": self.get_references(question),
            "datePublished": date_time(live.published_at, zone),
            "dateModified": date_time(live.text_changed_at, zone),
            "lastReviewed": date_time(review.signed_at, zone),
            "reviewDue": DATE.to_representation(live.review_due_on),
            "reviewOverdue": bool(question.review_overdue),
            "changeNote": live.change_note,
            "isCorrection": bool(live.is_correction),
            "reviewer": {
                "name": review.reviewer_name,
                "credentials": review.reviewer_credentials,
                "registration": registration(review),
                "profileUrl": profile_url(review, links),
            },
            "reviewHistory": self.get_reviewHistory(question),
            "fingerprint": {
                "value": live.fingerprint,
                "scheme": question.fingerprint_scheme,
                "verifyUrl": verify_url(live, links),
            },
            "disclaimer": self.get_disclaimer(question),
        }

    def get_url(self, question) -> str:
        links = self.context["links"]
        return links.answer_page(question.condition.slug, question.slug)

    def get_apiUrl(self, question) -> str:
        return self.context["links"].answer(question.answer.pk)

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_references(self, question) -> list[dict]:
        return references(question.answer.live)

    @extend_schema_field(HistoryLineSerializer(many=True))
    def get_reviewHistory(self, question) -> list[dict]:
        links = self.context["links"]
        zone = timezone.get_current_timezone()
        return [
            {
                "at": date_time(line.recorded_at, zone),
                "kind": line.kind,
                "note": line.note,
                "reviewer": {
                    "name": line.reviewer_name,
                    "credentials": line.reviewer_credentials,
                    "profileUrl": links.absolute(line.reviewer_url)
                    if line.reviewer_url
                    else None,
                },
            }
            for line in self.context["histories"][question.answer.pk]
        ]

    @extend_schema_field(DisclaimerSerializer)
    def get_disclaimer(self, question) -> dict:
        return {
            **self.context["disclaimer"],
            "extra": question.condition.extra_disclaimer,
        }


class ConditionPageSerializer(serializers.Serializer):
    """A page of a cursor-paginated list: follow ``next`` until it is null."""

    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ConditionSerializer(many=True)


class AnswerPageSerializer(serializers.Serializer):
    """A page of a cursor-paginated list: follow ``next`` until it is null."""

    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AnswerSerializer(many=True)


class SignOffSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "recertify"])
    signedAt = serializers.DateTimeField(source="signed_at")
    scheme = serializers.IntegerField(source="fingerprint_scheme")
    reviewer = ReviewerSerializer(source="*")


class VerificationSerializer(serializers.Serializer):
    answer = serializers.IntegerField()
    fingerprint = serializers.CharField()
    signed = serializers.BooleanField(
        help_text="Whether a reviewer approved or re-certified this exact text."
    )
    isLive = serializers.BooleanField(
        help_text="Whether it is the text on the site now."
    )
    signOffs = SignOffSerializer(many=True)


class ChangeSerializer(serializers.Serializer):
    cursor = serializers.CharField(source="pk")
    type = serializers.SerializerMethodField()
    at = serializers.DateTimeField(source="created_at")
    answer = serializers.IntegerField(source="answer_id")
    condition = serializers.CharField(source="condition_slug", allow_null=True)
    apiUrl = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ChoiceField(choices=sorted(selectors.CHANGE_TYPES.values()))
    )
    def get_type(self, entry) -> str:
        return selectors.CHANGE_TYPES[entry.transition]

    def get_apiUrl(self, entry) -> str | None:
        if self.get_type(entry) == "removed":
            return None
        return self.context["links"].answer(entry.answer_id)


class ChangesPageSerializer(serializers.Serializer):
    changes = ChangeSerializer(many=True)
    cursor = serializers.CharField(
        help_text="Pass as ?since= next time: the changes after these."
    )
    next = serializers.URLField(
        allow_null=True, help_text="The next page, when more changes are waiting."
    )


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()
    attribution = serializers.CharField()


class RootSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()
    licence = LicenceSerializer()
    links = serializers.DictField(child=serializers.URLField())


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details (see ``api.problems``)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
