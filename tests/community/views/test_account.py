"""/account/: declarations, own experiences, export and account deletion."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from community import moderation, selectors, services
from community.models import Declaration, Experience
from tests import factories
from tests.community.helpers import TEXT, approved, experiences_url, share

pytestmark = pytest.mark.django_db

ACCOUNT_URL = reverse("community:account")


def edit_url(experience):
    return reverse("community:experience_edit", kwargs={"pk": experience.pk})


def delete_url(experience):
    return reverse("community:experience_delete", kwargs={"pk": experience.pk})


# Who may open the account pages ---------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        ACCOUNT_URL,
        reverse("community:account_export"),
        reverse("community:account_delete"),
    ],
)
def test_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize(
    ("role", "status"), [("member", 200), ("editor", 403), ("reviewer", 403)]
)
def test_account_page_is_for_members(client, roles, role, status):
    client.force_login(roles[role])

    assert client.get(ACCOUNT_URL).status_code == status


@pytest.mark.parametrize("url_for", [edit_url, delete_url])
@pytest.mark.parametrize("role", ["other_member", "editor", "reviewer"])
def test_nobody_else_sees_edits_or_deletes_a_members_pending_experience(
    client, roles, member, published_question, url_for, role
):
    experience = share(published_question, member=member)
    client.force_login(roles[role])

    expected = 404 if role == "other_member" else 403
    assert client.get(url_for(experience)).status_code == expected
    assert (
        client.post(url_for(experience), {"text": TEXT + " Hijacked."}).status_code
        == expected
    )

    experience.refresh_from_db()
    assert experience.text == TEXT


def test_account_page_lists_own_experiences_in_every_state(
    client, member, other_member, editor, published_question
):
    mine = approved(
        published_question, member=member, editor=editor, text=TEXT + " Mine A."
    )
    share(published_question, member=member, text=TEXT + " Mine B.")
    share(published_question, member=other_member, text=TEXT + " Theirs.")
    client.force_login(member)

    html = client.get(ACCOUNT_URL).text

    assert "Mine A." in html and "Mine B." in html
    assert "Theirs." not in html
    assert "Awaiting moderation" in html and "Approved" in html
    assert f'href="{edit_url(mine)}"' in html


def test_member_changes_display_name(client, member, editor, published_question):
    approved(published_question, member=member, editor=editor)
    client.force_login(member)

    client.post(reverse("community:display_name"), {"display_name": "Robin"})
    refused = client.post(
        reverse("community:display_name"), {"display_name": "robin@example.org"}
    )

    assert "not an email address" in client.get(refused["Location"]).text
    # Shown beside an approved experience, the new name waits for a moderator.
    assert "Robin" not in client.get(experiences_url(published_question)).text
    moderation.approve_display_name(member.member_profile, user=editor)
    assert "Robin" in client.get(experiences_url(published_question)).text


# Declarations -----------------------------------------------------------------


def test_member_declares_and_withdraws_a_condition(client, member, published_question):
    condition = published_question.condition
    client.force_login(member)

    assert condition.name in client.get(ACCOUNT_URL).text
    client.post(reverse("community:declare"), {"condition": condition.pk})
    assert Declaration.objects.filter(member=member, condition=condition).exists()
    assert 'id="withdraw-' + condition.slug in client.get(ACCOUNT_URL).text

    client.post(
        reverse(
            "community:withdraw_declaration", kwargs={"condition_slug": condition.slug}
        )
    )
    assert not Declaration.objects.filter(member=member).exists()


def test_only_published_conditions_can_be_declared(client, member):
    hidden = factories.ConditionFactory()
    client.force_login(member)

    client.post(reverse("community:declare"), {"condition": hidden.pk})

    assert not Declaration.objects.exists()


# Editing and deleting own experiences ---------------------------------------------


def test_editing_an_approved_experience_hides_it_until_approved_again(
    client, member, editor, published_question
):
    experience = approved(published_question, member=member, editor=editor)
    client.force_login(member)

    response = client.post(edit_url(experience), {"text": TEXT + " Updated."})

    assert response.status_code == 302
    experience.refresh_from_db()
    assert experience.state == Experience.State.PENDING
    assert experience.text == TEXT + " Updated."
    assert "Updated." not in client.get(experiences_url(published_question)).text


def test_saving_unchanged_text_keeps_the_experience_shown(
    client, member, editor, published_question
):
    experience = approved(published_question, member=member, editor=editor)
    client.force_login(member)

    response = client.post(edit_url(experience), {"text": TEXT}, follow=True)

    assert "Nothing changed" in response.text
    experience.refresh_from_db()
    assert experience.state == Experience.State.APPROVED


def test_editing_keeps_to_the_length_limits(client, member, published_question):
    experience = share(published_question, member=member)
    client.force_login(member)

    response = client.post(edit_url(experience), {"text": "Short."})

    assert response.status_code == 200
    assert "too short" in response.text
    experience.refresh_from_db()
    assert experience.text == TEXT


def test_member_deletes_own_experience_after_confirming(
    client, member, editor, published_question
):
    experience = approved(published_question, member=member, editor=editor)
    client.force_login(member)

    assert "Delete your experience?" in client.get(delete_url(experience)).text
    assert Experience.objects.filter(pk=experience.pk).exists()
    client.post(delete_url(experience))

    assert not Experience.objects.filter(pk=experience.pk).exists()


# Export ---------------------------------------------------------------------------


def test_export_is_a_download_of_exactly_the_members_own_data(
    client, member, other_member, editor, published_question
):
    factories.MemberProfileFactory(user=member, display_name="Robin")
    factories.MemberProfileFactory(user=other_member, display_name="Alex")
    condition = published_question.condition
    services.declare_condition(member, condition=condition)
    services.declare_condition(other_member, condition=factories.ConditionFactory())
    mine = [
        approved(published_question, member=member, editor=editor, text=TEXT + " A."),
        share(published_question, member=member, text=TEXT + " B."),
    ]
    approved(published_question, member=other_member, editor=editor, text=TEXT + " C.")
    client.force_login(member)

    response = client.get(reverse("community:account_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert set(data) == {"account", "declarations", "experiences"}
    assert data["account"]["email"] == member.email
    assert data["account"]["display_name"] == "Robin"
    assert [d["condition_slug"] for d in data["declarations"]] == [condition.slug]
    assert sorted((e["id"], e["text"]) for e in data["experiences"]) == [
        (mine[0].pk, TEXT + " A."),
        (mine[1].pk, TEXT + " B."),
    ]
    exported = response.content.decode()
    for someone_elses in [" C.", "Alex", other_member.email, editor.username]:
        assert someone_elses not in exported


# Account deletion -------------------------------------------------------------------


def test_account_deletion_needs_the_password(client, member):
    client.force_login(member)

    response = client.post(reverse("community:account_delete"), {"password": "wrong"})

    assert response.status_code == 200
    assert "That is not your password" in response.text
    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_account_deletion_removes_the_member_and_lowers_the_counts(
    client, member, editor, published_question
):
    services.declare_condition(member, condition=published_question.condition)
    approved(published_question, member=member, editor=editor)
    client.force_login(member)

    response = client.post(
        reverse("community:account_delete"),
        {"password": "correct horse battery staple"},
    )

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not Experience.objects.exists() and not Declaration.objects.exists()
    counts = selectors.answer_page_counts(published_question)
    assert (counts["shared_count"], counts["living_with_count"]) == (0, 0)
    assert client.get(ACCOUNT_URL).status_code == 302
