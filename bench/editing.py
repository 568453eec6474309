"""The editors of a load run: people working in the admin of the served app.

Each editor thread signs in to the admin over HTTP twice, as a pair of bench
users in the role groups: an editor, who saves an edit of an answer on its
change page, submits it for review and, once approved, publishes it; and a
medical reviewer with a reviewer profile, who never writes, and approves with
a comment (typing the password again if the admin asks for it). Each answer
goes through the admin's own forms and workflow buttons (``bench.admin_client``).

The bench users are made here, in-process, before the server starts; their
passwords are new random ones on every run. After the run, the checks here
read the database: every edit is in its answer's history, recorded as the
work of the editor who made it, and the last edit of each answer is live.
"""

import datetime
import secrets
import threading
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from articles.models import Answer, PublishedAnswer
from bench.admin_client import AdminSession, StepError
from bench.admin_pages import Page
from core import clock
from reviews import workflow
from reviews.models import Registration, ReviewerProfile

ANSWER_FORM = "answer_form"
WORKFLOW_FORM = "workflow_form"
# What the admin says after "Save and continue editing".
SAVED = "was changed successfully"
MARKER_START = "Load-run edit"
APPROVAL_COMMENT = "Checked against the cited references (load run)."


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Edit:
    answer_id: int
    marker: str
    editor: str


def _bench_user(username: str, group: str):
    """A staff user in ``group`` with a new random password: (user, credentials)."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    password = secrets.token_urlsafe(24)
    user.set_password(password)
    user.is_staff = user.is_active = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user, Credentials(username, password)


def bench_editors(count: int) -> list[tuple[Credentials, Credentials]]:
    """(editor, reviewer) sign-ins of bench users, one pair per editor thread."""
    pairs = []
    for number in range(count):
        _, editor = _bench_user(f"bench-editor-{number}", "Editors")
        reviewer_user, reviewer = _bench_user(
            f"bench-reviewer-{number}", "Medical reviewers"
        )
        profile, _ = ReviewerProfile.objects.get_or_create(
            user=reviewer_user,
            defaults={
                "full_name": f"Bench Reviewer {number}",
                "credentials": "MD",
                "slug": f"bench-reviewer-{number}",
            },
        )
        _verify_registration(profile, number=number)
        pairs.append((editor, reviewer))
    return pairs


def _verify_registration(profile: ReviewerProfile, *, number: int) -> None:
    """A registration valid today, as a sign-off needs, verified by a bench
    managing editor."""
    registrar, _ = _bench_user("bench-registrar", "Managing editors")
    today = clock.today()
    Registration.objects.get_or_create(
        profile=profile,
        number=f"BENCH-{number}",
        defaults={
            "body": "General Medical Council",
            "country": "United Kingdom",
            "verified_on": today - datetime.timedelta(days=1),
            "verified_by": registrar,
            "valid_until": today + datetime.timedelta(days=365),
        },
    )


def answers_for_editors(editors: int, per_editor: int) -> list[list[int]]:
    """Disjoint lists of published answers, one per editor thread."""
    ids = list(
        Answer.objects.filter(state=Answer.State.PUBLISHED)
        .order_by("-pk")
        .values_list("pk", flat=True)[: editors * per_editor]
    )
    return [ids[number::editors] for number in range(editors)]


def edit_marker(run_id: str, editor: str, number: int) -> str:
    """The sentence an edit adds: unique to the run, the editor and the edit."""
    return f"{MARKER_START} {run_id}-{number} by {editor}."


def edit_and_publish(
    editor: AdminSession, reviewer: AdminSession, answer_id: int, text: str
) -> Edit:
    """Edit an answer's body in the admin, have it approved, and publish it.

    The editor replaces the sentence of an earlier load-run edit (if any) at
    the end of the body with ``text`` and leaves every other field of the
    form, the edit count that guards against stale forms included, as the
    page gave it. Raises ``StepError`` at the first step that goes wrong.
    """
    change_url = reverse("admin:articles_answer_change", args=[answer_id])
    page = editor.open(change_url, step="open the answer")
    try:
        body = page.form(ANSWER_FORM).value("body")
    except LookupError as error:
        raise StepError(f"open the answer: {error}") from None
    body = body.split(f"\n\n{MARKER_START}")[0]
    page = editor.submit(
        page,
        ANSWER_FORM,
        step="save the edit",
        button={"name": "_continue"},
        changes={"body": f"{body}\n\n{text}", "change_note": f"Edited: {text}"[:300]},
        redirect_to=change_url,
        success=SAVED,
    )
    _transition(editor, page, "submit", change_url)
    page = reviewer.open(change_url, step="open the answer to review")
    _transition(reviewer, page, "approve", change_url, comment=APPROVAL_COMMENT)
    page = editor.open(change_url, step="open the approved answer")
    _transition(editor, page, "publish", change_url)
    return Edit(answer_id, text, editor.username)


def _transition(
    session: AdminSession, page: Page, name: str, change_url: str, **typed: str
) -> Page:
    """Click the workflow button ``name`` on the answer's page."""
    return session.submit(
        page,
        WORKFLOW_FORM,
        step=name,
        button={"data-transition": name},
        changes=typed,
        redirect_to=change_url,
        success=str(workflow.TRANSITIONS[name].done_message),
    )


class EditorThread(threading.Thread):
    """Sign in once, then edit and publish answers in turn until ``stop`` is set."""

    def __init__(
        self,
        base_url: str,
        users: tuple[Credentials, Credentials],
        *,
        stop: threading.Event,
        answers: list[int],
        run_id: str,
    ):
        super().__init__()
        self.editor, self.reviewer = (
            AdminSession(base_url, username=user.username, password=user.password)
            for user in users
        )
        self.stop = stop
        self.answers = answers
        self.run_id = run_id
        self.edits: list[Edit] = []
        self.errors: list[str] = []

    def run(self) -> None:
        try:
            self.editor.log_in()
            self.reviewer.log_in()
        except Exception as error:  # reported, not hidden
            self.errors.append(_describe(error))
            return
        number = 0
        while not self.stop.is_set():
            answer_id = self.answers[number % len(self.answers)]
            text = edit_marker(self.run_id, self.editor.username, number)
            try:
                edit = edit_and_publish(self.editor, self.reviewer, answer_id, text)
            except Exception as error:  # reported, not hidden
                self.errors.append(f"answer {answer_id}: {_describe(error)}")
            else:
                self.edits.append(edit)
            number += 1


def _describe(error: Exception) -> str:
    """One line: a step's own message, or the repr of anything unexpected."""
    return str(error) if isinstance(error, StepError) else repr(error)


def _edit_versions(edit: Edit):
    """The versions recording ``edit`` as a text edit of its answer."""
    return Version.objects.get_for_object_reference(Answer, edit.answer_id).filter(
        serialized_data__contains=edit.marker,
        revision__answer_info__is_text_edit=True,
        revision__answer_info__is_refused=False,
    )


def missing_from_history(edits: list[Edit]) -> list[str]:
    """Edits that no text-edit version of their answer holds."""
    return [
        f"answer {edit.answer_id}: no version holds {edit.marker!r}"
        for edit in edits
        if not _edit_versions(edit).exists()
    ]


def recorded_under_another_user(edits: list[Edit]) -> list[str]:
    """Edits whose history entry names someone other than the editor who made them."""
    problems = []
    for edit in edits:
        authors = set(
            _edit_versions(edit).values_list("revision__user__username", flat=True)
        )
        if authors - {edit.editor}:
            problems.append(
                f"answer {edit.answer_id}: {edit.marker!r} is recorded as the work "
                f"of {', '.join(sorted(map(str, authors)))}, not {edit.editor}"
            )
    return problems


def not_live(edits: list[Edit]) -> list[str]:
    """Answers whose live copy lacks the last edit made to them."""
    last = {edit.answer_id: edit.marker for edit in edits}
    return [
        f"answer {answer_id}: live copy lacks {marker!r}"
        for answer_id, marker in last.items()
        if marker not in PublishedAnswer.objects.get(pk=answer_id).body
    ]
