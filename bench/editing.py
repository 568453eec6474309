"""The editors of a load run: edit, submit, approve and publish, in-process.

Each editor thread works on its own answers, acting as bench users in the
role groups (made here if missing): an editor writes and publishes, a medical
reviewer who wrote nothing approves. Everything goes through
``articles.services`` and ``reviews.workflow``, as the admin would.
"""

import threading
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from reversion.models import Version

from articles import services
from articles.models import Answer, PublishedAnswer
from reviews import workflow
from reviews.models import ReviewerProfile


@dataclass(frozen=True)
class Edit:
    answer_id: int
    marker: str


def _user(username: str, group: str):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def bench_editors(count: int) -> list[tuple]:
    """(editor, reviewer) pairs of bench users, one pair per editor thread."""
    pairs = []
    for number in range(count):
        editor = _user(f"bench-editor-{number}", "Editors")
        reviewer = _user(f"bench-reviewer-{number}", "Medical reviewers")
        ReviewerProfile.objects.get_or_create(
            user=reviewer,
            defaults={
                "full_name": f"Bench Reviewer {number}",
                "credentials": "MD",
                "slug": f"bench-reviewer-{number}",
            },
        )
        pairs.append((editor, reviewer))
    return pairs


def answers_for_editors(editors: int, per_editor: int) -> list[list[int]]:
    """Disjoint lists of published answers, one per editor thread."""
    ids = list(
        Answer.objects.filter(state=Answer.State.PUBLISHED)
        .order_by("-pk")
        .values_list("pk", flat=True)[: editors * per_editor]
    )
    return [ids[number::editors] for number in range(editors)]


class EditorThread(threading.Thread):
    """Edit and publish answers in turn until ``stop`` is set."""

    def __init__(self, users: tuple, *, stop: threading.Event, answers: list[int]):
        super().__init__()
        self.editor, self.reviewer = users
        self.stop = stop
        self.answers = answers
        self.edits: list[Edit] = []
        self.errors: list[str] = []

    def run(self) -> None:
        number = 0
        try:
            while not self.stop.is_set():
                answer_id = self.answers[number % len(self.answers)]
                marker = f"Load-run edit by {self.editor.username}, number {number}."
                try:
                    self._edit_and_publish(answer_id, marker)
                    self.edits.append(Edit(answer_id, marker))
                except Exception as error:  # noqa: BLE001 (reported, not hidden)
                    self.errors.append(f"answer {answer_id}: {error!r}")
                number += 1
        finally:
            connection.close()

    def _edit_and_publish(self, answer_id: int, marker: str) -> None:
        answer = Answer.objects.get(pk=answer_id)
        body = answer.body.split("\n\nLoad-run edit")[0]
        services.update_answer(
            answer,
            user=self.editor,
            tldr=answer.tldr,
            body=f"{body}\n\n{marker}",
            references=workflow.reference_dicts(answer),
            expected_edit_count=answer.edit_count,
        )
        workflow.submit(answer, user=self.editor)
        workflow.approve(answer, user=self.reviewer)
        workflow.publish(answer, user=self.editor)


def missing_from_history(edits: list[Edit]) -> list[str]:
    """Edits whose text is in no reversion version of their answer."""
    return [
        f"answer {edit.answer_id}: no version holds {edit.marker!r}"
        for edit in edits
        if not Version.objects.get_for_object_reference(Answer, edit.answer_id)
        .filter(serialized_data__contains=edit.marker)
        .exists()
    ]


def not_live(edits: list[Edit]) -> list[str]:
    """Answers whose live copy lacks the last edit made to them."""
    last = {edit.answer_id: edit.marker for edit in edits}
    return [
        f"answer {answer_id}: live copy lacks {marker!r}"
        for answer_id, marker in last.items()
        if marker not in PublishedAnswer.objects.get(pk=answer_id).body
    ]
