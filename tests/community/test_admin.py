"""The moderation queue in the admin."""

import pytest
from django.urls import reverse

from community.models import Experience
from tests import factories
from tests.community.helpers import TEXT, approved, experiences_url, share

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("admin:community_experience_changelist")


def change_url(experience):
    return reverse("admin:community_experience_change", args=[experience.pk])


def approve_url(experience):
    return reverse("admin:community_experience_approve", args=[experience.pk])


def reject_url(experience):
    return reverse("admin:community_experience_reject", args=[experience.pk])


def test_queue_lists_pending_experiences_by_default(
    client, member, other_member, editor, published_question
):
    share(published_question, member=member, text="Waiting. " + TEXT)
    approved(
        published_question, member=other_member, editor=editor, text="Done. " + TEXT
    )
    client.force_login(editor)

    queue = client.get(QUEUE_URL).text
    everything = client.get(QUEUE_URL + "?state=all").text

    assert "Moderate experiences" in queue
    assert "Waiting." in queue and "Done." not in queue
    assert "Waiting." in everything and "Done." in everything


def test_queue_never_shows_members_emails(client, member, editor, published_question):
    experience = share(published_question, member=member)
    client.force_login(editor)

    assert member.email not in client.get(QUEUE_URL).text
    assert member.email not in client.get(change_url(experience)).text


@pytest.mark.parametrize(("role", "status"), [("reviewer", 403), ("member", 302)])
def test_who_may_not_moderate_cannot_open_the_queue(client, roles, role, status):
    client.force_login(roles[role])

    assert client.get(QUEUE_URL).status_code == status


def test_moderator_sees_both_buttons_on_a_pending_experience(
    client, member, managing_editor, published_question
):
    experience = share(published_question, member=member, text=TEXT + " <b>bold</b>")
    client.force_login(managing_editor)

    html = client.get(change_url(experience)).text

    assert f'action="{approve_url(experience)}"' in html
    assert f'action="{reject_url(experience)}"' in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_approving_from_the_admin_publishes_the_experience(
    client,
    member,
    editor,
    published_question,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    experience = share(published_question, member=member)
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve_url(experience))

    assert response["Location"] == QUEUE_URL
    experience.refresh_from_db()
    assert experience.state == Experience.State.APPROVED
    assert len(mailoutbox) == 1
    assert TEXT in client.get(experiences_url(published_question)).text


def test_rejecting_without_a_reason_is_refused_with_a_message(
    client, member, editor, published_question
):
    experience = share(published_question, member=member)
    client.force_login(editor)

    response = client.post(reject_url(experience), {"reason": ""}, follow=True)

    experience.refresh_from_db()
    assert experience.state == Experience.State.PENDING
    assert "a reason" in response.text


def test_rejecting_with_a_reason_records_it(client, member, editor, published_question):
    experience = share(published_question, member=member)
    client.force_login(editor)

    client.post(reject_url(experience), {"reason": "Please remove the clinic's name."})

    experience.refresh_from_db()
    assert experience.state == Experience.State.REJECTED
    assert experience.rejection_reason == "Please remove the clinic's name."


def test_reviewer_cannot_post_a_decision(client, member, reviewer, published_question):
    experience = share(published_question, member=member)
    client.force_login(reviewer)

    assert client.post(approve_url(experience)).status_code == 403
    experience.refresh_from_db()
    assert experience.state == Experience.State.PENDING


def test_nobody_adds_or_edits_experiences_in_the_admin(
    client, member, superuser, published_question
):
    experience = share(published_question, member=member)
    client.force_login(superuser)

    assert client.get(reverse("admin:community_experience_add")).status_code == 403
    client.post(change_url(experience), {"text": TEXT + " Changed by staff."})

    experience.refresh_from_db()
    assert experience.text == TEXT
    assert factories.ExperienceFactory._meta.model.objects.count() == 1
