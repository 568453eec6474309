"""The editorial dashboard on the admin index, from every role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.clock import recorded_at
from reviews import workflow
from tests import factories
from tests.helpers import make_approved, make_draft, make_in_review, make_published

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
SECTIONS = {
    "awaiting_my_review": "Awaiting my review",
    "my_drafts": "My drafts",
    "my_in_review": "My answers in review",
    "in_review": "In review",
    "changes_requested": "Changes requested",
    "approved": "Approved, not yet published",
    "overdue": "Review overdue",
}
QUERY_BUDGET = 20


def section_url(key: str) -> str:
    return reverse("admin:dashboard_section", kwargs={"key": key})


def answer_url(answer) -> str:
    return reverse("admin:articles_answer_change", args=[answer.pk])


def review_url(answer) -> str:
    return reverse("admin:articles_answer_review", args=[answer.pk])


def links_to(page: str, answer) -> bool:
    """The page leads to the answer: its change page or its review screen."""
    return answer_url(answer) in page or review_url(answer) in page


def shown_sections(response) -> list[str]:
    return [section.key for section in response.context["dashboard"]]


def make_changes_requested(*, editor, reviewer):
    answer = make_in_review(editor=editor)
    workflow.request_changes(
        answer,
        shown=workflow.shown_text(answer),
        user=reviewer,
        comment="Cite a newer study.",
    )
    return answer


def make_overdue(*, editor, reviewer):
    two_years_ago = timezone.now() - datetime.timedelta(days=730)
    with recorded_at(two_years_ago):
        return make_published(editor=editor, reviewer=reviewer)


@pytest.fixture
def answers(editor, reviewer):
    """One answer in each dashboard list, and one that is in none."""
    return {
        "in_review": make_in_review(editor=editor),
        "changes_requested": make_changes_requested(editor=editor, reviewer=reviewer),
        "approved": make_approved(editor=editor, reviewer=reviewer),
        "overdue": make_overdue(editor=editor, reviewer=reviewer),
        "up_to_date": make_published(editor=editor, reviewer=reviewer),
        "draft": make_draft(editor=editor),
    }


# What each role sees --------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("reviewer", ["awaiting_my_review", "overdue"]),
        ("editor", ["my_drafts", "my_in_review", "changes_requested", "approved"]),
        (
            "managing_editor",
            ["my_drafts", "in_review", "changes_requested", "approved", "overdue"],
        ),
        (
            "superuser",
            [
                "awaiting_my_review",
                "my_drafts",
                "in_review",
                "changes_requested",
                "approved",
                "overdue",
            ],
        ),
    ],
)
def test_each_role_sees_the_sections_of_its_work(
    request, client, answers, role, expected
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(INDEX)

    assert shown_sections(response) == expected
    for key, title in SECTIONS.items():
        shown = f'id="dashboard-{key}"' in response.text
        assert shown == (key in expected), key
        assert (f">{title}</a>" in response.text) == shown, title


@pytest.mark.parametrize(
    ("role", "listed"),
    [
        ("reviewer", ["in_review", "overdue"]),
        ("editor", ["draft", "in_review", "changes_requested", "approved"]),
        ("managing_editor", ["in_review", "changes_requested", "approved", "overdue"]),
    ],
)
def test_sections_link_to_their_answers_and_nothing_else(
    request, client, answers, role, listed
):
    client.force_login(request.getfixturevalue(role))

    page = client.get(INDEX).text

    for name, answer in answers.items():
        assert links_to(page, answer) == (name in listed), name


def test_sections_show_their_counts(client, managing_editor, answers, editor, reviewer):
    make_approved(editor=editor, reviewer=reviewer)
    client.force_login(managing_editor)

    response = client.get(INDEX)

    counts = {section.key: section.count for section in response.context["dashboard"]}
    assert counts == {
        "my_drafts": 0,
        "in_review": 1,
        "changes_requested": 1,
        "approved": 2,
        "overdue": 1,
    }
    assert '<span class="dashboard-count">(2)</span>' in response.text


def test_overdue_answer_shows_when_its_review_was_due(client, reviewer, answers):
    client.force_login(reviewer)

    page = client.get(INDEX).text

    due = answers["overdue"].live.review_due_on.isoformat()
    assert f'<time datetime="{due}">{due}</time>' in page


def test_awaiting_my_review_leaves_out_answers_assigned_to_another_reviewer(
    client, editor, reviewer, other_reviewer, managing_editor
):
    mine = make_draft(editor=editor)
    workflow.submit(mine, user=managing_editor, reviewer=reviewer)
    theirs = make_draft(editor=editor)
    workflow.submit(theirs, user=managing_editor, reviewer=other_reviewer)
    unassigned = make_in_review(editor=editor)
    client.force_login(reviewer)

    page = client.get(INDEX).text

    assert review_url(mine) in page
    assert review_url(unassigned) in page
    assert not links_to(page, theirs)


def test_a_reviewer_s_queue_leads_to_the_review_screen_others_to_the_answer(
    client, editor, reviewer, managing_editor
):
    answer = make_in_review(editor=editor)

    client.force_login(reviewer)
    awaiting = client.get(section_url("awaiting_my_review")).text
    client.force_login(managing_editor)
    in_review = client.get(section_url("in_review")).text

    assert review_url(answer) in awaiting
    assert answer_url(answer) not in awaiting
    assert answer_url(answer) in in_review


def test_app_list_stays_below_the_dashboard(client, editor):
    client.force_login(editor)

    page = client.get(INDEX).text

    assert page.index("Changes requested") < page.index(
        reverse("admin:conditions_condition_changelist")
    )
    assert reverse("admin:articles_answer_changelist") in page


@pytest.mark.parametrize("role", ["member", None])
def test_members_and_visitors_are_sent_to_the_login_page(request, client, role):
    if role:
        client.force_login(request.getfixturevalue(role))

    for url in (INDEX, section_url("overdue")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


# Long lists: capped on the dashboard, in full on the section's page ---------------


def fill_lists(count: int, *, editor, reviewer) -> None:
    """``count`` more answers in each dashboard list: drafts and answers in
    review by ``editor``, unassigned."""
    for _ in range(count):
        make_draft(editor=editor)
        make_in_review(editor=editor)
        make_changes_requested(editor=editor, reviewer=reviewer)
        make_approved(editor=editor, reviewer=reviewer)
        make_overdue(editor=editor, reviewer=reviewer)


# How many of each role's lists ``fill_lists`` fills.
FILLED_SECTIONS = {"editor": 4, "reviewer": 2, "managing_editor": 4, "superuser": 5}


def test_dashboard_costs_the_same_with_1_and_22_answers_per_list(
    request, client, editor, reviewer, django_assert_max_num_queries
):
    # One arrangement for every role: filling the lists is the slow part.
    users = {role: request.getfixturevalue(role) for role in FILLED_SECTIONS}
    fill_lists(1, editor=editor, reviewer=reviewer)
    with_one = {}
    for role, user in users.items():
        client.force_login(user)
        with django_assert_max_num_queries(QUERY_BUDGET) as queries:
            client.get(INDEX)
        with_one[role] = len(queries.captured_queries)

    # Two past the 20 the dashboard shows of a list.
    fill_lists(21, editor=editor, reviewer=reviewer)

    for role, user in users.items():
        client.force_login(user)
        with django_assert_max_num_queries(QUERY_BUDGET) as queries:
            response = client.get(INDEX)
        assert len(queries.captured_queries) == with_one[role], role
        full = [section for section in response.context["dashboard"] if section.count]
        assert len(full) == FILLED_SECTIONS[role], role
        for section in full:
            assert (section.count, len(section.rows), section.more) == (22, 20, 2)
        assert response.text.count(">2 more</a>") == FILLED_SECTIONS[role]


def test_section_page_lists_every_answer_a_page_at_a_time(
    client, managing_editor, editor, reviewer, django_assert_max_num_queries
):
    answers = [make_approved(editor=editor, reviewer=reviewer) for _ in range(55)]
    client.force_login(managing_editor)

    with django_assert_max_num_queries(QUERY_BUDGET):
        first = client.get(section_url("approved"))
    second = client.get(section_url("approved"), {"p": 2})

    pages = first.text + second.text
    assert all(answer_url(answer) in pages for answer in answers)
    assert answer_url(answers[0]) in first.text
    assert answer_url(answers[-1]) in second.text
    assert "Page 1 of 2" in first.text
    assert "Approved, not yet published" in first.text


def test_section_page_is_refused_to_roles_it_is_not_for(client, editor):
    client.force_login(editor)

    assert client.get(section_url("overdue")).status_code == 403
    assert client.get(section_url("changes_requested")).status_code == 200
    assert client.get(section_url("nonsense")).status_code == 404


def test_reviewer_section_page_lists_only_what_awaits_them(
    client, editor, reviewer, other_reviewer, managing_editor
):
    theirs = make_draft(editor=editor)
    workflow.submit(theirs, user=managing_editor, reviewer=other_reviewer)
    unassigned = make_in_review(editor=editor)
    client.force_login(reviewer)

    page = client.get(section_url("awaiting_my_review")).text

    assert review_url(unassigned) in page
    assert not links_to(page, theirs)


def test_condition_of_each_answer_is_named(client, editor, reviewer):
    condition = factories.ConditionFactory(name="Parry-Romberg syndrome")
    make_approved(
        editor=editor,
        reviewer=reviewer,
        question=factories.QuestionFactory(condition=condition),
    )
    client.force_login(editor)

    page = client.get(INDEX).text

    assert "<td>Parry-Romberg syndrome</td>" in page


# Whose answers, and who has them ------------------------------------------------


def section_rows(response, key: str) -> list[dict]:
    sections = {section.key: section for section in response.context["dashboard"]}
    return sections[key].rows


def test_my_drafts_are_the_users_own_drafts(client, editor, other_editor, reviewer):
    mine = make_draft(editor=editor)
    theirs = make_draft(editor=other_editor)
    submitted = make_in_review(editor=editor)
    client.force_login(editor)

    response = client.get(INDEX)

    drafts = section_rows(response, "my_drafts")
    assert [row["url"] for row in drafts] == [answer_url(mine)]
    assert answer_url(theirs) not in response.text
    assert answer_url(submitted) not in [row["url"] for row in drafts]


def test_my_answers_in_review_say_which_reviewer_has_them(
    client, editor, other_editor, reviewer, managing_editor
):
    assigned = make_draft(editor=editor)
    workflow.submit(assigned, user=managing_editor, reviewer=reviewer)
    unassigned = make_in_review(editor=editor)
    not_mine = make_in_review(editor=other_editor)
    client.force_login(editor)

    response = client.get(INDEX)

    rows = section_rows(response, "my_in_review")
    assert [(row["url"], row["reviewer"]) for row in rows] == [
        (answer_url(assigned), reviewer.reviewer_profile.full_name),
        (answer_url(unassigned), ""),
    ]
    assert answer_url(not_mine) not in response.text
    section = response.text.split('id="dashboard-my_in_review"')[1]
    assert f"<td>{reviewer.reviewer_profile.full_name}</td>" in section
    assert "Awaiting a reviewer" in section


def test_managing_editors_see_every_answer_in_review_and_its_reviewer(
    client, editor, other_editor, reviewer, managing_editor
):
    assigned = make_draft(editor=editor)
    workflow.submit(assigned, user=managing_editor, reviewer=reviewer)
    unassigned = make_in_review(editor=other_editor)
    client.force_login(managing_editor)

    response = client.get(INDEX)

    rows = section_rows(response, "in_review")
    assert [(row["url"], row["reviewer"]) for row in rows] == [
        (answer_url(assigned), reviewer.reviewer_profile.full_name),
        (answer_url(unassigned), ""),
    ]


def test_reviewers_see_neither_drafts_nor_answers_in_review_by_others(
    client, editor, reviewer
):
    draft = make_draft(editor=editor)
    client.force_login(reviewer)

    response = client.get(INDEX)

    assert answer_url(draft) not in response.text
    assert client.get(section_url("my_drafts")).status_code == 403
    assert client.get(section_url("in_review")).status_code == 403


def test_section_page_of_my_drafts_lists_only_the_users_own(
    client, editor, other_editor
):
    mine = make_draft(editor=editor)
    theirs = make_draft(editor=other_editor)
    client.force_login(editor)

    page = client.get(section_url("my_drafts")).text

    assert answer_url(mine) in page
    assert answer_url(theirs) not in page
