"""The reviewed text of an answer as readable sections, and what changed between two.

Reads only. The history's comparison, the revert confirmation, the review
screen and the refusal of a decision on changed text all show the same
sections: the question, the answer's label, TL;DR, body and references.
"""

from collections import defaultdict

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.models import (
    Answer,
    AnswerRevision,
    PublishedAnswer,
    Question,
    Reference,
)
from reviews import answer_state, diff
from reviews.fingerprint import fingerprint
from reviews.models import SignOff

__all__ = [
    "answer_versions",
    "compare",
    "current_texts",
    "live_texts",
    "sign_off_verifies",
    "texts_with_fingerprint",
    "version_texts",
]


def answer_versions(answer_id) -> QuerySet[Version]:
    """Every version of one answer, newest first."""
    return (
        Version.objects.get_for_object_reference(Answer, answer_id)
        .select_related("revision__user", "revision__answer_info")
        .order_by("-revision__date_created", "-pk")
    )


def _texts(
    question: str,
    kind_label: str,
    tldr: str,
    body: str,
    references,
    change_note: str = "",
) -> dict[str, str]:
    return {
        "question": question,
        "kind_label": kind_label,
        "tldr": tldr,
        "body": body,
        "references": diff.references_text(references),
        "change_note": change_note,
    }


def _version_references(versions: list[Version]) -> dict[tuple, list[dict]]:
    """Each revision's reference versions, by (revision, answer id), in order."""
    references = defaultdict(list)
    reference_versions = Version.objects.get_for_model(Reference).filter(
        revision_id__in=[version.revision_id for version in versions]
    )
    for reference_version in reference_versions:
        data = reference_version.field_dict
        references[(reference_version.revision_id, str(data["answer_id"]))].append(data)
    for rows in references.values():
        rows.sort(key=lambda data: (data["position"], data["id"]))
    return references


def _version_questions(versions: list[Version]) -> dict[tuple, str]:
    """The question's text in each revision (followed from the answer)."""
    questions = Version.objects.get_for_model(Question).filter(
        revision_id__in=[version.revision_id for version in versions]
    )
    return {
        (question.revision_id, question.object_id): question.field_dict["text"]
        for question in questions
    }


def version_texts(versions: list[Version]) -> dict[int, dict]:
    """The reviewed text of each answer version: three queries whatever the count."""
    references = _version_references(versions)
    questions = _version_questions(versions)
    texts = {}
    for version in versions:
        fields = version.field_dict
        texts[version.pk] = _texts(
            questions.get((version.revision_id, str(fields["question_id"])), ""),
            fields["kind_label"],
            fields["tldr"],
            fields["body"],
            references[(version.revision_id, version.object_id)],
            # Versions saved before the note existed have none.
            fields.get("change_note", ""),
        )
    return texts


def _fingerprint_of(texts: dict, references: list[dict], *, scheme: int) -> str:
    return fingerprint(
        question=texts["question"],
        kind_label=texts["kind_label"],
        tldr=texts["tldr"],
        body=texts["body"],
        references=references,
        change_note=texts["change_note"],
        scheme=scheme,
    )


def sign_off_verifies(sign_off: SignOff) -> bool:
    """Whether the text of the version a sign-off records has its fingerprint.

    Recomputed with the scheme the sign-off records, so a sign-off given
    before the question and label were reviewed verifies as it did then.
    """
    version = sign_off.version
    if version is None:
        return False
    texts = version_texts([version])[version.pk]
    references = _version_references([version])[
        (version.revision_id, version.object_id)
    ]
    return sign_off.fingerprint == _fingerprint_of(
        texts, references, scheme=sign_off.fingerprint_scheme
    )


def current_texts(answer: Answer) -> dict[str, str]:
    """The working copy's text as it is stored now."""
    return _texts(
        answer.question.text,
        answer.kind_label,
        answer.tldr,
        answer.body,
        answer_state.reference_dicts(answer),
        answer.change_note,
    )


def live_texts(live: PublishedAnswer) -> dict[str, str]:
    """The text the public reads on the live copy."""
    return _texts(
        live.question_text,
        live.kind_label,
        live.tldr,
        live.body,
        live.references,
        live.change_note,
    )


def texts_with_fingerprint(answer: Answer, fingerprint: str) -> dict[str, str] | None:
    """The text of the newest applied version that had ``fingerprint``, if any.

    A screen shows the text of some version: this finds it again, so a refusal
    can show what changed since. Refused edits were never the text: skipped.
    """
    info = (
        AnswerRevision.objects.filter(
            answer=answer, fingerprint=fingerprint, is_refused=False
        )
        .order_by("-id")
        .first()
    )
    if info is None:
        return None
    version = answer_versions(answer.pk).filter(revision_id=info.revision_id).first()
    if version is None:
        return None
    return version_texts([version])[version.pk]


def compare(old: dict[str, str], new: dict[str, str]) -> list[dict]:
    """A word-level diff of each section, with whether it changed."""
    labels = {
        "question": _("Question"),
        "kind_label": _("Answer kind"),
        "tldr": _("TL;DR"),
        "body": _("Body"),
        "references": _("References"),
        "change_note": _("Public change note"),
    }
    sections = []
    for name, label in labels.items():
        segments = diff.word_diff(old[name], new[name])
        sections.append(
            {
                "name": name,
                "label": label,
                "segments": segments,
                "changed": diff.has_changes(segments),
            }
        )
    return sections
