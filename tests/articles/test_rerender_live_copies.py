"""rerender_live_copies and the system check on the renderer's version."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from articles import checks
from articles.management.commands import rerender_live_copies
from articles.models import Disclaimer, PublishedAnswer
from conditions.models import Condition
from core.markdown import RENDERER_VERSION
from tests.helpers import make_published

pytestmark = pytest.mark.django_db


def rerender(*args) -> str:
    out = io.StringIO()
    call_command("rerender_live_copies", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def answers(editor, reviewer):
    return [
        make_published(editor=editor, reviewer=reviewer, body=f"Answer *{n}*.")
        for n in range(3)
    ]


def made_by_an_older_renderer() -> None:
    PublishedAnswer.objects.update(body_html="<p>old</p>", renderer_version=0)
    Condition.objects.update(summary_html="<p>old</p>", renderer_version=0)
    Disclaimer.objects.update(renderer_version=0)


def test_rerendering_renders_every_stale_row_in_batches(answers):
    made_by_an_older_renderer()

    output = rerender("--batch-size=2")

    conditions = Condition.objects.count()
    assert output.splitlines() == [
        "live copies: 3 read, 3 rendered anew.",
        f"condition summaries: {conditions} read, {conditions} rendered anew.",
        "disclaimers: 1 read, 1 rendered anew.",
    ]
    for n, live in enumerate(PublishedAnswer.objects.order_by("pk")):
        assert live.body_html == f"<p>Answer <em>{n}</em>.</p>"
        assert live.renderer_version == RENDERER_VERSION
    assert not Condition.objects.filter(summary_html="<p>old</p>").exists()


def test_rerendering_twice_changes_nothing_the_second_time(answers):
    made_by_an_older_renderer()
    rerender()

    output = rerender()

    assert "live copies: 3 read, 0 rendered anew." in output
    assert "disclaimers: 1 read, 0 rendered anew." in output


def test_rerendering_forgets_the_cached_pages_it_changed(client, answers):
    url = answers[0].question.get_absolute_url()
    client.get(url)
    PublishedAnswer.objects.update(body_html="<p>old</p>", renderer_version=0)
    assert b"<p>old</p>" not in client.get(url).content  # still the cached page

    rerender()

    assert b"<p>Answer <em>0</em>.</p>" in client.get(url).content


def test_a_database_error_is_one_line_and_a_failure(answers, monkeypatch):
    def fail(**kwargs):
        raise DatabaseError("disk full\nwhile writing")

    monkeypatch.setattr(rerender_live_copies, "rerender_all", fail)

    with pytest.raises(
        CommandError,
        match="^Could not re-render the stored HTML: disk full while writing$",
    ):
        rerender()


def test_a_batch_size_below_one_is_refused():
    with pytest.raises(CommandError, match="batch-size"):
        rerender("--batch-size=0")


def test_the_check_is_quiet_when_every_row_is_current(
    answers, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert checks.check_stored_html(databases=["default"]) == []


@pytest.mark.parametrize(
    ("stale", "named"),
    [
        (PublishedAnswer, "live copies"),
        (Condition, "conditions"),
        (Disclaimer, "disclaimer"),
    ],
)
def test_the_check_names_html_made_by_an_older_renderer(answers, stale, named):
    stale.objects.update(renderer_version=RENDERER_VERSION - 1)

    warnings = checks.check_stored_html(databases=["default"])

    assert [warning.id for warning in warnings] == ["articles.W001"]
    assert named in warnings[0].msg
    assert "rerender_live_copies" in warnings[0].hint


def test_the_check_runs_with_the_database_checks(answers):
    Condition.objects.update(renderer_version=0)
    out = io.StringIO()

    call_command("check", databases=["default"], stdout=out, stderr=out)

    assert "articles.W001" in out.getvalue()
