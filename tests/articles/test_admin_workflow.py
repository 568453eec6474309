"""Workflow buttons on the answer's admin page: shown by role, posted for real."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Answer
from reviews import workflow
from reviews.models import AuditEntry, SignOff
from tests import factories
from tests.arranged import arrange_users, arranging, kept_for_module, user_fixture
from tests.articles.admin_data import (
    answer_change_url,
    decision_data,
    transition_url,
)
from tests.helpers import (
    assert_transition_logged,
    make_approved,
    make_archived,
    make_changes_requested,
    make_draft,
    make_in_review,
    make_published,
    open_recertification,
)

pytestmark = pytest.mark.django_db

MAKERS = {
    "draft": lambda editor, reviewer: make_draft(editor=editor),
    "in_review": lambda editor, reviewer: make_in_review(editor=editor),
    "approved": lambda editor, reviewer: make_approved(
        editor=editor, reviewer=reviewer
    ),
    # Opened to re-certification now, as a managing editor may: fresh text is
    # otherwise not due for months.
    "published": lambda editor, reviewer: open_recertification(
        make_published(editor=editor, reviewer=reviewer)
    ),
    "changes_requested": lambda editor, reviewer: make_changes_requested(
        editor=editor, reviewer=reviewer
    ),
    "archived": lambda editor, reviewer: make_archived(
        editor=editor,
        reviewer=reviewer,
        archiver=factories.ManagingEditorFactory(username="archiver"),
    ),
}


# Every test starts from the same users and one answer in each state, arranged
# once for the module: bringing an answer to a state takes most of a test's time.
@pytest.fixture(scope="module")
def arranged(django_db_setup, django_db_blocker):
    with kept_for_module(django_db_blocker), arranging():
        users = arrange_users("editor", "reviewer", "managing_editor", "superuser")
        writer, signer = (
            get_user_model().objects.get(pk=users[name])
            for name in ("editor", "reviewer")
        )
        answers = {state: make(writer, signer).pk for state, make in MAKERS.items()}
        yield {"users": users, "answers": answers}


editor = user_fixture("editor")
reviewer = user_fixture("reviewer")
managing_editor = user_fixture("managing_editor")
superuser = user_fixture("superuser")


@pytest.fixture
def answer_in(db, arranged):
    """The arranged answer in a state (a key of ``MAKERS``), read afresh."""
    return lambda state: Answer.objects.get(pk=arranged["answers"][state])


@pytest.fixture
def roles(editor, reviewer, managing_editor, superuser):
    return {
        "editor": editor,
        "reviewer": reviewer,
        "managing_editor": managing_editor,
        "superuser": superuser,
    }


@pytest.mark.parametrize(
    ("state", "role", "expected"),
    [
        ("draft", "editor", ["submit"]),
        ("draft", "reviewer", []),
        ("draft", "managing_editor", ["submit", "archive"]),
        ("draft", "superuser", ["submit", "archive"]),
        ("in_review", "editor", ["withdraw"]),
        ("in_review", "reviewer", ["request_changes", "approve"]),
        ("in_review", "managing_editor", ["withdraw", "archive"]),
        (
            "in_review",
            "superuser",
            ["withdraw", "request_changes", "approve", "archive"],
        ),
        ("approved", "editor", ["publish"]),
        ("approved", "reviewer", []),
        ("approved", "managing_editor", ["publish", "archive"]),
        ("approved", "superuser", ["publish", "archive"]),
        ("changes_requested", "editor", ["submit"]),
        ("changes_requested", "reviewer", []),
        ("changes_requested", "managing_editor", ["submit", "archive"]),
        ("changes_requested", "superuser", ["submit", "archive"]),
        ("published", "editor", []),
        ("published", "reviewer", ["recertify"]),
        ("published", "managing_editor", ["archive"]),
        ("published", "superuser", ["recertify", "archive"]),
        ("archived", "editor", []),
        ("archived", "reviewer", []),
        ("archived", "managing_editor", []),
        ("archived", "superuser", []),
    ],
)
def test_answer_page_shows_exactly_the_allowed_workflow_buttons(
    client, roles, answer_in, state, role, expected
):
    answer = answer_in(state)
    user = roles[role]
    client.force_login(user)

    response = client.get(answer_change_url(answer))

    assert response.status_code == 200
    html = response.content.decode()
    shown = [
        name for name in workflow.TRANSITIONS if transition_url(answer, name) in html
    ]
    assert shown == expected
    assert shown == workflow.allowed_transitions(answer, user)


def test_member_and_visitor_are_sent_to_the_login_page(client, member, draft_answer):
    for url in (
        answer_change_url(draft_answer),
        transition_url(draft_answer, "submit"),
    ):
        assert client.get(url).status_code == 302
        client.force_login(member)
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        client.logout()
    draft_answer.refresh_from_db()
    assert draft_answer.state == Answer.State.DRAFT


def test_reviewer_select_is_offered_only_to_who_may_assign(
    client, editor, managing_editor, draft_answer
):
    client.force_login(editor)
    assert 'name="reviewer"' not in client.get(answer_change_url(draft_answer)).text
    client.force_login(managing_editor)
    assert 'name="reviewer"' in client.get(answer_change_url(draft_answer)).text


@pytest.mark.parametrize(
    ("state", "name", "actor", "comment", "to_state"),
    [
        ("draft", "submit", "editor", "", "in_review"),
        ("in_review", "withdraw", "editor", "", "draft"),
        (
            "in_review",
            "request_changes",
            "reviewer",
            "Cite a review.",
            "changes_requested",
        ),
        ("in_review", "approve", "reviewer", "", "approved"),
        ("approved", "publish", "editor", "", "published"),
        ("published", "recertify", "reviewer", "Still current.", "published"),
        ("published", "archive", "managing_editor", "Superseded.", "archived"),
    ],
)
def test_posting_a_workflow_button_takes_the_step_and_logs_it(
    client, roles, answer_in, state, name, actor, comment, to_state
):
    answer = answer_in(state)
    client.force_login(roles[actor])

    response = client.post(
        transition_url(answer, name),
        decision_data(answer, comment=comment),
        follow=True,
    )

    answer.refresh_from_db()
    assert answer.state == to_state
    assert_transition_logged(
        answer, transition=name, from_state=state, to_state=to_state, user=roles[actor]
    )
    assert AuditEntry.objects.filter(answer=answer).latest("id").comment == comment
    assert response.redirect_chain[-1][0] == answer_change_url(answer)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_managing_editor_assigns_a_reviewer_on_submit(
    client, managing_editor, reviewer, draft_answer
):
    client.force_login(managing_editor)

    client.post(transition_url(draft_answer, "submit"), {"reviewer": reviewer.pk})

    draft_answer.refresh_from_db()
    assert (draft_answer.state, draft_answer.reviewer) == ("in_review", reviewer)


def test_editor_cannot_assign_a_reviewer(client, editor, reviewer, draft_answer):
    client.force_login(editor)

    response = client.post(
        transition_url(draft_answer, "submit"), {"reviewer": reviewer.pk}
    )

    assert response.status_code == 403
    draft_answer.refresh_from_db()
    assert (draft_answer.state, draft_answer.reviewer) == ("draft", None)


@pytest.mark.parametrize(
    ("state", "name", "actor"),
    [
        ("in_review", "approve", "editor"),
        ("in_review", "request_changes", "managing_editor"),
        ("approved", "publish", "reviewer"),
        ("published", "archive", "editor"),
        ("draft", "submit", "reviewer"),
    ],
)
def test_forbidden_workflow_post_is_refused_and_changes_nothing(
    client, roles, answer_in, state, name, actor
):
    answer = answer_in(state)
    audit_rows = AuditEntry.objects.count()
    client.force_login(roles[actor])

    response = client.post(
        transition_url(answer, name), decision_data(answer, comment="Looks fine to me.")
    )

    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.state == state
    assert AuditEntry.objects.count() == audit_rows


@pytest.mark.parametrize("role", ["editor", "reviewer", "managing_editor", "superuser"])
@pytest.mark.parametrize("state", list(MAKERS))
def test_every_button_not_shown_is_refused_when_posted_anyway(
    client, roles, answer_in, state, role
):
    answer = answer_in(state)
    user = roles[role]
    hidden = [
        name
        for name in workflow.TRANSITIONS
        if name not in workflow.allowed_transitions(answer, user)
    ]
    records = (AuditEntry.objects.count(), SignOff.objects.count())
    client.force_login(user)

    for name in hidden:
        response = client.post(
            transition_url(answer, name),
            decision_data(answer, comment="Posted anyway."),
            follow=True,
        )
        if response.status_code != 403:
            messages = [m.level_tag for m in response.context["messages"]]
            assert messages == ["error"], name

    answer.refresh_from_db()
    assert answer.state == state
    assert (AuditEntry.objects.count(), SignOff.objects.count()) == records


@pytest.mark.parametrize(
    ("state", "name", "actor", "message"),
    [
        ("in_review", "request_changes", "reviewer", workflow.COMMENT_REQUIRED),
        ("draft", "withdraw", "editor", "This answer is draft"),
        ("approved", "approve", "reviewer", "This answer is approved"),
    ],
)
def test_workflow_post_against_a_rule_shows_the_error_and_changes_nothing(
    client, roles, answer_in, state, name, actor, message
):
    answer = answer_in(state)
    sign_offs = SignOff.objects.count()
    client.force_login(roles[actor])

    response = client.post(
        transition_url(answer, name), decision_data(answer, comment=""), follow=True
    )

    answer.refresh_from_db()
    assert answer.state == state
    assert SignOff.objects.count() == sign_offs
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert errors[0].startswith(message)


def test_reviewer_who_edited_gets_the_separation_of_duties_message(
    client, editor, superuser
):
    answer = make_in_review(editor=superuser)
    client.force_login(superuser)

    response = client.post(
        transition_url(answer, "approve"), decision_data(answer), follow=True
    )

    answer.refresh_from_db()
    assert answer.state == "in_review"
    assert workflow.REVIEWER_EDITED in response.text


def test_unknown_transition_is_not_found_and_get_is_not_allowed(
    client, editor, draft_answer
):
    client.force_login(editor)
    assert (
        client.post(transition_url(draft_answer, "return_to_draft")).status_code == 404
    )
    assert client.post(transition_url(draft_answer, "delete")).status_code == 404
    missing = reverse("admin:articles_answer_transition", args=[999999, "submit"])
    assert client.post(missing).status_code == 404
    assert client.get(transition_url(draft_answer, "submit")).status_code == 405
    draft_answer.refresh_from_db()
    assert draft_answer.state == "draft"
