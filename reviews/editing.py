"""Writes of answer text (the working copy), under the review workflow's rules."""

from collections.abc import Iterable, Mapping

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Answer, AnswerRevision, Question
from reviews import answer_state, workflow
from reviews.errors import TransitionError

STALE_EDIT = (
    "Someone else saved this answer after you opened it. Your text was not "
    "applied; it is kept in the history as a refused edit. Reload the page, "
    "then make your change again."
)


class StaleEditError(TransitionError):
    """The edit was made on an older copy than the one stored."""


def record_answer_edit(answer: Answer, *, user, comment: str = "") -> None:
    """Describe a saved edit inside the current revision and apply the edit rules.

    Call it inside ``reversion.create_revision()`` after the answer and its
    references are saved. A change of the reviewed text after approval returns
    the working copy to draft.
    """
    # The latest in the order of the history, not by clock (see
    # ``answer_state.editor_ids_since_publication``).
    previous = (
        AnswerRevision.objects.filter(answer=answer, is_refused=False)
        .order_by("-id")
        .first()
    )
    new_fingerprint = answer_state.current_fingerprint(answer)
    is_text_edit = previous is None or previous.fingerprint != new_fingerprint
    if is_text_edit and answer.state in (Answer.State.APPROVED, Answer.State.PUBLISHED):
        # The transition describes this same revision (reversion merges nested
        # revisions), so it records the edit too.
        workflow.return_to_draft(
            answer, user=user, comment=_("Text edited after approval.")
        )
        return
    workflow.describe_revision(
        answer, user=user, comment=comment, is_text_edit=is_text_edit
    )


def create_answer(
    question: Question,
    *,
    user,
    tldr: str,
    body: str,
    references: Iterable[Mapping],
    kind_label: str = "Short answer",
    change_note: str = "",
) -> Answer:
    """Create the draft answer to a question, as ``user``."""
    if not workflow.is_editor(user):
        raise PermissionDenied(_(workflow.NOT_ALLOWED))
    with transaction.atomic(), reversion.create_revision():
        answer = Answer.objects.create(
            question=question,
            kind_label=kind_label,
            tldr=tldr,
            body=body,
            change_note=change_note,
            created_by=user,
        )
        workflow.replace_references(answer, references)
        record_answer_edit(answer, user=user, comment=_("Created."))
    return answer


def update_answer(
    answer: Answer,
    *,
    user,
    tldr: str,
    body: str,
    references: Iterable[Mapping],
    kind_label: str | None = None,
    question_text: str | None = None,
    change_note: str | None = None,
    expected_edit_count: int | None = None,
    comment: str = "",
) -> Answer:
    """Save new text for the working copy.

    The question's text is part of the reviewed text, so it is written here,
    with the answer's, and goes through review like the rest of it.
    ``kind_label``, ``question_text`` and ``change_note`` (the public note of
    what changed, reviewed with the text) stay as they are when not given.
    Refused while in review (the text is locked: ``TransitionError``) and when
    ``expected_edit_count`` shows the caller edited an older copy
    (``StaleEditError``). A refused text is kept in the history as a refused
    edit (``keep_refused_edit``), so nothing the editor typed is lost.
    """
    try:
        with transaction.atomic(), reversion.create_revision():
            answer.refresh_from_db(from_queryset=Answer.objects.select_for_update())
            workflow.check_edit(answer, user)
            if (
                expected_edit_count is not None
                and expected_edit_count != answer.edit_count
            ):
                raise StaleEditError(_(STALE_EDIT))
            answer.tldr = tldr
            answer.body = body
            answer.kind_label = kind_label or answer.kind_label
            if change_note is not None:
                answer.change_note = change_note
            answer.edit_count += 1
            answer.save(
                update_fields=[
                    "tldr",
                    "body",
                    "kind_label",
                    "change_note",
                    "edit_count",
                    "updated_at",
                ]
            )
            if question_text is not None and question_text != answer.question.text:
                # No announcement: the public reads the live copy's question.
                answer.question.text = question_text
                answer.question.save(update_fields=["text", "updated_at"])
            workflow.replace_references(answer, references)
            record_answer_edit(answer, user=user, comment=comment or _("Edited."))
    except TransitionError:
        # Raised before anything was written: only the refusal is recorded.
        keep_refused_edit(
            answer,
            user=user,
            tldr=tldr,
            body=body,
            kind_label=kind_label or answer.kind_label,
            question_text=question_text,
            change_note=change_note,
        )
        raise
    return answer


REFUSED_EDIT_COMMENT = "Refused edit from a stale form: not applied"


def keep_refused_edit(
    answer: Answer,
    *,
    user,
    tldr: str,
    body: str,
    kind_label: str,
    question_text: str | None = None,
    change_note: str | None = None,
) -> None:
    """Keep the text of a save refused as stale in the history, without applying it.

    Records a revision of an unsaved copy of the answer holding the refused
    TL;DR, body, kind and question (with the current references), so nothing an editor
    typed is lost. It is marked refused: the stored answer, its state, the
    separation-of-duties record and the versions reviewers sign off ignore it.
    """
    with transaction.atomic(), reversion.create_revision():
        refused = Answer.objects.get(pk=answer.pk)
        refused.tldr = tldr
        refused.body = body
        refused.kind_label = kind_label
        if change_note is not None:
            refused.change_note = change_note
        if question_text is not None:
            # Followed into the revision as it is in memory: never saved.
            refused.question.text = question_text
        workflow.describe_revision(
            refused,
            user=user,
            comment=_(REFUSED_EDIT_COMMENT),
            is_text_edit=False,
            is_refused=True,
        )
