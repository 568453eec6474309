"""Validators, 304 Not Modified and Cache-Control on the public pages."""

import datetime
import shutil

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.http import http_date

from articles import services as article_services
from articles.models import Answer, Disclaimer, Question
from community import moderation
from community import services as community
from conditions import services as condition_services
from conditions.models import Condition
from core import clock
from reviews import services as review_services
from reviews import workflow
from reviews.models import ReviewerProfile
from tests import factories
from tests.arranged import arrange_users, arranging, kept_for_module, user_fixture
from tests.community.helpers import approved
from tests.diseasemaps.pages import public_page_urls
from tests.helpers import edit, make_published

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC)
EDITED_AT = datetime.datetime(2024, 1, 1, 8, 0, tzinfo=datetime.UTC)
REPUBLISHED_AT = datetime.datetime(2024, 9, 1, 12, 0, tzinfo=datetime.UTC)
PAGES = ["home", "index", "condition", "answer", "reviewer", "experiences"]
LIVE_PAGES = ["home", "index", "condition", "answer", "reviewer"]


def with_edit_times_in_the_past():
    """Date every edit of questions, conditions, profiles and the disclaimer
    before the publications, so that Last-Modified is the workflow's time."""
    for model in (Question, Condition, ReviewerProfile, Disclaimer):
        model.objects.update(updated_at=EDITED_AT)


@pytest.fixture
def other_member(db):
    return factories.MemberFactory(username="member2")


@pytest.fixture(scope="module")
def arranged(django_db_setup, django_db_blocker):
    """The published answer, with an approved experience, that every test starts
    from: arranged once for the module."""
    with kept_for_module(django_db_blocker), arranging():
        users = arrange_users("editor", "reviewer", "member")
        editor, reviewer, member = (
            get_user_model().objects.get(pk=users[name])
            for name in ("editor", "reviewer", "member")
        )
        condition = factories.ConditionFactory(slug="example")
        question = factories.QuestionFactory(condition=condition, slug="live")
        with clock.recorded_at(PUBLISHED_AT):
            answer = make_published(editor=editor, reviewer=reviewer, question=question)
            approved(question, member=member, editor=editor)
        yield {"users": users, "answer": answer.pk}


editor = user_fixture("editor")
reviewer = user_fixture("reviewer")
member = user_fixture("member")


@pytest.fixture
def answer(db, arranged):
    return Answer.objects.get(pk=arranged["answer"])


@pytest.fixture
def urls(answer, reviewer):
    return public_page_urls(answer, reviewer)


def etag(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def republish(answer, *, editor, reviewer, tldr="A corrected TL;DR."):
    edit(answer, user=editor, tldr=tldr)
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=reviewer)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)


# Headers and 304 ------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_public_pages_send_validators_and_may_be_cached_publicly(client, urls, page):
    response = client.get(urls[page])
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("page", PAGES)
def test_if_none_match_with_the_current_etag_is_not_modified(client, urls, page):
    first = client.get(urls[page])
    response = client.get(urls[page], HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("page", PAGES)
def test_if_modified_since_the_last_modification_is_not_modified(client, urls, page):
    first = client.get(urls[page])
    response = client.get(urls[page], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.parametrize("page", PAGES)
def test_stale_validators_get_the_page(client, urls, page):
    with_edit_times_in_the_past()
    response = client.get(
        urls[page],
        HTTP_IF_NONE_MATCH='W/"stale"',
    )
    assert response.status_code == 200
    before = client.get(
        urls[page], HTTP_IF_MODIFIED_SINCE=http_date(EDITED_AT.timestamp() - 1)
    )
    assert before.status_code == 200


def test_last_modified_is_the_latest_change_shown(client, urls):
    with_edit_times_in_the_past()
    # Read while the review is not yet due: an overdue page changed when it
    # turned overdue.
    with clock.recorded_at(PUBLISHED_AT):
        response = client.get(urls["answer"])
    assert response["Last-Modified"] == http_date(PUBLISHED_AT.timestamp())


def test_publishing_moves_last_modified(client, answer, urls, editor, other_reviewer):
    with_edit_times_in_the_past()
    with clock.recorded_at(PUBLISHED_AT):
        before = client.get(urls["answer"])
    with clock.recorded_at(REPUBLISHED_AT):
        republish(answer, editor=editor, reviewer=other_reviewer)
        response = client.get(
            urls["answer"], HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]
        )
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(REPUBLISHED_AT.timestamp())
    assert b"A corrected TL;DR." in response.content


# What changes the ETag ------------------------------------------------------------


@pytest.mark.parametrize("page", LIVE_PAGES)
def test_publishing_new_text_changes_the_etag(
    client, answer, urls, editor, other_reviewer, page
):
    before = etag(client, urls[page])
    republish(answer, editor=editor, reviewer=other_reviewer)
    response = client.get(urls[page], HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before


@pytest.mark.parametrize("page", ["home", "index", "condition", "answer"])
def test_publishing_another_answer_changes_the_listings_not_this_answer(
    client, answer, urls, editor, reviewer, page
):
    before = etag(client, urls[page])
    make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=answer.question.condition),
    )
    changed = etag(client, urls[page]) != before
    assert changed == (page != "answer")


@pytest.mark.parametrize("page", ["answer", "reviewer"])
def test_recertifying_changes_the_etag(client, answer, urls, other_reviewer, page):
    before = etag(client, urls[page])
    workflow.recertify(answer, shown=workflow.shown_text(answer), user=other_reviewer)
    assert etag(client, urls[page]) != before


@pytest.mark.parametrize("page", ["home", "index", "condition", "reviewer"])
def test_archiving_changes_the_etag(
    client, answer, urls, editor, reviewer, managing_editor, page
):
    make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=answer.question.condition),
    )
    before = etag(client, urls[page])
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)
    assert etag(client, urls[page]) != before


def test_archived_answer_is_gone_even_to_a_client_holding_its_etag(
    client, answer, urls, managing_editor
):
    before = etag(client, urls["answer"])
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)
    assert client.get(urls["answer"], HTTP_IF_NONE_MATCH=before).status_code == 410


@pytest.mark.parametrize("page", PAGES)
def test_editing_the_working_copy_keeps_every_etag(
    client, answer, urls, editor, other_reviewer, page
):
    before = etag(client, urls[page])
    edit(answer, user=editor, tldr="Not approved yet.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=other_reviewer)
    response = client.get(urls[page], HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 304


@pytest.mark.parametrize("page", PAGES)
def test_editing_the_condition_changes_the_etag(client, answer, urls, page):
    before = etag(client, urls[page])
    condition = answer.question.condition
    condition.other_names = "A brand new synonym"
    condition_services.save_condition(condition)
    assert etag(client, urls[page]) != before


@pytest.mark.parametrize("page", ["answer", "reviewer"])
def test_editing_the_reviewer_profile_changes_the_etag(client, urls, reviewer, page):
    before = etag(client, urls[page])
    profile = reviewer.reviewer_profile
    profile.slug = "renamed-reviewer"
    review_services.save_reviewer_profile(profile)
    urls["reviewer"] = profile.get_absolute_url()
    assert etag(client, urls[page]) != before


def test_editing_the_disclaimer_changes_the_answer_etag(client, urls):
    before = etag(client, urls["answer"])
    disclaimer = Disclaimer.objects.get(pk=1)
    disclaimer.text = "A revised disclaimer."
    article_services.save_disclaimer(disclaimer)
    assert etag(client, urls["answer"]) != before


@pytest.mark.parametrize("page", ["condition", "answer"])
def test_a_declaration_changes_the_etag(client, answer, urls, other_member, page):
    before = etag(client, urls[page])
    community.declare_condition(other_member, condition=answer.question.condition)
    after = etag(client, urls[page])
    assert after != before
    community.withdraw_declaration(other_member, condition=answer.question.condition)
    assert etag(client, urls[page]) == before


@pytest.mark.parametrize("page", ["answer", "experiences"])
def test_a_moderation_decision_changes_the_etag(
    client, answer, urls, editor, other_member, page
):
    before = etag(client, urls[page])
    approved(answer.question, member=other_member, editor=editor)
    assert etag(client, urls[page]) != before


def test_a_new_display_name_changes_the_experiences_etag(client, urls, member, editor):
    before = etag(client, urls["experiences"])
    profile = community.set_display_name(member, display_name="A new name")
    # Shown beside an approved experience, the new name waits for a moderator.
    assert etag(client, urls["experiences"]) == before
    moderation.approve_display_name(profile, user=editor)
    assert etag(client, urls["experiences"]) != before


def test_a_changed_template_changes_the_etag_in_development(
    client, urls, settings, tmp_path
):
    templates = tmp_path / "templates"
    shutil.copytree(settings.BASE_DIR / "templates", templates)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [templates]}]
    settings.DEBUG = True
    before = etag(client, urls["answer"])
    with (templates / "articles" / "answer_detail.html").open("a") as template:
        template.write("<!-- a changed layout -->\n")
    assert etag(client, urls["answer"]) != before


def test_a_changed_stylesheet_changes_the_etag_in_development(
    client, urls, settings, tmp_path
):
    static = tmp_path / "static"
    shutil.copytree(settings.STATICFILES_DIRS[0], static)
    settings.STATICFILES_DIRS = [static]
    settings.DEBUG = True
    before = etag(client, urls["answer"])
    stylesheet = next(static.rglob("*.css"))
    stylesheet.write_text(stylesheet.read_text() + "\nbody { margin: 0; }\n")
    assert etag(client, urls["answer"]) != before


def test_a_changed_python_module_changes_the_etag_in_development(
    client, urls, settings, tmp_path, monkeypatch
):
    app = apps.get_app_config("articles")
    copy = tmp_path / "articles"
    shutil.copytree(app.path, copy)
    monkeypatch.setattr(app, "path", str(copy))
    settings.BASE_DIR = tmp_path
    settings.DEBUG = True
    before = etag(client, urls["answer"])
    with (copy / "views.py").open("a") as module:
        module.write("# a changed view\n")
    assert etag(client, urls["answer"]) != before


def test_the_release_digest_is_read_once_per_process_in_production(
    client, urls, settings, tmp_path
):
    static = tmp_path / "static"
    shutil.copytree(settings.STATICFILES_DIRS[0], static)
    settings.STATICFILES_DIRS = [static]
    before = etag(client, urls["answer"])
    stylesheet = next(static.rglob("*.css"))
    stylesheet.write_text(stylesheet.read_text() + "\nbody { margin: 0; }\n")
    assert etag(client, urls["answer"]) == before


# Who may cache what -----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_signed_in_pages_are_never_stored_or_validated(client, urls, member, page):
    public_etag = etag(client, urls[page])
    client.force_login(member)
    response = client.get(urls[page], HTTP_IF_NONE_MATCH=public_etag)
    assert response.status_code == 200
    cache_control = set(response["Cache-Control"].split(", "))
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert "Cookie" in response["Vary"]
    assert not response.has_header("ETag")
    assert not response.has_header("Last-Modified")


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, urls, member):
    public_etag = etag(client, urls["home"])
    client.force_login(member)
    response = client.post(
        reverse("community:account_delete"),
        {"password": "correct horse battery staple"},
        follow=True,
        HTTP_IF_NONE_MATCH=public_etag,
    )
    assert response.status_code == 200
    assert b"Your account and everything you shared were deleted." in response.content
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")


@pytest.mark.parametrize("page", PAGES)
def test_visitors_pages_hold_no_csrf_token(client, urls, page):
    response = client.get(urls[page])
    assert b"csrfmiddlewaretoken" not in response.content
    assert "csrftoken" not in response.cookies


# Query budgets ----------------------------------------------------------------------


def test_not_modified_answer_stays_within_the_page_budget(
    client, urls, django_assert_max_num_queries
):
    current = etag(client, urls["answer"])
    with django_assert_max_num_queries(8):
        response = client.get(urls["answer"], HTTP_IF_NONE_MATCH=current)
    assert response.status_code == 304
