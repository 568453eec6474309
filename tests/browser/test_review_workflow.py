"""The medical review workflow, end to end, as people use it in a real browser.

An editor drafts and submits an answer; a reviewer requests changes; the editor
revises and resubmits; the reviewer approves; the editor publishes. A visitor
then reads the new text with the reviewer's name, credentials and dates.
Screenshots of the dashboard, the diff and the public page are saved in
``test-artifacts/``, which git ignores.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from articles.models import PublishedAnswer
from reviews.dates import add_months
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
REVIEWER_NAME = "Dr Ada Okafor"
REVIEWER_CREDENTIALS = "MD, PhD"
QUESTION = "Is Example syndrome inherited?"
FIRST_TLDR = "Usually yes: it is passed on in an autosomal dominant way."
FIRST_BODY = "Each child of an affected parent has a **1 in 2** chance."
FIRST_BODY_AS_READ = "Each child of an affected parent has a 1 in 2 chance."
CHANGE_REQUEST = "Say that about a third of cases are new mutations."
REVISED_TLDR = "Usually yes: each child of an affected parent has a 1 in 2 chance."
REVISED_PARAGRAPH = "About a third of cases are new, with no family history."
REVISED_BODY = (
    "Each child of an affected parent has a **50%** chance of inheriting it.\n\n"
    + REVISED_PARAGRAPH
)


@pytest.fixture
def editor(db):
    return factories.EditorFactory(username="editor", first_name="Eve")


@pytest.fixture
def reviewer(db):
    return factories.ReviewerFactory(
        username="reviewer",
        profile__full_name=REVIEWER_NAME,
        profile__credentials=REVIEWER_CREDENTIALS,
    )


@pytest.fixture
def question(db):
    condition = factories.ConditionFactory(name="Example syndrome")
    return factories.QuestionFactory(condition=condition, text=QUESTION)


# Steps, as a person takes them ------------------------------------------------


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(site + reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()


def open_answer(page: Page, site: str) -> None:
    page.goto(site + reverse("admin:articles_answer_changelist"))
    page.get_by_role("link", name=QUESTION).click()
    expect(page.get_by_role("heading", name="Workflow", exact=True)).to_be_visible()


def take_step(page: Page, button: str, done: str, *, comment: str = "") -> None:
    """Press a workflow button and see the admin confirm the step."""
    if comment:
        page.get_by_label("Comment").fill(comment)
    page.get_by_role("button", name=button).click()
    expect(page.locator(".messagelist")).to_contain_text(done)


def save(page: Page, done: str) -> None:
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text(done)


def expect_state(page: Page, state: str) -> None:
    workflow = page.get_by_role("region", name="Workflow", exact=True)
    expect(workflow).to_contain_text(f"State: {state}")


def reference_field(page: Page, name: str):
    """A field of the first reference, by name: every reference has the same labels."""
    return page.locator(f"[name='references-0-{name}']")


# The workflow, one role at a time ---------------------------------------------


def draft_and_submit(page: Page, site: str) -> None:
    page.goto(site + reverse("admin:articles_question_changelist"))
    page.get_by_role("link", name=QUESTION).click()
    page.get_by_role("link", name="Write the answer").click()
    page.get_by_label("TL;DR").fill(FIRST_TLDR)
    page.get_by_label("Body").fill(FIRST_BODY)
    # The markdownx editor previews the body as readers will see it.
    expect(page.locator(".markdownx-preview strong")).to_have_text("1 in 2")
    reference_field(page, "title").fill("Natural history of Example syndrome")
    reference_field(page, "source").fill("Orphanet Journal of Rare Diseases")
    reference_field(page, "year").fill("2021")
    reference_field(page, "doi").fill("10.1000/nh.2021")
    save(page, "was added successfully")
    expect_state(page, "Draft")

    take_step(page, "Submit for review", "Submitted for review.")
    expect_state(page, "In review")
    expect(page.get_by_text("The text is locked while it is in review")).to_be_visible()
    expect(page.get_by_label("TL;DR")).to_have_count(0)


def request_changes_from_dashboard(page: Page, artifacts: Path) -> None:
    """The reviewer lands on the dashboard after logging in."""
    awaiting = page.get_by_role("table", name=re.compile("^Awaiting my review"))
    expect(awaiting.get_by_role("link", name=QUESTION)).to_be_visible()
    page.screenshot(path=artifacts / "dashboard.png", full_page=True)

    # The queue leads to the review screen: the body as readers will see it.
    awaiting.get_by_role("link", name=QUESTION).click()
    expect(page.get_by_text("You are signing text")).to_be_visible()
    expect(page.get_by_text(FIRST_BODY_AS_READ, exact=True)).to_be_visible()
    page.get_by_role("link", name="Open the answer's page").click()
    expect_state(page, "In review")
    take_step(
        page,
        "Request changes",
        "Changes requested: the editor has been told.",
        comment=CHANGE_REQUEST,
    )
    expect_state(page, "Changes requested")
    expect(page.get_by_role("region", name="Audit trail")).to_contain_text(
        CHANGE_REQUEST
    )
    expect(page.get_by_role("button", name="Approve (sign off)")).to_have_count(0)


def revise_and_resubmit(page: Page, site: str) -> None:
    open_answer(page, site)
    expect_state(page, "Changes requested")
    expect(page.get_by_role("region", name="Sign-off record")).to_contain_text(
        CHANGE_REQUEST
    )
    page.get_by_label("TL;DR").fill(REVISED_TLDR)
    page.get_by_label("Body").fill(REVISED_BODY)
    save(page, "was changed successfully")
    expect_state(page, "Changes requested")

    take_step(page, "Submit for review", "Submitted for review.")
    expect_state(page, "In review")


def approve(page: Page, site: str) -> None:
    open_answer(page, site)
    expect_state(page, "In review")
    expect(page.get_by_text(REVISED_PARAGRAPH, exact=True)).to_be_visible()
    take_step(page, "Approve (sign off)", "Approved: your sign-off is recorded.")
    expect_state(page, "Approved")
    expect(page.get_by_role("region", name="Sign-off record")).to_contain_text(
        f"{REVIEWER_NAME}, {REVIEWER_CREDENTIALS}"
    )


def publish(page: Page, site: str) -> None:
    open_answer(page, site)
    expect(page.get_by_role("region", name="Live copy")).to_contain_text(
        "Not published yet"
    )
    take_step(page, "Publish", "Published: the live page now shows this text.")
    expect_state(page, "Published")
    expect(page.get_by_role("region", name="Live copy")).to_contain_text("On the site")


def compare_first_and_last_versions(page: Page, artifacts: Path) -> None:
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("row").filter(has_text="Published")).not_to_have_count(0)
    # The form starts on the newest two versions; the oldest is the first draft.
    page.get_by_role("radio", name=re.compile("^Compare from")).last.check()
    page.get_by_role("button", name="Compare the chosen versions").click()

    body = page.get_by_role("region", name="Body", exact=True)
    expect(body.locator("del").first).to_contain_text("1 in 2")
    expect(body.locator("ins").first).to_contain_text("50%")
    expect(body.locator("ins").last).to_contain_text(REVISED_PARAGRAPH[:-1])
    expect(page.get_by_role("region", name="TL;DR")).to_contain_text("removed:")
    page.screenshot(path=artifacts / "diff.png", full_page=True)


def for_people(day: datetime.date) -> str:
    """A date as the public pages write it: "1 October 2026"."""
    return f"{day.day} {day:%B %Y}"


def read_public_page(page: Page, site: str, artifacts: Path) -> None:
    live = PublishedAnswer.objects.select_related("last_review").get(
        answer__question__text=QUESTION
    )
    reviewed_on = live.last_review.signed_at.date()
    assert live.review_due_on == add_months(reviewed_on, 12)

    response = page.goto(site + live.answer.get_absolute_url())
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(page.get_by_text(REVISED_TLDR)).to_be_visible()
    expect(page.get_by_text(REVISED_PARAGRAPH)).to_be_visible()
    expect(page.get_by_text(FIRST_TLDR)).to_have_count(0)
    # The byline, not the same words in the collapsed review history.
    byline = page.locator("#reviewed-by")
    expect(byline).to_be_visible()
    expect(byline).to_contain_text(
        f"Medically reviewed by {REVIEWER_NAME}, {REVIEWER_CREDENTIALS}"
        f" on {for_people(reviewed_on)}"
    )
    expect(byline.get_by_role("link", name=REVIEWER_NAME)).to_be_visible()
    expect(page.get_by_text("Next review due")).to_have_text(
        f"Next review due: {for_people(live.review_due_on)}"
    )
    for day in (live.text_changed_at.date(), reviewed_on, live.review_due_on):
        dated = page.locator(f"time[datetime='{day.isoformat()}']")
        expect(dated.first).to_be_visible()
        expect(dated.first).to_have_text(for_people(day))
    # The review history is collapsed until the reader opens it.
    history = page.locator(".history-list")
    expect(history).to_be_hidden()
    page.get_by_text("Review history (1 entry)").click()
    expect(history).to_contain_text(
        f"Medically reviewed by {REVIEWER_NAME}, {REVIEWER_CREDENTIALS}"
    )
    page.screenshot(path=artifacts / "answer.png", full_page=True)


def test_answer_reaches_the_public_page_only_through_review(
    page, live_server, artifacts_dir, editor, reviewer, question, mailoutbox
):
    site = live_server.url
    public_url = site + question.get_absolute_url()

    log_in(page, site, "editor")
    draft_and_submit(page, site)
    log_out(page)
    assert page.goto(public_url).status == 404

    log_in(page, site, "reviewer")
    request_changes_from_dashboard(page, artifacts_dir)
    log_out(page)

    log_in(page, site, "editor")
    revise_and_resubmit(page, site)
    log_out(page)

    log_in(page, site, "reviewer")
    approve(page, site)
    log_out(page)
    assert page.goto(public_url).status == 404

    log_in(page, site, "editor")
    publish(page, site)
    compare_first_and_last_versions(page, artifacts_dir)
    log_out(page)

    read_public_page(page, site, artifacts_dir)
    # Submitted (to reviewers), changes requested, submitted, approved (to the editor).
    assert [message.to for message in mailoutbox] == [
        [reviewer.email],
        [editor.email],
        [reviewer.email],
        [editor.email],
    ]
