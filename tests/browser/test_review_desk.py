"""A reviewer signs exactly what they read, in a real browser, race included.

The reviewer opens the review screen of a new text in review. Meanwhile the
editor withdraws it, changes the dose and resubmits it (from their own
session, through the admin's forms). The reviewer approves from the screen
opened before: the server refuses, records nothing and shows the change. The
reviewer then reads the new text, ticks the reference they checked and
approves it; the editor publishes it and the public page shows it.

The review screen and the refusal pass axe-core (WCAG 2.2 AA) and the Nu HTML
Checker at phone and desktop widths; screenshots of the review screen, the
refusal and the answer's change page at both widths land in
``test-artifacts/``.
"""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from articles.models import Answer, PublishedAnswer
from reviews import workflow
from reviews.models import SignOff
from tests import factories
from tests.articles.admin_data import (
    answer_change_url,
    answer_form_data,
    decision_data,
    transition_url,
)
from tests.browser.page_checks import axe_violations, html_errors
from tests.helpers import edit, make_published, open_recertification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
QUESTION = "How much of the medicine should an adult take?"
LIVE_BODY = "Take **half a tablet** a day.\n\nWith food."
FIRST_SUBMITTED = "Take **1 tablet** a day.\n\nWith food."
RESUBMITTED = "Take **10 tablets** a day.\n\nWith food."


@pytest.fixture
def editor(db):
    return factories.EditorFactory(username="editor")


@pytest.fixture
def reviewer(db):
    return factories.ReviewerFactory(
        username="reviewer", profile__full_name="Dr Ada Okafor"
    )


@pytest.fixture
def answer(editor, db):
    """A published answer whose new text is in review."""
    first_reviewer = factories.ReviewerFactory(username="first-reviewer")
    question = factories.QuestionFactory(
        text=QUESTION, condition=factories.ConditionFactory(name="Example syndrome")
    )
    answer = make_published(
        editor=editor, reviewer=first_reviewer, question=question, body=LIVE_BODY
    )
    edit(answer, user=editor, body=FIRST_SUBMITTED)
    workflow.submit(answer, user=editor)
    return answer


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(site + reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


class Checks:
    """axe on each page as shown at both widths, screenshots, and the HTML as
    sent for one Nu HTML Checker run at the end."""

    def __init__(self, page: Page, artifacts: Path, axe_script: Path):
        self.page, self.artifacts, self.axe_script = page, artifacts, axe_script
        self.documents: dict[str, bytes] = {}
        self.problems: list[str] = []

    def screenshots(self, name: str) -> None:
        for width, size in (("1280", DESKTOP), ("390", PHONE)):
            self.page.set_viewport_size(size)
            self.page.screenshot(
                path=self.artifacts / f"{name}-{width}.png", full_page=True
            )
        self.page.set_viewport_size(DESKTOP)

    def check(self, name: str, html: bytes) -> None:
        self.documents[name] = html
        for width, size in (("1280", DESKTOP), ("390", PHONE)):
            self.page.set_viewport_size(size)
            self.problems += [
                f"{name} at {width}: {line}"
                for line in axe_violations(self.page, axe_script=self.axe_script)
            ]
            overflow = self.page.evaluate(
                "document.documentElement.scrollWidth"
                " - document.documentElement.clientWidth"
            )
            if overflow > 0:
                self.problems.append(f"{name} at {width}: {overflow}px too wide")
            self.page.screenshot(
                path=self.artifacts / f"{name}-{width}.png", full_page=True
            )
        self.page.set_viewport_size(DESKTOP)


def editor_changes_the_dose(answer: Answer, editor) -> None:
    """The editor's race, from their own session: withdraw, edit, resubmit."""
    staff = Client()
    staff.force_login(editor)
    answer.refresh_from_db()
    assert (
        staff.post(
            transition_url(answer, "withdraw"), decision_data(answer)
        ).status_code
        == 302
    )
    answer.refresh_from_db()
    saved = staff.post(
        answer_change_url(answer), answer_form_data(answer, body=RESUBMITTED)
    )
    assert saved.status_code == 302
    answer.refresh_from_db()
    assert (
        staff.post(transition_url(answer, "submit"), decision_data(answer)).status_code
        == 302
    )


def editor_publishes(answer: Answer, editor) -> None:
    staff = Client()
    staff.force_login(editor)
    answer.refresh_from_db()
    response = staff.post(transition_url(answer, "publish"), decision_data(answer))
    assert response.status_code == 302


def test_a_reviewer_signs_exactly_what_they_read(
    page, live_server, artifacts_dir, axe_script, nu_checker, editor, reviewer, answer
):
    site = live_server.url
    review_url = site + reverse("admin:articles_answer_review", args=[answer.pk])
    checks = Checks(page, artifacts_dir, axe_script)
    log_in(page, site, "reviewer")

    # The answer's page is stock admin, made fit elsewhere: screenshots only.
    page.goto(site + answer_change_url(answer))
    checks.screenshots("answer-change")

    # The reviewer opens the review screen and reads what changed.
    screen = page.goto(review_url)
    expect(page.get_by_text("You are signing text")).to_be_visible()
    since_live = page.locator(".review-rendered-diff").first
    expect(since_live.locator("del")).to_have_text("removed: half a")
    expect(since_live.locator("ins")).to_have_text("added: 1")
    checks.check("review-screen", screen.body())
    page.get_by_role("link", name="in markdown").click()
    expect(page.locator(".answer-diff ins").first).to_be_visible()
    page.get_by_role("link", name="as readers will see it").click()

    # Meanwhile the editor changes the dose.
    editor_changes_the_dose(answer, editor)

    # The reviewer approves from the screen opened before the change.
    with page.expect_response(lambda r: "/transition/approve/" in r.url) as sent:
        page.get_by_role("button", name="Approve this text").click()
    refusal = sent.value
    assert refusal.status == 409
    expect(page.get_by_role("alert")).to_contain_text("nothing was recorded")
    expect(page.locator(".review-rendered-diff del")).to_contain_text("1 tablet")
    expect(page.locator(".review-rendered-diff ins")).to_contain_text("10 tablets")
    assert not SignOff.objects.filter(answer=answer, reviewer=reviewer).exists()
    checks.check("review-refused", refusal.body())

    # The reviewer reads the new text and approves it.
    page.get_by_role("link", name="Read the text as it is now").click()
    expect(page.locator(".review-body")).to_contain_text("Take 10 tablets a day.")
    page.get_by_label("I verified reference 1").check()
    page.get_by_role("button", name="Approve this text").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved")
    sign_off = SignOff.objects.get(answer=answer, reviewer=reviewer)
    assert (sign_off.decision, sign_off.verified_references) == ("approve", [1])
    assert sign_off.version.field_dict["body"] == RESUBMITTED

    # The editor publishes; the public page shows the text the reviewer read.
    editor_publishes(answer, editor)
    assert PublishedAnswer.objects.get(answer=answer).body == RESUBMITTED
    public = page.goto(site + answer.get_absolute_url())
    assert public.status == 200
    expect(page.get_by_text("Take 10 tablets a day.")).to_be_visible()
    expect(page.get_by_text("Medically reviewed by Dr Ada Okafor")).to_be_visible()

    for name, errors in html_errors(checks.documents, command=nu_checker).items():
        checks.problems += [f"{name}: {line}" for line in errors]
    assert checks.problems == [], "\n".join(checks.problems)


# Each decision, from a screen opened before the text changed ------------------


def approved_by(answer: Answer, reviewer) -> None:
    workflow.approve(answer, user=reviewer, shown=workflow.shown_text(answer))


def race_to_new_text(answer: Answer, *, editor, approver=None, publish=False):
    """Someone else changes the text while the page stays open."""
    answer.refresh_from_db()
    if answer.state == Answer.State.IN_REVIEW:
        workflow.withdraw(answer, user=editor)
    edit(answer, user=editor, body=RESUBMITTED)
    workflow.submit(answer, user=editor)
    if approver is not None:
        approved_by(answer, approver)
    if publish:
        workflow.publish(answer, user=editor, shown=workflow.shown_text(answer))


@pytest.mark.parametrize("decision", ["request_changes", "recertify", "publish"])
def test_a_decision_from_a_screen_opened_before_a_change_is_refused(
    page, live_server, editor, reviewer, decision
):
    site = live_server.url
    other_reviewer = factories.ReviewerFactory(username="other-reviewer")
    question = factories.QuestionFactory(text=QUESTION)
    if decision == "publish":
        answer = make_published(
            editor=editor, reviewer=other_reviewer, question=question, body=LIVE_BODY
        )
        edit(answer, user=editor, body=FIRST_SUBMITTED)
        workflow.submit(answer, user=editor)
        approved_by(answer, other_reviewer)
        other_editor = factories.EditorFactory(username="other-editor")
        log_in(page, site, "editor")
        page.goto(site + answer_change_url(answer))
        race_to_new_text(answer, editor=other_editor, approver=other_reviewer)
        button, old, new = "Publish", "1 tablet", "10 tablets"
    else:
        answer = make_published(
            editor=editor, reviewer=other_reviewer, question=question, body=LIVE_BODY
        )
        if decision == "request_changes":
            edit(answer, user=editor, body=FIRST_SUBMITTED)
            workflow.submit(answer, user=editor)
        else:
            open_recertification(answer)
        log_in(page, site, "reviewer")
        page.goto(site + reverse("admin:articles_answer_review", args=[answer.pk]))
        if decision == "request_changes":
            page.get_by_label("What needs to change (required)").fill("Dose?")
            race_to_new_text(answer, editor=editor)
            button, old, new = "Request changes", "1 tablet", "10 tablets"
        else:
            race_to_new_text(
                answer, editor=editor, approver=other_reviewer, publish=True
            )
            # The new text is open to re-certification too: what refuses the
            # decision is the change of text alone.
            open_recertification(answer)
            button, old, new = "Re-certify the live text", "half a tablet", "10 tablets"
    sign_offs = SignOff.objects.filter(answer=answer).count()
    live = list(PublishedAnswer.objects.filter(answer=answer).values())

    with page.expect_response(lambda r: "/transition/" in r.url) as sent:
        page.get_by_role("button", name=button).click()

    assert sent.value.status == 409
    expect(page.get_by_role("alert")).to_contain_text("nothing was recorded")
    changes = page.locator(".review-rendered-diff")
    expect(changes.locator("del").first).to_contain_text(old.split()[0])
    expect(changes.locator("ins").first).to_contain_text(new.split()[0])
    assert SignOff.objects.filter(answer=answer).count() == sign_offs
    assert list(PublishedAnswer.objects.filter(answer=answer).values()) == live
