"""Render once: the HTML the public reads is stored when its text is written."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from articles.models import AnswerRevision, Disclaimer, PublishedAnswer
from articles.rendering import html_sent_to_review
from conditions.models import Condition
from conditions.services import save_condition
from core.markdown import RENDERER_VERSION
from reviews import answer_state, workflow
from tests import factories
from tests.helpers import edit, make_in_review, make_published

pytestmark = pytest.mark.django_db

articles_migration = importlib.import_module("articles.migrations.0009_stored_html")
conditions_migration = importlib.import_module(
    "conditions.migrations.0003_summary_stored_html"
)
SCHEMA_EDITOR = SimpleNamespace(connection=connection)
REFERENCE = {
    "title": "Natural <history>",
    "source": "Orphanet Journal",
    "year": 2021,
    "url": "https://example.org/a",
    "doi": "10.1000/nh.2021",
    "pmid": "33000001",
}


def test_publication_stores_the_rendered_body_and_references(editor, reviewer):
    answer = make_published(
        editor=editor,
        reviewer=reviewer,
        body="The **cause** is unknown.<script>alert(1)</script>",
        references=[REFERENCE],
    )

    live = PublishedAnswer.objects.get(pk=answer.pk)
    assert live.body_html == "<p>The <strong>cause</strong> is unknown.</p>"
    assert live.renderer_version == RENDERER_VERSION
    assert '<li id="reference-1">' in live.references_html
    assert "Natural &lt;history&gt;" in live.references_html
    assert 'href="https://doi.org/10.1000/nh.2021"' in live.references_html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/33000001/"' in live.references_html


def test_republication_stores_the_new_text_as_html(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer, body="First.")
    edit(answer, user=editor, body="Second, *edited*.", references=[REFERENCE])
    publish_again(answer, editor=editor, reviewer=reviewer)

    live = PublishedAnswer.objects.get(pk=answer.pk)
    assert live.body_html == "<p>Second, <em>edited</em>.</p>"
    assert "Natural &lt;history&gt;" in live.references_html


def publish_again(answer, *, editor, reviewer):
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)


# What the reviewer read is what readers get -------------------------------------

# Not what the renderer makes of the body: only a copy of the stored HTML has it.
REVIEWED_BODY_HTML = "<p>The body <em>as the reviewer read it</em>.</p>"


def sent_to_review(answer) -> AnswerRevision:
    return (
        AnswerRevision.objects.filter(answer=answer).exclude(renderer_version=0).get()
    )


def approve_and_publish(answer, *, editor, reviewer) -> PublishedAnswer:
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)
    return workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)


def test_publication_copies_the_html_stored_when_the_text_was_sent_to_review(
    editor, reviewer
):
    answer = make_in_review(editor=editor, references=[REFERENCE])
    AnswerRevision.objects.filter(pk=sent_to_review(answer).pk).update(
        body_html=REVIEWED_BODY_HTML
    )
    reviewed = sent_to_review(answer)

    live = approve_and_publish(answer, editor=editor, reviewer=reviewer)

    live.refresh_from_db()
    assert live.body_html == REVIEWED_BODY_HTML
    assert live.references_html == reviewed.references_html
    assert "Natural &lt;history&gt;" in live.references_html
    assert live.renderer_version == RENDERER_VERSION


def test_publication_renders_again_html_stored_by_an_older_renderer(editor, reviewer):
    answer = make_in_review(editor=editor, body="The **cause** is unknown.")
    AnswerRevision.objects.filter(pk=sent_to_review(answer).pk).update(
        body_html=REVIEWED_BODY_HTML, renderer_version=RENDERER_VERSION - 1
    )

    live = approve_and_publish(answer, editor=editor, reviewer=reviewer)

    live.refresh_from_db()
    assert live.body_html == "<p>The <strong>cause</strong> is unknown.</p>"
    assert live.renderer_version == RENDERER_VERSION


def test_the_html_sent_to_review_is_found_only_for_its_own_text(editor):
    answer = make_in_review(editor=editor)
    fingerprint = answer_state.current_fingerprint(answer)
    reviewed = sent_to_review(answer)

    found = html_sent_to_review(answer, fingerprint=fingerprint)
    other_text = html_sent_to_review(answer, fingerprint="0" * 64)
    AnswerRevision.objects.filter(pk=reviewed.pk).update(
        renderer_version=RENDERER_VERSION - 1
    )
    older_renderer = html_sent_to_review(answer, fingerprint=fingerprint)

    assert found == {
        "body_html": reviewed.body_html,
        "references_html": reviewed.references_html,
        "renderer_version": RENDERER_VERSION,
    }
    assert (other_text, older_renderer) == (None, None)


def test_a_saved_condition_stores_its_summary_as_html():
    condition = factories.ConditionFactory(summary="Also *rare*.")
    condition.summary = "Now **common**."
    save_condition(condition)

    condition.refresh_from_db()
    assert condition.summary_html == "<p>Now <strong>common</strong>.</p>"
    assert condition.renderer_version == RENDERER_VERSION


def test_the_saved_disclaimer_stores_its_text_as_html():
    disclaimer = Disclaimer.objects.get(pk=1)
    disclaimer.text = "Not *advice*."
    disclaimer.save()

    disclaimer.refresh_from_db()
    assert disclaimer.text_html == "<p>Not <em>advice</em>.</p>"
    assert disclaimer.renderer_version == RENDERER_VERSION


def test_the_migrations_render_the_rows_already_there(editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer, body="Kept *here*.")
    condition = factories.ConditionFactory(summary="A *summary*.")
    # As the rows were before the migrations added the columns.
    PublishedAnswer.objects.update(body_html="", references_html="", renderer_version=0)
    Condition.objects.update(summary_html="", renderer_version=0)
    Disclaimer.objects.update(text="A *disclaimer*.", text_html="", renderer_version=0)

    articles_migration.render_stored_html(apps, SCHEMA_EDITOR)
    conditions_migration.render_summaries(apps, SCHEMA_EDITOR)

    live = PublishedAnswer.objects.get(pk=answer.pk)
    assert live.body_html == "<p>Kept <em>here</em>.</p>"
    assert '<li id="reference-1">' in live.references_html
    assert live.renderer_version == RENDERER_VERSION
    condition.refresh_from_db()
    assert condition.summary_html == "<p>A <em>summary</em>.</p>"
    assert Disclaimer.objects.get().text_html == "<p>A <em>disclaimer</em>.</p>"
