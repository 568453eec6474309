"""The public review history: what publishing and re-certifying record, the
change note's rules, and who may mark a correction."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from articles.models import PublishedAnswer
from core import clock
from reviews import workflow
from reviews.fingerprint import CURRENT_SCHEME, WHOLE_ANSWER_SCHEME, fingerprint
from reviews.models import AuditEntry, HistoryEntry, SignOff
from reviews.selectors import FIRST_PUBLISHED_NOTE, correction_notice, public_history
from tests import factories
from tests.helpers import (
    edit,
    make_approved,
    make_published,
    open_recertification,
)

pytestmark = pytest.mark.django_db


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, 12, 0, tzinfo=datetime.UTC)


def approve_new_text(answer, *, editor, reviewer, **text):
    edit(answer, user=editor, **text)
    workflow.submit(answer, user=editor)
    workflow.approve(answer, user=reviewer, shown=workflow.shown_text(answer))


def test_first_publication_is_updated_and_reviewed_and_reads_first_published(
    editor, reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)

    [entry] = HistoryEntry.objects.filter(answer=answer)
    assert entry.kind == HistoryEntry.Kind.UPDATED
    assert entry.sign_off == answer.live.approval
    assert entry.recorded_by == editor
    [line] = public_history(answer.pk)
    assert line.note == FIRST_PUBLISHED_NOTE
    assert line.reviewer_name == reviewer.reviewer_profile.full_name
    assert line.reviewer_url == reviewer.reviewer_profile.get_absolute_url()


def test_a_sign_off_recorded_without_a_reviewer_profile_names_but_links_no_one(
    editor, reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    approval = answer.live.approval
    legacy = SignOff.objects.create(
        answer=answer,
        reviewer=reviewer,
        reviewer_profile=None,
        decision=SignOff.Decision.RECERTIFY,
        fingerprint=approval.fingerprint,
        fingerprint_scheme=approval.fingerprint_scheme,
        reviewer_name="Dr Legacy",
        reviewer_credentials="MD",
    )
    HistoryEntry.objects.create(
        answer=answer,
        kind=HistoryEntry.Kind.REVIEWED,
        sign_off=legacy,
        recorded_by=reviewer,
    )

    newest, first = public_history(answer.pk)
    assert (newest.reviewer_name, newest.reviewer_url) == ("Dr Legacy", "")
    assert newest.kind_label == "Reviewed, no change"
    assert first.reviewer_url == reviewer.reviewer_profile.get_absolute_url()


def test_a_republication_records_its_change_note_newest_first(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    approve_new_text(
        answer,
        editor=editor,
        reviewer=reviewer,
        body="A new body.",
        change_note="Added the 2026 trial results.",
    )
    workflow.publish(answer, user=editor, shown=workflow.shown_text(answer))

    history = public_history(answer.pk)
    assert [line.kind for line in history] == ["updated", "updated"]
    assert history[0].note == "Added the 2026 trial results."
    assert history[1].note == FIRST_PUBLISHED_NOTE
    assert answer.live.change_note == "Added the 2026 trial results."


def test_resubmitting_a_published_answer_needs_a_new_change_note(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    edit(answer, user=editor, body="Changed.", change_note="")

    with pytest.raises(workflow.TransitionError, match="public change note"):
        workflow.submit(answer, user=editor)
    assert not workflow.can_submit(answer, editor)

    edit(answer, user=editor, change_note="Explained the new test.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, user=reviewer, shown=workflow.shown_text(answer))
    workflow.publish(answer, user=editor, shown=workflow.shown_text(answer))

    # The published note again is no new note.
    edit(
        answer,
        user=editor,
        body="Changed again.",
        change_note="Explained the new test.",
    )
    with pytest.raises(workflow.TransitionError, match="public change note"):
        workflow.submit(answer, user=editor)


def test_a_first_submission_needs_no_change_note(editor):
    answer = make_approved(editor=editor, reviewer=factories.ReviewerFactory())
    assert answer.change_note == ""


def test_the_change_note_is_fingerprinted_in_scheme_3(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    approve_new_text(
        answer, editor=editor, reviewer=reviewer, change_note="Clarified dosing."
    )
    approval = SignOff.objects.filter(answer=answer).order_by("-pk").first()

    assert approval.fingerprint_scheme == CURRENT_SCHEME == 3
    text = {
        "question": answer.question.text,
        "kind_label": answer.kind_label,
        "tldr": answer.tldr,
        "body": answer.body,
        "references": [ref.as_dict() for ref in answer.references.all()],
    }
    assert approval.fingerprint == fingerprint(**text, change_note="Clarified dosing.")
    assert approval.fingerprint != fingerprint(**text, change_note="Something else.")
    assert fingerprint(**text, scheme=WHOLE_ANSWER_SCHEME) != approval.fingerprint


def test_editing_the_change_note_after_approval_needs_review_again(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    approve_new_text(answer, editor=editor, reviewer=reviewer, change_note="First.")

    edit(answer, user=editor, change_note="A different note for readers.")

    answer.refresh_from_db()
    assert answer.state == "draft"
    assert not workflow.can_publish(answer, editor)


def test_a_note_only_change_does_not_move_last_updated(editor, reviewer):
    with clock.recorded_at(at(1)):
        answer = make_published(editor=editor, reviewer=reviewer)
    with clock.recorded_at(at(5)):
        approve_new_text(answer, editor=editor, reviewer=reviewer, change_note="Note.")
        workflow.publish(answer, user=editor, shown=workflow.shown_text(answer))

    live = PublishedAnswer.objects.get(answer=answer)
    assert live.text_changed_at == at(1)
    assert public_history(answer.pk)[0].kind == "reviewed"


def test_recertifying_adds_a_reviewed_no_change_entry_with_the_snapshot(
    editor, reviewer, other_reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    profile = other_reviewer.reviewer_profile
    open_recertification(answer)
    workflow.recertify(answer, user=other_reviewer, shown=workflow.shown_text(answer))
    profile.credentials = "MD, PhD, FRCP"
    profile.save()

    line = public_history(answer.pk)[0]
    assert line.kind == "reviewed"
    assert line.kind_label == "Reviewed, no change"
    assert line.note == ""
    assert line.reviewer_credentials != "MD, PhD, FRCP"


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("editor", False),
        ("reviewer", False),
        ("member", False),
        ("managing_editor", True),
        ("superuser", True),
    ],
)
def test_only_a_managing_editor_marks_a_publication_as_a_correction(
    request, editor, reviewer, role, allowed
):
    user = request.getfixturevalue(role)
    answer = make_published(editor=editor, reviewer=reviewer)
    approve_new_text(answer, editor=editor, reviewer=reviewer, body="Fixed dose.")
    entries = HistoryEntry.objects.count()
    audit = AuditEntry.objects.count()

    if allowed:
        workflow.publish(
            answer, user=user, shown=workflow.shown_text(answer), is_correction=True
        )
        assert HistoryEntry.objects.filter(answer=answer).first().is_correction
        assert PublishedAnswer.objects.get(answer=answer).is_correction
    else:
        with pytest.raises(PermissionDenied):
            workflow.publish(
                answer, user=user, shown=workflow.shown_text(answer), is_correction=True
            )
        assert HistoryEntry.objects.count() == entries
        assert AuditEntry.objects.count() == audit
        answer.refresh_from_db()
        assert answer.state == "approved"


def test_a_correction_is_announced_for_90_days_and_kept_for_good(
    editor, reviewer, managing_editor
):
    with clock.recorded_at(at(1)):
        answer = make_published(editor=editor, reviewer=reviewer)
        approve_new_text(
            answer, editor=editor, reviewer=reviewer, change_note="Corrected the dose."
        )
        workflow.publish(
            answer,
            user=managing_editor,
            shown=workflow.shown_text(answer),
            is_correction=True,
        )
    history = public_history(answer.pk)

    assert correction_notice(history, as_of=datetime.date(2026, 3, 1)) == history[0]
    assert correction_notice(history, as_of=datetime.date(2026, 5, 29)) == history[0]
    assert correction_notice(history, as_of=datetime.date(2026, 5, 30)) is None
    assert history[0].kind_label == "Correction"


def test_history_entries_are_append_only(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    entry = HistoryEntry.objects.get(answer=answer)

    with pytest.raises(Exception, match="append-only"):
        entry.save()
    with pytest.raises(Exception, match="append-only"):
        HistoryEntry.objects.filter(pk=entry.pk).update(change_note="x")
