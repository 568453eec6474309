"""Who may take which transition: the role × transition grid and
``allowed_transitions`` for every role in every state."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from reversion.models import Version

from articles.models import Answer
from reviews import workflow
from reviews.models import AuditEntry, SignOff
from tests import factories
from tests.helpers import (
    assert_transition_logged,
    edit,
    make_approved,
    make_draft,
    make_in_review,
    make_published,
)

pytestmark = pytest.mark.django_db

State = Answer.State

ROLES = [
    "inactive_user",
    "member",
    "editor",
    "reviewer",
    "managing_editor",
    "superuser",
]
EDITORS = {"editor", "managing_editor", "superuser"}
REVIEWERS = {"reviewer", "superuser"}
MANAGERS = {"managing_editor", "superuser"}


def _edited_draft(author, approver):
    answer = make_draft(editor=author)
    return edit(answer, user=author, body="A second version of the body.")


def _first_version(answer):
    return Version.objects.get_for_object(answer).order_by("pk").first()


# name: (arrange(author, approver), act(answer, user), audit transition,
#        from state, to state, roles allowed)
GRID = {
    "submit": (
        lambda author, approver: make_draft(editor=author),
        lambda answer, user: workflow.submit(answer, user=user),
        "submit",
        State.DRAFT,
        State.IN_REVIEW,
        EDITORS,
    ),
    "withdraw": (
        lambda author, approver: make_in_review(editor=author),
        lambda answer, user: workflow.withdraw(answer, user=user),
        "withdraw",
        State.IN_REVIEW,
        State.DRAFT,
        EDITORS,
    ),
    "request_changes": (
        lambda author, approver: make_in_review(editor=author),
        lambda answer, user: workflow.request_changes(
            answer, user=user, comment="Cite the 2023 cohort study."
        ),
        "request_changes",
        State.IN_REVIEW,
        State.CHANGES_REQUESTED,
        REVIEWERS,
    ),
    "approve": (
        lambda author, approver: make_in_review(editor=author),
        lambda answer, user: workflow.approve(answer, user=user),
        "approve",
        State.IN_REVIEW,
        State.APPROVED,
        REVIEWERS,
    ),
    "publish": (
        lambda author, approver: make_approved(editor=author, reviewer=approver),
        lambda answer, user: workflow.publish(answer, user=user),
        "publish",
        State.APPROVED,
        State.PUBLISHED,
        EDITORS,
    ),
    "recertify": (
        lambda author, approver: make_published(editor=author, reviewer=approver),
        lambda answer, user: workflow.recertify(answer, user=user),
        "recertify",
        State.PUBLISHED,
        State.PUBLISHED,
        REVIEWERS,
    ),
    "archive": (
        lambda author, approver: make_published(editor=author, reviewer=approver),
        lambda answer, user: workflow.archive(answer, user=user),
        "archive",
        State.PUBLISHED,
        State.ARCHIVED,
        MANAGERS,
    ),
    "revert_to_version": (
        _edited_draft,
        lambda answer, user: workflow.revert_to_version(
            answer, user=user, version=_first_version(answer)
        ),
        "revert",
        State.DRAFT,
        State.DRAFT,
        EDITORS,
    ),
}
SIGN_OFF_DECISIONS = {
    "request_changes": SignOff.Decision.REQUEST_CHANGES,
    "approve": SignOff.Decision.APPROVE,
    "recertify": SignOff.Decision.RECERTIFY,
}
PAIRS = [(role, name) for name in GRID for role in ROLES]
ALLOWED = [(role, name) for role, name in PAIRS if role in GRID[name][5]]
REFUSED = [(role, name) for role, name in PAIRS if role not in GRID[name][5]]


def _offered(answer, user, name) -> bool:
    if name == "revert_to_version":
        return workflow.can_revert(answer, user)
    return name in workflow.allowed_transitions(answer, user)


@pytest.mark.parametrize(("role", "name"), ALLOWED)
def test_role_may_take_transition(request, author, approver, role, name):
    arrange, act, transition, from_state, to_state, _ = GRID[name]
    answer = arrange(author, approver)
    user = request.getfixturevalue(role)
    assert answer.state == from_state
    assert _offered(answer, user, name)
    sign_offs_before = SignOff.objects.filter(answer=answer).count()

    act(answer, user)

    answer.refresh_from_db()
    assert answer.state == to_state
    assert_transition_logged(
        answer,
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        user=user,
    )
    sign_offs = SignOff.objects.filter(answer=answer)
    if name in SIGN_OFF_DECISIONS:
        assert sign_offs.count() == sign_offs_before + 1
        latest = sign_offs.order_by("-signed_at", "-id").first()
        assert (latest.decision, latest.reviewer) == (SIGN_OFF_DECISIONS[name], user)
    else:
        assert sign_offs.count() == sign_offs_before


@pytest.mark.parametrize(("role", "name"), REFUSED)
def test_role_is_refused_transition(request, author, approver, role, name):
    arrange, act, _, from_state, _, _ = GRID[name]
    answer = arrange(author, approver)
    user = request.getfixturevalue(role)
    audit_before = AuditEntry.objects.filter(answer=answer).count()
    sign_offs_before = SignOff.objects.filter(answer=answer).count()
    assert not _offered(answer, user, name)

    with pytest.raises(PermissionDenied):
        act(answer, user)

    answer.refresh_from_db()
    assert answer.state == from_state
    assert AuditEntry.objects.filter(answer=answer).count() == audit_before
    assert SignOff.objects.filter(answer=answer).count() == sign_offs_before


# allowed_transitions -----------------------------------------------------------


def _answer_in(state, author, approver):
    if state == State.DRAFT:
        return make_draft(editor=author)
    if state == State.IN_REVIEW:
        return make_in_review(editor=author)
    if state == State.CHANGES_REQUESTED:
        answer = make_in_review(editor=author)
        workflow.request_changes(answer, user=approver, comment="Add a reference.")
        return answer
    if state == State.APPROVED:
        return make_approved(editor=author, reviewer=approver)
    if state == State.PUBLISHED:
        return make_published(editor=author, reviewer=approver)
    answer = make_published(editor=author, reviewer=approver)
    workflow.archive(answer, user=factories.ManagingEditorFactory(username="archiver"))
    return answer


EXPECTED_TRANSITIONS = {
    State.DRAFT: {
        "inactive_user": [],
        "member": [],
        "editor": ["submit"],
        "reviewer": [],
        "managing_editor": ["submit", "archive"],
        "superuser": ["submit", "archive"],
    },
    State.IN_REVIEW: {
        "inactive_user": [],
        "member": [],
        "editor": ["withdraw"],
        "reviewer": ["request_changes", "approve"],
        "managing_editor": ["withdraw", "archive"],
        "superuser": ["withdraw", "request_changes", "approve", "archive"],
    },
    State.CHANGES_REQUESTED: {
        "inactive_user": [],
        "member": [],
        "editor": ["submit"],
        "reviewer": [],
        "managing_editor": ["submit", "archive"],
        "superuser": ["submit", "archive"],
    },
    State.APPROVED: {
        "inactive_user": [],
        "member": [],
        "editor": ["publish"],
        "reviewer": [],
        "managing_editor": ["publish", "archive"],
        "superuser": ["publish", "archive"],
    },
    State.PUBLISHED: {
        "inactive_user": [],
        "member": [],
        "editor": [],
        "reviewer": ["recertify"],
        "managing_editor": ["archive"],
        "superuser": ["recertify", "archive"],
    },
    State.ARCHIVED: {
        "inactive_user": [],
        "member": [],
        "editor": [],
        "reviewer": [],
        "managing_editor": [],
        "superuser": [],
    },
}


@pytest.mark.parametrize("state", list(EXPECTED_TRANSITIONS))
@pytest.mark.parametrize("role", ROLES)
def test_allowed_transitions_per_role_and_state(request, author, approver, state, role):
    answer = _answer_in(state, author, approver)
    user = request.getfixturevalue(role)
    assert answer.state == state

    assert (
        workflow.allowed_transitions(answer, user)
        == (EXPECTED_TRANSITIONS[state][role])
    )


@pytest.mark.parametrize(
    "state", [State.DRAFT, State.IN_REVIEW, State.APPROVED, State.PUBLISHED]
)
def test_visitor_is_offered_no_transition(author, approver, state):
    answer = _answer_in(state, author, approver)

    assert workflow.allowed_transitions(answer, AnonymousUser()) == []
    assert not workflow.can_edit(answer, AnonymousUser())
    assert not workflow.can_revert(answer, AnonymousUser())


def test_allowed_transitions_hide_approve_from_the_reviewer_who_edited(
    editing_reviewer, editor
):
    answer = make_in_review(editor=editing_reviewer)

    assert workflow.allowed_transitions(answer, editing_reviewer) == ["withdraw"]


def test_allowed_transitions_hide_publish_when_the_approval_no_longer_holds(
    editor, reviewer
):
    answer = make_approved(editor=editor, reviewer=reviewer)
    answer.references.update(title="Changed outside the edit service")

    assert "publish" not in workflow.allowed_transitions(answer, editor)


def test_allowed_transitions_offer_only_the_assigned_reviewer(
    editor, managing_editor, reviewer, other_reviewer
):
    answer = make_draft(editor=editor)
    workflow.submit(answer, user=managing_editor, reviewer=reviewer)

    assert workflow.allowed_transitions(answer, reviewer) == [
        "request_changes",
        "approve",
    ]
    assert workflow.allowed_transitions(answer, other_reviewer) == []
