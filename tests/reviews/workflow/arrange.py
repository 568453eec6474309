"""Answers in each workflow state, and each workflow step as one call.

The role under test never wrote or approved the text: ``author`` writes it (two
versions, so a revert changes something), ``approver`` signs it off and
``archiver`` archives it.
"""

from reversion.models import Version

from articles.models import Answer
from reviews import answer_state, workflow
from tests.helpers import edit, make_draft, open_recertification

State = Answer.State

STATES = list(State)


def answer_in(state: str, *, author, approver, archiver) -> Answer:
    """An answer brought to ``state`` through the real workflow."""
    answer = make_draft(editor=author)
    edit(answer, user=author, body="A second version of the body.")
    if state == State.DRAFT:
        return answer
    workflow.submit(answer, user=author)
    if state == State.IN_REVIEW:
        return answer
    if state == State.CHANGES_REQUESTED:
        workflow.request_changes(
            answer,
            shown=workflow.shown_text(answer),
            user=approver,
            comment="Add a reference.",
        )
        return answer
    workflow.approve(answer, shown=workflow.shown_text(answer), user=approver)
    if state == State.APPROVED:
        return answer
    workflow.publish(answer, shown=workflow.shown_text(answer), user=author)
    # Published text may be re-certified only near its due date: open it now.
    open_recertification(answer)
    if state == State.ARCHIVED:
        workflow.archive(answer, shown=workflow.shown_text(answer), user=archiver)
    return answer


def first_version(answer: Answer) -> Version:
    return Version.objects.get_for_object(answer).order_by("pk").first()


# Each step as the user would take it: name -> act(answer, user).
STEPS = {
    "submit": lambda answer, user: workflow.submit(answer, user=user),
    "withdraw": lambda answer, user: workflow.withdraw(answer, user=user),
    "request_changes": lambda answer, user: workflow.request_changes(
        answer,
        shown=workflow.shown_text(answer),
        user=user,
        comment="Cite the 2023 cohort study.",
    ),
    "approve": lambda answer, user: workflow.approve(
        answer, shown=workflow.shown_text(answer), user=user
    ),
    "publish": lambda answer, user: workflow.publish(
        answer, shown=workflow.shown_text(answer), user=user
    ),
    "recertify": lambda answer, user: workflow.recertify(
        answer, shown=workflow.shown_text(answer), user=user
    ),
    "archive": lambda answer, user: workflow.archive(
        answer, shown=workflow.shown_text(answer), user=user
    ),
    "edit": lambda answer, user: edit(
        answer, user=user, body="A change made by the user under test."
    ),
    "revert": lambda answer, user: workflow.revert_to_version(
        answer, user=user, version=first_version(answer)
    ),
}


def is_offered(answer: Answer, user, step: str) -> bool:
    """Whether the interface offers ``step``: a button, the form or a revert link."""
    if step == "edit":
        return workflow.can_edit(answer, user)
    if step == "revert":
        return workflow.can_revert(answer, user)
    return step in workflow.allowed_transitions(answer, user)


def snapshot(answer: Answer) -> dict:
    """What a refused step must leave as it was."""
    answer.refresh_from_db()
    return {
        "state": answer.state,
        "text": (answer.tldr, answer.body, answer_state.reference_dicts(answer)),
        "audit entries": answer.audit_entries.count(),
        "sign-offs": answer.sign_offs.count(),
        "live": list(
            Answer.objects.filter(pk=answer.pk).values(
                "live__fingerprint", "live__last_review", "live__archived_at"
            )
        ),
    }
