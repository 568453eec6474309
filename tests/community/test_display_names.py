"""Display names cannot impersonate or abuse (issue 13, item 1).

Names are normalised (NFKC, without controls, bidirectional overrides and
zero-width characters), reserved names are refused (reviewers' and staff
members' full names, titles and post-nominals, roles, the site's name), and a
change to a name shown beside approved experiences waits for a moderator.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community import moderation, services
from community.models import MemberProfile
from tests import factories
from tests.community.helpers import approved, experiences_url

pytestmark = pytest.mark.django_db

PASSWORD = "a quiet garden path"


@pytest.fixture
def named_member(member):
    services.set_display_name(member, display_name="Robin")
    return member


def rename(client, member, name: str):
    client.force_login(member)
    return client.post(reverse("community:display_name"), {"display_name": name})


def stored_name(member) -> str:
    return MemberProfile.objects.get(user=member).display_name


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("\u202eRobin", "Robin"),  # right-to-left override
        ("Ro\u200bbin\u200d", "Robin"),  # zero-width space and joiner
        ("\u2066Robin\u2069 \ufeffLee", "Robin Lee"),  # isolates, byte-order mark
        ("Ｒｏｂｉｎ", "Robin"),  # full-width letters
        ("Robin \t  Lee", "Robin Lee"),
        ("Robin\x07", "Robin"),  # a control character
    ],
)
def test_display_names_are_normalised(client, named_member, typed, stored):
    rename(client, named_member, typed)

    assert stored_name(named_member) == stored


@pytest.mark.parametrize(
    "name",
    [
        "Dr Amara Osei, MD (medical reviewer)",
        "Dr Sam",
        "Doctor Sam",
        "Sam, MD",
        "Sam Lee M.D.",
        "Sam Lee, Ph.D.",
        "Nurse Sam RN",
        "Prof. Sam",
        "Sam (medical reviewer)",
        "Community moderator",
        "DiseaseMaps",
        "Disease Maps team",
        "D\u200br Sam",
        "Ｄｒ Sam",
    ],
)
def test_titles_roles_and_the_sites_name_are_refused(client, named_member, name):
    response = rename(client, named_member, name)

    page = client.get(response["Location"]).text
    assert "must not look like a member of our staff" in page
    assert stored_name(named_member) == "Robin"


def test_a_reviewers_and_a_staff_members_full_names_are_refused(
    client, named_member, reviewer, editor
):
    reviewer_name = reviewer.reviewer_profile.full_name.removeprefix("Dr ")
    editor_name = f"{editor.first_name} {editor.last_name}"

    for name in (reviewer_name, reviewer_name.upper(), f"{editor_name} here"):
        rename(client, named_member, name)
        assert stored_name(named_member) == "Robin", name


def test_a_name_with_nothing_visible_is_refused(client, named_member):
    rename(client, named_member, "\u200b\u202e\u3164")

    assert stored_name(named_member) == "Robin"


def test_sign_up_refuses_a_reserved_name(client):
    response = client.post(
        reverse("community:signup"),
        {
            "email": "sam@example.org",
            "display_name": "Dr Sam",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )

    assert "must not look like a member of our staff" in response.text
    assert not get_user_model().objects.filter(email="sam@example.org").exists()


def test_a_first_name_alone_is_not_reserved(client, named_member, editor):
    rename(client, named_member, editor.first_name)

    assert stored_name(named_member) == editor.first_name


# Held for moderation --------------------------------------------------------------


@pytest.fixture
def shown_member(named_member, published_question, editor):
    approved(published_question, member=named_member, editor=editor)
    return named_member


def test_a_new_name_beside_approved_experiences_waits_for_a_moderator(
    client, shown_member, published_question
):
    response = rename(client, shown_member, "Sam")

    account = client.get(response["Location"]).text
    assert "Your new name “Sam” will be shown once a moderator approves it" in account
    assert "waits for a moderator" in account
    client.logout()
    page = client.get(experiences_url(published_question)).text
    assert "Robin" in page
    assert "Sam" not in page


def test_an_approved_new_name_is_shown(
    client, shown_member, published_question, editor
):
    rename(client, shown_member, "Sam")
    client.force_login(editor)
    profile = shown_member.member_profile

    client.post(
        reverse("admin:community_memberprofile_changelist"),
        {"action": "approve_names", "_selected_action": [profile.pk]},
    )

    client.logout()
    page = client.get(experiences_url(published_question)).text
    assert "Sam" in page
    assert "Robin" not in page


def test_a_rejected_new_name_leaves_the_old_one(shown_member, editor):
    rename_to = services.set_display_name(shown_member, display_name="Sam")

    moderation.reject_display_name(rename_to, user=editor)

    profile = MemberProfile.objects.get(user=shown_member)
    assert (profile.display_name, profile.requested_display_name) == ("Robin", "")


def test_only_moderators_decide_on_names_and_never_their_own(
    shown_member, other_member, editor
):
    profile = services.set_display_name(shown_member, display_name="Sam")
    own = MemberProfile.objects.create(
        user=editor, display_name="Ed", requested_display_name="Eddie"
    )

    with pytest.raises(PermissionDenied):
        moderation.approve_display_name(profile, user=other_member)
    with pytest.raises(moderation.ModerationError, match="your own display name"):
        moderation.approve_display_name(own, user=editor)


def test_a_member_not_shown_anywhere_renames_at_once(client, named_member):
    rename(client, named_member, "Sam")

    assert stored_name(named_member) == "Sam"


def test_a_member_shown_without_a_profile_waits_for_a_moderator_too(
    published_question, editor
):
    member = factories.MemberFactory()
    approved(published_question, member=member, editor=editor)

    profile = services.set_display_name(member, display_name="Dr Who")

    assert profile.display_name == "A community member"
    assert profile.requested_display_name == "Dr Who"
