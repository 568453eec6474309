"""Reviewer decisions: approve and request changes, their sign-offs and mails,
the assigned-reviewer rule and separation of duties."""

import re

import pytest
from reversion.models import Version

from articles.models import Answer
from reviews import answer_state, editing, workflow
from reviews.errors import TransitionError
from reviews.fingerprint import fingerprint
from reviews.models import SignOff
from tests import factories
from tests.helpers import (
    DEFAULT_REFERENCES,
    assert_transition_logged,
    edit,
    make_draft,
    make_in_review,
    make_published,
)

pytestmark = pytest.mark.django_db

State = Answer.State

REVIEWER_EDITED = re.escape(workflow.REVIEWER_EDITED)
ASSIGNED_TO_ANOTHER = re.escape(workflow.ASSIGNED_TO_ANOTHER)


def decide(decision, answer, user):
    if decision == "approve":
        return workflow.approve(answer, shown=workflow.shown_text(answer), user=user)
    return workflow.request_changes(
        answer, shown=workflow.shown_text(answer), user=user, comment="Please revise."
    )


DECISIONS = ["approve", "request_changes"]


# Approve ----------------------------------------------------------------------


def test_approve_signs_off_the_exact_text_under_review(editor, reviewer):
    answer = make_in_review(editor=editor)
    text_fingerprint = answer_state.current_fingerprint(answer)

    sign_off = workflow.approve(
        answer, shown=workflow.shown_text(answer), user=reviewer, comment="Accurate."
    )

    answer.refresh_from_db()
    assert answer.state == State.APPROVED
    assert sign_off.decision == SignOff.Decision.APPROVE
    assert sign_off.reviewer == reviewer
    assert sign_off.comment == "Accurate."
    assert sign_off.fingerprint == text_fingerprint
    assert sign_off.version.object_id == str(answer.pk)
    assert sign_off.version.field_dict["tldr"] == answer.tldr
    assert sign_off.version.field_dict["body"] == answer.body
    assert_transition_logged(
        answer,
        transition="approve",
        from_state=State.IN_REVIEW,
        to_state=State.APPROVED,
        user=reviewer,
    )


def test_approval_names_the_version_whose_text_it_fingerprints(editor, reviewer):
    answer = make_in_review(editor=editor)
    # A save refused as stale during the review is kept in the history, but it
    # is not the text the reviewer read.
    editing.keep_refused_edit(
        answer,
        user=editor,
        tldr="Typed in a stale form.",
        body="Never applied.",
        kind_label=answer.kind_label,
    )
    newest = Version.objects.get_for_object(answer).order_by("-pk").first()

    sign_off = workflow.approve(
        answer, shown=workflow.shown_text(answer), user=reviewer
    )

    assert sign_off.version != newest
    assert sign_off.version.revision.answer_info.fingerprint == sign_off.fingerprint
    assert sign_off.version.field_dict["tldr"] == answer.tldr
    assert sign_off.fingerprint == fingerprint(
        question=answer.question.text,
        kind_label=answer.kind_label,
        tldr=answer.tldr,
        body=answer.body,
        references=DEFAULT_REFERENCES,
    )
    assert sign_off.fingerprint_scheme == 3


def test_sign_off_keeps_the_reviewers_name_and_credentials_as_they_were(
    editor, reviewer
):
    profile = reviewer.reviewer_profile
    answer = make_in_review(editor=editor)
    sign_off = workflow.approve(
        answer, shown=workflow.shown_text(answer), user=reviewer
    )

    profile.full_name = "Dr Renamed Later"
    profile.credentials = "MD, PhD"
    profile.save()

    sign_off.refresh_from_db()
    assert sign_off.reviewer_profile == profile
    assert sign_off.reviewer_name != "Dr Renamed Later"
    assert sign_off.reviewer_name.startswith("Dr ")
    assert sign_off.reviewer_credentials == "MD"


def test_approve_mails_the_submitting_editor(
    editor,
    managing_editor,
    reviewer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    answer = make_draft(editor=editor)
    workflow.submit(answer, user=managing_editor)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(
            answer,
            shown=workflow.shown_text(answer),
            user=reviewer,
            comment="Clear and accurate.",
        )

    assert [mail.to for mail in mailoutbox] == [[managing_editor.email]]
    assert mailoutbox[0].subject == f"Approved: {answer.question.text}"
    assert "Clear and accurate." in mailoutbox[0].body


@pytest.mark.parametrize(
    "state_of",
    [
        lambda editor, reviewer: make_draft(editor=editor),
        lambda editor, reviewer: make_published(editor=editor, reviewer=reviewer),
    ],
    ids=["draft", "published"],
)
@pytest.mark.parametrize("decision", DECISIONS)
def test_decisions_are_possible_only_in_review(editor, reviewer, state_of, decision):
    answer = state_of(editor, reviewer)
    other = factories.ReviewerFactory(username="third-reviewer")
    sign_offs_before = SignOff.objects.count()

    with pytest.raises(TransitionError, match="that step is not possible now"):
        decide(decision, answer, other)

    assert SignOff.objects.count() == sign_offs_before


# Request changes ---------------------------------------------------------------


def test_request_changes_records_the_comment_and_returns_the_text(editor, reviewer):
    answer = make_in_review(editor=editor)

    sign_off = workflow.request_changes(
        answer,
        shown=workflow.shown_text(answer),
        user=reviewer,
        comment="Mention the 2022 guideline.",
    )

    answer.refresh_from_db()
    assert answer.state == State.CHANGES_REQUESTED
    assert sign_off.decision == SignOff.Decision.REQUEST_CHANGES
    assert sign_off.comment == "Mention the 2022 guideline."
    assert sign_off.fingerprint == answer_state.current_fingerprint(answer)
    assert_transition_logged(
        answer,
        transition="request_changes",
        from_state=State.IN_REVIEW,
        to_state=State.CHANGES_REQUESTED,
        user=reviewer,
    )
    assert answer.audit_entries.first().comment == "Mention the 2022 guideline."
    assert workflow.can_edit(answer, editor)


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_request_changes_requires_a_comment(editor, reviewer, comment):
    answer = make_in_review(editor=editor)

    with pytest.raises(TransitionError, match=re.escape(workflow.COMMENT_REQUIRED)):
        workflow.request_changes(
            answer, shown=workflow.shown_text(answer), user=reviewer, comment=comment
        )

    answer.refresh_from_db()
    assert answer.state == State.IN_REVIEW
    assert not SignOff.objects.filter(answer=answer).exists()


def test_request_changes_mails_the_submitting_editor(
    editor, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    answer = make_in_review(editor=editor)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(
            answer,
            shown=workflow.shown_text(answer),
            user=reviewer,
            comment="Cite a source.",
        )

    assert [mail.to for mail in mailoutbox] == [[editor.email]]
    assert mailoutbox[0].subject == f"Changes requested: {answer.question.text}"
    assert "Cite a source." in mailoutbox[0].body


def test_decision_mail_goes_to_whoever_submitted_last(
    editor,
    other_editor,
    reviewer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    answer = make_in_review(editor=editor)
    workflow.request_changes(
        answer,
        shown=workflow.shown_text(answer),
        user=reviewer,
        comment="Cite a source.",
    )
    edit(answer, user=other_editor, body="Revised body with a citation [1].")
    workflow.submit(answer, user=other_editor)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)

    assert [mail.to for mail in mailoutbox] == [[other_editor.email]]


# Assigned reviewer ---------------------------------------------------------------


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("outsider", ["other_reviewer", "superuser"])
def test_only_the_assigned_reviewer_may_decide(
    request, editor, managing_editor, reviewer, decision, outsider
):
    answer = make_draft(editor=editor)
    workflow.submit(answer, user=managing_editor, reviewer=reviewer)
    user = request.getfixturevalue(outsider)

    with pytest.raises(TransitionError, match=ASSIGNED_TO_ANOTHER):
        decide(decision, answer, user)

    answer.refresh_from_db()
    assert answer.state == State.IN_REVIEW
    assert not SignOff.objects.filter(answer=answer).exists()


@pytest.mark.parametrize("decision", DECISIONS)
def test_assigned_reviewer_may_decide(editor, managing_editor, reviewer, decision):
    answer = make_draft(editor=editor)
    workflow.submit(answer, user=managing_editor, reviewer=reviewer)

    sign_off = decide(decision, answer, reviewer)

    assert sign_off.reviewer == reviewer


# Separation of duties ---------------------------------------------------------


def test_reviewer_who_edited_cannot_approve(editor, editing_reviewer):
    answer = make_draft(editor=editor)
    edit(answer, user=editing_reviewer, body="A sentence added by the reviewer.")
    workflow.submit(answer, user=editor)

    with pytest.raises(TransitionError, match=REVIEWER_EDITED):
        workflow.approve(
            answer, shown=workflow.shown_text(answer), user=editing_reviewer
        )

    answer.refresh_from_db()
    assert answer.state == State.IN_REVIEW
    assert not SignOff.objects.filter(answer=answer).exists()


def test_reviewer_who_edited_cannot_request_changes(editor, editing_reviewer):
    answer = make_draft(editor=editor)
    edit(answer, user=editing_reviewer, body="A sentence added by the reviewer.")
    workflow.submit(answer, user=editor)

    with pytest.raises(TransitionError, match=REVIEWER_EDITED):
        workflow.request_changes(
            answer,
            shown=workflow.shown_text(answer),
            user=editing_reviewer,
            comment="Hmm.",
        )

    assert not SignOff.objects.filter(answer=answer).exists()


def test_reviewer_who_wrote_the_first_draft_cannot_approve(editing_reviewer, editor):
    answer = make_in_review(editor=editing_reviewer)

    with pytest.raises(TransitionError, match=REVIEWER_EDITED):
        workflow.approve(
            answer, shown=workflow.shown_text(answer), user=editing_reviewer
        )


def test_reviewer_who_edited_only_a_reference_cannot_approve(editor, editing_reviewer):
    answer = make_draft(editor=editor)
    references = answer_state.reference_dicts(answer)
    references[0]["year"] = 2020
    edit(answer, user=editing_reviewer, references=references)
    workflow.submit(answer, user=editor)

    with pytest.raises(TransitionError, match=REVIEWER_EDITED):
        workflow.approve(
            answer, shown=workflow.shown_text(answer), user=editing_reviewer
        )


def test_reviewer_whose_edit_was_undone_still_cannot_approve(editor, editing_reviewer):
    answer = make_draft(editor=editor)
    original_body = answer.body
    edit(answer, user=editing_reviewer, body="The reviewer's version.")
    edit(answer, user=editor, body=original_body)
    workflow.submit(answer, user=editor)

    with pytest.raises(TransitionError, match=REVIEWER_EDITED):
        workflow.approve(
            answer, shown=workflow.shown_text(answer), user=editing_reviewer
        )


@pytest.mark.parametrize("decision", DECISIONS)
def test_superuser_who_edited_cannot_sign_off(editor, superuser, decision):
    answer = make_draft(editor=editor)
    edit(answer, user=superuser, tldr="A TL;DR the superuser rewrote.")
    workflow.submit(answer, user=editor)

    with pytest.raises(TransitionError, match=REVIEWER_EDITED):
        decide(decision, answer, superuser)

    assert not SignOff.objects.filter(answer=answer).exists()


def test_superuser_who_did_not_edit_may_approve(editor, superuser):
    answer = make_in_review(editor=editor)

    sign_off = workflow.approve(
        answer, shown=workflow.shown_text(answer), user=superuser
    )

    assert sign_off.reviewer == superuser


def test_reviewer_who_edited_before_the_last_publication_may_approve_later_text(
    editing_reviewer, reviewer, editor
):
    answer = make_published(editor=editing_reviewer, reviewer=reviewer)
    edit(answer, user=editor, body="A newer body the editor wrote alone.")
    workflow.submit(answer, user=editor)

    sign_off = workflow.approve(
        answer, shown=workflow.shown_text(answer), user=editing_reviewer
    )
    live = workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert sign_off.reviewer == editing_reviewer
    assert live.approval == sign_off
    assert live.body == "A newer body the editor wrote alone."
    assert list(live.written_by.all()) == [editor]


def test_reviewer_who_edited_since_the_last_publication_cannot_approve(
    editor, reviewer, editing_reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    edit(answer, user=editing_reviewer, body="The reviewer's change after going live.")
    workflow.submit(answer, user=editor)

    with pytest.raises(TransitionError, match=REVIEWER_EDITED):
        workflow.approve(
            answer, shown=workflow.shown_text(answer), user=editing_reviewer
        )


def test_reviewer_who_reverted_the_text_cannot_approve(editor, editing_reviewer):
    answer = make_draft(editor=editor)
    first = Version.objects.get_for_object(answer).order_by("pk").first()
    edit(answer, user=editor, body="A second body.")
    workflow.revert_to_version(answer, user=editing_reviewer, version=first)
    workflow.submit(answer, user=editor)

    with pytest.raises(TransitionError, match=REVIEWER_EDITED):
        workflow.approve(
            answer, shown=workflow.shown_text(answer), user=editing_reviewer
        )


@pytest.mark.parametrize("signer", ["editing_reviewer", "superuser"])
def test_approval_lapses_when_its_reviewer_edits_the_text_even_back_again(
    request, editor, signer
):
    user = request.getfixturevalue(signer)
    answer = make_in_review(editor=editor)
    approval = workflow.approve(answer, shown=workflow.shown_text(answer), user=user)
    approved_body = answer.body

    edit(answer, user=user, body="The reviewer's own change.")
    edit(answer, user=user, body=approved_body)

    answer.refresh_from_db()
    assert answer_state.current_fingerprint(answer) == approval.fingerprint
    assert answer_state.valid_approval(answer) is None
    assert answer.state == State.DRAFT


def test_reviewer_who_only_took_transitions_may_approve(
    editor, editing_reviewer, reviewer
):
    answer = make_in_review(editor=editor)
    workflow.withdraw(answer, user=editing_reviewer)
    workflow.submit(answer, user=editing_reviewer)

    sign_off = workflow.approve(
        answer, shown=workflow.shown_text(answer), user=editing_reviewer
    )

    assert sign_off.decision == SignOff.Decision.APPROVE
