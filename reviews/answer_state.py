"""What the workflow's rules read about an answer: its text as fingerprinted,
its live copy, who edited it since publication and which approval still holds.

Reads only: nothing here writes. ``reviews.workflow`` decides with these, and
pages that show the same facts (the answer admin, tests) read them from here.
"""

from dataclasses import dataclass

from articles.models import Answer, AnswerRevision, PublishedAnswer
from reviews.fingerprint import CURRENT_SCHEME, fingerprint
from reviews.models import SignOff

__all__ = [
    "ShownText",
    "current_fingerprint",
    "editor_ids_since_publication",
    "live_copy",
    "live_fingerprint",
    "reference_dicts",
    "shown_text",
    "text_shown_with",
    "valid_approval",
]


def reference_dicts(answer: Answer) -> list[dict]:
    """The answer's current references, in order, as fingerprinted."""
    return [
        reference.as_dict()
        for reference in answer.references.order_by("position", "id")
    ]


def current_fingerprint(answer: Answer) -> str:
    """The fingerprint of the working copy: question, label, TL;DR, body,
    references and public change note, in the current scheme."""
    return fingerprint(
        question=answer.question.text,
        kind_label=answer.kind_label,
        tldr=answer.tldr,
        body=answer.body,
        references=reference_dicts(answer),
        change_note=answer.change_note,
    )


def live_fingerprint(live: PublishedAnswer) -> str:
    """The fingerprint of the text the public reads on the live copy, in the
    current scheme (``live.fingerprint`` is its approval's, in that one's)."""
    return fingerprint(
        question=live.question_text,
        kind_label=live.kind_label,
        tldr=live.tldr,
        body=live.body,
        references=live.references,
        change_note=live.change_note,
    )


@dataclass(frozen=True)
class ShownText:
    """The text a decision's screen displayed, as its form posts it back.

    ``fingerprint`` and ``edit_count`` are the working copy's; every decision
    on the working copy is refused when either has moved since. A
    re-certification is about the live text, so it is bound by
    ``live_fingerprint`` ("" when the answer has no live copy).
    """

    fingerprint: str
    edit_count: int
    live_fingerprint: str = ""


def text_shown_with(answer: Answer, live: PublishedAnswer | None) -> ShownText:
    """What a screen displaying ``answer`` and its live copy ``live``, as they
    were read for it, shows."""
    return ShownText(
        fingerprint=current_fingerprint(answer),
        edit_count=answer.edit_count,
        live_fingerprint=live_fingerprint(live) if live is not None else "",
    )


def shown_text(answer: Answer) -> ShownText:
    """What a decision screen opened now displays, read from the database."""
    stored = Answer.objects.select_related("question").get(pk=answer.pk)
    return text_shown_with(stored, live_copy(stored))


def live_copy(answer: Answer) -> PublishedAnswer | None:
    """The answer's live copy, archived or not, with its last review; ``None``
    if never published."""
    return (
        PublishedAnswer.objects.filter(answer=answer)
        .select_related("last_review")
        .first()
    )


def editor_ids_since_publication(answer: Answer) -> set[int]:
    """Users who saved a change to the text since the last publication.

    The order of the history, not its times, says what came after: app servers'
    clocks disagree, and ``clock.recorded_at`` puts several steps at one moment.
    Every text edit after the version that the live text's approval reviewed
    came after the publication: the text was locked in review, and an edit
    after approval needs a new approval before it can be published.
    """
    edits = AnswerRevision.objects.filter(answer=answer, is_text_edit=True)
    live = (
        PublishedAnswer.objects.filter(answer=answer)
        .select_related("approval__version")
        .first()
    )
    if live is not None and live.approval.version is not None:
        edits = edits.filter(revision_id__gt=live.approval.version.revision_id)
    return set(
        edits.exclude(revision__user=None).values_list("revision__user_id", flat=True)
    )


def valid_approval(answer: Answer) -> SignOff | None:
    """The approving sign-off that lets the current text be published, if any.

    It must carry the fingerprint of the current text in the current scheme
    (an approval of an older scheme did not cover the question and label), be
    given since the last publication, and come from a reviewer who edited no
    version since then.
    """
    approvals = SignOff.objects.filter(
        answer=answer,
        decision=SignOff.Decision.APPROVE,
        fingerprint=current_fingerprint(answer),
        fingerprint_scheme=CURRENT_SCHEME,
    ).exclude(reviewer_id__in=editor_ids_since_publication(answer))
    live = live_copy(answer)
    if live is not None:
        # Publishing takes the latest approval, so the approvals given since
        # are the later ones (by order, not by clock, as for the edits).
        approvals = approvals.filter(pk__gt=live.approval_id)
    return approvals.order_by("-pk").first()
