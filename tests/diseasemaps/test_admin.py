"""The editorial admin as people meet it: the site's name, readable lists,
labelled forms and valid dates (the browser tests check the rest with axe and
the Nu HTML Checker)."""

import re

import pytest
from django.urls import reverse

from reviews import workflow
from tests import factories
from tests.articles.admin_data import answer_change_url
from tests.helpers import make_draft, make_published, open_recertification

pytestmark = pytest.mark.django_db

REFERENCE_FIELDS = ("title", "source", "year", "url", "doi", "pmid", "position")
TIME_ELEMENT = re.compile(r'<time datetime="([^"]*)"')
# A date, or a moment to the second with its offset: no microseconds.
VALID_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$")


def test_admin_pages_carry_the_site_name_not_djangos(client, editor):
    client.force_login(editor)

    page = client.get(reverse("admin:index")).text

    assert "<title>Editorial dashboard | DiseaseMaps editorial</title>" in page
    assert ">DiseaseMaps editorial</a>" in page
    assert "Django administration" not in page
    assert "css/admin.css" in page


def test_answer_list_names_the_reviewer_and_when_review_is_due(
    client, editor, reviewer, managing_editor
):
    assigned = make_draft(editor=editor)
    workflow.submit(assigned, user=managing_editor, reviewer=reviewer)
    published = make_published(editor=editor, reviewer=reviewer)
    client.force_login(editor)

    page = client.get(reverse("admin:articles_answer_changelist")).text

    headers = re.findall(r'<th scope="col"\s+class="[^"]*column-(\w+)', page)
    assert headers == [
        "question",
        "condition",
        "state",
        "reviewer_name",
        "on_site",
        "review_due_on",
    ]
    assert (
        f'<td class="field-reviewer_name">{reviewer.reviewer_profile.full_name}' in page
    )
    assert published.live.review_due_on.strftime("%Y") in page


def test_hidden_edit_count_has_no_label(client, editor, draft_answer):
    client.force_login(editor)

    page = client.get(answer_change_url(draft_answer)).text

    assert 'type="hidden" name="edit_count"' in page
    assert 'for="id_edit_count"' not in page


def test_every_reference_field_has_a_label(client, editor):
    references = [{"title": f"Study {n}", "year": 2000 + n} for n in range(2)]
    answer = make_draft(editor=editor, references=references)
    client.force_login(editor)

    page = client.get(answer_change_url(answer)).text

    for row in ("0", "1", "2", "__prefix__"):
        for name in REFERENCE_FIELDS:
            label = rf'<label[^>]* for="id_references-{row}-{name}"'
            assert re.search(label, page), (row, name)


def test_times_in_the_answer_pages_are_valid_html(client, editor, reviewer):
    answer = make_published(editor=editor, reviewer=reviewer)
    open_recertification(answer)
    workflow.recertify(answer, shown=workflow.shown_text(answer), user=reviewer)
    client.force_login(editor)

    pages = [
        client.get(answer_change_url(answer)).text,
        client.get(reverse("admin:articles_answer_history", args=[answer.pk])).text,
        client.get(
            reverse("admin:articles_question_history", args=[answer.question_id])
        ).text,
    ]

    for page in pages:
        values = TIME_ELEMENT.findall(page)
        assert values
        assert all(VALID_DATETIME.match(value) for value in values), values


def test_question_search_on_a_new_answer_is_named_and_holds_an_option(client, editor):
    client.force_login(editor)

    page = client.get(reverse("admin:articles_answer_add")).text

    assert 'data-placeholder="Search questions"' in page
    assert '<option value="">Search questions</option>' in page
    assert "core/autocomplete_names.js" in page


def test_account_page_has_only_labelled_controls_and_valid_html(client, superuser):
    member = factories.MemberFactory()
    client.force_login(superuser)

    page = client.get(reverse("admin:auth_user_change", args=[member.pk])).text

    assert "<div disabled" not in page
    assert 'id="id_last_login_0"' not in page
    assert "selectfilter" not in page
    assert '<label for="id_groups">' in page


def test_account_password_stays_unchangeable_from_the_form(client, superuser):
    member = factories.MemberFactory()
    password = member.password
    client.force_login(superuser)
    url = reverse("admin:auth_user_change", args=[member.pk])

    client.post(
        url,
        {
            "username": member.username,
            "password": "plain text",
            "is_active": "on",
            "date_joined_0": "2020-01-01",
            "date_joined_1": "00:00:00",
        },
    )

    member.refresh_from_db()
    assert member.password == password
