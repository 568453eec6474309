"""The load run's editors, in the admin of Django's live test server.

One editor and one reviewer sign in over HTTP and take an answer through a
whole edit, submit, approve and publish cycle, as the load run does against
gunicorn; the checks the load run makes afterwards then find nothing wrong.
"""

import datetime
from importlib import import_module

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Answer
from bench import editing
from bench.admin_client import AdminSession, StepError
from core import reauthentication
from reviews.models import SignOff
from tests import factories
from tests.helpers import make_published

pytestmark = pytest.mark.django_db(transaction=True)

MARKER = editing.edit_marker("test", "bench-editor-0", 0)


@pytest.fixture
def published():
    return make_published(
        editor=factories.EditorFactory(), reviewer=factories.ReviewerFactory()
    )


@pytest.fixture
def sessions(live_server):
    """The bench editor and reviewer of one editor thread, signed in."""
    pair = editing.bench_editors(1)[0]
    editor, reviewer = (
        AdminSession(live_server.url, username=user.username, password=user.password)
        for user in pair
    )
    editor.log_in()
    reviewer.log_in()
    return editor, reviewer


def stored_session(session: AdminSession):
    key = next(
        cookie.value
        for cookie in session.cookies
        if cookie.name == settings.SESSION_COOKIE_NAME
    )
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def test_an_edit_in_the_admin_is_approved_published_and_in_history(sessions, published):
    editor, reviewer = sessions

    edit = editing.edit_and_publish(editor, reviewer, published.pk, MARKER)

    published.refresh_from_db()
    assert published.state == Answer.State.PUBLISHED
    assert published.live.body.endswith(f"\n\n{MARKER}")
    assert published.live.tldr == published.tldr
    sign_off = SignOff.objects.get(
        answer=published, reviewer__username=reviewer.username
    )
    assert (sign_off.decision, sign_off.comment) == (
        "approve",
        editing.APPROVAL_COMMENT,
    )
    assert editing.missing_from_history([edit]) == []
    assert editing.recorded_under_another_user([edit]) == []
    assert editing.not_live([edit]) == []


def test_the_history_check_tells_an_edit_from_another_user_s(sessions, published):
    editor, reviewer = sessions
    edit = editing.edit_and_publish(editor, reviewer, published.pk, MARKER)
    claimed = editing.Edit(edit.answer_id, edit.marker, "someone-else")

    assert editing.recorded_under_another_user([claimed]) == [
        f"answer {published.pk}: {MARKER!r} is recorded as the work of "
        f"bench-editor-0, not someone-else"
    ]


def test_a_reviewer_asked_for_the_password_again_types_it(sessions, published):
    editor, reviewer = sessions
    session = stored_session(reviewer)
    signed_in_long_ago = timezone.now() - datetime.timedelta(minutes=11)
    session[reauthentication.SESSION_KEY] = signed_in_long_ago.timestamp()
    session.save()

    editing.edit_and_publish(editor, reviewer, published.pk, MARKER)

    assert SignOff.objects.filter(
        answer=published, reviewer__username=reviewer.username
    ).exists()
    confirmed_at = stored_session(reviewer)[reauthentication.SESSION_KEY]
    assert confirmed_at > signed_in_long_ago.timestamp()


def test_a_step_that_fails_says_which_and_what_the_page_showed(live_server):
    editing.bench_editors(1)
    stranger = AdminSession(
        live_server.url, username="bench-editor-0", password="not the password"
    )

    with pytest.raises(StepError) as raised:
        stranger.log_in()

    assert str(raised.value).startswith(
        "log in as bench-editor-0: expected a redirect to /admin/, got HTTP 200: "
        "'Please enter the correct username and password"
    )
