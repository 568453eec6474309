"""Moderation transitions: who may take them, what they change, whom they tell."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from community import moderation
from community.models import Experience
from tests import factories
from tests.community.helpers import TEXT, approved, rejected, share

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("editor", True),
        ("managing_editor", True),
        ("reviewer", False),
        ("member", False),
        ("other_member", False),
    ],
)
def test_only_editors_and_managing_editors_moderate(
    roles, published_question, role, allowed
):
    experience = share(published_question, member=factories.MemberFactory())
    user = roles[role]

    assert moderation.can_approve(experience, user) is allowed
    assert moderation.can_reject(experience, user) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            moderation.approve(experience, user=user)
        with pytest.raises(PermissionDenied):
            moderation.reject(experience, user=user, reason="No.")
        experience.refresh_from_db()
        assert experience.state == Experience.State.PENDING


def test_approving_records_who_and_when_and_emails_the_member(
    member, editor, published_question, django_capture_on_commit_callbacks, mailoutbox
):
    experience = share(published_question, member=member)

    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(experience, user=editor)

    experience.refresh_from_db()
    assert experience.state == Experience.State.APPROVED
    assert experience.moderated_by == editor
    assert experience.moderated_at is not None
    assert [mail.to for mail in mailoutbox] == [[member.email]]
    assert "published" in mailoutbox[0].subject
    assert published_question.text in mailoutbox[0].body


def test_rejecting_requires_a_reason(member, editor, published_question):
    experience = share(published_question, member=member)

    with pytest.raises(moderation.ModerationError, match="reason"):
        moderation.reject(experience, user=editor, reason="   ")

    experience.refresh_from_db()
    assert experience.state == Experience.State.PENDING


def test_rejecting_emails_the_reason_to_the_member(
    member, editor, published_question, django_capture_on_commit_callbacks, mailoutbox
):
    experience = share(published_question, member=member)

    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject(
            experience, user=editor, reason="Leave out the clinic's name."
        )

    experience.refresh_from_db()
    assert experience.state == Experience.State.REJECTED
    assert experience.rejection_reason == "Leave out the clinic's name."
    assert [mail.to for mail in mailoutbox] == [[member.email]]
    assert "Leave out the clinic's name." in mailoutbox[0].body


def test_no_email_is_sent_before_the_commit(
    member, editor, published_question, django_capture_on_commit_callbacks, mailoutbox
):
    experience = share(published_question, member=member)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moderation.approve(experience, user=editor)

    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_an_approved_experience_can_be_taken_down(member, editor, published_question):
    experience = approved(published_question, member=member, editor=editor)

    moderation.reject(experience, user=editor, reason="Reported: it names a nurse.")

    assert experience.state == Experience.State.REJECTED


def test_a_decided_experience_cannot_be_approved_again(
    member, editor, managing_editor, published_question
):
    experience = approved(published_question, member=member, editor=editor)

    with pytest.raises(moderation.ModerationError, match="not awaiting moderation"):
        moderation.approve(experience, user=managing_editor)


def test_a_rejected_experience_cannot_be_rejected_again(
    member, editor, published_question
):
    experience = rejected(published_question, member=member, editor=editor)

    with pytest.raises(moderation.ModerationError, match="already rejected"):
        moderation.reject(experience, user=editor, reason="Again.")


def test_nobody_moderates_their_own_experience(editor, published_question):
    editor.groups.add(Group.objects.get(name="Members"))
    editor = type(editor).objects.get(pk=editor.pk)
    experience = share(published_question, member=editor)

    assert not moderation.can_approve(experience, editor)
    with pytest.raises(moderation.ModerationError, match="another moderator"):
        moderation.approve(experience, user=editor)


@pytest.mark.parametrize("decide", [approved, rejected])
def test_editing_sends_the_experience_back_to_the_queue(
    member, editor, published_question, decide
):
    experience = decide(published_question, member=member, editor=editor)
    new_text = TEXT + " Two years on, things are calmer."

    moderation.revise(experience, member=member, text=new_text)

    experience.refresh_from_db()
    assert experience.text == new_text
    assert experience.state == Experience.State.PENDING
    assert experience.moderated_by is None
    assert experience.rejection_reason == ""
    assert experience.edited_at is not None


def test_saving_unchanged_text_keeps_the_approval(member, editor, published_question):
    experience = approved(published_question, member=member, editor=editor)

    moderation.revise(experience, member=member, text=experience.text)

    experience.refresh_from_db()
    assert experience.state == Experience.State.APPROVED
    assert experience.edited_at is None


def test_only_the_author_revises(member, other_member, editor, published_question):
    experience = approved(published_question, member=member, editor=editor)

    for user in (other_member, editor):
        with pytest.raises(PermissionDenied):
            moderation.revise(experience, member=user, text=TEXT + " Changed.")

    experience.refresh_from_db()
    assert (experience.text, experience.state) == (TEXT, Experience.State.APPROVED)


def test_a_revision_keeps_to_the_length_limits(member, published_question):
    experience = share(published_question, member=member)

    with pytest.raises(ValidationError, match="too short"):
        moderation.revise(experience, member=member, text="Short.")
