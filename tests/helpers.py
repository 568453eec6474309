"""Shared arrangements and domain asserts for tests.

Answers reach their states through the real workflow functions, acting as the
role users, so every test exercises the same rules as the product.
"""

from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from articles.models import Answer, PublishedAnswer
from reviews import answer_state, editing, workflow
from reviews.models import AuditEntry, ReviewerProfile
from tests import factories


def grant_review_directly(user):
    """Give ``user`` the review permission itself, not the reviewers' group,
    and a reviewer profile with a valid registration, which signing off needs."""
    user.user_permissions.add(
        Permission.objects.get(
            codename="review_answer", content_type__app_label="articles"
        )
    )
    give_registration(user)
    return user


def give_registration(user):
    """A reviewer profile with a registration valid today, unless ``user`` has
    a profile already."""
    if not ReviewerProfile.objects.filter(user=user).exists():
        factories.ReviewerProfileFactory(user=user)
    return user


def open_recertification(answer: Answer) -> Answer:
    """Let the live text be re-certified now, before its window opens, as a
    managing editor's override: freshly published text is not due for months."""
    managing_editor = factories.ManagingEditorFactory(username="override-editor")
    return workflow.allow_early_recertification(
        answer,
        user=managing_editor,
        comment="The guidance this answer follows has just changed.",
    )


DEFAULT_REFERENCES = [
    {
        "title": "Natural history of an example syndrome",
        "source": "Orphanet Journal of Rare Diseases",
        "year": 2021,
        "url": "https://example.org/natural-history",
        "doi": "10.1000/nh.2021",
        "pmid": "33000001",
    }
]


def make_draft(
    *, editor, question=None, tldr=None, body=None, references=None, change_note=""
) -> Answer:
    """A draft answer written by ``editor`` through the edit service."""
    question = question or factories.QuestionFactory()
    return editing.create_answer(
        question,
        user=editor,
        tldr=tldr if tldr is not None else "The short answer, in two sentences.",
        body=body
        if body is not None
        else "The **full** answer.\n\nWith a second paragraph.",
        references=DEFAULT_REFERENCES if references is None else references,
        change_note=change_note,
    )


def make_in_review(*, editor, **kwargs) -> Answer:
    answer = make_draft(editor=editor, **kwargs)
    workflow.submit(answer, user=editor)
    return answer


def make_approved(*, editor, reviewer, **kwargs) -> Answer:
    answer = make_in_review(editor=editor, **kwargs)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)
    return answer


def make_published(*, editor, reviewer, **kwargs) -> Answer:
    answer = make_approved(editor=editor, reviewer=reviewer, **kwargs)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)
    return answer


def make_changes_requested(*, editor, reviewer, comment="Cite a review.", **kwargs):
    answer = make_in_review(editor=editor, **kwargs)
    workflow.request_changes(
        answer, user=reviewer, shown=workflow.shown_text(answer), comment=comment
    )
    return answer


def make_archived(*, editor, reviewer, archiver, **kwargs) -> Answer:
    answer = make_published(editor=editor, reviewer=reviewer, **kwargs)
    workflow.archive(answer, user=archiver, shown=workflow.shown_text(answer))
    return answer


def edit(
    answer: Answer,
    *,
    user,
    tldr=None,
    body=None,
    references=None,
    kind_label=None,
    question_text=None,
    change_note=None,
) -> Answer:
    """Save new text through the edit service, keeping what is not given.

    An answer published before gets a new public change note unless one is
    given or a new one is written already, as submitting it again requires.
    """
    live = PublishedAnswer.objects.filter(answer=answer).first()
    if change_note is None and live is not None:
        if answer.change_note in ("", live.change_note):
            change_note = f"Updated the text (edit {answer.edit_count + 1})."
    return editing.update_answer(
        answer,
        user=user,
        tldr=answer.tldr if tldr is None else tldr,
        body=answer.body if body is None else body,
        references=answer_state.reference_dicts(answer)
        if references is None
        else references,
        kind_label=kind_label,
        question_text=question_text,
        change_note=change_note,
    )


def publish_new_text(answer: Answer, *, editor, reviewer, **text) -> Answer:
    """Edit a published answer, then take the new text through review to the site."""
    edit(answer, user=editor, **text)
    workflow.submit(answer, user=editor)
    workflow.approve(answer, user=reviewer, shown=workflow.shown_text(answer))
    workflow.publish(answer, user=editor, shown=workflow.shown_text(answer))
    return answer


def assert_transition_logged(answer: Answer, *, transition, from_state, to_state, user):
    entry = (
        AuditEntry.objects.filter(answer=answer).order_by("-created_at", "-id").first()
    )
    assert entry is not None, "no audit entry was written"
    assert (entry.transition, entry.from_state, entry.to_state, entry.user_id) == (
        transition,
        from_state,
        to_state,
        user.pk,
    )


PROJECT_APPS = {"api", "articles", "community", "conditions", "reviews"}


def reapply_data_migrations() -> None:
    """Run the project's data migrations again, in migration order.

    They are idempotent (get-or-create), so this restores what a flush removed
    and changes nothing else. Each runs against the model state of its own
    migration, as ``migrate`` runs it.
    """
    loader = MigrationLoader(connection)
    plan = []
    for leaf in loader.graph.leaf_nodes():
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    for key in plan:
        app_label, _ = key
        if app_label not in PROJECT_APPS:
            continue
        operations = loader.graph.nodes[key].operations
        if not any(isinstance(operation, RunPython) for operation in operations):
            continue
        state = loader.project_state(key, at_end=False)
        for operation in operations:
            if isinstance(operation, RunPython):
                operation.code(state.apps, None)
            else:
                operation.state_forwards(app_label, state)
