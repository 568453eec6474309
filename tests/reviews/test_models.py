"""Reviews models: sign-offs and audit entries are append-only."""

import pytest
from django.db import transaction

from reviews import workflow
from reviews.models import AppendOnlyError, AuditEntry, SignOff
from tests.helpers import make_in_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_off(editor, reviewer):
    answer = make_in_review(editor=editor)
    return workflow.approve(answer, user=reviewer, shown=workflow.shown_text(answer))


@pytest.fixture
def audit_entry(sign_off):
    return AuditEntry.objects.filter(answer=sign_off.answer).first()


@pytest.fixture(params=["sign_off", "audit_entry"])
def record(request):
    return request.getfixturevalue(request.param)


def test_append_only_record_cannot_be_saved_again(record):
    record.comment = "Rewritten afterwards."

    with pytest.raises(AppendOnlyError):
        record.save()

    record.refresh_from_db()
    assert record.comment != "Rewritten afterwards."


def test_append_only_record_cannot_be_deleted(record):
    with pytest.raises(AppendOnlyError):
        record.delete()

    assert type(record).objects.filter(pk=record.pk).exists()


def test_append_only_records_cannot_be_updated_in_bulk(record):
    model = type(record)

    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=record.pk).update(comment="Rewritten in bulk.")

    record.refresh_from_db()
    assert record.comment != "Rewritten in bulk."


def test_append_only_records_cannot_be_deleted_in_bulk(record):
    model = type(record)

    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()

    assert model.objects.filter(pk=record.pk).exists()


def _through_the_answer(model, record):
    """The records of the same answer, through ``answer.sign_offs`` and the like."""
    return getattr(record.answer, model._meta.get_field("answer").related_query_name())


REWRITES = {
    "bulk_update": lambda model, record: model.objects.bulk_update(
        [record], ["comment"]
    ),
    "update_or_create": lambda model, record: model.objects.update_or_create(
        pk=record.pk, defaults={"comment": "Rewritten."}
    ),
    "base_manager_update": lambda model, record: model._base_manager.filter(
        pk=record.pk
    ).update(comment="Rewritten."),
    "base_manager_delete": lambda model, record: model._base_manager.filter(
        pk=record.pk
    ).delete(),
    "related_manager_update": lambda model, record: _through_the_answer(
        model, record
    ).update(comment="Rewritten."),
    "related_manager_delete": lambda model, record: (
        _through_the_answer(model, record).all().delete()
    ),
}


@pytest.mark.parametrize("rewrite", list(REWRITES))
def test_append_only_records_refuse_every_other_way_to_rewrite_them(record, rewrite):
    model = type(record)
    before = list(model.objects.values())
    record.comment = "Rewritten."

    # bulk_update runs in the caller's transaction and spoils it when refused.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        REWRITES[rewrite](model, record)

    assert list(model.objects.values()) == before


def test_sign_off_tells_reviews_from_change_requests(editor, reviewer, other_reviewer):
    answer = make_in_review(editor=editor)
    change_request = workflow.request_changes(
        answer,
        shown=workflow.shown_text(answer),
        user=reviewer,
        comment="Shorter, please.",
    )
    workflow.submit(answer, user=editor)
    approval = workflow.approve(
        answer, shown=workflow.shown_text(answer), user=other_reviewer
    )

    assert approval.is_review
    assert not change_request.is_review
    assert str(change_request).startswith("Changes requested by ")
    assert SignOff.objects.filter(answer=answer).count() == 2
