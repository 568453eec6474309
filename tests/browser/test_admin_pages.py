"""The editorial admin's own pages, in a real browser: WCAG 2.2 AA, valid HTML,
and laid out for a laptop (1280 px) and a phone (390 px).

One signed-in session visits every page the project adds to the admin or
customises, once: axe-core runs at both widths (the page is resized, not
loaded again), the document must not scroll sideways at either, and the HTML
as served goes to the Nu HTML Checker, all pages in one run. Adding a page is
one line in ``PAGES``. Screenshots of the dashboard and of the answer page at
both widths are saved in the test artifacts directory.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.admin.utils import quote
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page
from reversion.models import Version

from articles.models import Answer, Disclaimer
from community import moderation, services
from conditions.models import Condition
from reviews import workflow
from reviews.models import AuditEntry, ReviewerProfile, SignOff
from tests import factories
from tests.browser.artifacts import save_screenshot
from tests.browser.page_checks import axe_violations, html_errors
from tests.helpers import make_approved, make_draft, make_in_review, make_published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {1280: {"width": 1280, "height": 900}, 390: {"width": 390, "height": 844}}
# Enough references that a table of them would have to be read sideways.
REFERENCES = [
    {
        "title": f"A study of the natural history of the condition, part {number}",
        "source": "Orphanet Journal of Rare Diseases",
        "year": 2000 + number,
        "url": f"https://example.org/a/rather/long/path/to/the/study-{number}",
        "doi": f"10.1000/natural-history.{2000 + number}",
        "pmid": f"3300000{number}",
    }
    for number in range(1, 6)
]


@dataclass(frozen=True)
class Site:
    draft: Answer
    published: Answer
    condition: Condition
    reviewer_profile: ReviewerProfile
    member: object
    experience_id: int
    versions: list[int]


@dataclass(frozen=True)
class AdminPage:
    name: str
    url: Callable[[Site], str]
    screenshot: bool = False


def _admin(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=[quote(arg) for arg in args])


PAGES = [
    AdminPage("dashboard", lambda site: _admin("index"), screenshot=True),
    AdminPage(
        "dashboard-section",
        lambda site: reverse(
            "admin:dashboard_section", kwargs={"key": "awaiting_my_review"}
        ),
    ),
    AdminPage("answer-list", lambda site: _admin("articles_answer_changelist")),
    AdminPage("answer-add", lambda site: _admin("articles_answer_add")),
    AdminPage(
        "answer",
        lambda site: _admin("articles_answer_change", site.draft.pk),
        screenshot=True,
    ),
    AdminPage(
        "answer-published",
        lambda site: _admin("articles_answer_change", site.published.pk),
    ),
    AdminPage(
        "answer-history",
        lambda site: _admin("articles_answer_history", site.published.pk),
    ),
    AdminPage(
        "answer-compare",
        lambda site: (
            _admin("articles_answer_compare", site.published.pk)
            + f"?old={site.versions[-1]}&new={site.versions[0]}"
        ),
    ),
    AdminPage(
        "answer-revert",
        lambda site: _admin(
            "articles_answer_revision", site.published.pk, site.versions[-1]
        ),
    ),
    AdminPage("question-list", lambda site: _admin("articles_question_changelist")),
    AdminPage(
        "question",
        lambda site: _admin("articles_question_change", site.published.question_id),
    ),
    AdminPage(
        "question-history",
        lambda site: _admin("articles_question_history", site.published.question_id),
    ),
    AdminPage("condition-list", lambda site: _admin("conditions_condition_changelist")),
    AdminPage(
        "condition",
        lambda site: _admin("conditions_condition_change", site.condition.pk),
    ),
    AdminPage(
        "reviewer-list", lambda site: _admin("reviews_reviewerprofile_changelist")
    ),
    AdminPage(
        "reviewer",
        lambda site: _admin("reviews_reviewerprofile_change", site.reviewer_profile.pk),
    ),
    AdminPage("sign-offs", lambda site: _admin("reviews_signoff_changelist")),
    AdminPage("audit-trail", lambda site: _admin("reviews_auditentry_changelist")),
    AdminPage("accounts", lambda site: _admin("auth_user_changelist")),
    AdminPage("account", lambda site: _admin("auth_user_change", site.member.pk)),
    AdminPage(
        "disclaimer",
        lambda site: _admin("articles_disclaimer_change", Disclaimer.objects.get().pk),
    ),
    AdminPage(
        "moderation-queue", lambda site: _admin("community_experience_changelist")
    ),
    AdminPage(
        "moderation",
        lambda site: _admin("community_experience_change", site.experience_id),
    ),
]


def seed_site(*, superuser) -> Site:
    """Answers in every state the dashboard lists, one with many references."""
    editor = factories.EditorFactory(username="editor")
    reviewer = factories.ReviewerFactory(
        username="reviewer",
        profile__full_name="Dr Ada Okafor",
        profile__credentials="MD, PhD",
    )
    condition = factories.ConditionFactory(name="Parry-Romberg syndrome")
    draft = make_draft(
        editor=superuser,
        question=factories.QuestionFactory(
            condition=condition,
            text="What is the underlying cause of Parry-Romberg syndrome, and can "
            "it be passed on to children?",
        ),
        references=REFERENCES,
    )
    make_in_review(editor=superuser)
    workflow.submit(make_draft(editor=superuser), user=superuser, reviewer=reviewer)
    make_approved(editor=editor, reviewer=reviewer)
    changes = make_in_review(editor=editor)
    workflow.request_changes(
        changes,
        shown=workflow.shown_text(changes),
        user=reviewer,
        comment="Cite a newer study.",
    )
    published = make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition),
        references=REFERENCES,
    )
    services.sign_up(
        email="rosa@example.org", password="a long passphrase", display_name="Rosa"
    )
    services.confirm_email(services.account_for_email("rosa@example.org"))
    member = services.account_for_email("rosa@example.org")
    experience = services.share_experience(
        published.question,
        member=member,
        text="It helped to keep photographs, so that we could tell when it stopped.",
        has_consented=True,
    )
    moderation.approve(experience, user=editor)
    versions = Version.objects.get_for_object(published).order_by("-pk")
    assert SignOff.objects.exists() and AuditEntry.objects.exists()
    return Site(
        draft=draft,
        published=published,
        condition=condition,
        reviewer_profile=reviewer.reviewer_profile,
        member=member,
        experience_id=experience.pk,
        versions=[version.pk for version in versions],
    )


def sign_in(page: Page, site_url: str, user) -> None:
    """Give the browser the staff user's session cookie."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": site_url}]
    )


def sideways_scroll(page: Page) -> int:
    return page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def check_page(page: Page, spec: AdminPage, *, axe_script) -> list[str]:
    """Problems of the page as shown at each width, loaded once."""
    problems = []
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        if overflow := sideways_scroll(page):
            problems.append(f"at {width}px: scrolls sideways by {overflow}px")
        problems += [
            f"at {width}px: {violation}"
            for violation in axe_violations(page, axe_script=axe_script)
        ]
        if spec.screenshot:
            save_screenshot(page, f"admin-{spec.name}-{width}")
    return problems


def test_admin_pages_are_accessible_valid_and_fit_laptop_and_phone(
    page, live_server, axe_script, nu_checker, superuser
):
    site = seed_site(superuser=superuser)
    sign_in(page, live_server.url, superuser)
    documents, problems = {}, {}
    for spec in PAGES:
        url = spec.url(site)
        response = page.goto(live_server.url + url)
        if response.status != 200 or page.url != live_server.url + url:
            problems[spec.name] = [f"status {response.status} at {page.url}"]
            continue
        documents[spec.name] = response.body()
        problems[spec.name] = check_page(page, spec, axe_script=axe_script)
    for name, errors in html_errors(documents, command=nu_checker).items():
        problems.setdefault(name, []).extend(errors)

    report = [f"{name}: {line}" for name, lines in problems.items() for line in lines]
    assert not report, "\n".join(report)


def test_answer_list_shows_its_columns_without_scrolling_on_a_laptop(
    page, live_server, superuser
):
    seed_site(superuser=superuser)
    sign_in(page, live_server.url, superuser)
    page.set_viewport_size(WIDTHS[1280])
    page.goto(live_server.url + _admin("articles_answer_changelist"))

    results = page.locator("#changelist .results")
    hidden = results.evaluate("element => element.scrollWidth - element.clientWidth")
    assert hidden <= 0
    for column in ("state", "condition", "reviewer", "review due"):
        header = page.get_by_role("columnheader", name=column, exact=False).first
        box = header.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280, column
