"""A model of one answer's workflow, written from PRODUCT.md, kept apart from the
product's code: who may take each step, what each step changes, and which
refusal (``PermissionDenied`` or ``TransitionError``) the product owes.

The property test in ``test_workflow.py`` runs the product and this model side
by side and compares them after every step.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from articles.models import Answer
from reviews.errors import TransitionError
from reviews.fingerprint import REFERENCE_FIELDS, fingerprint
from tests.helpers import DEFAULT_REFERENCES

State = Answer.State

# What each role may do, as PRODUCT.md section 1 grants it.
EDIT, SUBMIT, PUBLISH, REVIEW, ARCHIVE, ASSIGN = (
    "edit", "submit", "publish", "review", "archive", "assign"
)  # fmt: skip
EDITOR_POWERS = {EDIT, SUBMIT, PUBLISH}
POWERS = {
    "editor": EDITOR_POWERS,
    "other_editor": EDITOR_POWERS,
    "reviewer": {REVIEW},
    "other_reviewer": {REVIEW},
    "editing_reviewer": EDITOR_POWERS | {REVIEW},
    "managing_editor": EDITOR_POWERS | {ARCHIVE, ASSIGN},
    "superuser": EDITOR_POWERS | {REVIEW, ARCHIVE, ASSIGN},
    "member": set(),
}
ROLES = sorted(POWERS)

OTHER_REFERENCE = {"title": "A newer trial", "source": "The Lancet", "year": 2024}
# A few texts, so that saves often repeat the current text or an approved one.
# The first four may be submitted; the others each lack something.
TEXTS = [
    ("The short answer, in two sentences.", "The **full** answer.", DEFAULT_REFERENCES),
    ("The short answer, in two sentences.", "A rewritten body.", DEFAULT_REFERENCES),
    ("A new summary.", "The **full** answer.", [*DEFAULT_REFERENCES, OTHER_REFERENCE]),
    ("A new summary.", "A rewritten body.", [OTHER_REFERENCE]),
    ("", "A body without a TL;DR.", DEFAULT_REFERENCES),
    ("A summary without a body.", "  \n", DEFAULT_REFERENCES),
    ("A summary without references.", "A body.", []),
]
COMMENT = "Please cite the 2024 trial."


QUESTION = "What does the property test answer?"
KIND_LABEL = "Short answer"


def text_fingerprint(text) -> str:
    """The fingerprint of a (TL;DR, body, references) text, as stored, for the
    answer to ``QUESTION`` labelled ``KIND_LABEL``."""
    tldr, body, references = text
    defaults = {name: "" for name in REFERENCE_FIELDS} | {"year": None}
    stored = [defaults | dict(reference) for reference in references]
    return fingerprint(
        question=QUESTION,
        kind_label=KIND_LABEL,
        tldr=tldr,
        body=body,
        references=stored,
    )


@dataclass
class LiveText:
    fingerprint: str
    approver: str
    authors: frozenset[str]
    archived: bool = False
    # Fresh text is not due for review: a managing editor's override opens it.
    recertification_allowed: bool = False


@dataclass
class Model:
    """What the product promises about the one answer."""

    text: tuple
    # Roles who changed the text since the last publication.
    authors: set[str]
    state: str = State.DRAFT
    assigned: str | None = None
    # (reviewer role, fingerprint) of the approvals since the last publication.
    approvals: list[tuple[str, str]] = field(default_factory=list)
    live: LiveText | None = None
    # The text each version of the answer holds, by version id.
    version_texts: dict[int, tuple] = field(default_factory=dict)

    # Refusals: None when the step must succeed -------------------------------

    def _lacks(self, role, power, *states):
        """PermissionDenied without ``power``; TransitionError in none of ``states``."""
        if power not in POWERS[role]:
            return PermissionDenied
        if states and self.state not in states:
            return TransitionError
        return None

    def edit_refusal(self, role):
        """Editors edit in any state but in review, where the text is locked."""
        return self._lacks(role, EDIT) or (
            TransitionError if self.state == State.IN_REVIEW else None
        )

    def stale_edit_refusal(self, role):
        """A save from a form older than the stored text is always refused."""
        return self.edit_refusal(role) or TransitionError

    def submit_refusal(self, role, assignee):
        """A draft with a TL;DR, a body and a reference may be submitted; only a
        managing editor assigns a reviewer, who must be a medical reviewer."""
        tldr, body, references = self.text
        refusal = self._lacks(role, SUBMIT, State.DRAFT, State.CHANGES_REQUESTED)
        if refusal is None and not (tldr.strip() and body.strip() and references):
            refusal = TransitionError
        if refusal is None and assignee is not None:
            if ASSIGN not in POWERS[role]:
                refusal = PermissionDenied
            elif REVIEW not in POWERS[assignee]:
                refusal = TransitionError
        return refusal

    def withdraw_refusal(self, role):
        return self._lacks(role, SUBMIT, State.IN_REVIEW)

    def sign_off_refusal(self, role):
        """The assigned reviewer (or any, when none is) who did not edit the text
        since the last publication decides on text in review."""
        refusal = self._lacks(role, REVIEW, State.IN_REVIEW)
        if refusal is None and (
            self.assigned not in (None, role) or role in self.authors
        ):
            refusal = TransitionError
        return refusal

    def request_changes_refusal(self, role, comment):
        refusal = self.sign_off_refusal(role)
        if refusal is None and not comment.strip():
            refusal = TransitionError
        return refusal

    def publish_refusal(self, role):
        refusal = self._lacks(role, PUBLISH, State.APPROVED)
        if refusal is None and self.valid_approver() is None:
            refusal = TransitionError
        return refusal

    def recertify_refusal(self, role):
        """A reviewer who wrote none of the live text may re-certify it, once it
        is due or a managing editor allowed it early."""
        refusal = self._lacks(role, REVIEW)
        live = self.live
        if refusal is None and (
            live is None
            or live.archived
            or role in live.authors
            or not live.recertification_allowed
        ):
            refusal = TransitionError
        return refusal

    def allow_early_recertification_refusal(self, role, reason):
        """A managing editor may open the live text to re-certification early,
        giving a reason, once until its next publication or re-certification."""
        refusal = self._lacks(role, ASSIGN)
        live = self.live
        if refusal is None and (
            live is None or live.archived or live.recertification_allowed
        ):
            refusal = TransitionError
        if refusal is None and not reason.strip():
            refusal = TransitionError
        return refusal

    def archive_refusal(self, role):
        refusal = self._lacks(role, ARCHIVE)
        if refusal is None and self.state == State.ARCHIVED:
            refusal = TransitionError
        return refusal

    # What a successful step changes ------------------------------------------

    def valid_approver(self) -> str | None:
        """The reviewer of the latest approval of the current text, since the
        last publication, by someone who did not edit it since then."""
        current = text_fingerprint(self.text)
        valid = [
            reviewer
            for reviewer, approved in self.approvals
            if approved == current and reviewer not in self.authors
        ]
        return valid[-1] if valid else None

    def edit_returns_to_draft(self, text) -> bool:
        """Changing approved or published text sends the working copy to draft."""
        changed = text_fingerprint(text) != text_fingerprint(self.text)
        return changed and self.state in (State.APPROVED, State.PUBLISHED)

    def edited(self, role, text):
        """Save ``text``: whoever changes the text becomes one of its authors."""
        if text_fingerprint(text) != text_fingerprint(self.text):
            self.authors.add(role)
        self.text = text

    def submitted(self, role, assignee):
        # A managing editor sets (or clears) the assignment; an editor keeps it.
        if assignee is not None or ASSIGN in POWERS[role]:
            self.assigned = assignee

    def approved(self, role):
        self.approvals.append((role, text_fingerprint(self.text)))

    def published(self):
        self.live = LiveText(
            fingerprint=text_fingerprint(self.text),
            approver=self.valid_approver(),
            authors=frozenset(self.authors),
        )
        self.authors = set()
        self.approvals = []

    def archived(self):
        if self.live:
            self.live.archived = True

    def reverted(self, role, version_id):
        """Restore a version's text; the product counts every revert as an edit."""
        self.text = self.version_texts[version_id]
        self.authors.add(role)
