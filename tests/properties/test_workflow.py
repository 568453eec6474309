"""Property: random sequences of edits and transitions by random roles keep the
workflow's promises.

A hypothesis state machine drives one answer through ``reviews.editing`` and
``reviews.workflow`` as editors, reviewers, an editor who also reviews, a
managing editor, a superuser and a member, beside the model in
``workflow_model.py``. After every step:

- the live text carries an approving sign-off of exactly that text, by a
  reviewer who wrote none of it since the previous publication;
- sign-offs and audit entries already written are unchanged, and the step
  added exactly the sign-off and the audit entry its transition promises, or
  nothing at all when it was refused (``PermissionDenied`` or
  ``TransitionError``, exactly when the model says so), but for the refused
  version that keeps the text of an edit the rules refused;
- the working copy has the state and the text of the model, and a sign-off
  names the version holding the text it signed.

Some runs record every step at one moment (as ``clock.recorded_at`` does, and
as app servers with disagreeing clocks nearly do), so that no rule may lean on
the clock to order the history. Each example runs inside a transaction that is
rolled back at its end.
"""

import datetime

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from articles.models import Answer, PublishedAnswer
from reviews import answer_state
from reviews.errors import TransitionError
from reviews.fingerprint import fingerprint
from reviews.models import SignOff
from tests.properties.budget import examples
from tests.properties.workflow_model import COMMENT, ROLES, TEXTS
from tests.properties.workflow_steps import AnswerSteps

pytestmark = pytest.mark.django_db

State = Answer.State
Decision = SignOff.Decision

# Paths through the workflow, as (step, arguments), that runs may start from.
IN_REVIEW = [("submit", {"role": "editor"})]
APPROVED = [*IN_REVIEW, ("approve", {"role": "reviewer"})]
PUBLISHED = [*APPROVED, ("publish", {"role": "other_editor"})]
EDITED_BY_A_REVIEWER = [("edit", {"role": "editing_reviewer", "text": TEXTS[1]})]
STARTING_POINTS = [
    [],
    IN_REVIEW,
    APPROVED,
    PUBLISHED,
    [*IN_REVIEW, ("request_changes", {"role": "other_reviewer", "comment": COMMENT})],
    # Assigned by the managing editor, withdrawn and resubmitted by an editor.
    [
        ("submit", {"role": "managing_editor", "assignee": "other_reviewer"}),
        ("withdraw", {"role": "editor"}),
        *IN_REVIEW,
    ],
    # Approved text edited and then saved back as it was: a draft again.
    [
        *APPROVED,
        ("edit", {"role": "other_editor", "text": TEXTS[3]}),
        ("edit", {"role": "other_editor", "text": TEXTS[0]}),
    ],
    [*PUBLISHED, ("archive", {"role": "managing_editor"})],
    # Archived, then revived through a revert, given the change note that
    # submitting again needs, and published again.
    [
        *PUBLISHED,
        ("archive", {"role": "managing_editor"}),
        ("revert", {"role": "other_editor"}),
        ("edit", {"role": "other_editor", "text": TEXTS[0]}),
        *PUBLISHED,
    ],
    # New text by an editor who also reviews: in review, assigned to its own
    # author, and approved by another reviewer and live.
    [*PUBLISHED, *EDITED_BY_A_REVIEWER, *IN_REVIEW],
    [
        *PUBLISHED,
        *EDITED_BY_A_REVIEWER,
        ("submit", {"role": "managing_editor", "assignee": "editing_reviewer"}),
    ],
    [
        *PUBLISHED,
        *EDITED_BY_A_REVIEWER,
        *IN_REVIEW,
        ("approve", {"role": "other_reviewer"}),
        ("publish", {"role": "editor"}),
    ],
]

ONE_MOMENT = datetime.datetime(2025, 1, 1, 12, 0, tzinfo=datetime.UTC)
EDITABLE = [state for state in State.values if state != State.IN_REVIEW]
OUT_OF_TURN_STEPS = [
    "submit", "withdraw", "approve", "request_changes", "publish", "recertify",
    "archive", "edit",
]  # fmt: skip
texts = st.sampled_from(TEXTS)
comments = st.just(COMMENT) | st.sampled_from([COMMENT, "", "   "])
# Mostly an editor writes the change note an answer published before needs; the
# others try to submit it without one.
writes_change_notes = st.just(True) | st.booleans()


class AnswerWorkflow(AnswerSteps, RuleBasedStateMachine):
    # Rules: hypothesis picks the step, its arguments and the role ------------------
    #
    # A step's rule runs only in the states where the step may be taken, so runs
    # get far. One more rule tries any step at any time, so refusals for the state
    # are tried; archiving, which stops most progress, is only tried there.

    def _someone(self, data, refusal_of) -> str:
        """A role the model lets take the step, one it turns away although the
        role holds the power (the separation-of-duties cases), or anyone."""
        refusals = {role: refusal_of(role) for role in ROLES}
        groups = [
            [role for role, refusal in refusals.items() if refusal is None],
            [role for role, refusal in refusals.items() if refusal is TransitionError],
            ROLES,
        ]
        return data.draw(
            st.one_of([st.sampled_from(group) for group in groups if group])
        )

    def _in_state(*states):
        return precondition(lambda self: self.model.state in states)

    @initialize(start=st.sampled_from(STARTING_POINTS), at_one_moment=st.booleans())
    def reach_a_starting_point(self, start, at_one_moment):
        """Start some runs further along the workflow, taken step by step; in
        some, every step is recorded at one moment, before the answer's creation."""
        if at_one_moment:
            self.record_every_step_at(ONE_MOMENT)
        steps = {"submit": self.submit, "approve": self.approve}
        steps |= {"publish": self.publish, "edit": self.edit}
        steps |= {"request_changes": self.request_changes, "archive": self.archive}
        steps |= {"revert": self.revert, "withdraw": self.withdraw}
        for step, arguments in start:
            steps[step](**arguments)

    @_in_state(*EDITABLE)
    @rule(data=st.data(), text=texts, writes_change_note=writes_change_notes)
    def someone_edits(self, data, text, writes_change_note):
        self.edit(
            self._someone(data, self.model.edit_refusal), text, writes_change_note
        )

    @_in_state(*EDITABLE)
    @rule(data=st.data(), text=texts)
    def someone_saves_a_stale_form(self, data, text):
        self.edit_from_a_stale_form(self._someone(data, self.model.edit_refusal), text)

    @_in_state(State.DRAFT, State.CHANGES_REQUESTED)
    @rule(data=st.data(), assignee=st.none() | st.sampled_from(ROLES))
    def someone_submits(self, data, assignee):
        role = self._someone(
            data, lambda role: self.model.submit_refusal(role, assignee)
        )
        self.submit(role, assignee)

    @_in_state(State.IN_REVIEW)
    @rule(data=st.data())
    def someone_withdraws(self, data):
        self.withdraw(self._someone(data, self.model.withdraw_refusal))

    @_in_state(State.IN_REVIEW)
    @rule(data=st.data())
    def someone_approves(self, data):
        self.approve(self._someone(data, self.model.sign_off_refusal))

    @_in_state(State.IN_REVIEW)
    @rule(data=st.data(), comment=comments)
    def someone_requests_changes(self, data, comment):
        role = self._someone(
            data, lambda role: self.model.request_changes_refusal(role, comment)
        )
        self.request_changes(role, comment)

    # Also tried wherever the text holds an approval but is not approved.
    @precondition(
        lambda self: self.model.state == State.APPROVED or self.model.valid_approver()
    )
    @rule(data=st.data())
    def someone_publishes(self, data):
        self.publish(self._someone(data, self.model.publish_refusal))

    @precondition(lambda self: self.model.live is not None)
    @rule(data=st.data())
    def someone_recertifies(self, data):
        self.recertify(self._someone(data, self.model.recertify_refusal))

    @precondition(lambda self: self.model.live is not None)
    @rule(data=st.data(), reason=comments)
    def someone_allows_early_recertification(self, data, reason):
        self.allow_early_recertification(
            self._someone(
                data,
                lambda role: self.model.allow_early_recertification_refusal(
                    role, reason
                ),
            ),
            reason,
        )

    @_in_state(*EDITABLE)
    @rule(data=st.data())
    def someone_reverts(self, data):
        version_id = data.draw(st.sampled_from(sorted(self.model.version_texts)))
        self.revert(self._someone(data, self.model.edit_refusal), version_id)

    @rule(role=st.sampled_from(ROLES), step=st.sampled_from(OUT_OF_TURN_STEPS))
    def someone_tries_a_step_out_of_turn(self, role, step):
        {
            "submit": lambda: self.submit(role),
            "withdraw": lambda: self.withdraw(role),
            "approve": lambda: self.approve(role),
            "request_changes": lambda: self.request_changes(role, COMMENT),
            "publish": lambda: self.publish(role),
            "recertify": lambda: self.recertify(role),
            "archive": lambda: self.archive(role),
            "edit": lambda: self.edit(role, TEXTS[2]),
        }[step]()

    del _in_state

    # Invariants ----------------------------------------------------------------

    @invariant()
    def working_copy_is_as_modelled(self):
        answer = Answer.objects.get(pk=self.answer.pk)
        assert answer.state == self.model.state
        assert answer_state.current_fingerprint(answer) == (
            self.model.current_fingerprint()
        )

    @invariant()
    def live_text_holds_an_approval_of_itself_by_someone_who_did_not_write_it(self):
        live = (
            PublishedAnswer.objects.select_related("approval")
            .filter(answer=self.answer)
            .first()
        )
        expected = self.model.live
        if expected is None:
            assert live is None
            return
        approval = live.approval
        authors = {self.users[role].pk for role in expected.authors}
        assert live.fingerprint == fingerprint(
            question=live.question_text,
            kind_label=live.kind_label,
            tldr=live.tldr,
            body=live.body,
            references=live.references,
            change_note=live.change_note,
        )
        assert live.fingerprint == expected.fingerprint
        assert live.change_note == expected.change_note
        assert (approval.answer_id, approval.decision, approval.fingerprint) == (
            self.answer.pk,
            Decision.APPROVE,
            live.fingerprint,
        )
        assert approval.reviewer_id not in authors
        assert approval.reviewer_id == self.users[expected.approver].pk
        assert set(live.written_by.values_list("pk", flat=True)) == authors
        assert (live.archived_at is not None) == expected.archived


# 50 runs of up to 20 steps in CI (a quarter locally: see budget.py): each step
# takes the product's real path through the database and history, so this is
# the suite's longest test; the starting points put most runs well past the
# first submission.
def test_random_workflows_keep_the_promises():
    run_state_machine_as_test(
        AnswerWorkflow,
        settings=settings(max_examples=examples(50), stateful_step_count=20),
    )
