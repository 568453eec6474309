"""An answer's history in the admin: versions, word-level diff, revert, recovery."""

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Answer, AnswerRevision, Question, Reference
from reviews import answer_state, workflow
from reviews.models import AuditEntry
from tests.articles.admin_data import answer_change_url, answer_form_data
from tests.helpers import (
    DEFAULT_REFERENCES,
    assert_transition_logged,
    edit,
    make_draft,
    make_published,
)

pytestmark = pytest.mark.django_db


def history_url(answer):
    return reverse("admin:articles_answer_history", args=[answer.pk])


def compare_url(answer, old, new):
    url = reverse("admin:articles_answer_compare", args=[answer.pk])
    return f"{url}?old={old.pk}&new={new.pk}"


def revert_url(answer, version):
    return reverse("admin:articles_answer_revision", args=[answer.pk, version.pk])


def versions(answer):
    """Versions of the answer, oldest first."""
    return list(Version.objects.get_for_object(answer).order_by("pk"))


def test_history_lists_every_version_with_user_comment_and_state(
    client, editor, reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer)
    client.force_login(editor)

    page = client.get(history_url(answer)).text

    assert page.count('name="old"') == len(versions(answer)) == 4
    for text in ("Created.", "submit", "approve", "publish"):
        assert f"<td>{text}</td>" in page
    for state in ("Draft", "In review", "Approved", "Published"):
        assert f"<td>{state}</td>" in page
    assert editor.get_full_name() in page
    assert reviewer.get_full_name() in page
    for version in versions(answer):
        created = timezone.localtime(version.revision.date_created)
        assert f">{created:%Y-%m-%d %H:%M:%S}</time>" in page


def test_compare_shows_a_word_level_diff_of_tldr_body_and_references(client, editor):
    answer = make_draft(editor=editor, body="The cause is unknown.\n\nSee below.")
    edit(
        answer,
        user=editor,
        body="The cause is genetic.\n\nSee below.",
        references=[{**DEFAULT_REFERENCES[0], "title": "A newer cohort study"}],
    )
    old, new = versions(answer)
    client.force_login(editor)

    page = client.get(compare_url(answer, old, new)).text

    removed = '<del><span class="visually-hidden">removed: </span>'
    added = '<ins><span class="visually-hidden">added: </span>'
    assert (
        "The cause is " + removed + "unknown</del>" + added + "genetic</ins>." in page
    )
    assert removed + "Natural history of an example syndrome" in page
    assert added + "A newer cohort study" in page
    assert "TL;DR · no change" in page


def test_diff_escapes_markup_written_in_the_text(client, editor):
    answer = make_draft(editor=editor)
    edit(
        answer,
        user=editor,
        tldr="<b>Bold claim</b>",
        body='Hello <script>alert("x")</script>',
        references=[{"title": "<img src=x onerror=alert(1)>"}],
    )
    old, new = versions(answer)
    client.force_login(editor)

    page = client.get(compare_url(answer, old, new)).text

    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<b>Bold" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Bold claim&lt;/b&gt;" in page


def test_compare_refuses_versions_of_another_answer(client, editor):
    answer = make_draft(editor=editor)
    other = make_draft(editor=editor)
    client.force_login(editor)

    response = client.get(
        compare_url(answer, versions(answer)[0], versions(other)[0]), follow=True
    )

    garbage = client.get(history_url(answer) + "compare/?old=first&new=1")

    assert response.redirect_chain[-1][0] == history_url(answer)
    assert "Pick two versions of this answer" in response.text
    assert garbage.status_code == 302


def test_revert_asks_for_confirmation_then_makes_the_old_text_a_new_draft(
    client, editor, reviewer
):
    answer = make_published(editor=editor, reviewer=reviewer, body="First text.")
    edit(answer, user=editor, body="Second text.", references=[{"title": "Other"}])
    first = versions(answer)[0]
    client.force_login(editor)

    confirmation = client.get(revert_url(answer, first))
    answer.refresh_from_db()
    assert answer.body == "Second text."
    response = client.post(revert_url(answer, first), follow=True)

    assert "Yes, make this text the new draft" in confirmation.text
    assert "needs review again" in response.text
    answer.refresh_from_db()
    assert (answer.state, answer.body) == ("draft", "First text.")
    assert answer_state.reference_dicts(answer) == [
        {**DEFAULT_REFERENCES[0], "year": DEFAULT_REFERENCES[0]["year"]}
    ]
    assert answer.live.body == "First text."
    assert_transition_logged(
        answer, transition="revert", from_state="draft", to_state="draft", user=editor
    )
    assert workflow.allowed_transitions(answer, editor) == ["submit"]
    assert answer_state.valid_approval(answer) is None


def test_revert_of_a_published_answer_keeps_the_live_copy(client, editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer, body="Live text.")
    edit(answer, user=editor, body="Rewritten.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)
    client.force_login(editor)

    client.post(revert_url(answer, versions(answer)[0]))

    answer.refresh_from_db()
    assert (answer.state, answer.body, answer.live.body) == (
        "draft",
        "Live text.",
        "Rewritten.",
    )


def test_revert_is_refused_while_in_review(client, editor, reviewer):
    answer = make_draft(editor=editor, body="Old text.")
    edit(answer, user=editor, body="Text under review.")
    workflow.submit(answer, user=editor)
    first = versions(answer)[0]
    audit_rows = AuditEntry.objects.count()

    client.force_login(editor)
    response = client.post(revert_url(answer, first), follow=True)
    client.force_login(reviewer)
    forbidden = client.post(revert_url(answer, first))

    assert workflow.LOCKED_IN_REVIEW in response.text
    assert forbidden.status_code == 403
    answer.refresh_from_db()
    assert (answer.state, answer.body) == ("in_review", "Text under review.")
    assert AuditEntry.objects.count() == audit_rows


def test_revert_page_needs_a_version_of_this_answer(client, editor):
    answer = make_draft(editor=editor)
    other = make_draft(editor=editor)
    client.force_login(editor)

    assert client.get(revert_url(answer, versions(other)[0])).status_code == 404
    assert client.post(revert_url(answer, versions(other)[0])).status_code == 404


def test_reversion_stock_overwrites_are_not_reachable(client, editor, managing_editor):
    answer = make_draft(editor=editor, body="Old text.")
    edit(answer, user=editor, body="Current text.")
    question = answer.question
    old_question_version = Version.objects.get_for_object(question).order_by("pk")[0]
    client.force_login(managing_editor)

    recover_existing = client.post(
        reverse("admin:articles_answer_recover", args=[versions(answer)[0].pk]),
        answer_form_data(answer),
    )
    question_revert = client.post(
        reverse(
            "admin:articles_question_revision",
            args=[question.pk, old_question_version.pk],
        ),
        {"text": question.text, "slug": question.slug, "topic": question.topic},
    )

    assert recover_existing.status_code == 404
    assert question_revert.status_code == 302
    answer.refresh_from_db()
    assert (answer.body, answer.state) == ("Current text.", "draft")


# Recovery of deleted content ------------------------------------------------------


def test_deleted_question_is_recovered_with_its_answer_and_references(
    client, editor, managing_editor
):
    references = [{"title": "First study", "year": 2019}, {"title": "Second study"}]
    answer = make_draft(editor=editor, body="Recoverable.", references=references)
    question = answer.question
    ids = (question.pk, answer.pk, list(answer.references.values_list("pk", flat=True)))
    client.force_login(managing_editor)
    delete = reverse("admin:articles_question_delete", args=[question.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Answer.objects.filter(pk=answer.pk).exists()
    assert not Reference.objects.filter(pk__in=ids[2]).exists()

    listing = client.get(reverse("admin:articles_question_recoverlist")).text
    deleted = Version.objects.get_deleted(Question).get(object_id=str(question.pk))
    through_question = client.post(
        reverse("admin:articles_question_recover", args=[deleted.pk]),
        _question_form(question),
        follow=True,
    )
    deleted_answer = Version.objects.get_deleted(Answer).get(object_id=str(answer.pk))
    response = client.post(
        reverse("admin:articles_answer_recover", args=[deleted_answer.pk])
    )

    assert question.text in listing
    assert "recover the answer" in through_question.text
    assert response.status_code == 302
    assert Question.objects.get(pk=question.pk).text == question.text
    recovered = Answer.objects.get(pk=answer.pk)
    assert (recovered.question_id, recovered.body) == (question.pk, "Recoverable.")
    assert [r["title"] for r in answer_state.reference_dicts(recovered)] == [
        "First study",
        "Second study",
    ]
    assert sorted(recovered.references.values_list("pk", flat=True)) == sorted(ids[2])
    assert AnswerRevision.objects.filter(answer=recovered).exists()
    assert client.get(answer_change_url(recovered)).status_code == 200


def test_deleted_answer_is_recovered_from_the_answer_admin(
    client, editor, managing_editor
):
    answer = make_draft(editor=editor, body="Deleted by mistake.")
    form = answer_form_data(answer)
    client.force_login(managing_editor)
    client.post(
        reverse("admin:articles_answer_delete", args=[answer.pk]), {"post": "yes"}
    )
    assert not Answer.objects.filter(pk=answer.pk).exists()

    deleted = Version.objects.get_deleted(Answer).get(object_id=str(answer.pk))
    response = client.post(
        reverse("admin:articles_answer_recover", args=[deleted.pk]), form
    )

    assert response.status_code == 302
    recovered = Answer.objects.get(pk=answer.pk)
    assert recovered.body == "Deleted by mistake."
    assert recovered.references.count() == 1


def _delete_and_recover(client, model_admin_name, obj, form):
    """Delete ``obj`` in the admin, then recover it from its history there."""
    model = type(obj)
    client.post(
        reverse(f"admin:articles_{model_admin_name}_delete", args=[obj.pk]),
        {"post": "yes"},
    )
    assert not model.objects.filter(pk=obj.pk).exists()
    deleted = Version.objects.get_deleted(model).get(object_id=str(obj.pk))
    response = client.post(
        reverse(f"admin:articles_{model_admin_name}_recover", args=[deleted.pk]), form
    )
    assert response.status_code == 302


def _question_form(question) -> dict:
    return {
        "condition": question.condition_id,
        "text": question.text,
        "slug": question.slug,
        "topic": question.topic,
        "position": question.position,
    }


def test_recovered_archived_answer_is_gone_again_on_the_public_site(
    client, editor, reviewer, managing_editor
):
    answer = make_published(editor=editor, reviewer=reviewer, body="Withdrawn text.")
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)
    public_url = answer.question.get_absolute_url()
    assert client.get(public_url).status_code == 410
    client.force_login(managing_editor)

    _delete_and_recover(client, "answer", answer, answer_form_data(answer))

    client.logout()
    response = client.get(public_url)
    assert response.status_code == 410
    assert b"Withdrawn text." not in response.content
    recovered = Answer.objects.get(pk=answer.pk)
    assert recovered.state == "archived"
    assert recovered.live.archived_at is not None
    assert not Question.objects.published().filter(pk=answer.question_id).exists()


def test_recovered_question_with_an_archived_answer_is_gone_again(
    client, editor, reviewer, managing_editor
):
    answer = make_published(editor=editor, reviewer=reviewer)
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)
    question = answer.question
    client.force_login(managing_editor)
    client.post(
        reverse("admin:articles_question_delete", args=[question.pk]), {"post": "yes"}
    )
    deleted = Version.objects.get_deleted(Answer).get(object_id=str(answer.pk))

    client.post(reverse("admin:articles_answer_recover", args=[deleted.pk]))

    client.logout()
    assert client.get(question.get_absolute_url()).status_code == 410
    assert Answer.objects.get(pk=answer.pk).state == "archived"


def test_recovered_answer_that_was_never_published_stays_off_the_site(
    client, editor, managing_editor
):
    answer = make_draft(editor=editor)
    client.force_login(managing_editor)

    _delete_and_recover(client, "answer", answer, answer_form_data(answer))

    client.logout()
    assert client.get(answer.question.get_absolute_url()).status_code == 404
    assert Answer.objects.get(pk=answer.pk).state == "draft"


def test_recovered_archived_answer_returns_to_the_site_only_through_review(
    client, editor, reviewer, managing_editor
):
    answer = make_published(editor=editor, reviewer=reviewer, body="Old text.")
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)
    client.force_login(managing_editor)
    _delete_and_recover(client, "answer", answer, answer_form_data(answer))
    recovered = Answer.objects.get(pk=answer.pk)

    workflow.revert_to_version(recovered, user=editor, version=versions(recovered)[0])
    edit(recovered, user=editor, change_note="Back on the site after a check.")
    workflow.submit(recovered, user=editor)
    workflow.approve(recovered, shown=workflow.shown_text(recovered), user=reviewer)
    workflow.publish(recovered, shown=workflow.shown_text(recovered), user=editor)

    client.logout()
    response = client.get(answer.question.get_absolute_url())
    assert response.status_code == 200
    assert b"Old text." in response.content


# Query budgets ----------------------------------------------------------------------


def answer_with_versions(editor, count: int) -> Answer:
    answer = make_draft(editor=editor, body="Version 1.")
    for number in range(2, count + 1):
        edit(answer, user=editor, body=f"Version {number}.")
    return answer


@pytest.mark.parametrize("count", [2, 20])
def test_history_and_diff_queries_are_bounded(
    client, editor, django_assert_max_num_queries, count
):
    answer = answer_with_versions(editor, count)
    first, *_middle, last = versions(answer)
    client.force_login(editor)

    with django_assert_max_num_queries(10):
        history = client.get(history_url(answer))
    with django_assert_max_num_queries(11):
        compare = client.get(compare_url(answer, first, last))
    with django_assert_max_num_queries(12):
        revert = client.get(revert_url(answer, first))

    assert history.text.count('name="old"') == count
    assert f"</span>{count}</ins>." in compare.text
    assert revert.status_code == 200
