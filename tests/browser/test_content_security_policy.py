"""The Content-Security-Policy, as Chromium enforces it: nothing on the site is blocked.

Chromium reports every blocked script, style or load on the console. The public
pages and the admin (with the markdown editor's live preview, which is script)
must work without a single report.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories
from tests.helpers import make_published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def policy_reports(page: Page) -> list[str]:
    """Console messages about the policy, collected from now on."""
    reports = []
    page.on(
        "console",
        lambda message: (
            reports.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return reports


@pytest.fixture
def published(editor, reviewer):
    return make_published(editor=editor, reviewer=reviewer)


def test_public_pages_run_under_the_policy(page, live_server, published, reviewer):
    reports = policy_reports(page)
    question = published.question
    paths = [
        reverse("home"),
        reverse("articles:condition_index"),
        question.condition.get_absolute_url(),
        question.get_absolute_url(),
        reviewer.reviewer_profile.get_absolute_url(),
        reverse("community:login"),
        "/no-such-page/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        expect(page.locator("h1").first).to_be_visible()

    assert reports == []


def test_admin_and_markdown_preview_run_under_the_policy(page, live_server, editor):
    question = factories.QuestionFactory(text="Is Example syndrome inherited?")
    reports = policy_reports(page)

    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(
        live_server.url
        + reverse("admin:articles_answer_add")
        + f"?question={question.pk}"
    )
    page.get_by_label("Body").fill("Each child has a **1 in 2** chance.")
    expect(page.locator(".markdownx-preview strong")).to_have_text("1 in 2")

    for path in (
        reverse("admin:index"),
        reverse("admin:articles_answer_changelist"),
        reverse("admin:articles_question_changelist"),
        reverse("admin:conditions_condition_changelist"),
    ):
        page.goto(live_server.url + path)
        expect(page.locator("#content")).to_be_visible()

    assert reports == []


def test_the_api_documentation_page_runs_under_its_policy(page, live_server, published):
    reports = policy_reports(page)

    page.goto(live_server.url + reverse("api:docs"))

    expect(page.get_by_text("DiseaseMaps content API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/answers/{id}/verify/")).to_be_visible()
    assert reports == []
