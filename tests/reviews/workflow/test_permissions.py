"""Who may take which step: every edge of the state machine from every role,
allowed and refused, and ``allowed_transitions`` for every role in every state."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from articles.models import Answer
from reviews import answer_state, workflow
from reviews.models import SignOff
from tests.arranged import arrange_users, arranging, kept_for_module, user_fixture
from tests.helpers import (
    assert_transition_logged,
    make_approved,
    make_draft,
    make_in_review,
)
from tests.reviews.workflow.arrange import (
    STATES,
    STEPS,
    answer_in,
    is_offered,
    snapshot,
)

pytestmark = pytest.mark.django_db

State = Answer.State

ROLES = [
    "visitor",
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

# (from state, step, audit transition or None, to state, roles allowed)
EDGES = [
    (State.DRAFT, "submit", "submit", State.IN_REVIEW, EDITORS),
    (State.CHANGES_REQUESTED, "submit", "submit", State.IN_REVIEW, EDITORS),
    (State.IN_REVIEW, "withdraw", "withdraw", State.DRAFT, EDITORS),
    (
        State.IN_REVIEW,
        "request_changes",
        "request_changes",
        State.CHANGES_REQUESTED,
        REVIEWERS,
    ),
    (State.IN_REVIEW, "approve", "approve", State.APPROVED, REVIEWERS),
    (State.APPROVED, "publish", "publish", State.PUBLISHED, EDITORS),
    (State.PUBLISHED, "recertify", "recertify", State.PUBLISHED, REVIEWERS),
    # Editing a draft is no transition; editing approved text returns it to draft.
    (State.DRAFT, "edit", None, State.DRAFT, EDITORS),
    (State.CHANGES_REQUESTED, "edit", None, State.CHANGES_REQUESTED, EDITORS),
    (State.APPROVED, "edit", "edit", State.DRAFT, EDITORS),
    (State.PUBLISHED, "edit", "edit", State.DRAFT, EDITORS),
    *[
        (state, "archive", "archive", State.ARCHIVED, MANAGERS)
        for state in State
        if state != State.ARCHIVED
    ],
    *[
        (state, "revert", "revert", State.DRAFT, EDITORS)
        for state in State
        if state != State.IN_REVIEW
    ],
]
SIGN_OFF_DECISIONS = {
    "request_changes": SignOff.Decision.REQUEST_CHANGES,
    "approve": SignOff.Decision.APPROVE,
    "recertify": SignOff.Decision.RECERTIFY,
}


def _cases(allowed: bool) -> list:
    return [
        pytest.param(edge, role, id=f"{edge[1]}-from-{edge[0]}-as-{role}")
        for edge in EDGES
        for role in ROLES
        if (role in edge[4]) == allowed
    ]


# Every test starts from the same users and one answer in each state, arranged
# once for the module: bringing an answer to a state takes most of a test's time.
@pytest.fixture(scope="module")
def arranged(django_db_setup, django_db_blocker):
    with kept_for_module(django_db_blocker), arranging():
        users = arrange_users(*ROLES[1:], "author", "approver", "archiver")
        roles = {
            name: get_user_model().objects.get(pk=users[name])
            for name in ("author", "approver", "archiver")
        }
        answers = {state: answer_in(state, **roles).pk for state in STATES}
        yield {"users": users, "answers": answers}


author = user_fixture("author")
approver = user_fixture("approver")
archiver = user_fixture("archiver")
inactive_user = user_fixture("inactive_user")
member = user_fixture("member")
editor = user_fixture("editor")
reviewer = user_fixture("reviewer")
managing_editor = user_fixture("managing_editor")
superuser = user_fixture("superuser")


@pytest.fixture
def arrange(db, arranged):
    def answer_in_state(state):
        return Answer.objects.get(pk=arranged["answers"][state])

    return answer_in_state


@pytest.mark.parametrize(("edge", "role"), _cases(allowed=True))
def test_role_may_take_the_step(request, arrange, edge, role):
    from_state, step, transition, to_state, _ = edge
    answer = arrange(from_state)
    user = request.getfixturevalue(role)
    audit_before = answer.audit_entries.count()
    sign_offs_before = answer.sign_offs.count()
    assert is_offered(answer, user, step)

    STEPS[step](answer, user)

    answer.refresh_from_db()
    assert answer.state == to_state
    if transition is None:
        assert answer.audit_entries.count() == audit_before
    else:
        assert_transition_logged(
            answer,
            transition=transition,
            from_state=from_state,
            to_state=to_state,
            user=user,
        )
    sign_offs = answer.sign_offs.order_by("-signed_at", "-id")
    if step in SIGN_OFF_DECISIONS:
        assert sign_offs.count() == sign_offs_before + 1
        latest = sign_offs.first()
        assert (latest.decision, latest.reviewer) == (SIGN_OFF_DECISIONS[step], user)
    else:
        assert sign_offs.count() == sign_offs_before


@pytest.mark.parametrize(("edge", "role"), _cases(allowed=False))
def test_role_is_refused_the_step_and_nothing_changes(request, arrange, edge, role):
    from_state, step, *_ = edge
    answer = arrange(from_state)
    user = request.getfixturevalue(role)
    before = snapshot(answer)
    assert not is_offered(answer, user, step)

    with pytest.raises(PermissionDenied):
        STEPS[step](answer, user)

    assert snapshot(answer) == before


def test_return_to_draft_refuses_a_user_who_may_not_edit(author, approver, reviewer):
    """The edit services call it after a save; called directly it still checks."""
    answer = make_approved(editor=author, reviewer=approver)

    with pytest.raises(PermissionDenied):
        workflow.return_to_draft(answer, user=reviewer)

    answer.refresh_from_db()
    assert answer.state == State.APPROVED
    assert answer_state.valid_approval(answer) is not None


# allowed_transitions -----------------------------------------------------------


EXPECTED_TRANSITIONS = {
    State.DRAFT: {
        "visitor": [],
        "inactive_user": [],
        "member": [],
        "editor": ["submit"],
        "reviewer": [],
        "managing_editor": ["submit", "archive"],
        "superuser": ["submit", "archive"],
    },
    State.IN_REVIEW: {
        "visitor": [],
        "inactive_user": [],
        "member": [],
        "editor": ["withdraw"],
        "reviewer": ["request_changes", "approve"],
        "managing_editor": ["withdraw", "archive"],
        "superuser": ["withdraw", "request_changes", "approve", "archive"],
    },
    State.CHANGES_REQUESTED: {
        "visitor": [],
        "inactive_user": [],
        "member": [],
        "editor": ["submit"],
        "reviewer": [],
        "managing_editor": ["submit", "archive"],
        "superuser": ["submit", "archive"],
    },
    State.APPROVED: {
        "visitor": [],
        "inactive_user": [],
        "member": [],
        "editor": ["publish"],
        "reviewer": [],
        "managing_editor": ["publish", "archive"],
        "superuser": ["publish", "archive"],
    },
    State.PUBLISHED: {
        "visitor": [],
        "inactive_user": [],
        "member": [],
        "editor": [],
        "reviewer": ["recertify"],
        "managing_editor": ["archive"],
        "superuser": ["recertify", "archive"],
    },
    State.ARCHIVED: {
        "visitor": [],
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
def test_allowed_transitions_per_role_and_state(request, arrange, state, role):
    answer = arrange(state)
    user = request.getfixturevalue(role)
    assert answer.state == state

    assert (
        workflow.allowed_transitions(answer, user)
        == (EXPECTED_TRANSITIONS[state][role])
    )


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
