"""The workflow forms of the answer's admin page bind the text the page showed.

Each race is played through the real admin: the decider opens the page, the
editor changes the text through their own forms, the decider posts the form
they opened. The server refuses, records nothing, and shows what changed.
"""

import re
from html.parser import HTMLParser

import pytest

from articles.models import Answer, PublishedAnswer
from reviews.models import AuditEntry, SignOff
from tests.articles.admin_data import (
    answer_change_url,
    answer_form_data,
    transition_url,
)
from tests.core.test_reauthentication import PASSWORD, PROMPT, authenticated_ago
from tests.helpers import (
    make_approved,
    make_in_review,
    make_published,
    open_recertification,
)

pytestmark = pytest.mark.django_db

ONE_TABLET = "Take 1 tablet a day with food."
TEN_TABLETS = "Take 10 tablets a day with food."
BOUND_FIELDS = ("fingerprint", "edit_count", "live_fingerprint")


class _WorkflowFormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = {}
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._in_form = attributes.get("id") == "workflow_form"
        elif tag == "input" and self._in_form and attributes.get("type") == "hidden":
            self.fields[attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def open_workflow_form(client, answer: Answer, **typed) -> dict:
    """GET the answer's page and fill its workflow form as a browser would."""
    response = client.get(answer_change_url(answer))
    assert response.status_code == 200
    parser = _WorkflowFormFields()
    parser.feed(response.text)
    assert set(BOUND_FIELDS) <= set(parser.fields), "the form carries no text binding"
    return {**parser.fields, **typed}


def as_user(client, user):
    client.force_login(user)
    authenticated_ago(client, 0)


def editor_changes_the_body(client, editor, answer: Answer, body: str) -> None:
    """Withdraw, edit and resubmit through the admin, as the editor."""
    as_user(client, editor)
    if Answer.objects.get(pk=answer.pk).state == Answer.State.IN_REVIEW:
        assert (
            client.post(
                transition_url(answer, "withdraw"), open_workflow_form(client, answer)
            ).status_code
            == 302
        )
    answer.refresh_from_db()
    response = client.post(
        answer_change_url(answer),
        answer_form_data(answer, body=body, change_note=f"Changed to: {body}"),
    )
    assert response.status_code == 302, response.text
    assert (
        client.post(
            transition_url(answer, "submit"), open_workflow_form(client, answer)
        ).status_code
        == 302
    )


def record(answer: Answer) -> dict:
    answer.refresh_from_db()
    return {
        "state": answer.state,
        "sign-offs": SignOff.objects.filter(answer=answer).count(),
        "audit": AuditEntry.objects.filter(answer=answer).count(),
        "live": list(
            PublishedAnswer.objects.filter(answer=answer).values(
                "fingerprint", "last_review", "archived_at", "body"
            )
        ),
    }


def assert_refused_with_the_change(response, old: str, new: str) -> None:
    assert response.status_code == 409
    assert "nothing was recorded" in response.text
    text = re.sub(r"\s+", " ", response.text)
    assert f'<span class="visually-hidden">removed: </span>{old}</del>' in text
    assert f'<span class="visually-hidden">added: </span>{new}</ins>' in text


def test_an_approval_from_a_page_opened_before_the_change_note_changed_is_refused(
    client, editor, reviewer
):
    """The public change note is part of what the reviewer signs: a screen
    opened before the editor rewrote only the note cannot approve, and the
    refusal shows how the note changed."""
    answer = make_in_review(editor=editor, body=ONE_TABLET)
    as_user(client, editor)
    client.post(transition_url(answer, "withdraw"), open_workflow_form(client, answer))
    answer.refresh_from_db()
    client.post(
        answer_change_url(answer),
        answer_form_data(answer, change_note="Clearer wording of the dose."),
    )
    client.post(transition_url(answer, "submit"), open_workflow_form(client, answer))
    as_user(client, reviewer)
    opened = open_workflow_form(client, answer)

    as_user(client, editor)
    client.post(transition_url(answer, "withdraw"), open_workflow_form(client, answer))
    answer.refresh_from_db()
    client.post(
        answer_change_url(answer),
        answer_form_data(answer, change_note="The dose is now ten tablets."),
    )
    client.post(transition_url(answer, "submit"), open_workflow_form(client, answer))
    before = record(answer)

    as_user(client, reviewer)
    response = client.post(transition_url(answer, "approve"), opened)

    assert response.status_code == 409
    assert "nothing was recorded" in response.text
    text = re.sub(r"\s+", " ", response.text)
    assert "Public change note" in text
    assert "ten tablets" in text
    assert record(answer) == before


@pytest.mark.parametrize(
    ("decision", "comment"),
    [("approve", ""), ("request_changes", "Give the dose per kilogram.")],
)
def test_a_review_decision_from_a_page_opened_before_the_edit_is_refused(
    client, editor, reviewer, decision, comment
):
    answer = make_in_review(editor=editor, body=ONE_TABLET)
    as_user(client, reviewer)
    opened = open_workflow_form(client, answer, comment=comment)
    editor_changes_the_body(client, editor, answer, TEN_TABLETS)
    before = record(answer)

    as_user(client, reviewer)
    response = client.post(transition_url(answer, decision), opened)

    assert_refused_with_the_change(response, "1 tablet", "10 tablets")
    assert record(answer) == before


def test_the_refusal_holds_through_the_password_prompt(client, editor, reviewer):
    answer = make_in_review(editor=editor, body=ONE_TABLET)
    as_user(client, reviewer)
    opened = open_workflow_form(client, answer, comment="Fine.")
    editor_changes_the_body(client, editor, answer, TEN_TABLETS)
    client.force_login(reviewer)
    authenticated_ago(client, 30)

    prompt = client.post(transition_url(answer, "approve"), opened)
    for name in BOUND_FIELDS:
        assert f'name="{name}" value="{opened[name]}"' in prompt.text
    response = client.post(
        transition_url(answer, "approve"),
        {**opened, "reauthentication_password": PASSWORD},
    )

    assert PROMPT in prompt.text
    assert_refused_with_the_change(response, "1 tablet", "10 tablets")
    assert not SignOff.objects.filter(answer=answer).exists()


def test_after_the_refusal_the_reviewer_approves_the_text_they_now_read(
    client, editor, reviewer
):
    answer = make_in_review(editor=editor, body=ONE_TABLET)
    as_user(client, reviewer)
    stale = open_workflow_form(client, answer)
    editor_changes_the_body(client, editor, answer, TEN_TABLETS)
    as_user(client, reviewer)
    assert client.post(transition_url(answer, "approve"), stale).status_code == 409

    response = client.post(
        transition_url(answer, "approve"), open_workflow_form(client, answer)
    )

    assert response.status_code == 302
    sign_off = SignOff.objects.get(answer=answer)
    assert sign_off.version.field_dict["body"] == TEN_TABLETS
    assert record(answer)["state"] == Answer.State.APPROVED


def test_publishing_from_a_page_opened_before_a_new_approval_is_refused(
    client, editor, reviewer, other_reviewer
):
    answer = make_approved(editor=editor, reviewer=reviewer, body=ONE_TABLET)
    publisher = editor
    as_user(client, publisher)
    opened = open_workflow_form(client, answer)
    editor_changes_the_body(client, editor, answer, TEN_TABLETS)
    as_user(client, other_reviewer)
    client.post(transition_url(answer, "approve"), open_workflow_form(client, answer))
    assert record(answer)["state"] == Answer.State.APPROVED
    before = record(answer)

    as_user(client, publisher)
    response = client.post(transition_url(answer, "publish"), opened)

    assert_refused_with_the_change(response, "1 tablet", "10 tablets")
    assert record(answer) == before
    assert not PublishedAnswer.objects.filter(answer=answer).exists()


def test_re_certifying_from_a_page_opened_before_a_new_publication_is_refused(
    client, editor, reviewer, other_reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer, body=ONE_TABLET)
    open_recertification(answer)
    as_user(client, other_reviewer)
    opened = open_workflow_form(client, answer, comment="Still right.")
    editor_changes_the_body(client, editor, answer, TEN_TABLETS)
    as_user(client, reviewer)
    client.post(transition_url(answer, "approve"), open_workflow_form(client, answer))
    as_user(client, editor)
    client.post(transition_url(answer, "publish"), open_workflow_form(client, answer))
    assert PublishedAnswer.objects.get(answer=answer).body == TEN_TABLETS
    open_recertification(answer)
    before = record(answer)

    as_user(client, other_reviewer)
    response = client.post(transition_url(answer, "recertify"), opened)

    assert_refused_with_the_change(response, "1 tablet", "10 tablets")
    assert record(answer) == before


def test_archiving_from_a_page_opened_before_an_edit_is_refused(
    client, editor, reviewer, managing_editor
):
    answer = make_published(editor=editor, reviewer=reviewer, body=ONE_TABLET)
    as_user(client, managing_editor)
    opened = open_workflow_form(client, answer)
    editor_changes_the_body(client, editor, answer, TEN_TABLETS)
    before = record(answer)

    as_user(client, managing_editor)
    response = client.post(transition_url(answer, "archive"), opened)

    assert_refused_with_the_change(response, "1 tablet", "10 tablets")
    assert record(answer) == before


@pytest.mark.parametrize("missing", ["fingerprint", "edit_count"])
def test_a_decision_that_does_not_say_which_text_it_showed_is_refused(
    client, editor, reviewer, missing
):
    answer = make_in_review(editor=editor)
    as_user(client, reviewer)
    posted = open_workflow_form(client, answer)
    del posted[missing]

    response = client.post(transition_url(answer, "approve"), posted, follow=True)

    assert "did not say which text it showed" in response.text
    assert not SignOff.objects.filter(answer=answer).exists()
    assert record(answer)["state"] == Answer.State.IN_REVIEW


def test_a_forged_fingerprint_is_refused_without_showing_a_diff(
    client, editor, reviewer
):
    answer = make_in_review(editor=editor)
    as_user(client, reviewer)
    posted = open_workflow_form(client, answer, fingerprint="0" * 64)

    response = client.post(transition_url(answer, "approve"), posted)

    assert response.status_code == 409
    assert "cannot be shown" in response.text
    assert not SignOff.objects.filter(answer=answer).exists()
