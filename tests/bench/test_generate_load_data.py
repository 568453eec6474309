"""The load data generator: sizes, workflow invariants, pages, search, refusal."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from reversion.models import Version

from articles.models import Answer, AnswerRevision, PublishedAnswer, Question
from community.models import Experience
from conditions.models import Condition
from reviews import answer_state, editing, workflow
from reviews.models import AuditEntry, HistoryEntry, ReviewerProfile, SignOff
from search.documents import document_fields
from search.models import SearchDocument
from tests import factories

pytestmark = pytest.mark.django_db

TINY = {
    "conditions": 3,
    "questions": 10,
    "versions": 2,
    "experiences": 20,
    "reviewers": 2,
}


def generate(*args: str, **options) -> str:
    out = io.StringIO()
    call_command("generate_load_data", *args, stdout=out, **{**TINY, **options})
    return out.getvalue()


def test_counts_match_the_options():
    generate()

    assert Condition.objects.count() == 3
    assert Question.objects.count() == 10
    assert Answer.objects.filter(state=Answer.State.PUBLISHED).count() == 10
    assert PublishedAnswer.objects.count() == 10
    assert Experience.objects.count() == 20
    assert ReviewerProfile.objects.count() == 2
    assert SearchDocument.objects.count() == 10
    for answer in Answer.objects.all():
        # Two text versions, then submit, approve and publish.
        assert Version.objects.get_for_object(answer).count() == 5
        assert 3 <= answer.references.count() <= 15


def test_texts_have_realistic_lengths():
    generate()

    for live in PublishedAnswer.objects.all():
        assert 50 <= len(live.tldr.split()) <= 80
        assert len(live.tldr) <= 400
        assert 450 <= len(live.body.split()) <= 800
        assert 3 <= len(live.references) <= 15


def test_every_live_copy_holds_an_approval_of_its_exact_text():
    generate()

    for answer in Answer.objects.select_related("live__approval"):
        live = answer.live
        approval = live.approval
        assert live.fingerprint == answer_state.current_fingerprint(answer)
        assert approval.fingerprint == live.fingerprint
        assert approval.decision == SignOff.Decision.APPROVE
        assert live.last_review == approval
        assert approval.signed_at < live.published_at
        writers = set(
            AnswerRevision.objects.filter(answer=answer, is_text_edit=True).values_list(
                "revision__user_id", flat=True
            )
        )
        assert approval.reviewer_id not in writers
        assert set(live.written_by.values_list("pk", flat=True)) == writers
        assert approval.version.field_dict["body"] == answer.body
        assert live.review_due_on == workflow.review_due_on(
            answer.question.condition, last_reviewed_at=approval.signed_at
        )
        transitions = list(
            AuditEntry.objects.filter(answer=answer)
            .order_by("created_at")
            .values_list("transition", "from_state", "to_state")
        )
        assert transitions == [
            ("submit", "draft", "in_review"),
            ("approve", "in_review", "approved"),
            ("publish", "approved", "published"),
        ]
        # A first publication: no change note, one "updated" history line.
        assert (answer.change_note, live.change_note) == ("", "")
        assert list(
            HistoryEntry.objects.filter(answer=answer).values_list(
                "kind", "sign_off_id", "change_note", "recorded_by_id", "recorded_at"
            )
        ) == [
            (
                HistoryEntry.Kind.UPDATED,
                approval.pk,
                "",
                live.published_by_id,
                live.published_at,
            )
        ]


def test_generated_answers_go_on_through_the_workflow(editor, other_reviewer):
    generate()
    answer = Answer.objects.order_by("pk").first()
    oldest = Version.objects.get_for_object(answer).order_by("pk").first()

    workflow.recertify(answer, shown=workflow.shown_text(answer), user=other_reviewer)
    workflow.revert_to_version(answer, user=editor, version=oldest)
    editing.update_answer(
        answer,
        user=editor,
        tldr=answer.tldr,
        body=answer.body,
        references=answer_state.reference_dicts(answer),
        change_note="Restored the first version of the answer.",
    )
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=other_reviewer)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    answer.live.refresh_from_db()
    assert answer.live.body == oldest.field_dict["body"]
    assert answer.live.change_note == "Restored the first version of the answer."


def test_an_editor_who_wrote_the_text_cannot_approve_it(reviewer):
    generate()
    answer = Answer.objects.order_by("pk").first()
    writer = answer.created_by
    writer.groups.add(*reviewer.groups.all())
    editing.update_answer(
        answer,
        user=writer,
        tldr=answer.tldr,
        body=answer.body + "\n\nOne more paragraph.",
        references=answer_state.reference_dicts(answer),
        change_note="Added a paragraph.",
    )
    workflow.submit(answer, user=writer)

    assert not workflow.can_approve(answer, writer)


def test_search_documents_match_what_the_search_service_writes(client):
    generate()

    for document in SearchDocument.objects.select_related(
        "live__answer__question__condition"
    ):
        expected = document_fields(
            document.live, question_text=document.live.question_text
        )
        assert {name: getattr(document, name) for name in expected} == expected
    question = Question.objects.order_by("pk").first()
    response = client.get(reverse("search"), {"q": question.condition.name})
    assert response.status_code == 200
    assert question.get_absolute_url() in response.text


def test_public_pages_render(client):
    generate()
    question = Question.objects.order_by("pk").first()
    reviewer = ReviewerProfile.objects.first()
    urls = [
        reverse("home"),
        reverse("articles:condition_index"),
        question.condition.get_absolute_url(),
        question.get_absolute_url(),
        reviewer.get_absolute_url(),
        reverse(
            "community:experience_list",
            kwargs={
                "condition_slug": question.condition.slug,
                "question_slug": question.slug,
            },
        ),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    answer_page = client.get(question.get_absolute_url()).text
    assert question.answer.live.tldr in answer_page
    assert reviewer.full_name in client.get(reviewer.get_absolute_url()).text


def test_history_page_shows_every_generated_version(client):
    generate()
    answer = Answer.objects.order_by("pk").first()
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))

    page = client.get(reverse("admin:articles_answer_history", args=[answer.pk]))

    assert page.status_code == 200
    assert page.text.count('name="old"') == 5


def test_refuses_a_database_that_holds_content():
    factories.ConditionFactory()

    with pytest.raises(CommandError, match="already holds content"):
        generate()
    assert Question.objects.count() == 0


def test_force_append_adds_beside_existing_content():
    generate()
    generate("--force-append")

    assert Condition.objects.count() == 6
    assert PublishedAnswer.objects.count() == 20


def test_the_same_seed_gives_the_same_texts():
    generate("--seed", "7")
    generate("--seed", "7", "--force-append")
    generate("--seed", "8", "--force-append")

    bodies = list(Answer.objects.order_by("pk").values_list("body", flat=True))
    assert bodies[:10] == bodies[10:20]
    assert bodies[:10] != bodies[20:]
