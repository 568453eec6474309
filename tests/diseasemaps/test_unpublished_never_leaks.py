"""Nothing unpublished appears on any public surface, at any step of review.

A marker word is written into text that is not published yet: a new question
and its answer (TL;DR, body, a reference title, the public change note), or a
new edit of a published answer. After each workflow step the marker is looked
for in every public page and feed, as a visitor fetches them. Each surface is
compared with what it showed before the marker existed (the search page
repeats the query typed, so its own echo is not a leak). Publishing must then
show the marker: proof that the test looks where the text would appear.
"""

import pytest
from django.urls import reverse

from articles.models import Answer, PublishedAnswer
from reviews import workflow
from reviews.models import SignOff
from tests import factories
from tests.helpers import DEFAULT_REFERENCES, edit, make_draft, make_published

pytestmark = pytest.mark.django_db

MARKER = "zephyrquartzine"
HIDDEN_SLUG = f"does-{MARKER}-cause-it"
SIBLING_TLDR = "The reviewed summary that the public reads today."
STEPS = ["draft", "submit", "request changes", "resubmit", "approve"]
HIDDEN_STATES = {
    "draft": Answer.State.DRAFT,
    "submit": Answer.State.IN_REVIEW,
    "request changes": Answer.State.CHANGES_REQUESTED,
    "resubmit": Answer.State.IN_REVIEW,
    "approve": Answer.State.APPROVED,
}


def marked_references() -> list[dict]:
    return [
        {
            **DEFAULT_REFERENCES[0],
            "title": f"A cohort study of {MARKER} in adults",
        }
    ]


def marked_text() -> dict:
    return {
        "tldr": f"The new summary mentions {MARKER} once.",
        "body": f"The new body explains {MARKER} at length.",
        "references": marked_references(),
        "change_note": f"Explained {MARKER} for readers.",
    }


class Site:
    """The published content around the hidden text, and its public surfaces."""

    def __init__(self, *, author, signer):
        self.author = author
        self.signer = signer
        self.condition = factories.ConditionFactory(
            name="Example hemifacial syndrome", slug="example-hemifacial-syndrome"
        )
        self.sibling = make_published(
            editor=author,
            reviewer=signer,
            question=factories.QuestionFactory(condition=self.condition),
            tldr=SIBLING_TLDR,
        )
        gone = make_published(
            editor=author,
            reviewer=signer,
            question=factories.QuestionFactory(condition=self.condition),
        )
        managing_editor = factories.ManagingEditorFactory()
        workflow.archive(gone, shown=workflow.shown_text(gone), user=managing_editor)
        self.gone = gone

    def add_hidden_question(self):
        """The question that holds the marker: added after the baseline is read."""
        return factories.QuestionFactory(
            condition=self.condition,
            text=f"Does {MARKER} cause the condition?",
            slug=HIDDEN_SLUG,
        )

    def surfaces(self) -> dict[str, tuple[str, int]]:
        """Each public surface: its URL and the status it answers before publication."""
        hidden_url = reverse("answer_detail", args=[self.condition.slug, HIDDEN_SLUG])
        sibling_url = self.sibling.question.get_absolute_url()
        experiences = "community:experience_list"
        return {
            "home": (reverse("home"), 200),
            "A–Z index": (reverse("articles:condition_index"), 200),
            "condition page": (self.condition.get_absolute_url(), 200),
            "answer page of the hidden question": (hidden_url, 404),
            "published answer page (with its JSON-LD)": (sibling_url, 200),
            "review history of the published answer": (
                reverse(
                    "answer_history", args=[self.condition.slug, self.sibling_slug]
                ),
                200,
            ),
            "review history of the hidden question": (
                reverse("answer_history", args=[self.condition.slug, HIDDEN_SLUG]),
                404,
            ),
            "search results for the marker": (f"{reverse('search')}?q={MARKER}", 200),
            "sitemap index": (reverse("sitemap"), 200),
            "sitemap": (
                reverse("sitemap_section", kwargs={"section": "answers", "number": 1}),
                200,
            ),
            "updates feed": (reverse("updates_feed"), 200),
            "robots.txt": (reverse("robots_txt"), 200),
            "experiences of the hidden question": (
                reverse(experiences, args=[self.condition.slug, HIDDEN_SLUG]),
                404,
            ),
            "experiences of the published question": (
                reverse(experiences, args=[self.condition.slug, self.sibling_slug]),
                200,
            ),
            "reviewer page": (self.signer.reviewer_profile.get_absolute_url(), 200),
            "404 page": (f"{self.condition.get_absolute_url()}no-such-question/", 404),
            "410 page": (self.gone.question.get_absolute_url(), 410),
            **self.api_surfaces(),
        }

    def api_surfaces(self) -> dict[str, tuple[str, int]]:
        """Every endpoint of the content API, with the condition's filter."""
        condition = f"?condition={self.condition.slug}"
        sibling = self.sibling.pk
        verify = reverse("api:answer_verify", args=[sibling])
        return {
            "API root": (reverse("api:root"), 200),
            "API conditions": (reverse("api:conditions"), 200),
            "API condition": (
                reverse("api:condition_detail", args=[self.condition.slug]),
                200,
            ),
            "API answers": (reverse("api:answers"), 200),
            "API answers of the condition": (reverse("api:answers") + condition, 200),
            "API published answer": (
                reverse("api:answer_detail", args=[sibling]),
                200,
            ),
            "API archived answer": (
                reverse("api:answer_detail", args=[self.gone.pk]),
                410,
            ),
            "API verification of the published answer": (
                f"{verify}?fingerprint={self.sibling.live.fingerprint}",
                200,
            ),
            "API changes": (reverse("api:changes"), 200),
            "API changes of the condition": (reverse("api:changes") + condition, 200),
            "API schema": (reverse("api:schema"), 200),
        }

    @property
    def sibling_slug(self) -> str:
        return self.sibling.question.slug


def assert_api_tells_nothing_of(answer: Answer, client) -> None:
    """The API has no document of a never-published answer, and tells of no
    sign-off of text that is not on the site."""
    live = PublishedAnswer.objects.filter(answer=answer).first()
    detail = client.get(reverse("api:answer_detail", args=[answer.pk]))
    assert detail.status_code == (404 if live is None else 200)
    for sign_off in SignOff.objects.filter(answer=answer):
        verify = client.get(
            reverse("api:answer_verify", args=[answer.pk]),
            {"fingerprint": sign_off.fingerprint},
        )
        if live is None:
            assert verify.status_code == 404
        elif sign_off.fingerprint != live.fingerprint:
            assert verify.json()["signed"] is False


def marker_count(response) -> int:
    return response.content.decode().lower().count(MARKER)


def read_surfaces(client, site: Site) -> dict[str, tuple[int, int]]:
    """Status and marker count of every surface, read by a visitor."""
    readings = {}
    for name, (url, _) in site.surfaces().items():
        response = client.get(url)
        readings[name] = (response.status_code, marker_count(response))
    return readings


def assert_nothing_leaked(client, site: Site, baseline: dict) -> None:
    expected = {
        name: (status, baseline[name][1])
        for name, (_, status) in site.surfaces().items()
    }
    assert read_surfaces(client, site) == expected


@pytest.fixture
def site(other_editor, other_reviewer):
    return Site(author=other_editor, signer=other_reviewer)


@pytest.fixture
def baseline(client, site):
    """Every surface as a visitor saw it before any text held the marker."""
    readings = read_surfaces(client, site)
    assert readings["search results for the marker"][1] > 0, "the query is echoed"
    sibling_page = client.get(site.sibling.question.get_absolute_url())
    assert b'<script type="application/ld+json">' in sibling_page.content
    return readings


def take_steps_to(step: str, answer: Answer, site: Site) -> Answer:
    """Move a marked draft through the review steps up to and including ``step``."""
    actions = {
        "submit": lambda: workflow.submit(answer, user=site.author),
        "request changes": lambda: workflow.request_changes(
            answer,
            shown=workflow.shown_text(answer),
            user=site.signer,
            comment="Cite a second study.",
        ),
        "resubmit": lambda: (
            edit(answer, user=site.author, body=f"Revised: {MARKER} explained."),
            workflow.submit(answer, user=site.author),
        ),
        "approve": lambda: workflow.approve(
            answer, shown=workflow.shown_text(answer), user=site.signer
        ),
    }
    for name in STEPS[1 : STEPS.index(step) + 1]:
        actions[name]()
    return answer


# A new question and answer -----------------------------------------------------


def take_new_answer_to(step: str, site: Site) -> Answer:
    answer = make_draft(
        editor=site.author, question=site.add_hidden_question(), **marked_text()
    )
    return take_steps_to(step, answer, site)


@pytest.mark.parametrize("step", STEPS)
def test_a_new_answer_never_leaks_before_publication(client, site, baseline, step):
    answer = take_new_answer_to(step, site)
    answer.refresh_from_db()
    assert answer.state == HIDDEN_STATES[step]

    assert_nothing_leaked(client, site, baseline)
    assert_api_tells_nothing_of(answer, client)


def test_a_new_answer_shows_everywhere_once_published(client, site, baseline):
    answer = take_new_answer_to("approve", site)

    workflow.publish(answer, shown=workflow.shown_text(answer), user=site.author)

    readings = read_surfaces(client, site)
    # TL;DR, body, reference, question and its URL: all on the answer page.
    assert readings["answer page of the hidden question"][0] == 200
    assert readings["answer page of the hidden question"][1] >= 4
    for name in (
        "condition page",
        "sitemap",
        "updates feed",
        "reviewer page",
        "API condition",
        "API conditions",
        "API answers",
        "API answers of the condition",
    ):
        assert readings[name][1] > baseline[name][1], name
    search = client.get(f"{reverse('search')}?q={MARKER}")
    assert answer.question.get_absolute_url() in search.content.decode()


# A new edit of a published answer ----------------------------------------------


def take_edit_to(step: str, site: Site) -> Answer:
    answer = site.sibling
    edit(answer, user=site.author, **marked_text())
    return take_steps_to(step, answer, site)


@pytest.mark.parametrize("step", STEPS)
def test_a_new_edit_of_a_published_answer_never_leaks(client, site, baseline, step):
    answer = take_edit_to(step, site)
    answer.refresh_from_db()
    assert answer.state == HIDDEN_STATES[step]

    assert_nothing_leaked(client, site, baseline)
    assert_api_tells_nothing_of(answer, client)
    page = client.get(answer.question.get_absolute_url())
    assert SIBLING_TLDR in page.content.decode()


def test_a_new_edit_shows_once_published(client, site, baseline):
    answer = take_edit_to("approve", site)

    workflow.publish(answer, shown=workflow.shown_text(answer), user=site.author)

    page = client.get(answer.question.get_absolute_url())
    assert page.status_code == 200
    # TL;DR, body, reference and the change note in the review history.
    assert marker_count(page) >= 4
    assert SIBLING_TLDR not in page.content.decode()
    history = client.get(
        reverse("answer_history", args=[site.condition.slug, site.sibling_slug])
    )
    assert marker_count(history) > baseline["review history of the published answer"][1]
    feed = client.get(reverse("updates_feed"))
    assert marker_count(feed) > baseline["updates feed"][1]
    api_answer = client.get(reverse("api:answer_detail", args=[answer.pk]))
    assert marker_count(api_answer) >= 3
