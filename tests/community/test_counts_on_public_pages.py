"""The community lines of the answer and condition pages, read over HTTP.

Items 4 and 5 of the answer page's anatomy and the condition page's "N
individuals living with X": they count only approved experiences and active
members' declarations, and follow each decision at once.
"""

import re

import pytest
from django.urls import reverse

from community import moderation, services
from tests import factories
from tests.community.helpers import TEXT, approved, experiences_url, rejected, share
from tests.diseasemaps.html_checks import elements, page_text, parse
from tests.helpers import make_published

pytestmark = pytest.mark.django_db

CONDITION = "Alport syndrome"
NONE_SHARED = (
    f"0 people with {CONDITION} have shared their first-person experience on "
    "this question."
)
ONE_SHARED = (
    f"1 person with {CONDITION} has shared their first-person experience on "
    "this question."
)
TWO_SHARED = (
    f"2 people with {CONDITION} have shared their first-person experience on "
    "this question."
)
THIRTY_SHARED = (
    f"30 people with {CONDITION} have shared their first-person experience on "
    "this question."
)
NONE_LIVING = f"0 individuals living with {CONDITION} are part of the community."
ONE_LIVING = f"1 individual living with {CONDITION} is part of the community."
TWO_LIVING = f"2 individuals living with {CONDITION} are part of the community."
THIRTY_LIVING = f"30 individuals living with {CONDITION} are part of the community."


@pytest.fixture
def question(editor, reviewer):
    condition = factories.ConditionFactory(name=CONDITION, slug="alport-syndrome")
    return make_published(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition, slug="cause"),
    ).question


def community_section(html: str, tag: str = "section") -> str:
    """The markup of the page's community lines: a section on answer pages, a
    div on condition pages."""
    match = re.search(rf'<{tag} class="community-lines".*?</{tag}>', html, re.S)
    assert match, "the page has no community lines"
    return match.group(0)


class ReturningReader:
    """Reads a page's community lines as a returning reader would.

    Each visit sends back the validators (ETag, Last-Modified) of the previous
    visit to the same page. Every read in these tests follows a change, so a
    page served from a cache past a moderation decision or a declaration
    answers 304 and fails the test.
    """

    def __init__(self, client):
        self.client = client
        self.validators: dict[str, dict[str, str]] = {}

    def community_text(self, url: str) -> str:
        response = self.client.get(url, **self.validators.get(url, {}))
        assert response.status_code == 200, (url, response.status_code)
        self.validators[url] = {
            meta: response[header]
            for header, meta in [
                ("ETag", "HTTP_IF_NONE_MATCH"),
                ("Last-Modified", "HTTP_IF_MODIFIED_SINCE"),
            ]
            if response.has_header(header)
        }
        match = re.search(
            r'<(section|div) class="community-lines".*?</\1>', response.text, re.S
        )
        assert match, f"{url} has no community lines"
        return page_text(match.group(0))


@pytest.fixture
def reader(client) -> ReturningReader:
    return ReturningReader(client)


def answer_counts(reader: ReturningReader, question) -> str:
    return reader.community_text(question.get_absolute_url())


def condition_count(reader: ReturningReader, condition) -> str:
    return reader.community_text(condition.get_absolute_url())


# The answer page ------------------------------------------------------------------


def test_answer_page_counts_nobody_yet_in_the_plural(reader, question):
    text = answer_counts(reader, question)

    assert NONE_SHARED in text
    assert NONE_LIVING in text


def test_answer_page_uses_the_singular_for_one(reader, member, editor, question):
    approved(question, member=member, editor=editor)
    services.declare_condition(member, condition=question.condition)

    text = answer_counts(reader, question)

    assert ONE_SHARED in text
    assert ONE_LIVING in text


def test_pending_and_rejected_experiences_are_not_counted_on_the_answer_page(
    reader, member, other_member, editor, question
):
    approved(question, member=member, editor=editor)
    share(question, member=other_member)
    rejected(question, member=factories.MemberFactory(), editor=editor)

    assert ONE_SHARED in answer_counts(reader, question)


def test_community_lines_stand_apart_from_the_reviewed_text(client, question):
    html = client.get(question.get_absolute_url()).text
    main = html[html.index("<main") : html.index("</main>")]
    section = community_section(main)

    assert "<aside" not in main
    assert main.index('id="answer-body"') < main.index(section)
    assert main.index(section) < main.index('id="references"')
    assert "answer-body" not in section
    text = page_text(section)
    assert "Personal experience, not medical advice." in text
    assert "Not part of the medically reviewed answer." in text
    (link,) = elements(section, "a")
    assert link["href"] == experiences_url(question)
    assert parse(html).errors == []


def test_the_shared_count_links_to_the_experiences(client, member, editor, question):
    approved(question, member=member, editor=editor, text=TEXT + " Listed.")
    html = client.get(question.get_absolute_url()).text
    (link,) = elements(community_section(html), "a")

    listing = client.get(link["href"])

    assert listing.status_code == 200
    assert "Listed." in listing.text


def test_counts_follow_each_moderation_decision_at_once(
    reader, member, other_member, editor, question
):
    first = share(question, member=member)
    second = share(question, member=other_member)
    assert NONE_SHARED in answer_counts(reader, question)

    moderation.approve(first, user=editor)
    assert ONE_SHARED in answer_counts(reader, question)

    moderation.approve(second, user=editor)
    assert TWO_SHARED in answer_counts(reader, question)

    moderation.reject(second, user=editor, reason="Please leave out the clinic.")
    assert ONE_SHARED in answer_counts(reader, question)

    moderation.revise(first, member=member, text=TEXT + " Edited.")
    assert NONE_SHARED in answer_counts(reader, question)


def test_approving_in_the_admin_raises_the_count_on_the_answer_page(
    client, reader, member, editor, question
):
    experience = share(question, member=member)
    before = answer_counts(reader, question)
    client.force_login(editor)

    client.post(reverse("admin:community_experience_approve", args=[experience.pk]))

    client.logout()
    assert NONE_SHARED in before
    assert ONE_SHARED in answer_counts(reader, question)


def test_account_deletion_lowers_the_answer_page_counts(
    client, reader, member, other_member, editor, question
):
    for person in (member, other_member):
        approved(question, member=person, editor=editor)
        services.declare_condition(person, condition=question.condition)
    text = answer_counts(reader, question)
    assert TWO_SHARED in text and TWO_LIVING in text
    client.force_login(member)

    client.post(
        reverse("community:account_delete"),
        {"password": "correct horse battery staple"},
    )

    text = answer_counts(reader, question)
    assert ONE_SHARED in text and ONE_LIVING in text


@pytest.mark.parametrize(
    ("count", "sentence"),
    [(1, ONE_SHARED), (30, THIRTY_SHARED)],
)
def test_answer_page_query_budget_with_community(
    client, editor, question, django_assert_max_num_queries, count, sentence
):
    for _ in range(count):
        person = factories.MemberFactory()
        approved(question, member=person, editor=editor)
        services.declare_condition(person, condition=question.condition)

    with django_assert_max_num_queries(8):
        response = client.get(question.get_absolute_url())

    assert sentence in page_text(community_section(response.text))


# The condition page ---------------------------------------------------------------


def test_condition_page_counts_members_living_with_it(
    reader, member, other_member, question
):
    condition = question.condition
    assert NONE_LIVING in condition_count(reader, condition)

    services.declare_condition(member, condition=condition)
    assert ONE_LIVING in condition_count(reader, condition)

    services.declare_condition(other_member, condition=condition)
    services.declare_condition(
        factories.MemberFactory(), condition=factories.ConditionFactory()
    )
    assert TWO_LIVING in condition_count(reader, condition)


def test_declaring_and_withdrawing_on_the_account_page_moves_the_count_at_once(
    client, reader, member, question
):
    condition = question.condition
    client.force_login(member)

    client.post(reverse("community:declare"), {"condition": condition.pk})
    after_declaring = condition_count(reader, condition)
    client.post(
        reverse(
            "community:withdraw_declaration", kwargs={"condition_slug": condition.slug}
        )
    )

    assert ONE_LIVING in after_declaring
    assert NONE_LIVING in condition_count(reader, condition)


@pytest.mark.parametrize(
    ("role", "invitation"),
    [
        (None, "/accounts/signup/"),
        ("member", "/account/#declarations"),
        ("editor", None),
    ],
)
def test_condition_page_invites_people_to_be_counted(
    client, roles, question, role, invitation
):
    if role:
        client.force_login(roles[role])

    html = client.get(question.condition.get_absolute_url()).text

    links = elements(community_section(html, "div"), "a")
    assert [link["href"] for link in links] == ([invitation] if invitation else [])
    assert "<aside" not in html[html.index("<main") : html.index("</main>")]


@pytest.mark.parametrize(
    ("count", "sentence"),
    [(1, ONE_LIVING), (30, THIRTY_LIVING)],
)
def test_condition_page_query_budget_with_community(
    client, question, django_assert_max_num_queries, count, sentence
):
    for _ in range(count):
        services.declare_condition(
            factories.MemberFactory(), condition=question.condition
        )

    with django_assert_max_num_queries(5):
        response = client.get(question.condition.get_absolute_url())

    assert sentence in page_text(response.text)
