"""The editorial workflow of an answer: every state change and every sign-off.

An answer has a working copy (``Answer``) and, once published, a live copy
(``PublishedAnswer``). The public only ever reads the live copy.

States of the working copy and the transitions between them:

- ``draft`` and ``changes_requested`` are edited freely by editors.
  ``submit`` (editor) sends them to ``in_review``; it needs a TL;DR, a body and
  at least one reference, and for an answer published before, a new public
  note of what changed (the change note, reviewed with the text). A managing
  editor may assign a reviewer; an editor's resubmission keeps that assignment.
- ``in_review``: the text is locked. ``withdraw`` (editor) returns it to
  ``draft``. ``request_changes`` (medical reviewer, comment required) moves it
  to ``changes_requested``; ``approve`` (medical reviewer) moves it to
  ``approved``. Both write a sign-off bound to the text's fingerprint. When a
  reviewer is assigned, only that reviewer may decide. Nobody may sign off text
  they edited since the last publication: superusers included.
- ``approved``: ``publish`` (editor) copies the text to the live copy and moves
  to ``published``. It needs an approving sign-off whose fingerprint equals the
  fingerprint of the text, by a reviewer who edited no version since the last
  publication. Each publication adds an entry to the answer's public review
  history (``HistoryEntry``): "updated and reviewed", "reviewed, no change"
  when the readers' text is unchanged, or "correction" when a managing editor
  marks it as the fix of a factual error (``is_correction``).
- Any edit of the text after approval (``approved`` or ``published``) returns
  the working copy to ``draft`` (``return_to_draft``, called by the edit
  services for an editor); the live copy is untouched until the new text is
  approved and published.
- ``recertify`` (medical reviewer who did not write the live text) signs off
  the unchanged live text again: it moves "last reviewed" and "next review
  due", not "last updated", and adds a "reviewed, no change" history entry.
  It is open from ``RECERTIFY_WINDOW_DAYS`` before the review is due, and
  overdue; earlier only once a managing editor took
  ``allow_early_recertification`` (a reason required, kept in the audit
  trail) since the last review.
- Every sign-off (``request_changes``, ``approve``, ``recertify``) needs the
  reviewer to hold a professional registration verified and valid on the
  day (``reviews.registrations``); the sign-off keeps a copy of it.
- ``archive`` (managing editor) from any state but ``archived``: the public URL
  of a once-published answer answers 410 Gone (the live copy is kept, also
  when the archived answer is deleted, so a recovered one stays gone).
- ``revert_to_version`` (editor, not while in review) makes the text of an old
  version the new ``draft``, which needs review again.
- ``recover`` (editor) brings back a deleted answer, in the state it was
  deleted in, only when its question has no answer now: recovery never
  replaces or deletes a current answer.

Every decision (``request_changes``, ``approve``, ``publish``, ``recertify``,
``archive``) is bound to the text its screen displayed: the caller passes
``shown`` (``answer_state.ShownText``: the working copy's fingerprint and edit
count, and the live text's fingerprint), and the decision is refused with
``TextChangedError``, recording nothing, when that text changed since.

Every transition locks the row, checks its predicate, records an audit entry
and a reversion revision, and sends its email after the commit.

Roles are permissions held through a group, directly, or as a superuser: an
editor holds ``articles.change_answer`` (``submit_answer`` to submit and
withdraw, ``publish_answer`` to publish), a medical reviewer
``articles.review_answer`` (``reviews.selectors.medical_reviewers`` lists the
same users), a managing editor also ``assign_reviewer``, ``archive_answer``
and ``mark_correction``.

``TRANSITIONS`` is the one table of the transitions taken with a button: each
with its predicate, label and done message; ``allowed_transitions`` and the
admin's buttons read it. The facts the rules read (the text's fingerprint, the
live copy, who edited since publication, the valid approval) live in
``reviews.answer_state``.

This module is also the only writer of the live copy: besides ``publish``,
``recertify`` and ``archive``, ``reschedule_reviews`` moves "next review due"
when a condition's review interval changes (``review_due_on`` is the one
formula for that date). Each of them announces the change
(``articles.signals.live_copies_changed``) in the same transaction, so the
search documents and cached pages follow exactly what the public can read.
"""

import datetime
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import partial

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from articles.models import (
    Answer,
    AnswerRevision,
    PublishedAnswer,
    Question,
    Reference,
)
from articles.rendering import html_sent_to_review, live_copy_html, render_live_copy
from articles.signals import live_copies_changed
from conditions.models import Condition
from core import clock
from reviews import notifications
from reviews.answer_state import (
    ShownText,
    current_fingerprint,
    editor_ids_since_publication,
    live_copy,
    live_fingerprint,
    reference_dicts,
    shown_text,
    valid_approval,
)
from reviews.dates import add_months
from reviews.errors import TextChangedError, TransitionError
from reviews.fingerprint import CURRENT_SCHEME, WHOLE_ANSWER_SCHEME, fingerprint
from reviews.models import AuditEntry, HistoryEntry, ReviewerProfile, SignOff
from reviews.registrations import registration_for_sign_off

__all__ = [
    # Transitions, in workflow order, and the table of those taken by a button.
    "submit",
    "withdraw",
    "request_changes",
    "approve",
    "publish",
    "recertify",
    "allow_early_recertification",
    "archive",
    "return_to_draft",
    "revert_to_version",
    "recover",
    # The text a decision's screen displayed, which binds the decision.
    "ShownText",
    "shown_text",
    "check_shown_working_copy",
    "check_shown_live_copy",
    # Steps the edit service shares with the transitions.
    "describe_revision",
    "replace_references",
    "Transition",
    "TRANSITIONS",
    "allowed_transitions",
    # Roles and predicates.
    "is_editor",
    "is_medical_reviewer",
    "is_locked",
    "can_edit",
    "check_edit",
    "can_submit",
    "check_submit",
    "can_withdraw",
    "check_withdraw",
    "can_request_changes",
    "check_request_changes",
    "can_approve",
    "check_approve",
    "can_publish",
    "check_publish",
    "may_mark_correction",
    "can_recertify",
    "check_recertify",
    "can_allow_early_recertification",
    "check_allow_early_recertification",
    "recertification_opens_on",
    "check_recertification_due",
    "check_registration",
    "sign_off_refusals",
    "RECERTIFY_WINDOW_DAYS",
    "can_archive",
    "check_archive",
    "check_return_to_draft",
    "can_revert",
    "check_revert",
    "check_recover",
    # Review dates.
    "review_due_on",
    "reschedule_reviews",
    # Messages for the editor, raised with PermissionDenied or TransitionError.
    "TransitionError",
    "TextChangedError",
    "NOT_ALLOWED",
    "WRONG_STATE",
    "SUBMIT_NEEDS_TLDR",
    "SUBMIT_NEEDS_BODY",
    "SUBMIT_NEEDS_REFERENCE",
    "SUBMIT_NEEDS_CHANGE_NOTE",
    "CORRECTION_NOT_ALLOWED",
    "NOT_A_REVIEWER",
    "ASSIGNED_TO_ANOTHER",
    "REVIEWER_EDITED",
    "REVIEWER_WROTE_LIVE_TEXT",
    "COMMENT_REQUIRED",
    "NO_VALID_APPROVAL",
    "NOT_PUBLISHED",
    "VERSION_OF_ANOTHER_ANSWER",
    "LOCKED_IN_REVIEW",
    "RECOVERY_WOULD_REPLACE",
    "NOT_DELETED",
    "UNKNOWN_REFERENCE",
    "TEXT_CHANGED",
    "LIVE_TEXT_CHANGED",
    "NO_VALID_REGISTRATION",
    "RECERTIFY_NOT_DUE",
    "EARLY_RECERTIFY_NOT_NEEDED",
    "REASON_REQUIRED",
]

State = Answer.State

NOT_ALLOWED = "You do not have permission to do this."
WRONG_STATE = "This answer is {state}; that step is not possible now."
SUBMIT_NEEDS_TLDR = "Write a TL;DR before submitting for review."
SUBMIT_NEEDS_BODY = "Write the answer's body before submitting for review."
SUBMIT_NEEDS_REFERENCE = "Add at least one reference before submitting for review."
SUBMIT_NEEDS_CHANGE_NOTE = (
    "Write the public change note: say for readers what changed since the answer "
    "was last published."
)
CORRECTION_NOT_ALLOWED = (
    "Only a managing editor may mark a publication as a correction."
)
NOT_A_REVIEWER = "The assigned reviewer must be a medical reviewer."
ASSIGNED_TO_ANOTHER = "This answer is assigned to another reviewer."
REVIEWER_EDITED = (
    "You edited this text since it was last published, so you cannot sign it off. "
    "Another reviewer must review it."
)
REVIEWER_WROTE_LIVE_TEXT = (
    "You helped write the published text, so another reviewer must re-certify it."
)
COMMENT_REQUIRED = "Say what needs to change: a comment is required."
NO_VALID_APPROVAL = (
    "The text has no valid approval: it changed after it was approved, or the "
    "approving reviewer edited it. Submit it for review again."
)
NOT_PUBLISHED = "Only a published answer can be re-certified."
VERSION_OF_ANOTHER_ANSWER = "That version belongs to another answer."
LOCKED_IN_REVIEW = "The text is locked while it is in review. Withdraw it to edit."
RECOVERY_WOULD_REPLACE = (
    "“{question}” has an answer now, so the deleted one cannot be recovered: "
    "recovering never replaces or deletes a current answer. To bring back old "
    "text, revert the current answer to a version in its history."
)
NOT_DELETED = "That answer is not deleted: there is nothing to recover."
UNKNOWN_REFERENCE = "Only references of the text you sign can be marked verified."
TEXT_CHANGED = (
    "The text changed after you opened this page, so nothing was recorded. "
    "Read what changed, then decide again on the text as it is now."
)
LIVE_TEXT_CHANGED = (
    "The live text changed after you opened this page, so nothing was recorded. "
    "Read what changed, then decide again on the text as it is now."
)
NO_VALID_REGISTRATION = (
    "You have no professional registration verified and valid today, so you "
    "cannot sign off; nothing was recorded. Ask a managing editor to verify your "
    "current registration."
)
RECERTIFY_NOT_DUE = (
    "This answer's review is due on {due}: it can be re-certified from {opens}, "
    "{days} days before. Nothing was recorded. A managing editor may allow an "
    "earlier re-certification, giving a reason."
)
EARLY_RECERTIFY_NOT_NEEDED = (
    "This answer can be re-certified now: there is nothing to allow."
)
REASON_REQUIRED = "Give the reason for allowing an early re-certification."

# A review may be renewed this many days before it falls due.
RECERTIFY_WINDOW_DAYS = 60

# Roles ----------------------------------------------------------------------


def is_editor(user: AbstractBaseUser) -> bool:
    return user.is_active and user.has_perm("articles.change_answer")


def is_medical_reviewer(user: AbstractBaseUser) -> bool:
    return user.is_active and user.has_perm("articles.review_answer")


def is_managing_editor(user: AbstractBaseUser) -> bool:
    return user.is_active and user.has_perm("articles.assign_reviewer")


# Predicates and their guards -----------------------------------------------
#
# Each ``check_*`` raises PermissionDenied or TransitionError with a message for
# the editor; each ``can_*`` states the rule as a yes/no for buttons and lists.


def _allowed(check, answer: Answer, user: AbstractBaseUser) -> bool:
    try:
        check(answer, user)
    except (PermissionDenied, TransitionError):
        return False
    return True


def _require_state(answer: Answer, *states: str) -> None:
    if answer.state not in states:
        raise TransitionError(
            _(WRONG_STATE).format(state=answer.get_state_display().lower())
        )


def is_locked(answer: Answer) -> bool:
    """The text is locked while in review: the reviewer signs off what they read."""
    return answer.state == State.IN_REVIEW


def check_edit(answer: Answer, user: AbstractBaseUser) -> None:
    if not is_editor(user):
        raise PermissionDenied(_(NOT_ALLOWED))
    if is_locked(answer):
        raise TransitionError(_(LOCKED_IN_REVIEW))


def can_edit(answer: Answer, user: AbstractBaseUser) -> bool:
    """Editors may edit the text in any state but in review."""
    return _allowed(check_edit, answer, user)


def check_submit(answer: Answer, user: AbstractBaseUser) -> None:
    if not (user.is_active and user.has_perm("articles.submit_answer")):
        raise PermissionDenied(_(NOT_ALLOWED))
    _require_state(answer, State.DRAFT, State.CHANGES_REQUESTED)
    if not answer.tldr.strip():
        raise TransitionError(_(SUBMIT_NEEDS_TLDR))
    if not answer.body.strip():
        raise TransitionError(_(SUBMIT_NEEDS_BODY))
    if not answer.references.exists():
        raise TransitionError(_(SUBMIT_NEEDS_REFERENCE))
    live = live_copy(answer)
    if live is not None and answer.change_note.strip() in ("", live.change_note):
        raise TransitionError(_(SUBMIT_NEEDS_CHANGE_NOTE))


def can_submit(answer: Answer, user: AbstractBaseUser) -> bool:
    """An editor may submit a draft (or a text with changes requested) that has
    a TL;DR, a body and at least one reference, and, once the answer has been
    published, a change note other than the published one."""
    return _allowed(check_submit, answer, user)


def check_withdraw(answer: Answer, user: AbstractBaseUser) -> None:
    if not (user.is_active and user.has_perm("articles.submit_answer")):
        raise PermissionDenied(_(NOT_ALLOWED))
    _require_state(answer, State.IN_REVIEW)


def can_withdraw(answer: Answer, user: AbstractBaseUser) -> bool:
    """An editor may withdraw an answer in review back to draft."""
    return _allowed(check_withdraw, answer, user)


def _check_reviewer_may_decide(answer: Answer, user: AbstractBaseUser) -> None:
    if not is_medical_reviewer(user):
        raise PermissionDenied(_(NOT_ALLOWED))
    _require_state(answer, State.IN_REVIEW)
    if answer.reviewer_id is not None and answer.reviewer_id != user.pk:
        raise TransitionError(_(ASSIGNED_TO_ANOTHER))
    if user.pk in editor_ids_since_publication(answer):
        raise TransitionError(_(REVIEWER_EDITED))
    check_registration(user)


def _sign_off_day() -> datetime.date:
    return timezone.localdate(clock.now())


def check_registration(user: AbstractBaseUser) -> None:
    """A sign-off needs a registration verified and valid on its day."""
    if registration_for_sign_off(user, on=_sign_off_day()) is None:
        raise TransitionError(_(NO_VALID_REGISTRATION))


def recertification_opens_on(live: PublishedAnswer) -> datetime.date:
    """The first day the live text may be re-certified without an override."""
    return live.review_due_on - datetime.timedelta(days=RECERTIFY_WINDOW_DAYS)


def _early_recertification_allowed(live: PublishedAnswer) -> bool:
    """A managing editor allowed it since the live text was last published or
    re-certified.

    Compared by the audit trail's order, not its times: steps recorded at one
    moment (``core.clock.recorded_at``) keep their order.
    """
    entries = AuditEntry.objects.filter(answer_id=live.answer_id)
    last_review = (
        entries.filter(transition__in=("publish", "recertify"))
        .order_by("-pk")
        .values("pk")[:1]
    )
    return entries.filter(
        transition="allow_early_recertification", pk__gt=Subquery(last_review)
    ).exists()


def check_recertification_due(live: PublishedAnswer) -> None:
    """The live text may be re-certified from ``RECERTIFY_WINDOW_DAYS`` before
    its review is due, or earlier once a managing editor allowed it."""
    opens_on = recertification_opens_on(live)
    if _sign_off_day() < opens_on and not _early_recertification_allowed(live):
        raise TransitionError(
            _(RECERTIFY_NOT_DUE).format(
                due=date_format(live.review_due_on, "j F Y"),
                opens=date_format(opens_on, "j F Y"),
                days=RECERTIFY_WINDOW_DAYS,
            )
        )


def check_request_changes(answer: Answer, user: AbstractBaseUser) -> None:
    _check_reviewer_may_decide(answer, user)


def can_request_changes(answer: Answer, user: AbstractBaseUser) -> bool:
    """A medical reviewer (the assigned one, if any) who did not edit the text
    may send an answer in review back with changes requested."""
    return _allowed(check_request_changes, answer, user)


def check_approve(answer: Answer, user: AbstractBaseUser) -> None:
    _check_reviewer_may_decide(answer, user)


def can_approve(answer: Answer, user: AbstractBaseUser) -> bool:
    """A medical reviewer (the assigned one, if any) may approve text in review
    that they did not edit since the last publication."""
    return _allowed(check_approve, answer, user)


def check_publish(answer: Answer, user: AbstractBaseUser) -> None:
    if not (user.is_active and user.has_perm("articles.publish_answer")):
        raise PermissionDenied(_(NOT_ALLOWED))
    _require_state(answer, State.APPROVED)
    if valid_approval(answer) is None:
        raise TransitionError(_(NO_VALID_APPROVAL))


def can_publish(answer: Answer, user: AbstractBaseUser) -> bool:
    """An editor may publish an approved answer whose current text holds a
    valid approval."""
    return _allowed(check_publish, answer, user)


def may_mark_correction(user: AbstractBaseUser) -> bool:
    """Only a managing editor may mark a publication as a correction."""
    return user.is_active and user.has_perm("articles.mark_correction")


def check_recertify(answer: Answer, user: AbstractBaseUser) -> None:
    if not is_medical_reviewer(user):
        raise PermissionDenied(_(NOT_ALLOWED))
    live = live_copy(answer)
    if live is None or live.archived_at is not None:
        raise TransitionError(_(NOT_PUBLISHED))
    if live.written_by.filter(pk=user.pk).exists():
        raise TransitionError(_(REVIEWER_WROTE_LIVE_TEXT))
    check_registration(user)
    check_recertification_due(live)


def can_recertify(answer: Answer, user: AbstractBaseUser) -> bool:
    """A medical reviewer who did not write the live text may re-certify it
    from 60 days before its review is due, or earlier once a managing editor
    allowed it."""
    return _allowed(check_recertify, answer, user)


def sign_off_refusals(
    answer: Answer, user: AbstractBaseUser, live: PublishedAnswer | None
) -> list[str]:
    """Why a medical reviewer is not offered a sign-off the rest of the rules
    would allow: no registration valid today, or a re-certification of the
    live text (when it is not in review) that is not due yet."""
    if not is_medical_reviewer(user):
        return []
    checks = [partial(check_registration, user)]
    if (
        live is not None
        and live.archived_at is None
        and answer.state != Answer.State.IN_REVIEW
    ):
        checks.append(partial(check_recertification_due, live))
    refusals = []
    for check in checks:
        try:
            check()
        except TransitionError as error:
            refusals.append(str(error))
    return refusals


def check_allow_early_recertification(answer: Answer, user: AbstractBaseUser) -> None:
    if not is_managing_editor(user):
        raise PermissionDenied(_(NOT_ALLOWED))
    live = live_copy(answer)
    if live is None or live.archived_at is not None:
        raise TransitionError(_(NOT_PUBLISHED))
    if _sign_off_day() >= recertification_opens_on(
        live
    ) or _early_recertification_allowed(live):
        raise TransitionError(_(EARLY_RECERTIFY_NOT_NEEDED))


def can_allow_early_recertification(answer: Answer, user: AbstractBaseUser) -> bool:
    """A managing editor may let the live text be re-certified before its
    window opens, once per review."""
    return _allowed(check_allow_early_recertification, answer, user)


def check_archive(answer: Answer, user: AbstractBaseUser) -> None:
    if not (user.is_active and user.has_perm("articles.archive_answer")):
        raise PermissionDenied(_(NOT_ALLOWED))
    if answer.state == State.ARCHIVED:
        raise TransitionError(
            _(WRONG_STATE).format(state=answer.get_state_display().lower())
        )


def can_archive(answer: Answer, user: AbstractBaseUser) -> bool:
    """A managing editor may archive an answer in any state but archived."""
    return _allowed(check_archive, answer, user)


def check_return_to_draft(answer: Answer, user: AbstractBaseUser) -> None:
    """Only an editor's change sends approved or published text back to draft."""
    if not is_editor(user):
        raise PermissionDenied(_(NOT_ALLOWED))
    _require_state(answer, State.APPROVED, State.PUBLISHED)


def check_revert(answer: Answer, user: AbstractBaseUser) -> None:
    check_edit(answer, user)


def can_revert(answer: Answer, user: AbstractBaseUser) -> bool:
    """An editor may revert to an old version whenever they may edit."""
    return _allowed(check_revert, answer, user)


def check_shown_working_copy(answer: Answer, shown: ShownText) -> None:
    """A decision binds the working copy its screen displayed.

    Refused when the text's fingerprint or its edit count moved since the
    screen was opened: an edit, a revert, or a withdraw-edit-resubmit in
    between. The edit count catches an edit that was undone as well.
    """
    if (
        shown.fingerprint != current_fingerprint(answer)
        or shown.edit_count != answer.edit_count
    ):
        raise TextChangedError(_(TEXT_CHANGED), shown=shown)


def check_shown_live_copy(answer: Answer, shown: ShownText) -> None:
    """A re-certification binds the live text its screen displayed.

    The working copy's edits do not change the live text, so only the live
    text's fingerprint is compared.
    """
    live = live_copy(answer)
    if live is None or shown.live_fingerprint != live_fingerprint(live):
        raise TextChangedError(_(LIVE_TEXT_CHANGED), shown=shown)


def check_recover(version: Version, user: AbstractBaseUser) -> None:
    """An editor may recover a deleted answer only while its question has no
    answer: recovering never replaces or deletes a current answer."""
    if not is_editor(user):
        raise PermissionDenied(_(NOT_ALLOWED))
    if (
        version.content_type.model_class() is not Answer
        or Answer.objects.filter(pk=version.object_id).exists()
    ):
        raise TransitionError(_(NOT_DELETED))
    question_id = version.field_dict["question_id"]
    current = Answer.objects.filter(question_id=question_id).select_related("question")
    if current.exists():
        raise TransitionError(
            _(RECOVERY_WOULD_REPLACE).format(question=current.first().question)
        )


def allowed_transitions(answer: Answer, user: AbstractBaseUser) -> list[str]:
    """The names of the ``TRANSITIONS`` ``user`` may take on ``answer`` now, in
    workflow order: exactly the buttons the admin shows."""
    return [
        name
        for name, transition in TRANSITIONS.items()
        if transition.predicate(answer, user)
    ]


# Shared steps ----------------------------------------------------------------


def _lock(answer: Answer) -> None:
    """Re-read the answer under a row lock so concurrent transitions serialise."""
    answer.refresh_from_db(from_queryset=Answer.objects.select_for_update())


def _move(
    answer: Answer,
    to_state: str,
    *,
    user: AbstractBaseUser,
    transition: str,
    comment: str,
    is_text_edit: bool = False,
    review_html: Mapping[str, object] | None = None,
) -> None:
    """Set the state, write the audit entry and describe the revision."""
    from_state = answer.state
    answer.state = to_state
    answer.state_changed_at = clock.now()
    answer.save(update_fields=["state", "state_changed_at", "reviewer", "updated_at"])
    AuditEntry.objects.create(
        answer=answer,
        user=user,
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )
    describe_revision(
        answer,
        user=user,
        comment=comment or transition,
        is_text_edit=is_text_edit,
        review_html=review_html,
    )


def describe_revision(
    answer: Answer,
    *,
    user: AbstractBaseUser,
    comment: str,
    is_text_edit: bool,
    is_refused: bool = False,
    review_html: Mapping[str, object] | None = None,
) -> None:
    """Describe the current revision: who, when, why, and the answer as recorded.

    Call it inside ``reversion.create_revision()``. A refused revision keeps
    text that was not applied (``reviews.editing.keep_refused_edit``); the
    rules and the versions reviewers sign off ignore it. ``review_html`` is
    the text's HTML as ``articles.rendering.live_copy_html`` makes it, stored
    with the version sent to review.
    """
    reversion.set_date_created(clock.now())
    reversion.set_user(user)
    if comment:
        reversion.set_comment(comment)
    reversion.add_to_revision(answer)
    reversion.add_meta(
        AnswerRevision,
        answer=answer,
        state=answer.state,
        is_text_edit=is_text_edit,
        is_refused=is_refused,
        fingerprint=current_fingerprint(answer),
        **(review_html or {}),
    )


def replace_references(answer: Answer, references: Iterable[Mapping]) -> None:
    """Make ``references`` the answer's references, numbered in that order.

    The stored rows are rewritten in place, so their ids last while the list
    does not shrink: a change form opened earlier still names existing rows,
    and the edit service, not the form, says whether it is stale.
    """
    rows = list(answer.references.order_by("position", "id"))
    wanted = list(references)
    for position, data in enumerate(wanted, start=1):
        if position > len(rows):
            rows.append(Reference(answer=answer))
        reference = rows[position - 1]
        reference.position = position
        reference.title = data["title"]
        reference.source = data.get("source") or ""
        reference.year = data.get("year")
        reference.url = data.get("url") or ""
        reference.doi = data.get("doi") or ""
        reference.pmid = data.get("pmid") or ""
    kept, surplus = rows[: len(wanted)], rows[len(wanted) :]
    Reference.objects.filter(pk__in=[row.pk for row in surplus]).delete()
    Reference.objects.bulk_update(
        [row for row in kept if row.pk is not None],
        ["position", "title", "source", "year", "url", "doi", "pmid"],
    )
    Reference.objects.bulk_create([row for row in kept if row.pk is None])
    if reversion.is_active():
        # Bulk writes send no post_save, and the revision may already hold these
        # rows as they were before (followed from the answer when it was saved):
        # give it their new text.
        for row in kept:
            reversion.add_to_revision(row)


def _verified(numbers: Collection[int], *, reference_count: int) -> list[int]:
    """The reference numbers a reviewer ticked, checked against the text signed."""
    verified = sorted(set(numbers))
    if any(number < 1 or number > reference_count for number in verified):
        raise TransitionError(_(UNKNOWN_REFERENCE))
    return verified


def _sign_working_copy(
    answer: Answer,
    *,
    user: AbstractBaseUser,
    decision: str,
    comment: str,
    verified_references: Collection[int],
) -> SignOff:
    """A decision on the text under review: its fingerprint, its latest version
    and the references ticked among its own."""
    return _sign_off(
        answer,
        user=user,
        decision=decision,
        comment=comment,
        text_fingerprint=current_fingerprint(answer),
        version=_latest_version(answer),
        verified_references=_verified(
            verified_references, reference_count=answer.references.count()
        ),
    )


def _sign_off(
    answer: Answer,
    *,
    user: AbstractBaseUser,
    decision: str,
    comment: str,
    text_fingerprint: str,
    version: Version | None,
    verified_references: list[int],
) -> SignOff:
    profile = ReviewerProfile.objects.filter(user=user).first()
    registration = registration_for_sign_off(user, on=_sign_off_day())
    return SignOff.objects.create(
        answer=answer,
        reviewer=user,
        reviewer_profile=profile,
        decision=decision,
        comment=comment,
        version=version,
        fingerprint=text_fingerprint,
        fingerprint_scheme=CURRENT_SCHEME,
        verified_references=verified_references,
        reviewer_name=profile.full_name
        if profile
        else user.get_full_name() or user.get_username(),
        reviewer_credentials=profile.credentials if profile else "",
        registration_body=registration.body,
        registration_country=registration.country,
        registration_number=registration.number,
        registration_valid_until=registration.valid_until,
    )


def _latest_version(answer: Answer) -> Version | None:
    """The newest applied version: the text as it stands (refused edits excluded)."""
    return (
        Version.objects.get_for_object(answer)
        .exclude(revision__answer_info__is_refused=True)
        .order_by("-pk")
        .first()
    )


def _readers_text_changed(live: PublishedAnswer, answer: Answer) -> bool:
    """Whether publishing ``answer`` changes what readers read as the answer.

    Compared without the change note (scheme 2): a new note alone is not a
    new text, and a live copy published before the note was reviewed has none.
    """
    return fingerprint(
        question=live.question_text,
        kind_label=live.kind_label,
        tldr=live.tldr,
        body=live.body,
        references=live.references,
        scheme=WHOLE_ANSWER_SCHEME,
    ) != fingerprint(
        question=answer.question.text,
        kind_label=answer.kind_label,
        tldr=answer.tldr,
        body=answer.body,
        references=reference_dicts(answer),
        scheme=WHOLE_ANSWER_SCHEME,
    )


def _announce_live_copies(answers: list[Answer]) -> None:
    """Tell derived data (search documents, cached pages) that these answers'
    live copies changed, inside the transaction that changed them."""
    live_copies_changed.send(
        sender=PublishedAnswer,
        answer_ids=[answer.pk for answer in answers],
        condition_ids={answer.question.condition_id for answer in answers},
    )


def review_due_on(
    condition: Condition, *, last_reviewed_at: datetime.datetime
) -> datetime.date:
    """The day the next review of an answer about ``condition`` falls due.

    The local date of the last approving or re-certifying sign-off plus the
    condition's review interval (12 months unless the condition overrides it).
    """
    return add_months(timezone.localdate(last_reviewed_at), condition.review_interval)


# Transitions -----------------------------------------------------------------


def submit(
    answer: Answer,
    *,
    user: AbstractBaseUser,
    reviewer: AbstractBaseUser | None = None,
    comment: str = "",
) -> Answer:
    """Submit the working copy for medical review.

    Needs a TL;DR, a body and at least one reference. ``reviewer``, if given,
    must be a medical reviewer and only a managing editor may assign one; a
    managing editor who gives none offers the review to every reviewer. An
    editor's submission keeps the assignment a managing editor made, unless
    that user can no longer review; without one, every reviewer is notified.
    The text's HTML (body and references, as readers will see it) is rendered
    once and stored with the version sent to review.
    """
    with transaction.atomic(), reversion.create_revision():
        _lock(answer)
        check_submit(answer, user)
        may_assign = user.has_perm("articles.assign_reviewer")
        if reviewer is not None:
            if not may_assign:
                raise PermissionDenied(_(NOT_ALLOWED))
            if not is_medical_reviewer(reviewer):
                raise TransitionError(_(NOT_A_REVIEWER))
        elif not may_assign and answer.reviewer is not None:
            # Resubmitting must not undo a managing editor's assignment.
            reviewer = answer.reviewer if is_medical_reviewer(answer.reviewer) else None
        answer.reviewer = reviewer
        # Rendered once, here: the review screen shows this HTML, and
        # publishing this text copies it to the live copy.
        review_html = live_copy_html(
            body=answer.body, references=reference_dicts(answer)
        )
        _move(
            answer,
            State.IN_REVIEW,
            user=user,
            transition="submit",
            comment=comment,
            review_html=review_html,
        )
        transaction.on_commit(partial(notifications.answer_submitted, answer.pk))
    return answer


def withdraw(answer: Answer, *, user: AbstractBaseUser, comment: str = "") -> Answer:
    """Withdraw an answer from review back to draft, unlocking the text."""
    with transaction.atomic(), reversion.create_revision():
        _lock(answer)
        check_withdraw(answer, user)
        _move(answer, State.DRAFT, user=user, transition="withdraw", comment=comment)
    return answer


def request_changes(
    answer: Answer,
    *,
    user: AbstractBaseUser,
    shown: ShownText,
    comment: str,
    verified_references: Collection[int] = (),
) -> SignOff:
    """Send the text under review back to its editor with a required comment.

    ``shown`` is the text the reviewer's screen displayed: refused, with
    nothing recorded, when it is no longer the text under review.
    ``verified_references`` are the numbers of the references the reviewer
    ticked as checked, kept with the sign-off.
    """
    with transaction.atomic(), reversion.create_revision():
        _lock(answer)
        check_request_changes(answer, user)
        check_shown_working_copy(answer, shown)
        if not comment.strip():
            raise TransitionError(_(COMMENT_REQUIRED))
        sign_off = _sign_working_copy(
            answer,
            user=user,
            decision=SignOff.Decision.REQUEST_CHANGES,
            comment=comment,
            verified_references=verified_references,
        )
        _move(
            answer,
            State.CHANGES_REQUESTED,
            user=user,
            transition="request_changes",
            comment=comment,
        )
        transaction.on_commit(partial(notifications.changes_requested, sign_off.pk))
    return sign_off


def approve(
    answer: Answer,
    *,
    user: AbstractBaseUser,
    shown: ShownText,
    comment: str = "",
    verified_references: Collection[int] = (),
) -> SignOff:
    """Approve the text under review, binding the sign-off to its fingerprint.

    ``shown`` is the text the reviewer's screen displayed: refused, with
    nothing recorded, when it is no longer the text under review.
    """
    with transaction.atomic(), reversion.create_revision():
        _lock(answer)
        check_approve(answer, user)
        check_shown_working_copy(answer, shown)
        sign_off = _sign_working_copy(
            answer,
            user=user,
            decision=SignOff.Decision.APPROVE,
            comment=comment,
            verified_references=verified_references,
        )
        _move(answer, State.APPROVED, user=user, transition="approve", comment=comment)
        transaction.on_commit(partial(notifications.answer_approved, sign_off.pk))
    return sign_off


def publish(
    answer: Answer,
    *,
    user: AbstractBaseUser,
    shown: ShownText,
    comment: str = "",
    is_correction: bool = False,
) -> PublishedAnswer:
    """Copy the approved working copy to the live copy and record it in the
    answer's public review history.

    Needs a valid approval of exactly this text (see ``valid_approval``), and
    ``shown``, the text the publisher's screen displayed, must still be it.
    "Last updated" moves only when the readers' text actually changes (the
    change note alone does not move it). ``is_correction`` marks the
    publication as the fix of a factual error: a managing editor's call.
    """
    with transaction.atomic(), reversion.create_revision():
        _lock(answer)
        check_publish(answer, user)
        if is_correction and not may_mark_correction(user):
            raise PermissionDenied(_(CORRECTION_NOT_ALLOWED))
        check_shown_working_copy(answer, shown)
        approval = valid_approval(answer)
        authors = editor_ids_since_publication(answer)
        now = clock.now()
        live = live_copy(answer) or PublishedAnswer(answer=answer)
        text_changed = live._state.adding or _readers_text_changed(live, answer)
        live.question_text = answer.question.text
        live.kind_label = answer.kind_label
        live.tldr = answer.tldr
        live.body = answer.body
        live.references = reference_dicts(answer)
        live.change_note = answer.change_note
        # The text copied is the text checked: its own fingerprint.
        if live_fingerprint(live) != approval.fingerprint:
            raise TransitionError(_(NO_VALID_APPROVAL))
        # Rendered once, when this text was sent to review: readers get the
        # HTML the reviewer read (rendered here only if there is none, or it
        # is from an older renderer). The public pages show the stored HTML.
        render_live_copy(
            live,
            reviewed=html_sent_to_review(answer, fingerprint=approval.fingerprint),
        )
        live.fingerprint = approval.fingerprint
        live.approval = approval
        live.last_review = approval
        live.published_by = user
        live.published_at = now
        live.text_changed_at = now if text_changed else live.text_changed_at
        live.review_due_on = review_due_on(
            answer.question.condition, last_reviewed_at=approval.signed_at
        )
        live.is_correction = is_correction
        live.archived_at = None
        live.save()
        live.written_by.set(authors)
        if is_correction:
            kind = HistoryEntry.Kind.CORRECTION
        elif text_changed:
            kind = HistoryEntry.Kind.UPDATED
        else:
            kind = HistoryEntry.Kind.REVIEWED
        HistoryEntry.objects.create(
            answer=answer,
            kind=kind,
            sign_off=approval,
            change_note=answer.change_note,
            recorded_by=user,
            recorded_at=now,
        )
        _announce_live_copies([answer])
        _move(answer, State.PUBLISHED, user=user, transition="publish", comment=comment)
    return live


def recertify(
    answer: Answer,
    *,
    user: AbstractBaseUser,
    shown: ShownText,
    comment: str = "",
    verified_references: Collection[int] = (),
) -> SignOff:
    """Re-certify the unchanged live text: move "last reviewed", not "last updated".

    ``shown`` is the text the reviewer's screen displayed: refused, with
    nothing recorded, when the live text is no longer the one shown.
    """
    with transaction.atomic(), reversion.create_revision():
        _lock(answer)
        check_recertify(answer, user)
        live = PublishedAnswer.objects.select_for_update().get(answer=answer)
        check_shown_live_copy(answer, shown)
        sign_off = _sign_off(
            answer,
            user=user,
            decision=SignOff.Decision.RECERTIFY,
            comment=comment,
            text_fingerprint=live_fingerprint(live),
            version=live.approval.version,
            verified_references=_verified(
                verified_references, reference_count=len(live.references)
            ),
        )
        live.last_review = sign_off
        live.review_due_on = review_due_on(
            answer.question.condition, last_reviewed_at=sign_off.signed_at
        )
        live.save(update_fields=["last_review", "review_due_on"])
        HistoryEntry.objects.create(
            answer=answer,
            kind=HistoryEntry.Kind.REVIEWED,
            sign_off=sign_off,
            recorded_by=user,
            recorded_at=sign_off.signed_at,
        )
        _announce_live_copies([answer])
        _move(answer, answer.state, user=user, transition="recertify", comment=comment)
    return sign_off


def allow_early_recertification(
    answer: Answer, *, user: AbstractBaseUser, comment: str
) -> Answer:
    """Let the live text be re-certified before its window opens.

    A managing editor's override, with the reason (``comment``) required and
    kept in the audit trail. It holds until the next review of the live text.
    """
    with transaction.atomic(), reversion.create_revision():
        _lock(answer)
        check_allow_early_recertification(answer, user)
        if not comment.strip():
            raise TransitionError(_(REASON_REQUIRED))
        _move(
            answer,
            answer.state,
            user=user,
            transition="allow_early_recertification",
            comment=comment,
        )
    return answer


def reschedule_reviews(condition: Condition) -> int:
    """Move "next review due" of the condition's live copies to the current interval.

    Each becomes ``review_due_on`` of its last review, as publishing and
    re-certifying compute it. Archived live copies are kept in step too, so a
    later re-publication starts from a consistent row. Not a transition: no
    state changes. The caller checks who may change the interval. Returns how
    many live copies were updated.
    """
    with transaction.atomic():
        live_copies = list(
            PublishedAnswer.objects.filter(answer__question__condition=condition)
            # Lock only the live rows: transitions lock the answer first, then
            # the live copy, so holding the live rows alone cannot deadlock one.
            .select_for_update(of=("self",))
            .select_related("last_review")
        )
        for live in live_copies:
            live.review_due_on = review_due_on(
                condition, last_reviewed_at=live.last_review.signed_at
            )
        PublishedAnswer.objects.bulk_update(live_copies, ["review_due_on"])
        live_copies_changed.send(
            sender=PublishedAnswer,
            answer_ids=[live.answer_id for live in live_copies],
            condition_ids=[condition.pk],
        )
    return len(live_copies)


def archive(
    answer: Answer, *, user: AbstractBaseUser, shown: ShownText, comment: str = ""
) -> Answer:
    """Take an answer off the site: its public URL then answers 410 Gone.

    ``shown`` is the text the managing editor's screen displayed: refused,
    with nothing recorded, when the text changed since.
    """
    with transaction.atomic(), reversion.create_revision():
        _lock(answer)
        check_archive(answer, user)
        check_shown_working_copy(answer, shown)
        PublishedAnswer.objects.filter(answer=answer).update(archived_at=clock.now())
        _announce_live_copies([answer])
        _move(answer, State.ARCHIVED, user=user, transition="archive", comment=comment)
    return answer


def return_to_draft(
    answer: Answer, *, user: AbstractBaseUser, comment: str = ""
) -> Answer:
    """Send an edited approved or published working copy back to draft.

    Called by the edit services after a text change: an approval covers only
    the exact text that was read.
    """
    with transaction.atomic(), reversion.create_revision():
        _lock(answer)
        check_return_to_draft(answer, user)
        _move(
            answer,
            State.DRAFT,
            user=user,
            transition="edit",
            comment=comment,
            is_text_edit=True,
        )
    return answer


def revert_to_version(
    answer: Answer, *, user: AbstractBaseUser, version: Version, comment: str = ""
) -> Answer:
    """Make the text of an earlier version the new draft, which needs review again."""
    with transaction.atomic(), reversion.create_revision():
        _lock(answer)
        check_revert(answer, user)
        if (
            version.object_id != str(answer.pk)
            or version.content_type.model_class() is not Answer
        ):
            raise TransitionError(_(VERSION_OF_ANOTHER_ANSWER))
        fields = version.field_dict
        answer.kind_label = fields["kind_label"]
        answer.tldr = fields["tldr"]
        answer.body = fields["body"]
        answer.edit_count += 1
        # The public change note stays: it describes the coming publication.
        answer.save(
            update_fields=["kind_label", "tldr", "body", "edit_count", "updated_at"]
        )
        followed = list(version.revision.version_set.all())
        old_questions = [
            question_version.field_dict["text"]
            for question_version in followed
            if question_version.content_type.model_class() is Question
            and question_version.object_id == str(answer.question_id)
        ]
        if old_questions and old_questions[0] != answer.question.text:
            answer.question.text = old_questions[0]
            answer.question.save(update_fields=["text", "updated_at"])
        old_references = [
            reference_version.field_dict
            for reference_version in followed
            if reference_version.content_type.model_class() is Reference
        ]
        replace_references(
            answer,
            sorted(old_references, key=lambda data: (data["position"], data["id"])),
        )
        comment = comment or _("Reverted to the version of %(date)s") % {
            "date": version.revision.date_created.strftime("%Y-%m-%d %H:%M")
        }
        _move(
            answer,
            State.DRAFT,
            user=user,
            transition="revert",
            comment=comment,
            is_text_edit=True,
        )
    return answer


def recover(version: Version, *, user: AbstractBaseUser) -> Answer:
    """Bring a deleted answer back from its last version, as it was deleted.

    Restores the answer, its references and its question (followed in the
    version's revision). Refused while the question has an answer: the
    question's row is locked first, so no answer can be written for it
    meanwhile, and reversion's restore would delete that answer. Recorded in
    the audit trail.
    """
    with transaction.atomic(), reversion.create_revision():
        question_id = version.field_dict["question_id"]
        # Writing an answer for this question waits for this lock.
        list(Question.objects.select_for_update().filter(pk=question_id))
        check_recover(version, user)
        # The text as it stood: a refused edit kept in the history never was.
        applied = (
            Version.objects.get_for_object_reference(Answer, version.object_id)
            .exclude(revision__answer_info__is_refused=True)
            .order_by("-pk")
            .first()
        ) or version
        applied.revision.revert(delete=True)
        answer = Answer.objects.select_for_update().get(pk=version.object_id)
        comment = _("Recovered from the version of %(date)s") % {
            "date": version.revision.date_created.strftime("%Y-%m-%d %H:%M")
        }
        AuditEntry.objects.create(
            answer=answer,
            user=user,
            transition="recover",
            from_state=answer.state,
            to_state=answer.state,
            comment=comment,
        )
        # The text comes back as it was written: not an edit by this user.
        describe_revision(answer, user=user, comment=comment, is_text_edit=False)
        _announce_live_copies([answer])
    return answer


# The table of transitions ------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """A transition taken with a workflow button: the function, the predicate
    that offers it, the button's label and the message once it is done.

    ``is_sign_off`` marks decisions that carry the reviewer's name: the admin
    asks for the password again unless it was entered in the last few minutes.
    ``binds_text`` marks decisions bound to the text their screen displayed:
    the function takes ``shown`` and refuses when that text changed.
    """

    name: str
    function: Callable[..., object]
    predicate: Callable[[Answer, AbstractBaseUser], bool]
    label: Promise
    done_message: Promise
    is_sign_off: bool = False
    binds_text: bool = False


# In workflow order. ``return_to_draft`` and ``revert_to_version`` have no
# button: saving changed text and reverting to a version take them.
TRANSITIONS: dict[str, Transition] = {
    transition.name: transition
    for transition in (
        Transition(
            name="submit",
            function=submit,
            predicate=can_submit,
            label=gettext_lazy("Submit for review"),
            done_message=gettext_lazy("Submitted for review."),
        ),
        Transition(
            name="withdraw",
            function=withdraw,
            predicate=can_withdraw,
            label=gettext_lazy("Withdraw from review"),
            done_message=gettext_lazy(
                "Withdrawn from review: the text can be edited again."
            ),
        ),
        Transition(
            name="request_changes",
            function=request_changes,
            predicate=can_request_changes,
            label=gettext_lazy("Request changes"),
            done_message=gettext_lazy("Changes requested: the editor has been told."),
            is_sign_off=True,
            binds_text=True,
        ),
        Transition(
            name="approve",
            function=approve,
            predicate=can_approve,
            label=gettext_lazy("Approve (sign off)"),
            done_message=gettext_lazy("Approved: your sign-off is recorded."),
            is_sign_off=True,
            binds_text=True,
        ),
        Transition(
            name="publish",
            function=publish,
            predicate=can_publish,
            label=gettext_lazy("Publish"),
            done_message=gettext_lazy("Published: the live page now shows this text."),
            binds_text=True,
        ),
        Transition(
            name="recertify",
            function=recertify,
            predicate=can_recertify,
            label=gettext_lazy("Re-certify the live text"),
            done_message=gettext_lazy("Re-certified: the next review date has moved."),
            is_sign_off=True,
            binds_text=True,
        ),
        Transition(
            name="allow_early_recertification",
            function=allow_early_recertification,
            predicate=can_allow_early_recertification,
            label=gettext_lazy("Allow early re-certification"),
            done_message=gettext_lazy(
                "Early re-certification allowed: a reviewer may now re-certify "
                "the live text."
            ),
        ),
        Transition(
            name="archive",
            function=archive,
            predicate=can_archive,
            label=gettext_lazy("Archive"),
            done_message=gettext_lazy(
                "Archived: the public page now answers 410 Gone."
            ),
            binds_text=True,
        ),
    )
}
