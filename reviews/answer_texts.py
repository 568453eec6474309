"""The reviewed text of an answer as readable sections, and what changed between two.

Reads only. The history's comparison, the revert confirmation, the review
screen and the refusal of a decision on changed text all show the same
sections: the answer's kind, TL;DR, body and references.
"""

from collections import defaultdict

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.models import Answer, AnswerRevision, PublishedAnswer, Reference
from reviews import answer_state, diff

__all__ = [
    "answer_versions",
    "compare",
    "current_texts",
    "live_texts",
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


def _texts(kind_label: str, tldr: str, body: str, references) -> dict[str, str]:
    return {
        "kind_label": kind_label,
        "tldr": tldr,
        "body": body,
        "references": diff.references_text(references),
    }


def version_texts(versions: list[Version]) -> dict[int, dict]:
    """The reviewed text of each answer version: two queries whatever the count."""
    references = defaultdict(list)
    reference_versions = Version.objects.get_for_model(Reference).filter(
        revision_id__in=[version.revision_id for version in versions]
    )
    for reference_version in reference_versions:
        data = reference_version.field_dict
        references[(reference_version.revision_id, str(data["answer_id"]))].append(data)
    texts = {}
    for version in versions:
        fields = version.field_dict
        ordered = sorted(
            references[(version.revision_id, version.object_id)],
            key=lambda data: (data["position"], data["id"]),
        )
        texts[version.pk] = _texts(
            fields["kind_label"], fields["tldr"], fields["body"], ordered
        )
    return texts


def current_texts(answer: Answer) -> dict[str, str]:
    """The working copy's text as it is stored now."""
    return _texts(
        answer.kind_label,
        answer.tldr,
        answer.body,
        answer_state.reference_dicts(answer),
    )


def live_texts(live: PublishedAnswer) -> dict[str, str]:
    """The text the public reads on the live copy."""
    return _texts(live.kind_label, live.tldr, live.body, live.references)


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
        "kind_label": _("Answer kind"),
        "tldr": _("TL;DR"),
        "body": _("Body"),
        "references": _("References"),
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
