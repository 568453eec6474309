"""Reviewer profiles, sign-offs and the audit trail in the admin."""

import pytest
from django.urls import reverse

from reviews import workflow
from reviews.models import AuditEntry, ReviewerProfile, SignOff
from tests import factories
from tests.helpers import make_approved, make_published, open_recertification
from tests.reviews.admin_data import registrations_data

pytestmark = pytest.mark.django_db

STAFF_ROLES = ["editor", "reviewer", "managing_editor", "superuser"]
PROFILES = reverse("admin:reviews_reviewerprofile_changelist")
ADD_PROFILE = reverse("admin:reviews_reviewerprofile_add")
USER_AUTOCOMPLETE = reverse("admin:reviews_reviewerprofile_user")


def admin_url(obj, view: str) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def profile_data(user, **changes) -> dict:
    data = {
        "user": user.pk,
        "full_name": "Dr Ada Lovelace",
        "credentials": "MD, PhD",
        "specialty": "Clinical genetics",
        "bio": "Consultant in clinical genetics.",
        "disclosures": "None declared.",
        "slug": "ada-lovelace",
        **registrations_data(),
    }
    data.update(changes)
    return data


# Reviewer profiles ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["managing_editor", "superuser"])
def test_managing_editor_adds_a_profile_for_a_medical_reviewer(request, client, role):
    new_reviewer = factories.ReviewerFactory(username="newdoc", profile=None)
    client.force_login(request.getfixturevalue(role))

    response = client.post(ADD_PROFILE, profile_data(new_reviewer))

    assert response.status_code == 302
    profile = ReviewerProfile.objects.get(user=new_reviewer)
    assert (profile.full_name, profile.slug) == ("Dr Ada Lovelace", "ada-lovelace")


def test_add_form_fills_the_slug_from_the_full_name(client, managing_editor):
    client.force_login(managing_editor)

    response = client.get(ADD_PROFILE)

    prepopulated = response.context["prepopulated_fields"]
    assert [
        (f["field"].name, [d.name for d in f["dependencies"]]) for f in prepopulated
    ] == [("slug", ["full_name"])]


def test_profile_belongs_only_to_someone_who_may_review(
    client, managing_editor, editor
):
    client.force_login(managing_editor)

    response = client.post(ADD_PROFILE, profile_data(editor))

    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not ReviewerProfile.objects.filter(user=editor).exists()


def test_profile_user_is_fixed_once_created(client, managing_editor, reviewer):
    profile = reviewer.reviewer_profile
    other = factories.ReviewerFactory(username="otherdoc", profile=None)
    client.force_login(managing_editor)

    response = client.post(
        admin_url(profile, "change"),
        profile_data(
            other,
            full_name="Dr Renamed",
            slug=profile.slug,
            **registrations_data(profile),
        ),
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.user, profile.full_name) == (reviewer, "Dr Renamed")


def test_user_autocomplete_offers_only_people_who_may_review(
    client, managing_editor, editor, reviewer
):
    factories.ReviewerFactory(username="dr-house", profile=None)
    client.force_login(managing_editor)

    everyone = client.get(USER_AUTOCOMPLETE).json()
    searched = client.get(USER_AUTOCOMPLETE, {"term": "hous"}).json()

    names = {result["text"] for result in everyone["results"]}
    assert {"reviewer", "dr-house"} <= names
    assert not names & {"editor", "managing"}
    assert [result["text"] for result in searched["results"]] == ["dr-house"]
    assert searched["pagination"] == {"more": False}


def test_add_form_uses_the_reviewer_autocomplete(client, managing_editor):
    client.force_login(managing_editor)

    page = client.get(ADD_PROFILE).text

    assert f'data-ajax--url="{USER_AUTOCOMPLETE}"' in page


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_others_view_profiles_but_cannot_add_or_change_them(
    request, client, role, other_reviewer
):
    profile = other_reviewer.reviewer_profile
    client.force_login(request.getfixturevalue(role))
    count = ReviewerProfile.objects.count()

    assert client.get(PROFILES).status_code == 200
    assert client.get(admin_url(profile, "change")).status_code == 200
    changed = client.post(
        admin_url(profile, "change"),
        profile_data(other_reviewer, full_name="Dr Changed", slug=profile.slug),
    )
    added = client.post(ADD_PROFILE, profile_data(other_reviewer, slug="new"))

    assert (changed.status_code, added.status_code) == (403, 403)
    assert client.get(USER_AUTOCOMPLETE).status_code == 403
    profile.refresh_from_db()
    assert profile.full_name != "Dr Changed"
    assert ReviewerProfile.objects.count() == count


def test_profiles_are_found_by_name_and_specialty(client, editor, reviewer):
    factories.ReviewerProfileFactory(full_name="Dr Grace Hopper", specialty="Neurology")
    client.force_login(editor)

    by_specialty = client.get(PROFILES, {"q": "neurol"}).text
    by_name = client.get(PROFILES, {"q": "grace"}).text

    for page in (by_specialty, by_name):
        assert "Dr Grace Hopper" in page
        assert reviewer.reviewer_profile.full_name not in page


# Sign-offs and the audit trail: read-only for everyone ---------------------------


@pytest.fixture
def sign_off(editor, reviewer):
    answer = make_approved(editor=editor, reviewer=reviewer)
    return SignOff.objects.get(answer=answer)


@pytest.fixture
def audit_entry(sign_off):
    return AuditEntry.objects.filter(answer=sign_off.answer).first()


def record(request, model_name):
    return request.getfixturevalue(
        {"signoff": "sign_off", "auditentry": "audit_entry"}[model_name]
    )


@pytest.mark.parametrize("model_name", ["signoff", "auditentry"])
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_read_the_review_record(request, client, role, model_name):
    obj = record(request, model_name)
    client.force_login(request.getfixturevalue(role))

    listing = client.get(reverse(f"admin:reviews_{model_name}_changelist"))
    detail = client.get(admin_url(obj, "change"))

    assert listing.status_code == detail.status_code == 200
    assert str(obj.answer.question) in listing.text
    assert 'name="action"' not in listing.text
    assert reverse(f"admin:reviews_{model_name}_add") not in listing.text
    assert 'type="submit"' not in detail.text.split('id="content-main"')[1]


@pytest.mark.parametrize("model_name", ["signoff", "auditentry"])
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_review_record_refuses_changes_from_everyone(request, client, role, model_name):
    obj = record(request, model_name)
    before = list(type(obj).objects.values())
    client.force_login(request.getfixturevalue(role))

    responses = [
        client.post(admin_url(obj, "change"), {"comment": "Rewritten."}),
        client.post(admin_url(obj, "delete"), {"post": "yes"}),
        client.post(reverse(f"admin:reviews_{model_name}_add"), {"comment": "New."}),
        client.post(
            reverse(f"admin:reviews_{model_name}_changelist"),
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        ),
    ]

    assert [response.status_code for response in responses[:3]] == [403, 403, 403]
    assert list(type(obj).objects.values()) == before


def test_sign_off_page_shows_what_was_signed(client, editor, sign_off):
    client.force_login(editor)

    page = client.get(admin_url(sign_off, "change")).text

    assert sign_off.fingerprint in page
    assert sign_off.reviewer_name in page
    assert f"Version {sign_off.version_id} of " in page
    assert reverse("admin:articles_answer_change", args=[sign_off.answer_id]) in page


def test_sign_offs_are_filtered_by_decision(client, editor, reviewer, other_reviewer):
    approved = make_published(editor=editor, reviewer=reviewer)
    open_recertification(approved)
    recertified = workflow.recertify(
        approved, shown=workflow.shown_text(approved), user=other_reviewer
    )
    client.force_login(editor)

    response = client.get(
        reverse("admin:reviews_signoff_changelist"), {"decision__exact": "recertify"}
    )

    assert list(response.context["cl"].result_list) == [recertified]


def test_record_of_a_deleted_answer_stays_listed(
    client, editor, reviewer, managing_editor, sign_off
):
    answer = sign_off.answer
    answer_id = answer.pk
    workflow.archive(answer, shown=workflow.shown_text(answer), user=managing_editor)
    answer.delete()
    client.force_login(managing_editor)

    sign_offs = client.get(reverse("admin:reviews_signoff_changelist")).text
    audit = client.get(reverse("admin:reviews_auditentry_changelist")).text
    detail = client.get(admin_url(sign_off, "change"))

    assert f"Deleted answer #{answer_id}" in sign_offs
    assert f"Deleted answer #{answer_id}" in audit
    assert detail.status_code == 200


@pytest.mark.parametrize("role", ["member", None])
@pytest.mark.parametrize("model_name", ["reviewerprofile", "signoff", "auditentry"])
def test_members_and_visitors_are_sent_to_the_login_page(
    request, client, role, model_name
):
    if role:
        client.force_login(request.getfixturevalue(role))

    response = client.get(reverse(f"admin:reviews_{model_name}_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
