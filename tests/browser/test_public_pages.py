"""Every public page, in a real browser: WCAG 2.2 AA, valid HTML, usable on a phone.

One test visits each page of ``PAGES`` once, with realistic published content:
axe-core runs on the page as Chromium shows it, the HTML as the server sent it
goes to the Nu HTML Checker (one run for all pages), and the page must fit a
320 px wide screen and load nothing from other sites. Adding a page to the
checks is one line in ``PAGES``. The error pages that no public URL gives a
visitor (403, 400 and the CSRF failure) come from a test URLconf that adds
them to the site's own URLs.

Screenshots of the pages marked ``screenshot`` are saved in ``test-artifacts/``
at phone and desktop widths.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from articles.models import Question
from community import moderation, services
from conditions.models import Condition
from core import clock
from reviews import workflow
from reviews.models import ReviewerProfile
from tests import factories
from tests.browser.page_checks import axe_violations, html_errors
from tests.community.helpers import experiences_url
from tests.diseasemaps.error_urls import (
    BAD_REQUEST_URL,
    CSRF_FAILURE_URL,
    FORBIDDEN_URL,
)
from tests.helpers import edit, make_published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}
MEMBER_EMAIL = "rosa@example.org"
MEMBER_PASSWORD = "a long and private passphrase"


@dataclass(frozen=True)
class Site:
    """The seeded content that page URLs are made from."""

    condition: Condition
    question: Question
    overdue_question: Question
    archived_question: Question
    reviewer_profile: ReviewerProfile
    member: AbstractBaseUser


@dataclass(frozen=True)
class PublicPage:
    name: str
    url: Callable[[Site], str]
    status: int = 200
    signed_in: bool = False
    screenshot: bool = False


PAGES = [
    PublicPage("home", lambda site: reverse("home")),
    PublicPage("conditions", lambda site: reverse("articles:condition_index")),
    PublicPage("condition", lambda site: site.condition.get_absolute_url()),
    PublicPage(
        "answer", lambda site: site.question.get_absolute_url(), screenshot=True
    ),
    PublicPage(
        "answer-history",
        lambda site: reverse(
            "answer_history", args=[site.condition.slug, site.question.slug]
        ),
    ),
    PublicPage("answer-overdue", lambda site: site.overdue_question.get_absolute_url()),
    PublicPage("experiences", lambda site: experiences_url(site.question)),
    PublicPage("reviewer", lambda site: site.reviewer_profile.get_absolute_url()),
    PublicPage("not-found", lambda site: "/conditions/no-such-condition/", status=404),
    PublicPage(
        "gone", lambda site: site.archived_question.get_absolute_url(), status=410
    ),
    PublicPage(
        "search",
        lambda site: f"{reverse('search')}?q=hemifacial+cause",
        screenshot=True,
    ),
    PublicPage("forbidden", lambda site: FORBIDDEN_URL, status=403),
    PublicPage("bad-request", lambda site: BAD_REQUEST_URL, status=400),
    PublicPage("csrf-failure", lambda site: CSRF_FAILURE_URL, status=403),
    PublicPage("search-empty", lambda site: reverse("search")),
    PublicPage("search-no-results", lambda site: f"{reverse('search')}?q=zzyzx"),
    PublicPage("login", lambda site: reverse("community:login")),
    PublicPage("signup", lambda site: reverse("community:signup")),
    PublicPage("password-reset", lambda site: reverse("community:password_reset")),
    PublicPage("account", lambda site: reverse("community:account"), signed_in=True),
    PublicPage(
        "experiences-member",
        lambda site: experiences_url(site.question),
        signed_in=True,
    ),
]

SUMMARY = """\
Parry-Romberg syndrome is a rare condition in which the skin and the soft
tissues under it slowly shrink on **one side of the face**. It usually starts in
childhood or the teenage years, progresses for several years, then settles.

- It is not contagious.
- It is not caused by anything a parent did.
- Care is shared between dermatology, rheumatology and maxillofacial surgery.
"""
BODY = """\
Nobody knows the exact cause yet. Researchers think that in most people the
immune system attacks the tissue under the skin of one side of the face, much as
it does in *localised scleroderma*, which often appears in the same people.

## What research suggests

- **Autoimmunity:** many people have antibodies that point to an immune process.
- **Nerve involvement:** the affected side often follows the branches of the
  trigeminal nerve.
- **Injury:** some people recall a knock to the face before it started, but no
  study has shown that injury causes it.

The [Orphanet summary](https://www.orpha.net/) explains the condition in more
detail.

### Is it inherited?

It is rarely seen in more than one person in a family, so it is not thought to
be passed on from parent to child.
"""
REFERENCES = [
    {
        "title": "Progressive hemifacial atrophy: a review",
        "source": "Orphanet Journal of Rare Diseases",
        "year": 2015,
        "url": "https://example.org/hemifacial-atrophy-review",
        "doi": "10.1000/hemifacial-atrophy.2015",
        "pmid": "12345601",
    },
    {
        "title": "Parry-Romberg syndrome and linear scleroderma en coup de sabre",
        "source": "Journal of the American Academy of Dermatology",
        "year": 2019,
        "url": "",
        "doi": "",
        "pmid": "12345602",
    },
    {
        "title": "Living with a rare facial condition: a guide for families",
        "source": "A patient organisation",
        "year": 2022,
        "url": "https://example.org/family-guide",
        "doi": "",
        "pmid": "",
    },
]
EXPERIENCE = (
    "My left cheek started to change when I was eleven. It helped to see the "
    "same dermatologist every six months and to keep photographs, so that we "
    "could tell when it stopped changing."
)


def seed_site() -> Site:
    """A condition with answers on several topics, as readers would find it."""
    editor = factories.EditorFactory(username="editor")
    reviewer = factories.ReviewerFactory(
        username="reviewer",
        profile__full_name="Dr Ada Okafor",
        profile__credentials="MD, PhD",
        profile__specialty="Paediatric dermatology",
        profile__bio=(
            "Consultant paediatric dermatologist who looks after children with "
            "localised scleroderma.\n\nShe reviews answers on skin conditions."
        ),
        profile__disclosures="Has received a research grant from a patient charity.",
    )
    managing_editor = factories.ManagingEditorFactory(username="managing")
    second_reviewer = factories.ReviewerFactory(
        username="reviewer2",
        profile__full_name="Dr Sam Reyes",
        profile__credentials="MBBS, MRCP",
    )
    condition = factories.ConditionFactory(
        name="Parry-Romberg syndrome",
        slug="parry-romberg-syndrome",
        other_names="Progressive hemifacial atrophy\nRomberg syndrome",
        summary=SUMMARY,
        orpha_code="1865",
        extra_disclaimer=(
            "Facial changes can have other causes. A specialist should confirm "
            "the diagnosis before any treatment is planned."
        ),
    )

    def publish(text, slug, topic, **kwargs):
        question = factories.QuestionFactory(
            condition=condition, text=text, slug=slug, topic=topic
        )
        return make_published(
            editor=editor, reviewer=reviewer, question=question, **kwargs
        ).question

    question = publish(
        "What is the underlying cause of Parry-Romberg syndrome?",
        "cause",
        "cause",
        tldr=(
            "The cause is not known. Most researchers think the immune system "
            "attacks the tissue under the skin of one side of the face."
        ),
        body=BODY,
        references=REFERENCES,
    )
    # Corrected today: the answer page shows the correction notice, and its
    # history three entries.
    answer = question.answer
    edit(
        answer,
        user=editor,
        body=BODY.replace("several years", "three to five years"),
        change_note="Corrected how long the changes usually go on.",
    )
    workflow.submit(answer, user=editor)
    workflow.approve(answer, user=reviewer, shown=workflow.shown_text(answer))
    workflow.publish(
        answer,
        user=managing_editor,
        shown=workflow.shown_text(answer),
        is_correction=True,
    )
    workflow.recertify(answer, user=second_reviewer, shown=workflow.shown_text(answer))
    # Reviewed more than a year ago: the review is overdue.
    with clock.recorded_at(timezone.now() - datetime.timedelta(days=400)):
        overdue = publish("Is it painful?", "pain", "symptoms")
    publish("What are the first signs?", "first-signs", "symptoms")
    publish("Can surgery restore the face?", "surgery", "treatment")
    archived = publish("Does a special diet help?", "diet", "treatment")
    workflow.archive(
        archived.answer,
        shown=workflow.shown_text(archived.answer),
        user=managing_editor,
    )
    other = factories.ConditionFactory(
        name="Ehlers-Danlos syndromes", slug="ehlers-danlos-syndromes"
    )
    make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=other, text="Is EDS inherited?"),
    )

    services.sign_up(email=MEMBER_EMAIL, password=MEMBER_PASSWORD, display_name="Rosa")
    member = services.account_for_email(MEMBER_EMAIL)
    services.confirm_email(member)
    member = get_user_model().objects.get(pk=member.pk)
    services.declare_condition(member, condition=condition)
    experience = services.share_experience(
        question, member=member, text=EXPERIENCE, has_consented=True
    )
    moderation.approve(experience, user=editor)
    return Site(
        condition=condition,
        question=question,
        overdue_question=overdue,
        archived_question=archived,
        reviewer_profile=reviewer.reviewer_profile,
        member=member,
    )


def sign_in(page: Page, site_url: str, member) -> None:
    """Give the browser a signed-in member's session cookie."""
    client = Client()
    client.force_login(member)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": site_url}]
    )


def check_page(
    page: Page,
    spec: PublicPage,
    *,
    url: str,
    site_url: str,
    axe_script: Path,
    artifacts: Path,
) -> tuple[bytes, list[str]]:
    """Visit the page once; return the HTML as served and the problems seen."""
    requested = []

    def record(request):
        requested.append(request.url)

    page.set_viewport_size(DESKTOP)
    page.on("request", record)
    response = page.goto(site_url + url)
    page.remove_listener("request", record)
    problems = [
        f"loads from another site: {requested_url}"
        for requested_url in requested
        if not requested_url.startswith(site_url + "/")
    ]
    if response.status != spec.status:
        problems.append(f"status {response.status}, expected {spec.status}")
    if page.url != site_url + url:
        problems.append(f"redirected to {page.url}")
    problems += axe_violations(page, axe_script=axe_script)
    if spec.screenshot:
        page.screenshot(path=artifacts / f"{spec.name}-1280.png", full_page=True)
    # What a reader opens (the review history) is checked open, on a phone.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.set_viewport_size(PHONE)
    if spec.screenshot:
        page.screenshot(path=artifacts / f"{spec.name}-390.png", full_page=True)
    problems += [
        f"at 390px: {violation}"
        for violation in axe_violations(page, axe_script=axe_script)
        if violation not in problems
    ]
    page.set_viewport_size(NARROWEST)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow}px on a 320px wide screen")
    # Wrapped navigation and stacked controls can break rules (target size) that
    # the desktop layout keeps.
    problems += [
        f"at 320px: {violation}"
        for violation in axe_violations(page, axe_script=axe_script)
        if violation not in problems
    ]
    return response.body(), problems


@pytest.mark.urls("tests.diseasemaps.error_urls")
def test_public_pages_are_accessible_valid_and_fit_a_phone(
    page, live_server, axe_script, nu_checker, artifacts_dir
):
    site = seed_site()
    documents, problems = {}, {}
    signed_in = False
    # Anonymous visitors first, then a signed-in member.
    for spec in sorted(PAGES, key=lambda spec: spec.signed_in):
        if spec.signed_in and not signed_in:
            sign_in(page, live_server.url, site.member)
            signed_in = True
        documents[spec.name], problems[spec.name] = check_page(
            page,
            spec,
            url=spec.url(site),
            site_url=live_server.url,
            axe_script=axe_script,
            artifacts=artifacts_dir,
        )
    assert b'id="correction-notice"' in documents["answer"]
    assert b'<details class="review-history"' in documents["answer"]
    assert b"it is being checked." in documents["answer-overdue"]
    assert b"Corrected how long" in documents["answer-history"]
    # The reviewer page is checked with its registration line.
    assert b"Registration verified on" in documents["reviewer"]
    # Django renders the 500 page without a request; it is checked as HTML only.
    documents["server-error"] = render_to_string("500.html").encode()
    for name, errors in html_errors(documents, command=nu_checker).items():
        problems.setdefault(name, []).extend(errors)

    report = [f"{name}: {line}" for name, lines in problems.items() for line in lines]
    assert not report, "\n".join(report)


def test_answer_page_prints_black_on_white_with_reference_urls(
    page, live_server, artifacts_dir, editor, reviewer
):
    question = make_published(
        editor=editor, reviewer=reviewer, body=BODY, references=REFERENCES
    ).question
    page.goto(live_server.url + question.get_absolute_url())
    page.emulate_media(media="print")

    hidden = page.evaluate(
        "[...document.querySelectorAll('nav, form, .skip-link')]"
        ".map(element => getComputedStyle(element).display)"
    )
    assert hidden and set(hidden) == {"none"}
    colours = page.evaluate(
        "[...document.querySelectorAll('body, h1, .answer-meta, .tldr, .tldr-label,"
        " .references a, .disclaimer')].map(element => {"
        " const style = getComputedStyle(element);"
        " return [style.color, style.backgroundColor]; })"
    )
    assert {tuple(pair) for pair in colours} == {("rgb(0, 0, 0)", "rgb(255, 255, 255)")}
    printed_urls = page.evaluate(
        "[...document.querySelectorAll('.references a')]"
        ".map(link => getComputedStyle(link, '::after').content)"
    )
    assert f'" <{REFERENCES[0]["url"]}>"' in printed_urls
    page.pdf(path=artifacts_dir / "answer-print.pdf")
