"""The condition admin: search, editor, review interval rights, deletion."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from conditions.models import Condition
from core.clock import recorded_at
from reviews import services
from tests import factories
from tests.helpers import make_draft, make_published

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:conditions_condition_changelist")
ADD = reverse("admin:conditions_condition_add")


def change_url(condition) -> str:
    return reverse("admin:conditions_condition_change", args=[condition.pk])


def delete_url(condition) -> str:
    return reverse("admin:conditions_condition_delete", args=[condition.pk])


def form_data(condition=None, **changes) -> dict:
    data = {
        "name": condition.name if condition else "Parry-Romberg syndrome",
        "slug": condition.slug if condition else "parry-romberg-syndrome",
        "other_names": condition.other_names if condition else "",
        "summary": condition.summary if condition else "",
        "icd10_code": condition.icd10_code if condition else "",
        "orpha_code": condition.orpha_code if condition else "",
        "extra_disclaimer": condition.extra_disclaimer if condition else "",
        "review_interval_months": (condition.review_interval_months or "")
        if condition
        else "",
    }
    data.update(changes)
    return data


def published_in_january(*, editor, reviewer):
    with recorded_at(timezone.make_aware(datetime.datetime(2024, 1, 15, 10, 0))):
        return make_published(editor=editor, reviewer=reviewer)


# Finding and writing conditions -----------------------------------------------


@pytest.mark.parametrize(
    "term", ["hemifacial", "M34.8", "1214", "Parry-Romberg", "parry-romberg-syn"]
)
def test_conditions_are_found_by_name_other_names_and_codes(client, editor, term):
    factories.ConditionFactory(
        name="Parry-Romberg syndrome",
        slug="parry-romberg-syndrome",
        other_names="Progressive hemifacial atrophy",
        icd10_code="M34.8",
        orpha_code="ORPHA:1214",
    )
    factories.ConditionFactory(name="Moebius syndrome", other_names="")
    client.force_login(editor)

    page = client.get(CHANGELIST, {"q": term}).text

    assert "Parry-Romberg syndrome" in page
    assert "Moebius syndrome" not in page


def test_add_form_fills_the_slug_from_the_name_and_edits_the_summary_in_markdownx(
    client, editor
):
    client.force_login(editor)

    response = client.get(ADD)

    prepopulated = response.context["prepopulated_fields"]
    assert [
        (f["field"].name, [d.name for d in f["dependencies"]]) for f in prepopulated
    ] == [("slug", ["name"])]
    assert 'class="markdownx' in response.text
    assert 'data-markdownx-urls-path="/markdownx/markdownify/"' in response.text


def test_editor_adds_a_condition_and_it_is_versioned(client, editor):
    client.force_login(editor)

    response = client.post(ADD, form_data(summary="A *rare* condition."))

    assert response.status_code == 302
    condition = Condition.objects.get(slug="parry-romberg-syndrome")
    assert condition.summary == "A *rare* condition."
    assert Version.objects.get_for_object(condition).get().revision.user == editor


# The review interval ------------------------------------------------------------


def test_editor_sees_the_interval_but_cannot_change_it(client, editor, reviewer):
    answer = published_in_january(editor=editor, reviewer=reviewer)
    condition = answer.question.condition
    client.force_login(editor)

    page = client.get(change_url(condition)).text
    response = client.post(
        change_url(condition),
        form_data(condition, name="Renamed syndrome", review_interval_months=3),
    )

    assert 'name="review_interval_months"' not in page
    assert "12 months (default)" in page
    assert response.status_code == 302
    condition.refresh_from_db()
    answer.live.refresh_from_db()
    assert condition.name == "Renamed syndrome"
    assert condition.review_interval_months is None
    assert answer.live.review_due_on == datetime.date(2025, 1, 15)


@pytest.mark.parametrize("role", ["managing_editor", "superuser"])
def test_managing_editor_sets_the_interval_and_live_answers_follow(
    request, client, role, editor, reviewer
):
    answer = published_in_january(editor=editor, reviewer=reviewer)
    condition = answer.question.condition
    client.force_login(request.getfixturevalue(role))

    page = client.get(change_url(condition)).text
    response = client.post(
        change_url(condition), form_data(condition, review_interval_months=6)
    )

    assert 'name="review_interval_months"' in page
    assert response.status_code == 302
    condition.refresh_from_db()
    answer.live.refresh_from_db()
    assert condition.review_interval_months == 6
    assert answer.live.review_due_on == datetime.date(2024, 7, 15)


def test_interval_out_of_range_is_refused_in_the_form(
    client, managing_editor, editor, reviewer
):
    condition = published_in_january(
        editor=editor, reviewer=reviewer
    ).question.condition
    client.force_login(managing_editor)

    response = client.post(
        change_url(condition), form_data(condition, review_interval_months=61)
    )

    assert response.status_code == 200
    assert "review_interval_months" in response.context["adminform"].form.errors
    condition.refresh_from_db()
    assert condition.review_interval_months is None


def test_editor_cannot_revert_to_a_version_with_another_interval(
    client, editor, reviewer, managing_editor
):
    answer = published_in_january(editor=editor, reviewer=reviewer)
    condition = answer.question.condition
    services.set_review_interval(condition, user=managing_editor, months=6)
    old = Version.objects.get_for_object(condition).get()
    services.set_review_interval(condition, user=managing_editor, months=3)
    revision = reverse(
        "admin:conditions_condition_revision", args=[condition.pk, old.pk]
    )
    client.force_login(editor)

    response = client.post(revision, form_data(condition), follow=True)

    assert "which only a managing editor can restore" in response.text
    condition.refresh_from_db()
    answer.live.refresh_from_db()
    assert condition.review_interval_months == 3
    assert answer.live.review_due_on == datetime.date(2024, 4, 15)


def test_managing_editor_revert_moves_the_live_answers_too(
    client, editor, reviewer, managing_editor
):
    answer = published_in_january(editor=editor, reviewer=reviewer)
    condition = answer.question.condition
    services.set_review_interval(condition, user=managing_editor, months=6)
    old = Version.objects.get_for_object(condition).get()
    services.set_review_interval(condition, user=managing_editor, months=3)
    revision = reverse(
        "admin:conditions_condition_revision", args=[condition.pk, old.pk]
    )
    client.force_login(managing_editor)

    response = client.post(revision, form_data(condition, review_interval_months=6))

    assert response.status_code == 302
    condition.refresh_from_db()
    answer.live.refresh_from_db()
    assert condition.review_interval_months == 6
    assert answer.live.review_due_on == datetime.date(2024, 7, 15)


# Who may do what ------------------------------------------------------------------


def test_reviewer_may_view_conditions_but_not_change_or_add_them(client, reviewer):
    condition = factories.ConditionFactory()
    client.force_login(reviewer)

    assert client.get(CHANGELIST).status_code == 200
    assert client.get(change_url(condition)).status_code == 200
    assert (
        client.post(change_url(condition), form_data(condition, name="X")).status_code
        == 403
    )
    assert client.post(ADD, form_data()).status_code == 403

    condition.refresh_from_db()
    assert condition.name != "X"
    assert not Condition.objects.filter(slug="parry-romberg-syndrome").exists()


@pytest.mark.parametrize("role", ["member", None])
def test_members_and_visitors_are_sent_to_the_login_page(request, client, role):
    condition = factories.ConditionFactory()
    if role:
        client.force_login(request.getfixturevalue(role))

    for url in (CHANGELIST, change_url(condition), ADD):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_editor_cannot_delete_conditions(client, editor):
    condition = factories.ConditionFactory()
    client.force_login(editor)

    response = client.post(delete_url(condition), {"post": "yes"})

    assert response.status_code == 403
    assert Condition.objects.filter(pk=condition.pk).exists()


def test_condition_with_published_answers_cannot_be_deleted(
    client, editor, reviewer, managing_editor
):
    condition = make_published(editor=editor, reviewer=reviewer).question.condition
    client.force_login(managing_editor)

    page = client.get(change_url(condition)).text
    response = client.post(delete_url(condition), {"post": "yes"})
    bulk = client.post(
        CHANGELIST,
        {
            "action": "delete_selected",
            "_selected_action": [condition.pk],
            "post": "yes",
        },
    )

    assert delete_url(condition) not in page
    assert response.status_code == 403
    assert "has published answers, so it cannot be deleted" in bulk.text
    assert Condition.objects.filter(pk=condition.pk).exists()


def test_managing_editor_deletes_a_condition_without_published_answers(
    client, editor, managing_editor
):
    condition = make_draft(editor=editor).question.condition
    client.force_login(managing_editor)

    response = client.post(delete_url(condition), {"post": "yes"})

    assert response.status_code == 302
    assert not Condition.objects.filter(pk=condition.pk).exists()
