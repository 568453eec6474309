"""The steps of the workflow property test, each taken through the product as
one role and checked against the model (``workflow_model.py``)."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from reversion.models import Version

from articles.models import Answer
from core import clock
from reviews import editing, workflow
from reviews.errors import TransitionError
from reviews.models import AuditEntry, SignOff
from tests import factories
from tests.helpers import make_draft
from tests.properties.workflow_model import (
    QUESTION,
    ROLES,
    TEXTS,
    Model,
    text_fingerprint,
)

State = Answer.State
Decision = SignOff.Decision


def make_user(role: str):
    if role == "superuser":
        user = factories.UserFactory(username=role, is_staff=True, is_superuser=True)
        factories.ReviewerProfileFactory(user=user)
        return user
    if role == "editing_reviewer":
        user = factories.ReviewerFactory(username=role)
        user.groups.add(Group.objects.get(name="Editors"))
        return user
    role_factory = {
        "editor": factories.EditorFactory,
        "other_editor": factories.EditorFactory,
        "reviewer": factories.ReviewerFactory,
        "other_reviewer": factories.ReviewerFactory,
        "managing_editor": factories.ManagingEditorFactory,
        "member": factories.MemberFactory,
    }[role]
    return role_factory(username=role)


def rows(model) -> dict[int, dict]:
    return {row["id"]: row for row in model.objects.values()}


class AnswerSteps:
    """One answer, the role users and the model, in a transaction per run."""

    def __init__(self):
        super().__init__()
        self._one_moment = None
        # One database per example: teardown() rolls everything back.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        try:
            self.users = {role: make_user(role) for role in ROLES}
            tldr, body, references = TEXTS[0]
            self.answer = make_draft(
                editor=self.users["editor"],
                question=factories.QuestionFactory(text=QUESTION),
                tldr=tldr,
                body=body,
                references=references,
            )
        except BaseException:
            self.teardown()
            raise
        self.model = Model(text=TEXTS[0], authors={"editor"})
        self._note_new_versions()

    def record_every_step_at(self, moment):
        """Record the steps from now on at ``moment``, as ``seed_demo`` can and as
        app servers whose clocks disagree nearly do."""
        self._one_moment = clock.recorded_at(moment)
        self._one_moment.__enter__()

    def teardown(self):
        if self._one_moment is not None:
            self._one_moment.__exit__(None, None, None)
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Taking a step and checking what it recorded -------------------------------

    def _take(
        self,
        role,
        action,
        *,
        refusal,
        transition=None,
        to_state=None,
        sign_off=None,
        kept_text=None,
    ) -> bool:
        """Run ``action`` as ``role``; check it was refused exactly as the model
        says, and that the record changed exactly as promised. True if it ran.

        ``kept_text``: the text an edit refused by the rules (``TransitionError``)
        keeps in the history as one refused version."""
        sign_offs_before, audit_before = rows(SignOff), rows(AuditEntry)
        from_state = self.model.state
        raised = None
        try:
            action()
        except (PermissionDenied, TransitionError) as error:
            raised = error
        if refusal is None:
            assert raised is None, f"{role} was refused: {raised!r}"
        else:
            assert isinstance(raised, refusal), f"{role}: {raised!r}, not {refusal}"

        sign_offs, audit = rows(SignOff), rows(AuditEntry)
        assert {key: sign_offs[key] for key in sign_offs_before} == sign_offs_before
        assert {key: audit[key] for key in audit_before} == audit_before
        new_sign_offs = [
            sign_offs[k] for k in sorted(sign_offs.keys() - sign_offs_before.keys())
        ]
        new_audit = [audit[k] for k in sorted(audit.keys() - audit_before.keys())]
        if raised is not None:
            assert (new_sign_offs, new_audit) == ([], [])
            if kept_text is not None and isinstance(raised, TransitionError):
                assert self._note_new_versions(kept_text) == 1
            else:
                assert self._note_new_versions() == 0
            return False

        user_id = self.users[role].pk
        if transition is None:
            assert new_audit == []
        else:
            assert [
                (row["transition"], row["from_state"], row["to_state"], row["user_id"])
                for row in new_audit
            ] == [(transition, from_state, to_state, user_id)]
            self.model.state = to_state
        if sign_off is None:
            assert new_sign_offs == []
        else:
            assert [(row["decision"], row["reviewer_id"]) for row in new_sign_offs] == [
                (sign_off, user_id)
            ]
            signed = self.model.version_texts[new_sign_offs[0]["version_id"]]
            assert new_sign_offs[0]["fingerprint"] == text_fingerprint(signed)
        return True

    def _note_new_versions(self, text=None) -> int:
        """Give each version made since the last step ``text`` (by default the
        model's current text); return how many there were."""
        new = list(
            Version.objects.get_for_object(self.answer)
            .exclude(pk__in=self.model.version_texts)
            .values_list("pk", flat=True)
        )
        for version_id in new:
            self.model.version_texts[version_id] = text or self.model.text
        return len(new)

    def _after_success(self):
        assert self._note_new_versions() == 1

    # Steps, each as one role ---------------------------------------------------

    def edit(self, role, text):
        tldr, body, references = text
        back_to_draft = self.model.edit_returns_to_draft(text)
        if self._take(
            role,
            lambda: editing.update_answer(
                self.answer,
                user=self.users[role],
                tldr=tldr,
                body=body,
                references=references,
            ),
            refusal=self.model.edit_refusal(role),
            transition="edit" if back_to_draft else None,
            to_state=State.DRAFT,
            kept_text=(tldr, body, self.model.text[2]),
        ):
            self.model.edited(role, text)
            self._after_success()

    def edit_from_a_stale_form(self, role, text):
        tldr, body, references = text
        stale_count = Answer.objects.get(pk=self.answer.pk).edit_count - 1
        self._take(
            role,
            lambda: editing.update_answer(
                self.answer,
                user=self.users[role],
                tldr=tldr,
                body=body,
                references=references,
                expected_edit_count=stale_count,
            ),
            refusal=self.model.stale_edit_refusal(role),
            kept_text=(tldr, body, self.model.text[2]),
        )

    def submit(self, role, assignee=None):
        if self._take(
            role,
            lambda: workflow.submit(
                self.answer,
                user=self.users[role],
                reviewer=self.users[assignee] if assignee else None,
            ),
            refusal=self.model.submit_refusal(role, assignee),
            transition="submit",
            to_state=State.IN_REVIEW,
        ):
            self.model.submitted(role, assignee)
            self._after_success()

    def withdraw(self, role):
        if self._take(
            role,
            lambda: workflow.withdraw(self.answer, user=self.users[role]),
            refusal=self.model.withdraw_refusal(role),
            transition="withdraw",
            to_state=State.DRAFT,
        ):
            self._after_success()

    def approve(self, role):
        if self._take(
            role,
            lambda: workflow.approve(
                self.answer,
                shown=workflow.shown_text(self.answer),
                user=self.users[role],
            ),
            refusal=self.model.sign_off_refusal(role),
            transition="approve",
            to_state=State.APPROVED,
            sign_off=Decision.APPROVE,
        ):
            self.model.approved(role)
            self._after_success()

    def request_changes(self, role, comment):
        if self._take(
            role,
            lambda: workflow.request_changes(
                self.answer,
                shown=workflow.shown_text(self.answer),
                user=self.users[role],
                comment=comment,
            ),
            refusal=self.model.request_changes_refusal(role, comment),
            transition="request_changes",
            to_state=State.CHANGES_REQUESTED,
            sign_off=Decision.REQUEST_CHANGES,
        ):
            self._after_success()

    def publish(self, role):
        if self._take(
            role,
            lambda: workflow.publish(
                self.answer,
                shown=workflow.shown_text(self.answer),
                user=self.users[role],
            ),
            refusal=self.model.publish_refusal(role),
            transition="publish",
            to_state=State.PUBLISHED,
        ):
            self.model.published()
            self._after_success()

    def recertify(self, role):
        if self._take(
            role,
            lambda: workflow.recertify(
                self.answer,
                shown=workflow.shown_text(self.answer),
                user=self.users[role],
            ),
            refusal=self.model.recertify_refusal(role),
            transition="recertify",
            to_state=self.model.state,
            sign_off=Decision.RECERTIFY,
        ):
            self.model.live.recertification_allowed = False
            self._after_success()

    def allow_early_recertification(self, role, reason):
        if self._take(
            role,
            lambda: workflow.allow_early_recertification(
                self.answer, user=self.users[role], comment=reason
            ),
            refusal=self.model.allow_early_recertification_refusal(role, reason),
            transition="allow_early_recertification",
            to_state=self.model.state,
        ):
            self.model.live.recertification_allowed = True
            self._after_success()

    def archive(self, role):
        if self._take(
            role,
            lambda: workflow.archive(
                self.answer,
                shown=workflow.shown_text(self.answer),
                user=self.users[role],
            ),
            refusal=self.model.archive_refusal(role),
            transition="archive",
            to_state=State.ARCHIVED,
        ):
            self.model.archived()
            self._after_success()

    def revert(self, role, version_id=None):
        """Revert to the version ``version_id``, or to the first version."""
        version_id = version_id or min(self.model.version_texts)
        version = Version.objects.get(pk=version_id)
        if self._take(
            role,
            lambda: workflow.revert_to_version(
                self.answer, user=self.users[role], version=version
            ),
            refusal=self.model.edit_refusal(role),
            transition="revert",
            to_state=State.DRAFT,
        ):
            self.model.reverted(role, version_id)
            self._after_success()
