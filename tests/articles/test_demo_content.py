"""What the demo that seed_demo loads holds: its people, content and history.

Every test here reads one demo, seeded once for the module (``seeded_demo``).
"""

import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from articles.models import TLDR_MAX_LENGTH, Answer, PublishedAnswer, Question
from conditions.models import Condition
from core import clock
from reviews import answer_state
from reviews.models import AuditEntry, SignOff
from reviews.registrations import registrations_expiring
from reviews.selectors import overdue_answers, public_history

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "group", "is_staff"),
    [
        ("editor", "Editors", True),
        ("reviewer", "Medical reviewers", True),
        ("reviewer2", "Medical reviewers", True),
        ("managing-editor", "Managing editors", True),
        ("member", "Members", False),
    ],
)
def test_each_role_user_is_in_its_group(seeded_demo, username, group, is_staff):
    user = get_user_model().objects.get(username=username)

    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert user.is_staff is is_staff
    assert not user.is_superuser
    assert user.email == f"{username}@example.org"


@pytest.mark.parametrize("username", ["reviewer", "reviewer2"])
def test_reviewers_have_a_full_public_profile(seeded_demo, username):
    profile = get_user_model().objects.get(username=username).reviewer_profile

    assert all(
        [
            profile.full_name,
            profile.credentials,
            profile.specialty,
            profile.registrations.get().number,
            profile.bio,
            profile.disclosures,
        ]
    )


def test_demo_content_is_complete_and_within_limits(seeded_demo):
    conditions = Condition.objects.all()
    assert conditions.count() >= 3
    assert all(condition.other_names_list for condition in conditions)
    assert Question.objects.count() >= 12
    for answer in Answer.objects.prefetch_related("references"):
        assert 0 < len(answer.tldr) <= TLDR_MAX_LENGTH, answer
        assert answer.body.count("\n\n") >= 2, answer
        references = list(answer.references.all())
        assert 1 <= len(references) <= 4, answer
        assert all(reference.title and reference.source for reference in references)


def test_demo_covers_every_working_state(seeded_demo):
    states = Counter(Answer.objects.values_list("state", flat=True))

    assert states[Answer.State.PUBLISHED] >= 3
    assert states[Answer.State.DRAFT] >= 2
    assert states[Answer.State.IN_REVIEW] >= 2
    assert states[Answer.State.CHANGES_REQUESTED] == 1
    assert states[Answer.State.APPROVED] == 1


def test_exactly_one_answer_is_overdue_for_review(seeded_demo):
    today = timezone.localdate()

    overdue = list(overdue_answers(today))

    assert len(overdue) == 1
    live = overdue[0].live
    assert live.review_due_on < today
    assert (today - live.last_review.signed_at.date()).days > 365


def test_recertified_answers_were_reviewed_after_they_were_last_updated(seeded_demo):
    recertified = PublishedAnswer.objects.filter(
        last_review__decision=SignOff.Decision.RECERTIFY
    )

    # One is due for review again in the future, the other is overdue.
    assert recertified.count() == 2
    for live in recertified:
        assert live.last_review.signed_at > live.text_changed_at
    assert sorted(
        live.review_due_on > timezone.localdate() for live in recertified
    ) == [
        False,
        True,
    ]


def test_a_published_answer_has_a_newer_draft_the_public_does_not_see(seeded_demo):
    answer = Answer.objects.get(state=Answer.State.DRAFT, live__isnull=False)

    assert answer.tldr != answer.live.tldr
    assert answer.body.startswith(answer.live.body)
    assert answer.live.fingerprint != answer_state.current_fingerprint(answer)
    assert Question.objects.published().filter(answer=answer).exists()


def test_every_live_text_holds_an_approval_by_a_reviewer_who_did_not_write_it(
    seeded_demo,
):
    lives = PublishedAnswer.objects.select_related("approval", "published_by")

    assert lives.count() >= 4
    for live in lives:
        assert live.approval.decision == SignOff.Decision.APPROVE
        assert live.approval.fingerprint == live.fingerprint
        assert live.approval.reviewer_profile is not None
        assert not live.written_by.filter(pk=live.approval.reviewer_id).exists()
        # The managing editor published the correction.
        expected = "managing-editor" if live.is_correction else "editor"
        assert live.published_by.username == expected


def test_each_answer_state_was_reached_through_an_audited_transition(seeded_demo):
    for answer in Answer.objects.all():
        last = AuditEntry.objects.filter(answer=answer).first()
        if last is None:
            assert answer.state == Answer.State.DRAFT
        else:
            assert last.to_state == answer.state, answer


def test_changes_requested_carries_the_reviewers_comment(seeded_demo):
    answer = Answer.objects.get(state=Answer.State.CHANGES_REQUESTED)

    sign_off = SignOff.objects.get(answer=answer)

    assert sign_off.decision == SignOff.Decision.REQUEST_CHANGES
    assert sign_off.comment


def test_an_answer_in_review_is_assigned_to_a_reviewer(seeded_demo):
    assigned = Answer.objects.filter(
        state=Answer.State.IN_REVIEW, reviewer__isnull=False
    )

    assert assigned.count() == 1
    assert assigned.get().reviewer.has_perm("articles.review_answer")


def test_the_demo_has_an_answer_with_a_full_public_review_history(seeded_demo):
    answer = Answer.objects.get(question__slug="what-causes-parry-romberg-syndrome")
    history = public_history(answer.pk)

    # Three publications (the latest a correction), then a re-certification.
    assert [line.kind for line in history] == [
        "reviewed",
        "correction",
        "updated",
        "updated",
    ]
    assert history[1].note.startswith("Corrected how long the active phase")
    assert answer.live.is_review_overdue(as_of=clock.today())


def test_one_demo_reviewer_has_a_registration_expiring_within_30_days(seeded_demo):
    soon = registrations_expiring(as_of=timezone.localdate())
    assert [registration.profile.slug for registration in soon] == ["jonas-lindqvist"]
    out = io.StringIO()
    call_command("check_reviews", "--dry-run", stdout=out)
    assert "Registration expiring: Dr Jonas Lindqvist" in out.getvalue()
