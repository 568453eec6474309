"""The community, end to end, as people use it in a real browser.

A visitor signs up, declares the condition they live with and shares an
experience on an answer; an editor approves it in the admin's moderation
queue; the answer page then counts one more person and lists the experience.
Screenshots of the answer page and the experiences page are saved in
``test-artifacts/``, which git ignores.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from community import services
from tests import factories
from tests.community.helpers import approved, experiences_url
from tests.helpers import make_published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
CONDITION = "Example syndrome"
QUESTION = "Is Example syndrome inherited?"
EMAIL = "Robin.Lee@Example.org"
DISPLAY_NAME = "Robin L."
EXPERIENCE = (
    "My daughter was diagnosed first, and only then did I recognise the same "
    "signs in myself. Being <b>checked</b> together made it feel less frightening."
)
ONE_SHARED = (
    f"1 person with {CONDITION} has shared their first-person experience on "
    "this question"
)
TWO_SHARED = (
    f"2 people with {CONDITION} have shared their first-person experience on "
    "this question"
)
ONE_LIVING = f"1 individual living with {CONDITION} is part of the community."
TWO_LIVING = f"2 individuals living with {CONDITION} are part of the community."


@pytest.fixture
def editor(db):
    return factories.EditorFactory(username="editor", first_name="Eve")


@pytest.fixture
def question(db, editor):
    """A published answer on which one other member already shared."""
    condition = factories.ConditionFactory(name=CONDITION)
    reviewer = factories.ReviewerFactory(username="reviewer")
    question = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition, text=QUESTION),
    ).question
    earlier = factories.MemberProfileFactory(display_name="Inès").user
    approved(question, member=earlier, editor=editor)
    services.declare_condition(earlier, condition=condition)
    return question


# Steps, as a person takes them ------------------------------------------------


def community_lines(page: Page):
    return page.get_by_role("region", name="From the community")


def read_counts(page: Page, site: str, question, *, shared: str, living: str):
    page.goto(site + question.get_absolute_url())
    lines = community_lines(page)
    expect(lines).to_contain_text(shared)
    expect(lines).to_contain_text(living)
    expect(lines).to_contain_text("Personal experience, not medical advice.")


def sign_up(page: Page, site: str, mailoutbox) -> None:
    """Sign up, open the emailed confirmation link, and sign in."""
    page.goto(site + reverse("community:login"))
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Display name").fill(DISPLAY_NAME)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    (mail,) = [m for m in mailoutbox if m.to == [EMAIL.lower()]]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", mail.body)
    page.goto(site + link.group(1))
    page.get_by_role("button", name="Confirm my email").click()
    expect(page.get_by_role("status")).to_contain_text("your account is ready.")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text(EMAIL, exact=False)).to_have_count(0)


def declare_condition(page: Page) -> None:
    declarations = page.get_by_role("region", name="Conditions you live with")
    declarations.get_by_label("I live with").select_option(label=CONDITION)
    declarations.get_by_role("button", name="Add").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Added: you live with {CONDITION}."
    )
    expect(declarations.get_by_role("link", name=CONDITION)).to_be_visible()


def share_experience(page: Page, site: str, question) -> None:
    page.goto(site + question.get_absolute_url())
    community_lines(page).get_by_role("link", name=ONE_SHARED).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTION)

    page.get_by_role("textbox", name="Your experience").fill(EXPERIENCE)
    page.get_by_role("button", name="Share my experience").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to agree")

    expect(page.get_by_role("textbox", name="Your experience")).to_have_value(
        EXPERIENCE
    )
    page.get_by_label(re.compile("^I agree that DiseaseMaps may publish")).check()
    page.get_by_role("button", name="Share my experience").click()
    expect(page.get_by_role("status")).to_contain_text(
        "once a moderator has approved it"
    )
    expect(page.get_by_text("My daughter was diagnosed first")).to_have_count(0)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").first.click()
    expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()


def approve_in_the_queue(page: Page, site: str) -> None:
    page.goto(site + reverse("admin:login"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(site + reverse("admin:community_experience_changelist"))
    expect(page.get_by_role("heading", name="Moderate experiences")).to_be_visible()
    queue = page.locator("#result_list")
    expect(queue.get_by_role("row")).to_have_count(2)
    queue.get_by_role("link", name=re.compile("^My daughter was diagnosed")).click()
    # The moderator reads the text as readers will: markup shown as typed.
    expect(page.get_by_text("Being <b>checked</b> together")).to_be_visible()
    expect(page.get_by_text(DISPLAY_NAME)).to_be_visible()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Approved: the experience is now shown and counted."
    )
    expect(page.get_by_text("0 experiences")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()


def read_the_experience(page: Page, artifacts: Path) -> None:
    community_lines(page).get_by_role("link", name=TWO_SHARED).click()
    shared = page.get_by_role("article").filter(has_text=DISPLAY_NAME)
    expect(shared).to_contain_text(EXPERIENCE)
    expect(shared).to_contain_text("Personal experience, not medical advice")
    expect(page.locator("#experiences b")).to_have_count(0)
    page.screenshot(path=artifacts / "experiences.png", full_page=True)


def test_a_shared_experience_is_counted_once_an_editor_approves_it(
    page, live_server, artifacts_dir, editor, question, mailoutbox
):
    site = live_server.url
    read_counts(page, site, question, shared=ONE_SHARED, living=ONE_LIVING)

    sign_up(page, site, mailoutbox)
    declare_condition(page)
    read_counts(page, site, question, shared=ONE_SHARED, living=TWO_LIVING)
    share_experience(page, site, question)
    sign_out(page)
    read_counts(page, site, question, shared=ONE_SHARED, living=TWO_LIVING)

    approve_in_the_queue(page, site)

    read_counts(page, site, question, shared=TWO_SHARED, living=TWO_LIVING)
    page.screenshot(path=artifacts_dir / "answer-community.png", full_page=True)
    read_the_experience(page, artifacts_dir)
    (confirmation, outcome) = [
        m for m in mailoutbox if m.to == ["robin.lee@example.org"]
    ]
    assert "Confirm your email" in confirmation.subject
    assert "published" in outcome.subject


def test_community_pages_fit_a_phone_screen(page, live_server, editor, question):
    """No sideways scrolling at 320px, even with a long unbroken address."""
    page.set_viewport_size({"width": 320, "height": 640})
    member = factories.MemberProfileFactory(display_name="Sam").user
    approved(
        question,
        member=member,
        editor=editor,
        text="https://example.org/" + "a-very-long-address-" * 8,
    )
    page.goto(live_server.url + reverse("community:login"))
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    for url in [
        experiences_url(question),
        reverse("community:account"),
        question.get_absolute_url(),
    ]:
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
