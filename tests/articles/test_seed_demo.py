import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import timezone

from articles.demo_content import USERS
from articles.models import TLDR_MAX_LENGTH, Answer, PublishedAnswer, Question
from community.models import Experience
from conditions.models import Condition
from reviews import answer_state
from reviews.models import AuditEntry, SignOff
from reviews.selectors import overdue_answers
from tests import factories

pytestmark = pytest.mark.django_db

DUMP_EXCLUDE = ["sessions", "contenttypes", "auth.permission", "admin.logentry"]
USERNAMES = [spec["username"] for spec in USERS]


@pytest.fixture(autouse=True)
def _debug_on(settings):
    """seed_demo runs only with DEBUG on, as under `make run`."""
    settings.DEBUG = True


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", exclude=DUMP_EXCLUDE, stdout=out)
    return out.getvalue()


def printed_passwords(output: str) -> dict[str, str]:
    passwords = {}
    for line in output.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] in USERNAMES:
            passwords[words[0]] = words[1]
    return passwords


@pytest.fixture
def first_output() -> str:
    return seed()


def test_second_run_changes_nothing_in_the_database(first_output):
    before = dump()

    second_output = seed()

    assert dump() == before
    assert "The demo content is already in place: nothing added." in second_output
    assert "The demo community is already in place: nothing added." in second_output


def test_the_dump_compared_between_runs_holds_the_community(first_output):
    before = dump()

    for model in ["memberprofile", "declaration", "experience"]:
        assert f'"model": "community.{model}"' in before


def test_first_run_prints_a_working_password_for_each_role_user(first_output):
    passwords = printed_passwords(first_output)

    assert sorted(passwords) == sorted(USERNAMES)
    for username, password in passwords.items():
        assert authenticate(username=username, password=password) is not None


def test_later_run_names_the_users_but_shows_no_password(first_output):
    second_output = seed()

    assert printed_passwords(second_output) == {}
    for username, password in printed_passwords(first_output).items():
        assert username in second_output
        assert password not in second_output
    assert "`DEBUG=1 manage.py seed_demo --reset-passwords`" in second_output


def test_reset_passwords_replaces_every_password(first_output):
    old = printed_passwords(first_output)

    new = printed_passwords(seed("--reset-passwords"))

    assert sorted(new) == sorted(USERNAMES)
    for username in USERNAMES:
        assert new[username] != old[username]
        assert authenticate(username=username, password=old[username]) is None
        assert authenticate(username=username, password=new[username]) is not None


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
def test_each_role_user_is_in_its_group(first_output, username, group, is_staff):
    user = get_user_model().objects.get(username=username)

    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert user.is_staff is is_staff
    assert not user.is_superuser
    assert user.email == f"{username}@example.org"


@pytest.mark.parametrize("username", ["reviewer", "reviewer2"])
def test_reviewers_have_a_full_public_profile(first_output, username):
    profile = get_user_model().objects.get(username=username).reviewer_profile

    assert all(
        [
            profile.full_name,
            profile.credentials,
            profile.specialty,
            profile.registration_number,
            profile.bio,
            profile.disclosures,
        ]
    )


def test_demo_content_is_complete_and_within_limits(first_output):
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


def test_demo_covers_every_working_state(first_output):
    states = Counter(Answer.objects.values_list("state", flat=True))

    assert states[Answer.State.PUBLISHED] >= 3
    assert states[Answer.State.DRAFT] >= 2
    assert states[Answer.State.IN_REVIEW] >= 2
    assert states[Answer.State.CHANGES_REQUESTED] == 1
    assert states[Answer.State.APPROVED] == 1


def test_exactly_one_answer_is_overdue_for_review(first_output):
    today = timezone.localdate()

    overdue = list(overdue_answers(today))

    assert len(overdue) == 1
    live = overdue[0].live
    assert live.review_due_on < today
    assert (today - live.last_review.signed_at.date()).days > 365


def test_a_recertified_answer_was_reviewed_after_it_was_last_updated(first_output):
    recertified = PublishedAnswer.objects.filter(
        last_review__decision=SignOff.Decision.RECERTIFY
    )

    assert recertified.count() == 1
    live = recertified.get()
    assert live.last_review.signed_at > live.text_changed_at
    assert live.review_due_on > timezone.localdate()


def test_a_published_answer_has_a_newer_draft_the_public_does_not_see(first_output):
    answer = Answer.objects.get(state=Answer.State.DRAFT, live__isnull=False)

    assert answer.tldr != answer.live.tldr
    assert answer.body.startswith(answer.live.body)
    assert answer.live.fingerprint != answer_state.current_fingerprint(answer)
    assert Question.objects.published().filter(answer=answer).exists()


def test_every_live_text_holds_an_approval_by_a_reviewer_who_did_not_write_it(
    first_output,
):
    lives = PublishedAnswer.objects.select_related("approval", "published_by")

    assert lives.count() >= 4
    for live in lives:
        assert live.approval.decision == SignOff.Decision.APPROVE
        assert live.approval.fingerprint == live.fingerprint
        assert live.approval.reviewer_profile is not None
        assert not live.written_by.filter(pk=live.approval.reviewer_id).exists()
        assert live.published_by.username == "editor"


def test_each_answer_state_was_reached_through_an_audited_transition(first_output):
    for answer in Answer.objects.all():
        last = AuditEntry.objects.filter(answer=answer).first()
        if last is None:
            assert answer.state == Answer.State.DRAFT
        else:
            assert last.to_state == answer.state, answer


def test_changes_requested_carries_the_reviewers_comment(first_output):
    answer = Answer.objects.get(state=Answer.State.CHANGES_REQUESTED)

    sign_off = SignOff.objects.get(answer=answer)

    assert sign_off.decision == SignOff.Decision.REQUEST_CHANGES
    assert sign_off.comment


def test_an_answer_in_review_is_assigned_to_a_reviewer(first_output):
    assigned = Answer.objects.filter(
        state=Answer.State.IN_REVIEW, reviewer__isnull=False
    )

    assert assigned.count() == 1
    assert assigned.get().reviewer.has_perm("articles.review_answer")


@pytest.mark.django_db(transaction=True)
def test_seeding_sends_no_email(mailoutbox):
    # A real transaction: the notifications run when the command's own commit
    # happens, as they do outside tests.
    seed()

    assert Answer.objects.filter(state=Answer.State.IN_REVIEW).exists()
    assert Experience.objects.exclude(state=Experience.State.PENDING).exists()
    assert mailoutbox == []


def test_existing_condition_is_kept_and_its_questions_added():
    factories.ConditionFactory(
        name="Marfan syndrome (ours)", slug="marfan-syndrome", summary="Our words."
    )

    seed()

    condition = Condition.objects.get(slug="marfan-syndrome")
    assert condition.summary == "Our words."
    assert condition.questions.count() >= 3


def test_a_user_lacking_their_role_stops_the_seed_and_nothing_is_kept():
    factories.MemberFactory(username="editor")

    with pytest.raises(CommandError, match="could not be built"):
        seed()

    assert not Condition.objects.exists()
    assert not get_user_model().objects.filter(username="reviewer").exists()


def test_refuses_to_run_without_debug_and_creates_nobody(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="runs only with DEBUG on") as error:
        seed()

    assert "\n" not in str(error.value)
    assert not get_user_model().objects.filter(username__in=USERNAMES).exists()
    assert not Condition.objects.exists()


def test_without_debug_exits_non_zero_with_one_line(settings, capsys):
    settings.DEBUG = False

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "seed_demo"])

    assert exit_.value.code != 0
    assert capsys.readouterr().err.strip().splitlines() == [
        "CommandError: seed_demo creates demo users and runs only with DEBUG on "
        "(DEBUG=1): it must never run on a production site."
    ]
