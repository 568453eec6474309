"""export_content and import_content: content, history and people, nothing lost."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from articles.models import Answer, Disclaimer
from conditions.models import Condition
from reviews import content_transfer, workflow
from reviews.models import SignOff
from tests import factories
from tests.diseasemaps.html_checks import page_text
from tests.helpers import edit, make_in_review, make_published, open_recertification

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


def build_content() -> Answer:
    """Content in every kind of state, with history and its people.

    Returns a published answer whose working copy has moved on.
    """
    editor = factories.EditorFactory(username="editor")
    reviewer = factories.ReviewerFactory(username="reviewer")
    other_reviewer = factories.ReviewerFactory(username="reviewer2")
    condition = factories.ConditionFactory(
        name="Example syndrome", other_names="Example disease\nExample disorder"
    )
    question = factories.QuestionFactory(
        condition=condition, text="Is Example syndrome inherited?"
    )
    published = make_published(editor=editor, reviewer=reviewer, question=question)
    edit(published, user=editor, tldr="A newer working copy, not yet reviewed.")
    returned = make_in_review(editor=editor)
    workflow.request_changes(
        returned,
        shown=workflow.shown_text(returned),
        user=reviewer,
        comment="Cite the registry.",
    )
    recertified = open_recertification(make_published(editor=editor, reviewer=reviewer))
    workflow.recertify(
        recertified,
        shown=workflow.shown_text(recertified),
        user=other_reviewer,
        comment="Still right.",
    )
    with reversion.create_revision():
        disclaimer = Disclaimer.objects.get()
        disclaimer.text = "General information, not medical advice."
        disclaimer.save()
    return published


def export() -> dict:
    out = io.StringIO()
    call_command("export_content", stdout=out)
    return json.loads(out.getvalue())


def import_file(tmp_path: Path, document: dict | str) -> str:
    path = tmp_path / "export.json"
    text = document if isinstance(document, str) else json.dumps(document)
    path.write_text(text)
    out = io.StringIO()
    call_command("import_content", str(path), stdout=out)
    return out.getvalue()


def models_of(document: dict) -> set[str]:
    return {record["model"] for record in document["objects"]}


# Round trips --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_export_flush_import_export_gives_the_same_content_and_pages(client, tmp_path):
    published = build_content()
    answer_url = published.get_absolute_url()
    reviewer_url = published.live.last_review.reviewer_profile.get_absolute_url()
    pages_before = [client.get(url).content for url in (answer_url, reviewer_url)]
    first = export()

    call_command("flush", interactive=False)
    assert not Group.objects.exists()
    import_file(tmp_path, first)
    second = export()

    assert second["objects"] == first["objects"]
    pages_after = [client.get(url).content for url in (answer_url, reviewer_url)]
    assert pages_after == pages_before
    assert b"Is Example syndrome inherited?" in pages_after[0]


@pytest.mark.django_db(transaction=True)
def test_imported_content_takes_new_content_and_workflow_steps(tmp_path):
    """The id sequences continue after the imported keys (PostgreSQL)."""
    published = build_content()
    document = export()
    call_command("flush", interactive=False)
    import_file(tmp_path, document)
    User = get_user_model()
    editor, reviewer = (
        User.objects.get(username="editor"),
        User.objects.get(username="reviewer"),
    )

    factories.ConditionFactory(name="A condition added after the import")
    answer = Answer.objects.get(pk=published.pk)
    workflow.submit(answer, user=editor)
    sign_off = workflow.approve(
        answer,
        shown=workflow.shown_text(answer),
        user=reviewer,
        comment="Checked again.",
    )
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)

    assert SignOff.objects.filter(answer=answer).count() == 2
    assert sign_off.version.revision.answer_info.answer_id == answer.pk
    answer.live.refresh_from_db()
    assert answer.live.tldr == "A newer working copy, not yet reviewed."


def test_import_into_a_freshly_migrated_database(client, tmp_path):
    """The usual case: the role groups and the default disclaimer already exist."""
    with transaction.atomic():
        published = build_content()
        page_before = client.get(published.get_absolute_url()).content
        first = export()
        transaction.set_rollback(True)
    groups_before = {
        group.name: set(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    }

    output = import_file(tmp_path, first)

    assert export()["objects"] == first["objects"]
    assert client.get(published.get_absolute_url()).content == page_before
    assert "Imported" in output and "changepassword" in output
    assert {
        group.name: set(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    } == groups_before


def test_the_admin_history_and_diff_work_after_an_import(client, tmp_path):
    with transaction.atomic():
        published = build_content()
        document = export()
        transaction.set_rollback(True)
    import_file(tmp_path, document)
    root = factories.UserFactory(username="operator", is_staff=True, is_superuser=True)
    client.force_login(root)

    history = client.get(reverse("admin:articles_answer_history", args=[published.pk]))
    versions = history.context["versions"]
    compare = client.get(
        reverse("admin:articles_answer_compare", args=[published.pk]),
        {"old": versions[-1]["version"].pk, "new": versions[0]["version"].pk},
    )

    assert history.status_code == 200
    assert len(versions) >= 4
    assert compare.status_code == 200
    assert "newer working copy" in page_text(compare.content)
    assert "<ins>" in compare.text


# What the export holds ------------------------------------------------------------


def test_every_model_of_the_content_apps_is_exported():
    """A model added to these apps must be exported too (or left out on purpose)."""
    content_models = {
        model
        for label in ("conditions", "articles", "reviews")
        for model in apps.get_app_config(label).get_models()
    }

    assert content_models <= set(content_transfer.CONTENT_MODELS)


def test_the_export_holds_history_people_and_no_secrets(member):
    build_content()
    factories.UserFactory(username="former-editor", is_staff=True)

    document = export()
    users = [r for r in document["objects"] if r["model"] == "auth.user"]

    assert document["format"] == "diseasemaps-content"
    assert {
        "reversion.revision",
        "reversion.version",
        "articles.answerrevision",
        "articles.publishedanswer",
        "reviews.signoff",
        "reviews.auditentry",
        "reviews.reviewerprofile",
        "reviews.registration",
        "articles.disclaimer",
        "auth.group",
    } <= models_of(document)
    # "registrar" verified the reviewers' registrations; "override-editor" is
    # the managing editor who opened an answer to re-certification.
    assert {user["fields"]["username"] for user in users} == {
        "editor",
        "reviewer",
        "reviewer2",
        "former-editor",
        "registrar",
        "override-editor",
    }
    assert all("password" not in user["fields"] for user in users)
    sign_off = SignOff.objects.earliest("signed_at")
    exported = next(
        record
        for record in document["objects"]
        if record["model"] == "reviews.signoff" and record["pk"] == sign_off.pk
    )
    # Times to the microsecond, as stored (Django's JSON keeps milliseconds).
    assert exported["fields"]["signed_at"] == sign_off.signed_at.isoformat()
    assert "md5$" not in json.dumps(document)
    assert member.username not in {user["fields"]["username"] for user in users}


def test_imported_accounts_have_no_usable_password(tmp_path):
    with transaction.atomic():
        build_content()
        document = export()
        transaction.set_rollback(True)

    import_file(tmp_path, document)

    imported = get_user_model().objects.get(username="editor")
    assert not imported.has_usable_password()
    assert list(imported.groups.values_list("name", flat=True)) == ["Editors"]


def test_export_writes_a_file_with_output(tmp_path, editor, reviewer, capsys):
    make_published(editor=editor, reviewer=reviewer)
    path = tmp_path / "content.json"

    call_command("export_content", "--output", str(path))

    assert json.loads(path.read_text())["objects"]
    assert f"to {path}" in capsys.readouterr().err


def test_export_to_an_unwritable_place_is_one_line(tmp_path):
    with pytest.raises(CommandError, match="Could not write") as error:
        call_command("export_content", "--output", str(tmp_path / "no" / "x.json"))

    assert "\n" not in str(error.value)


# Refusals ---------------------------------------------------------------------


def test_import_into_a_database_with_content_refuses(tmp_path, editor, reviewer):
    make_published(editor=editor, reviewer=reviewer)
    document = export()

    with pytest.raises(CommandError, match="already holds") as error:
        import_file(tmp_path, document)

    message = str(error.value)
    assert "\n" not in message
    assert "conditions.Condition" in message
    assert Condition.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": ', "The file is not JSON"),
        ("[]", "not a DiseaseMaps content export"),
        (
            '{"format": "diseasemaps-content", "version": 99, "objects": []}',
            "format diseasemaps-content 99",
        ),
        (
            '{"format": "diseasemaps-content", "version": 1, '
            '"objects": [{"model": "articles.nothing", "pk": 1, "fields": {}}]}',
            "could not be read",
        ),
        (
            '{"format": "diseasemaps-content", "version": 1, '
            '"objects": [{"pk": 1, "fields": {}}]}',
            "could not be read",
        ),
    ],
)
def test_malformed_files_are_refused_with_one_line(tmp_path, text, message):
    with pytest.raises(CommandError, match=message) as error:
        import_file(tmp_path, text)

    assert "\n" not in str(error.value)


def test_a_broken_export_stores_nothing(tmp_path):
    with transaction.atomic():
        build_content()
        document = export()
        transaction.set_rollback(True)
    # Without its users, the content points at no one.
    document["objects"] = [
        record for record in document["objects"] if record["model"] != "auth.user"
    ]

    with pytest.raises(CommandError) as error:
        import_file(tmp_path, document)

    assert "\n" not in str(error.value)
    assert not Condition.objects.exists()
    assert not get_user_model().objects.exists()


def test_a_refused_import_exits_non_zero_with_one_line(tmp_path):
    """As cron or a shell script sees it: the exit status and one line on stderr."""
    path = tmp_path / "not-an-export.json"
    path.write_text("this is not json")

    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [sys.executable, "manage.py", "import_content", str(path)],
        cwd=BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "CommandError: The file is not JSON: Expecting value: line 1 column 1 (char 0)."
    ]
