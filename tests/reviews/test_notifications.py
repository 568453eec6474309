"""The emails the workflow sends, called as the workflow calls them."""

import pytest

from reviews import notifications, workflow
from tests import factories
from tests.helpers import (
    grant_review_directly,
    make_draft,
    make_in_review,
    make_published,
)

pytestmark = pytest.mark.django_db


def test_answer_submitted_tells_each_reviewer_in_a_mail_of_their_own(
    editor, reviewer, other_reviewer, mailoutbox, settings
):
    answer = make_in_review(editor=editor)

    notifications.answer_submitted(answer.pk)

    assert sorted(mail.to[0] for mail in mailoutbox) == [
        other_reviewer.email,
        reviewer.email,
    ]
    mail = mailoutbox[0]
    assert mail.subject == f"Review requested: {answer.question.text}"
    assert answer.question.condition.name in mail.body
    admin_url = f"{settings.SITE_URL}/admin/articles/answer/{answer.pk}/change/"
    assert admin_url in mail.body


def test_submission_tells_superusers_and_users_granted_review_directly(
    editor, reviewer, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    direct = grant_review_directly(factories.UserFactory(username="direct"))
    factories.ReviewerFactory(username="retired", is_active=False)
    answer = make_draft(editor=editor)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(answer, user=editor)

    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [reviewer.email, superuser.email, direct.email]
    )


def test_answer_submitted_skips_reviewers_without_email_or_account(
    editor, reviewer, mailoutbox
):
    factories.ReviewerFactory(username="no-mail", email="")
    factories.ReviewerFactory(username="retired", is_active=False)
    answer = make_in_review(editor=editor)

    notifications.answer_submitted(answer.pk)

    assert [mail.to for mail in mailoutbox] == [[reviewer.email]]


def test_answer_submitted_to_an_assigned_reviewer_without_email_sends_nothing(
    editor, managing_editor, reviewer, mailoutbox
):
    silent = factories.ReviewerFactory(username="silent", email="")
    answer = make_draft(editor=editor)
    workflow.submit(answer, user=managing_editor, reviewer=silent)

    notifications.answer_submitted(answer.pk)

    assert mailoutbox == []


def test_subject_stays_on_one_line(editor, reviewer, mailoutbox):
    question = factories.QuestionFactory(text="Is this\nquestion split?")
    answer = make_in_review(editor=editor, question=question)

    notifications.answer_submitted(answer.pk)

    assert mailoutbox[0].subject == "Review requested: Is this question split?"


def test_decision_mail_is_skipped_when_the_editor_has_no_email(reviewer, mailoutbox):
    editor = factories.EditorFactory(username="quiet-editor", email="")
    answer = make_in_review(editor=editor)
    sign_off = workflow.request_changes(
        answer, shown=workflow.shown_text(answer), user=reviewer, comment="Shorter."
    )

    notifications.changes_requested(sign_off.pk)

    assert mailoutbox == []


def test_approval_mail_names_the_reviewer_with_credentials(
    editor, reviewer, mailoutbox
):
    answer = make_in_review(editor=editor)
    sign_off = workflow.approve(
        answer, shown=workflow.shown_text(answer), user=reviewer, comment="Good."
    )

    notifications.answer_approved(sign_off.pk)

    body = mailoutbox[0].body
    assert f"{sign_off.reviewer_name}, MD approved the answer to:" in body
    assert answer.question.text in body
    assert "Good." in body


def test_review_due_lists_each_overdue_answer_with_its_due_date(
    editor, reviewer, other_reviewer, mailoutbox
):
    answers = [make_published(editor=editor, reviewer=reviewer) for _ in range(2)]

    notifications.review_due(other_reviewer, answers)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [other_reviewer.email]
    assert mail.subject == "2 answers overdue for medical review"
    for answer in answers:
        assert answer.question.text in mail.body
        assert f"due {answer.live.review_due_on.isoformat()}" in mail.body
        assert f"/admin/articles/answer/{answer.pk}/change/" in mail.body


def test_review_due_subject_is_singular_for_one_answer(editor, reviewer, mailoutbox):
    answer = make_published(editor=editor, reviewer=reviewer)

    notifications.review_due(reviewer, [answer])

    assert mailoutbox[0].subject == "1 answer overdue for medical review"
