"""The page cache of the public pages: visitors' pages rendered once, never stale.

A response the test client saw rendered lists its templates
(``response.templates``); a page served from the cache lists none.
"""

import socket
import uuid

import environ
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from articles import services as article_services
from articles.caching import condition_pages
from articles.models import Answer, Disclaimer
from community import services as community
from conditions import services as condition_services
from conditions.models import Condition
from core import http_caching, page_cache
from reviews import services as review_services
from reviews import workflow
from tests import factories
from tests.arranged import arrange_users, arranging, kept_for_module, user_fixture
from tests.community.helpers import approved
from tests.diseasemaps.html_checks import page_text
from tests.diseasemaps.pages import from_cache, public_page_urls, rendered
from tests.helpers import edit, make_published

pytestmark = pytest.mark.django_db

CONDITION = "Alport syndrome"
PAGES = ["home", "index", "condition", "answer", "reviewer", "experiences"]
SIGN_OUT = b"Sign out"
REDIS_URL = "redis://127.0.0.1:6379/15"
SHARED_TEXT = (
    "Since my diagnosis I keep a notebook of every appointment, and it has "
    "made talking to new doctors much easier."
)


@pytest.fixture(scope="module")
def arranged(django_db_setup, django_db_blocker):
    """The published answer every test starts from, arranged once for the module."""
    with kept_for_module(django_db_blocker), arranging():
        users = arrange_users("editor", "reviewer")
        condition = factories.ConditionFactory(name=CONDITION, slug="alport-syndrome")
        question = factories.QuestionFactory(condition=condition, slug="cause")
        answer = make_published(
            editor=get_user_model().objects.get(pk=users["editor"]),
            reviewer=get_user_model().objects.get(pk=users["reviewer"]),
            question=question,
        )
        yield {"users": users, "answer": answer.pk}


editor = user_fixture("editor")
reviewer = user_fixture("reviewer")


@pytest.fixture
def answer(db, arranged):
    return Answer.objects.get(pk=arranged["answer"])


@pytest.fixture
def urls(answer, reviewer):
    return public_page_urls(answer, reviewer)


def unreachable_redis() -> dict:
    """A Redis cache on a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return {
        "default": {
            **environ.Env.cache_url_config(f"redis://127.0.0.1:{port}/0"),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25},
        }
    }


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


# Hits -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_a_second_visit_is_served_from_the_cache(client, urls, page):
    first = rendered(client, urls[page])
    second = client.get(urls[page])
    assert second.status_code == 200
    assert not second.templates
    assert second.content == first.content
    assert dict(second.headers) == dict(first.headers)
    for header in ("Content-Security-Policy", "X-Frame-Options", "ETag", "Vary"):
        assert header in second.headers


@pytest.mark.parametrize("page", PAGES)
def test_a_page_from_the_cache_answers_304_to_its_etag(client, urls, page):
    first = rendered(client, urls[page])
    again = client.get(urls[page], HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert not again.templates


@pytest.mark.parametrize("page", PAGES)
def test_a_page_served_from_the_cache_costs_no_query(
    client, urls, django_assert_max_num_queries, page
):
    rendered(client, urls[page])
    with django_assert_max_num_queries(0):
        response = client.get(urls[page])
    assert not response.templates


@pytest.mark.parametrize("page", PAGES)
def test_a_page_another_process_stored_is_served_from_the_shared_cache(
    client, urls, django_assert_max_num_queries, page
):
    first = rendered(client, urls[page])
    page_cache.local_copies.clear()
    with django_assert_max_num_queries(0):
        second = from_cache(client, urls[page])
    assert second.content == first.content
    assert from_cache(client, urls[page]).content == first.content


def test_a_page_outdated_in_this_process_is_taken_from_the_shared_cache(
    client, answer, urls, editor, other_reviewer
):
    page_cache.local_copies.clear()
    rendered(client, urls["answer"])
    held = dict(page_cache.local_copies._entries)
    edit(answer, user=editor, tldr="A corrected TL;DR.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=other_reviewer)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)
    rendered(client, urls["answer"])
    # This process still holds the page as it was before the publication, as
    # one that did not render it again would.
    for key, entry in held.items():
        page_cache.local_copies.put(key, entry)
    assert b"A corrected TL;DR." in from_cache(client, urls["answer"]).content


def test_a_cache_that_keeps_nothing_serves_no_page(client, urls, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    rendered(client, urls["answer"])
    rendered(client, urls["answer"])


def _stored(content: bytes, *, expires_at: float = float("inf")) -> dict:
    return {"versions": ("v",), "expires_at": expires_at, "content": content}


def test_local_copies_keep_the_latest_pages_up_to_their_size():
    copies = page_cache.LocalCopies(max_bytes=10)
    for key in "abc":
        copies.put(key, _stored(b"1234"))
    copies.get("b")
    copies.put("d", _stored(b"1234"))
    assert [key for key in "abcd" if copies.get(key)] == ["b", "d"]
    copies.put("e", _stored(b"12345678901"))
    assert copies.get("e") is None


def test_a_local_copy_is_not_served_after_its_entry_expires():
    copies = page_cache.LocalCopies(max_bytes=10)
    copies.put("a", _stored(b"1234", expires_at=0))
    assert copies.get("a") is None


def test_each_page_number_is_a_page_of_its_own(client, urls):
    rendered(client, urls["experiences"])
    rendered(client, urls["experiences"] + "?page=2")


@pytest.mark.parametrize("page", PAGES)
def test_unknown_query_parameters_are_served_from_the_same_entry(client, urls, page):
    first = rendered(client, urls[page])
    for query in ["?x=1", f"?x={uuid.uuid4().hex}", "?utm_source=mail&fbclid=abc"]:
        again = from_cache(client, urls[page] + query)
        assert again.content == first.content


def test_page_numbers_are_normalised(client, urls):
    first = rendered(client, urls["experiences"])
    for query in ["?page=1", "?page=01", "?page=", "?page=abc", "?page=2&page=1"]:
        assert from_cache(client, urls["experiences"] + query).content == first.content
    second = rendered(client, urls["experiences"] + "?page=2")
    assert (
        from_cache(client, urls["experiences"] + "?page=02&x=1").content
        == second.content
    )


@pytest.mark.parametrize("number", ["0", "-3", "101", "99999999"])
def test_page_numbers_only_the_view_can_resolve_are_served_uncached(
    client, urls, number
):
    url = urls["experiences"] + f"?page={number}"
    rendered(client, url)
    rendered(client, url)


def test_a_page_cache_of_zero_seconds_stores_nothing(client, urls, settings):
    settings.PAGE_CACHE_SECONDS = 0
    rendered(client, urls["answer"])
    rendered(client, urls["answer"])


# No stale page ----------------------------------------------------------------------


@pytest.mark.parametrize("page", ["home", "condition", "answer", "reviewer"])
def test_a_publication_shows_on_the_next_visit(
    client, answer, urls, editor, other_reviewer, page
):
    rendered(client, urls[page])
    edit(answer, user=editor, tldr="A corrected TL;DR.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=other_reviewer)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)
    response = rendered(client, urls[page])
    if page == "answer":
        assert b"A corrected TL;DR." in response.content


@pytest.mark.parametrize("page", ["home", "condition", "answer", "reviewer"])
def test_an_archived_answer_leaves_every_page_at_once(
    client, answer, urls, editor, managing_editor, page
):
    question_text = answer.question.text.encode()
    assert question_text in rendered(client, urls[page]).content
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)
    response = client.get(urls[page])
    assert response.templates, "the page was served from the cache"
    if page == "answer":
        assert response.status_code == 410
    else:
        assert question_text not in response.content


def test_rescheduled_reviews_show_on_the_next_visit(client, answer, urls):
    before = rendered(client, urls["answer"]).content
    condition = answer.question.condition
    condition.review_interval_months = 1
    Condition.objects.filter(pk=condition.pk).update(review_interval_months=1)
    workflow.reschedule_reviews(condition)
    assert rendered(client, urls["answer"]).content != before


def test_a_change_committed_while_a_page_renders_is_not_served_stale(
    client, urls, monkeypatch
):
    """The page read the database before a writer's commit and bump: it must
    not be served afterwards, though it was stored."""
    real_render = http_caching.render_template

    def render_then_writer_commits(*args, **kwargs):
        response = real_render(*args, **kwargs)
        page_cache.bump([page_cache.SITE])
        return response

    monkeypatch.setattr(http_caching, "render_template", render_then_writer_commits)
    rendered(client, urls["answer"])
    monkeypatch.setattr(http_caching, "render_template", real_render)
    rendered(client, urls["answer"])
    assert not client.get(urls["answer"]).templates


def test_an_evicted_tag_does_not_bring_back_an_old_page(
    client, answer, urls, editor, other_reviewer
):
    rendered(client, urls["answer"])
    edit(answer, user=editor, tldr="A corrected TL;DR.")
    workflow.submit(answer, user=editor)
    workflow.approve(answer, shown=workflow.shown_text(answer), user=other_reviewer)
    workflow.publish(answer, shown=workflow.shown_text(answer), user=editor)
    caches["default"].delete_many(
        [page_cache.TAG_PREFIX + tag for tag in ("site", "listings")]
        + [page_cache.TAG_PREFIX + condition_pages("alport-syndrome")]
    )
    assert b"A corrected TL;DR." in rendered(client, urls["answer"]).content


def test_a_new_answer_shows_on_the_condition_page(
    client, answer, urls, editor, reviewer
):
    rendered(client, urls["condition"])
    question = factories.QuestionFactory(
        condition=answer.question.condition, text="Can I play football?"
    )
    make_published(editor=editor, reviewer=reviewer, question=question)
    assert b"Can I play football?" in rendered(client, urls["condition"]).content


def test_an_approved_experience_shows_on_the_next_visit(
    client, answer, urls, editor, member
):
    before = {page: rendered(client, urls[page]) for page in ("answer", "experiences")}
    assert SHARED_TEXT.encode() not in before["experiences"].content
    approved(answer.question, member=member, editor=editor, text=SHARED_TEXT)
    assert SHARED_TEXT.encode() in rendered(client, urls["experiences"]).content
    shared = (
        f"1 person with {CONDITION} has shared their first-person experience on "
        "this question."
    )
    assert shared in page_text(rendered(client, urls["answer"]).content)


def test_a_declaration_shows_on_the_next_visit(client, answer, urls, member):
    living = f"1 individual living with {CONDITION} is part of the community."
    assert living not in page_text(rendered(client, urls["condition"]).content)
    community.declare_condition(member, condition=answer.question.condition)
    assert living in page_text(rendered(client, urls["condition"]).content)
    community.withdraw_declaration(member, condition=answer.question.condition)
    assert living not in page_text(client.get(urls["condition"]).content)


def test_a_reviewer_profile_edit_shows_on_the_next_visit(client, urls, reviewer):
    rendered(client, urls["reviewer"])
    rendered(client, urls["answer"])
    profile = reviewer.reviewer_profile
    profile.bio = "Twenty years in paediatric nephrology."
    profile.slug = "renamed-reviewer"
    review_services.save_reviewer_profile(profile)
    reviewer_page = rendered(client, profile.get_absolute_url())
    assert b"Twenty years in paediatric nephrology." in reviewer_page.content
    answer_page = rendered(client, urls["answer"])
    assert profile.get_absolute_url().encode() in answer_page.content


def test_a_disclaimer_edit_shows_on_the_next_visit(client, urls):
    rendered(client, urls["answer"])
    disclaimer = Disclaimer.objects.get(pk=1)
    disclaimer.text = "A revised disclaimer."
    article_services.save_disclaimer(disclaimer)
    assert b"A revised disclaimer." in rendered(client, urls["answer"]).content


@pytest.mark.parametrize("page", PAGES)
def test_a_published_question_reworded_shows_once_the_new_text_is_published(
    client, answer, urls, page, editor, other_reviewer
):
    rendered(client, urls[page])
    edit(answer, user=editor, question_text="What causes Alport syndrome?")
    # Nothing public changed: the stored page is still right.
    assert b"What causes Alport syndrome?" not in client.get(urls[page]).content
    workflow.submit(answer, user=editor)
    workflow.approve(answer, user=other_reviewer, shown=workflow.shown_text(answer))
    workflow.publish(answer, user=editor, shown=workflow.shown_text(answer))
    response = rendered(client, urls[page])
    if page in ("condition", "answer"):
        assert b"What causes Alport syndrome?" in response.content


@pytest.fixture
def unpublished_question(answer):
    """A question without a live answer, beside the published one."""
    return factories.QuestionFactory(
        condition=answer.question.condition, text="Is it inherited?", slug="inherited"
    )


def save_in_the_admin(question, *, editor, text: str) -> None:
    staff = Client()
    staff.force_login(editor)
    response = staff.post(
        reverse("admin:articles_question_change", args=[question.pk]),
        {
            "condition": question.condition_id,
            "text": text,
            "slug": question.slug,
            "topic": question.topic,
            "position": question.position,
        },
    )
    assert response.status_code == 302


def save_through_the_service(question, *, editor, text: str) -> None:
    question.text = text
    article_services.save_question(question)


@pytest.mark.parametrize("save", [save_in_the_admin, save_through_the_service])
def test_an_unpublished_question_saved_leaves_every_cached_page_in_place(
    client, urls, unpublished_question, editor, save
):
    for page in PAGES:
        rendered(client, urls[page])
    save(unpublished_question, editor=editor, text="Is it passed on in families?")
    unpublished_question.refresh_from_db()
    assert unpublished_question.text == "Is it passed on in families?"
    for page in PAGES:
        from_cache(client, urls[page])


@pytest.mark.parametrize("page", PAGES)
def test_a_condition_edit_shows_on_the_next_visit(client, answer, urls, page):
    rendered(client, urls[page])
    condition = answer.question.condition
    condition.other_names = "A brand new synonym"
    condition_services.save_condition(condition)
    response = rendered(client, urls[page])
    if page == "condition":
        assert b"A brand new synonym" in response.content


# Who is served from the cache -------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_signed_in_pages_are_never_stored_nor_served_from_the_cache(
    client, urls, member, page
):
    rendered(client, urls[page])
    client.force_login(member)
    for _ in range(2):
        assert SIGN_OUT in rendered(client, urls[page]).content


@pytest.mark.parametrize("page", PAGES)
def test_a_signed_in_visit_leaves_nothing_for_visitors(client, urls, member, page):
    client.force_login(member)
    rendered(client, urls[page])
    client.logout()
    assert SIGN_OUT not in rendered(client, urls[page]).content


# Redis ------------------------------------------------------------------------------


@pytest.mark.skipif(not redis_answers(), reason="no Redis answers at 127.0.0.1:6379")
def test_the_page_cache_works_in_redis(client, urls, settings):
    """Skipped unless a Redis server answers on 127.0.0.1:6379 (as on the
    development and CI machines). A key prefix of its own keeps concurrent runs
    on the same Redis database apart, and only its keys are deleted."""
    settings.CACHES = {
        "default": {
            **environ.Env.cache_url_config(REDIS_URL),
            "KEY_PREFIX": f"test-page-cache-{uuid.uuid4().hex}",
        }
    }
    cache = caches["default"]
    assert type(cache).__module__.startswith("django_redis")
    try:
        first = rendered(client, urls["answer"])
        second = client.get(urls["answer"])
        assert not second.templates
        assert second.content == first.content
    finally:
        cache.delete_pattern("*")


@pytest.mark.parametrize("page", PAGES)
def test_pages_are_rendered_when_the_cache_is_down(
    client, urls, settings, caplog, page
):
    settings.CACHES = unreachable_redis()
    first = rendered(client, urls[page])
    second = rendered(client, urls[page])
    assert second.content == first.content
    assert first["ETag"] == second["ETag"]
    assert "Page cache unavailable" in caplog.text
