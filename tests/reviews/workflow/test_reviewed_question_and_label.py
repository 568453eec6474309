"""The question and the answer's label are reviewed text, like the rest.

They are in the fingerprint and in the live copy: editing either on a
published answer changes nothing public until it is approved and published.
Sign-offs given before (fingerprint scheme 1) keep verifying.
"""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from articles.models import Answer, PublishedAnswer
from reviews import answer_texts, workflow
from reviews.fingerprint import TEXT_ONLY_SCHEME, WHOLE_ANSWER_SCHEME, fingerprint
from reviews.models import SignOff
from tests.diseasemaps.html_checks import page_text
from tests.helpers import (
    edit,
    make_in_review,
    make_published,
    open_recertification,
    publish_new_text,
)

pytestmark = pytest.mark.django_db

State = Answer.State
copy_migration = importlib.import_module(
    "articles.migrations.0006_live_copy_question_text"
)


def live(answer: Answer) -> PublishedAnswer:
    return PublishedAnswer.objects.get(answer=answer)


@pytest.mark.parametrize(
    ("change", "live_field", "new"),
    [
        ({"kind_label": "Approved by the FDA"}, "kind_label", "Approved by the FDA"),
        ({"question_text": "Is it curable?"}, "question_text", "Is it curable?"),
    ],
    ids=["label", "question"],
)
def test_a_published_answer_relabelled_or_reworded_needs_a_new_approval(
    editor, reviewer, other_reviewer, change, live_field, new
):
    answer = make_published(editor=editor, reviewer=reviewer)
    before = getattr(live(answer), live_field)

    edit(answer, user=editor, **change)

    answer.refresh_from_db()
    assert answer.state == State.DRAFT
    assert getattr(live(answer), live_field) == before != new
    assert not workflow.can_publish(answer, editor)

    publish_new_text(answer, editor=editor, reviewer=other_reviewer)

    assert getattr(live(answer), live_field) == new
    assert live(answer).approval.fingerprint == workflow.shown_text(answer).fingerprint


def test_the_sign_off_covers_the_question_and_the_label(editor, reviewer):
    answer = make_in_review(editor=editor)
    shown = workflow.shown_text(answer)

    sign_off = workflow.approve(answer, user=reviewer, shown=shown)

    assert sign_off.fingerprint_scheme == 3
    assert sign_off.fingerprint == fingerprint(
        question=answer.question.text,
        kind_label=answer.kind_label,
        tldr=answer.tldr,
        body=answer.body,
        references=[r.as_dict() for r in answer.references.all()],
    )
    assert answer_texts.sign_off_verifies(sign_off)


def test_revert_restores_the_question_of_that_version(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer, body="First body.")
    original = answer.question.text
    first = answer_texts.answer_versions(answer.pk).last()
    edit(answer, user=editor, question_text="Reworded?", body="Second body.")

    workflow.revert_to_version(answer, user=editor, version=first)

    answer.refresh_from_db()
    assert (answer.question.text, answer.body) == (original, "First body.")


# Sign-offs from before the question and label were reviewed ---------------------


def legacy_sign_off(answer: Answer, *, reviewer) -> SignOff:
    """A sign-off as the code before fingerprint schemes wrote it (scheme 1)."""
    version = answer_texts.answer_versions(answer.pk).first()
    return SignOff.objects.create(
        answer=answer,
        reviewer=reviewer,
        decision=SignOff.Decision.APPROVE,
        version=version,
        fingerprint=fingerprint(
            question="",
            kind_label="",
            tldr=answer.tldr,
            body=answer.body,
            references=[r.as_dict() for r in answer.references.all()],
            scheme=TEXT_ONLY_SCHEME,
        ),
        fingerprint_scheme=TEXT_ONLY_SCHEME,
        reviewer_name="Dr Before Schemes",
    )


def test_a_scheme_1_sign_off_still_verifies(editor, reviewer):
    answer = make_in_review(editor=editor)

    old = legacy_sign_off(answer, reviewer=reviewer)

    assert answer_texts.sign_off_verifies(old)


def test_a_scheme_1_sign_off_of_other_text_does_not_verify(editor, reviewer):
    answer = make_in_review(editor=editor)
    old = legacy_sign_off(answer, reviewer=reviewer)
    workflow.withdraw(answer, user=editor)
    edit(answer, user=editor, body="A body nobody signed.")
    newest = answer_texts.answer_versions(answer.pk).first()

    forged = SignOff.objects.create(
        answer=answer,
        reviewer=reviewer,
        decision=SignOff.Decision.APPROVE,
        version=newest,
        fingerprint=old.fingerprint,
        fingerprint_scheme=TEXT_ONLY_SCHEME,
        reviewer_name="Dr Before Schemes",
    )

    assert not answer_texts.sign_off_verifies(forged)


def test_a_scheme_1_approval_does_not_publish_an_unreviewed_question_or_label(
    editor, reviewer
):
    answer = make_in_review(editor=editor)
    legacy_sign_off(answer, reviewer=reviewer)

    assert workflow.valid_approval(answer) is None


def test_a_live_copy_published_under_scheme_1_keeps_its_dates_and_re_certifies(
    editor, reviewer, other_reviewer
):
    """After the migration, a live copy's approval is of scheme 1: publishing
    the same text again does not move "Last updated", and re-certifying signs
    the live text in the current scheme."""
    answer = make_published(editor=editor, reviewer=reviewer)
    old = legacy_sign_off(answer, reviewer=reviewer)
    PublishedAnswer.objects.filter(answer=answer).update(
        approval=old, last_review=old, fingerprint=old.fingerprint
    )
    last_updated = live(answer).text_changed_at

    open_recertification(answer)
    sign_off = workflow.recertify(
        answer, user=other_reviewer, shown=workflow.shown_text(answer)
    )
    label = answer.kind_label
    edit(answer, user=editor, kind_label="A label changed and changed back")
    publish_new_text(answer, editor=editor, reviewer=other_reviewer, kind_label=label)

    assert sign_off.fingerprint_scheme == 3
    assert live(answer).text_changed_at == last_updated


def test_the_migration_copies_each_question_into_its_live_copy(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    PublishedAnswer.objects.filter(answer=answer).update(question_text="")

    copy_migration.copy_question_texts(apps, None)

    assert live(answer).question_text == answer.question.text


def test_existing_sign_offs_are_marked_scheme_1_by_the_migration():
    migration = importlib.import_module(
        "reviews.migrations.0005_sign_off_fingerprint_scheme"
    ).Migration
    (added,) = [
        operation
        for operation in migration.operations
        if getattr(operation, "name", "") == "fingerprint_scheme"
        and type(operation).__name__ == "AddField"
    ]

    assert added.field.default == TEXT_ONLY_SCHEME


def test_the_sign_off_admin_says_whether_each_sign_off_verifies(
    client, editor, reviewer, superuser
):
    answer = make_in_review(editor=editor)
    old = legacy_sign_off(answer, reviewer=reviewer)
    new = workflow.approve(answer, user=reviewer, shown=workflow.shown_text(answer))
    client.force_login(superuser)

    pages = {
        sign_off.fingerprint_scheme: client.get(
            reverse("admin:reviews_signoff_change", args=[sign_off.pk])
        ).text
        for sign_off in (old, new)
    }

    for scheme, page in pages.items():
        text = page_text(page)
        assert f"Fingerprint scheme: {scheme}" in text
        assert "Fingerprint matches the version: Yes" in text


def test_a_scheme_2_sign_off_still_verifies_but_no_longer_publishes(editor, reviewer):
    answer = make_in_review(editor=editor)
    version = answer_texts.answer_versions(answer.pk).first()
    old = SignOff.objects.create(
        answer=answer,
        reviewer=reviewer,
        decision=SignOff.Decision.APPROVE,
        version=version,
        fingerprint=fingerprint(
            question=answer.question.text,
            kind_label=answer.kind_label,
            tldr=answer.tldr,
            body=answer.body,
            references=[r.as_dict() for r in answer.references.all()],
            scheme=WHOLE_ANSWER_SCHEME,
        ),
        fingerprint_scheme=WHOLE_ANSWER_SCHEME,
        reviewer_name="Dr Before Change Notes",
    )

    assert answer_texts.sign_off_verifies(old)
    assert workflow.valid_approval(answer) is None
