"""The site's latest change, read from the top of indexes, is the latest of
the change times the aggregate over every live copy gives."""

import datetime

import pytest
from django.urls import reverse

from articles import caching
from articles.models import PublishedAnswer
from core.http_caching import change_times
from reviews import workflow
from tests import factories
from tests.helpers import make_draft, make_published, open_recertification

pytestmark = pytest.mark.django_db


def aggregated() -> datetime.datetime | None:
    return max(filter(None, change_times(caching.site_changes())), default=None)


def test_no_live_copy_no_change(editor):
    make_draft(editor=editor)

    assert caching.site_changed_at() is None
    assert aggregated() is None


@pytest.fixture
def live(editor, reviewer):
    """Two live answers about two conditions."""
    return [make_published(editor=editor, reviewer=reviewer) for _ in range(2)]


def test_the_newest_publication(live):
    newest = PublishedAnswer.objects.latest("published_at").published_at

    assert caching.site_changed_at() == newest == aggregated()


def test_each_read_sees_the_changes_made_since_the_last(live, editor, reviewer):
    before = caching.site_changed_at()
    make_published(editor=editor, reviewer=reviewer)
    newest = PublishedAnswer.objects.latest("published_at").published_at

    assert before < newest
    assert caching.site_changed_at() == newest == aggregated()


def test_a_re_certification(live, other_reviewer):
    answer = live[0]
    open_recertification(answer)
    sign_off = workflow.recertify(
        answer, user=other_reviewer, shown=workflow.shown_text(answer)
    )

    assert caching.site_changed_at() == sign_off.signed_at == aggregated()


def test_an_archive(live, managing_editor):
    answer = live[0]
    workflow.archive(answer, user=managing_editor, shown=workflow.shown_text(answer))
    answer.live.refresh_from_db()

    assert caching.site_changed_at() == answer.live.archived_at == aggregated()


def test_an_edit_of_a_published_question_or_its_condition(live):
    question = live[0].question
    question.text = "What changes now?"
    question.save()

    assert caching.site_changed_at() == question.updated_at == aggregated()

    condition = live[1].question.condition
    condition.name = "Renamed syndrome"
    condition.save()

    assert caching.site_changed_at() == condition.updated_at == aggregated()


def test_not_what_no_live_copy_shows(live, editor):
    shown = caching.site_changed_at()
    draft = make_draft(
        editor=editor,
        question=factories.QuestionFactory(condition=factories.ConditionFactory()),
    )
    draft.question.save()
    draft.question.condition.save()

    assert caching.site_changed_at() == shown == aggregated()


def test_not_a_deleted_answer_whose_live_copy_is_kept(
    client, live, editor, reviewer, managing_editor
):
    shown = caching.site_changed_at()
    answer = make_published(editor=editor, reviewer=reviewer)
    workflow.archive(answer, user=managing_editor, shown=workflow.shown_text(answer))
    client.force_login(managing_editor)
    client.post(
        reverse("admin:articles_answer_delete", args=[answer.pk]), {"post": "yes"}
    )

    assert PublishedAnswer.objects.filter(pk=answer.pk).exists()
    assert caching.site_changed_at() == shown == aggregated()
