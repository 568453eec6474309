"""Every step in every state, by a user whom no permission stops: a superuser who
neither wrote nor signed off the text. What the state forbids is refused with a
TransitionError (a message for the editor) and changes nothing."""

import pytest

from articles.models import Answer
from reviews.errors import TransitionError
from tests.reviews.workflow.arrange import STEPS, answer_in, is_offered, snapshot

pytestmark = pytest.mark.django_db

State = Answer.State

# What the state allows, as the product's section 3 says.
ALLOWED_IN = {
    State.DRAFT: {"submit", "archive", "edit", "revert"},
    State.IN_REVIEW: {"withdraw", "request_changes", "approve", "archive"},
    State.CHANGES_REQUESTED: {"submit", "archive", "edit", "revert"},
    State.APPROVED: {"publish", "archive", "edit", "revert"},
    State.PUBLISHED: {"recertify", "archive", "edit", "revert"},
    State.ARCHIVED: {"edit", "revert"},
}
REFUSED = [
    pytest.param(state, step, id=f"{step}-in-{state}")
    for state, allowed in ALLOWED_IN.items()
    for step in STEPS
    if step not in allowed
]


@pytest.fixture
def arrange(author, approver, archiver):
    def answer_in_state(state):
        return answer_in(state, author=author, approver=approver, archiver=archiver)

    return answer_in_state


@pytest.mark.parametrize("state", list(ALLOWED_IN))
def test_the_interface_offers_exactly_what_the_state_allows(arrange, superuser, state):
    answer = arrange(state)

    offered = {step for step in STEPS if is_offered(answer, superuser, step)}

    assert offered == ALLOWED_IN[state]


@pytest.mark.parametrize(("state", "step"), REFUSED)
def test_step_the_state_forbids_is_refused_and_changes_nothing(
    arrange, superuser, state, step
):
    answer = arrange(state)
    before = snapshot(answer)

    with pytest.raises(TransitionError):
        STEPS[step](answer, superuser)

    assert snapshot(answer) == before
