"""What the community's writes do to cached pages: they refresh the pages that
show the member, and only those.

A visitor's page is cached once rendered; ``rendered`` asserts that the view
ran again, ``from_cache`` that the page cache served the stored page.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import moderation, services
from tests import factories
from tests.community.helpers import approved
from tests.diseasemaps.html_checks import page_text
from tests.diseasemaps.pages import from_cache, public_page_urls, rendered
from tests.helpers import make_published

pytestmark = pytest.mark.django_db

CONDITION = "Alport syndrome"
SHARED_TEXT = (
    "Since my diagnosis I keep a notebook of every appointment, and it has "
    "made talking to new doctors much easier."
)
ONE_SHARED = (
    f"1 person with {CONDITION} has shared their first-person experience on "
    "this question."
)
NONE_SHARED = (
    f"0 people with {CONDITION} have shared their first-person experience on "
    "this question."
)
ONE_LIVING = f"1 individual living with {CONDITION} is part of the community."
NONE_LIVING = f"0 individuals living with {CONDITION} are part of the community."
PASSWORD = "correct horse battery staple"


@pytest.fixture
def answer(editor, reviewer):
    condition = factories.ConditionFactory(name=CONDITION, slug="alport-syndrome")
    question = factories.QuestionFactory(condition=condition, slug="cause")
    return make_published(editor=editor, reviewer=reviewer, question=question)


@pytest.fixture
def other_answer(editor, reviewer):
    condition = factories.ConditionFactory(name="Fabry disease", slug="fabry-disease")
    question = factories.QuestionFactory(condition=condition, slug="treatment")
    return make_published(editor=editor, reviewer=reviewer, question=question)


@pytest.fixture
def urls(answer, reviewer):
    return public_page_urls(answer, reviewer)


@pytest.fixture
def other_urls(other_answer, reviewer):
    return public_page_urls(other_answer, reviewer)


@pytest.fixture
def shown_member(answer, other_answer, member, editor):
    """A member named beside an approved experience on the first condition's
    question, counted as living with both conditions."""
    services.set_display_name(member, display_name="Robin")
    for shown in (answer, other_answer):
        services.declare_condition(member, condition=shown.question.condition)
    approved(answer.question, member=member, editor=editor, text=SHARED_TEXT)
    return member


def signed_in(user) -> Client:
    """A browser of its own, so that the visitor's pages stay cacheable."""
    browser = Client()
    browser.force_login(user)
    return browser


def cache(client, *urls) -> None:
    for url in urls:
        rendered(client, url)


# Display names ----------------------------------------------------------------------


def rename_through_the_service(member, display_name: str) -> None:
    services.set_display_name(member, display_name=display_name)


def rename_on_the_account_page(member, display_name: str) -> None:
    response = signed_in(member).post(
        reverse("community:display_name"), {"display_name": display_name}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "rename", [rename_through_the_service, rename_on_the_account_page]
)
def test_a_display_name_change_refreshes_only_the_pages_that_show_it(
    client, urls, other_urls, shown_member, editor, rename
):
    elsewhere = [
        urls["home"],
        urls["index"],
        urls["reviewer"],
        other_urls["condition"],
        other_urls["answer"],
        other_urls["experiences"],
    ]
    cache(client, urls["experiences"], urls["answer"], *elsewhere)

    rename(shown_member, "Sam")
    # The new name waits for a moderator: the pages keep showing the old one.
    assert b"Robin" in from_cache(client, urls["experiences"]).content
    moderation.approve_display_name(shown_member.member_profile, user=editor)

    experiences = rendered(client, urls["experiences"]).content
    assert b"Sam" in experiences and b"Robin" not in experiences
    rendered(client, urls["answer"])
    for url in elsewhere:
        from_cache(client, url)


# Deactivation and deletion ----------------------------------------------------------


def user_form_data(user, **changes) -> dict:
    """The admin's change form of ``user`` as loaded now, with ``changes``; a
    false boolean is left out, as a browser leaves out an unticked box."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": joined.date().isoformat(),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        "_save": "Save",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def deactivate_in_the_admin(member, *, superuser) -> None:
    response = signed_in(superuser).post(
        reverse("admin:auth_user_change", args=[member.pk]),
        user_form_data(member, is_active=False),
    )
    assert response.status_code == 302, response.context["errors"]
    member.refresh_from_db()
    assert not member.is_active


def delete_in_the_admin(member, *, superuser) -> None:
    response = signed_in(superuser).post(
        reverse("admin:auth_user_delete", args=[member.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not type(member).objects.filter(pk=member.pk).exists()


def delete_selected_in_the_admin(member, *, superuser) -> None:
    response = signed_in(superuser).post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [member.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not type(member).objects.filter(pk=member.pk).exists()


def delete_own_account(member, *, superuser) -> None:
    response = signed_in(member).post(
        reverse("community:account_delete"), {"password": PASSWORD}
    )
    assert response.status_code == 302
    assert not type(member).objects.filter(pk=member.pk).exists()


@pytest.mark.parametrize(
    "remove",
    [
        deactivate_in_the_admin,
        delete_in_the_admin,
        delete_selected_in_the_admin,
        delete_own_account,
    ],
)
def test_a_member_taken_away_leaves_the_cached_pages_that_showed_them(
    client, urls, other_urls, shown_member, superuser, remove
):
    shown = [urls["experiences"], urls["answer"], urls["condition"]]
    shown_elsewhere = [other_urls["answer"], other_urls["condition"]]
    cache(client, *shown, *shown_elsewhere, urls["home"])
    assert SHARED_TEXT.encode() in from_cache(client, urls["experiences"]).content
    assert ONE_SHARED in page_text(from_cache(client, urls["answer"]).content)
    assert ONE_LIVING in page_text(from_cache(client, urls["condition"]).content)

    remove(shown_member, superuser=superuser)

    assert SHARED_TEXT.encode() not in rendered(client, urls["experiences"]).content
    answer_page = page_text(rendered(client, urls["answer"]).content)
    assert NONE_SHARED in answer_page and NONE_LIVING in answer_page
    assert NONE_LIVING in page_text(rendered(client, urls["condition"]).content)
    for url in shown_elsewhere:
        assert "0 individuals living with Fabry disease" in page_text(
            rendered(client, url).content
        )
    from_cache(client, urls["home"])


def test_reactivating_a_member_in_the_admin_brings_back_what_showed_them(
    client, urls, shown_member, superuser
):
    deactivate_in_the_admin(shown_member, superuser=superuser)
    cache(client, urls["experiences"], urls["condition"])

    response = signed_in(superuser).post(
        reverse("admin:auth_user_change", args=[shown_member.pk]),
        user_form_data(shown_member, is_active=True),
    )
    assert response.status_code == 302

    assert SHARED_TEXT.encode() in rendered(client, urls["experiences"]).content
    assert ONE_LIVING in page_text(rendered(client, urls["condition"]).content)


def test_other_changes_to_an_account_leave_the_cached_pages_in_place(
    client, urls, shown_member, superuser
):
    cache(client, urls["experiences"], urls["answer"], urls["condition"])

    response = signed_in(superuser).post(
        reverse("admin:auth_user_change", args=[shown_member.pk]),
        user_form_data(shown_member, email="robin@example.net", first_name="Rob"),
    )
    assert response.status_code == 302

    for page in ("experiences", "answer", "condition"):
        from_cache(client, urls[page])
