"""The check_reviews command: lists overdue answers and reminds their reviewers."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import timezone

from core import clock
from reviews import workflow
from tests import factories
from tests.helpers import grant_review_directly, make_draft, make_published

pytestmark = pytest.mark.django_db

AS_OF = "2024-06-01"


def moment(year, month, day):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


def published_on(day, *, editor, reviewer, condition_name=None, question_text=None):
    condition = factories.ConditionFactory(
        **({"name": condition_name} if condition_name else {})
    )
    question = factories.QuestionFactory(
        condition=condition, **({"text": question_text} if question_text else {})
    )
    with clock.recorded_at(moment(*day)):
        return make_published(editor=editor, reviewer=reviewer, question=question)


def run(*args) -> str:
    out = StringIO()
    call_command("check_reviews", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def overdue(editor, reviewer, other_reviewer):
    """Two answers overdue on 2024-06-01, one due later, one recertified in time."""
    first = published_on(
        (2023, 1, 10),
        editor=editor,
        reviewer=reviewer,
        condition_name="Parry-Romberg syndrome",
        question_text="What causes Parry-Romberg syndrome?",
    )
    second = published_on(
        (2023, 3, 1),
        editor=editor,
        reviewer=other_reviewer,
        condition_name="Moebius syndrome",
        question_text="How is Moebius syndrome diagnosed?",
    )
    published_on((2023, 9, 1), editor=editor, reviewer=reviewer)
    recertified = published_on((2023, 1, 1), editor=editor, reviewer=reviewer)
    with clock.recorded_at(moment(2024, 2, 1)):
        workflow.recertify(
            recertified, shown=workflow.shown_text(recertified), user=other_reviewer
        )
    return [first, second]


def test_lists_each_overdue_answer_with_condition_question_reviewer_and_due_date(
    overdue, reviewer, other_reviewer
):
    output = run("--as-of", AS_OF)

    lines = output.splitlines()
    first_reviewer = overdue[0].live.last_review.reviewer_name
    second_reviewer = overdue[1].live.last_review.reviewer_name
    assert lines == [
        "Parry-Romberg syndrome: What causes Parry-Romberg syndrome? | "
        f"last reviewed by {first_reviewer} | due 2024-01-10",
        "Moebius syndrome: How is Moebius syndrome diagnosed? | "
        f"last reviewed by {second_reviewer} | due 2024-03-01",
        "2 answers overdue for review as of 2024-06-01; reminded 2 reviewers.",
    ]


def test_mails_each_responsible_reviewer_one_reminder(
    overdue, reviewer, other_reviewer, mailoutbox
):
    run("--as-of", AS_OF)

    by_address = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_address) == sorted([reviewer.email, other_reviewer.email])
    assert "What causes Parry-Romberg" in by_address[reviewer.email].body
    assert "Moebius" not in by_address[reviewer.email].body
    assert "How is Moebius syndrome diagnosed?" in by_address[other_reviewer.email].body
    assert by_address[reviewer.email].subject == "1 answer overdue for medical review"


def test_reviewer_with_several_overdue_answers_gets_one_reminder(
    editor, reviewer, mailoutbox
):
    answers = [
        published_on((2022, month, 1), editor=editor, reviewer=reviewer)
        for month in (1, 2, 3)
    ]

    run("--as-of", AS_OF)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "3 answers overdue for medical review"
    assert all(answer.question.text in mailoutbox[0].body for answer in answers)


def test_not_overdue_archived_and_unpublished_answers_are_left_out(
    editor, reviewer, managing_editor, mailoutbox
):
    archived = published_on((2022, 1, 1), editor=editor, reviewer=reviewer)
    workflow.archive(
        archived, shown=workflow.shown_text(archived), user=managing_editor
    )
    with clock.recorded_at(moment(2022, 1, 1)):
        make_draft(editor=editor)
    due_on_the_day = published_on((2023, 6, 1), editor=editor, reviewer=reviewer)

    output = run("--as-of", AS_OF)

    assert due_on_the_day.live.review_due_on == datetime.date(2024, 6, 1)
    assert output == "No answers are overdue for review.\n"
    assert mailoutbox == []


def test_answer_is_overdue_the_day_after_it_was_due(editor, reviewer, mailoutbox):
    answer = published_on((2023, 6, 1), editor=editor, reviewer=reviewer)

    output = run("--as-of", "2024-06-02")

    assert answer.question.text in output
    assert len(mailoutbox) == 1


def test_nothing_overdue_prints_one_line(db, mailoutbox):
    assert run() == "No answers are overdue for review.\n"
    assert mailoutbox == []


def test_without_as_of_counts_from_today(editor, reviewer):
    two_years_ago = timezone.localdate().year - 2
    answer = published_on((two_years_ago, 1, 15), editor=editor, reviewer=reviewer)

    output = run()

    assert answer.question.text in output
    assert f"as of {timezone.localdate().isoformat()}" in output


def test_as_of_looks_back_for_catch_up(overdue):
    output = run("--as-of", "2024-02-01")

    assert output.splitlines()[-1].startswith("1 answer overdue for review as of")
    assert "Parry-Romberg" in output
    assert "Moebius" not in output


def test_dry_run_lists_but_sends_no_mail(overdue, mailoutbox):
    output = run("--as-of", AS_OF, "--dry-run")

    assert "Parry-Romberg" in output
    assert output.splitlines()[-1] == (
        "2 answers overdue for review as of 2024-06-01; "
        "dry run, no mail sent (would remind 2 reviewers)."
    )
    assert mailoutbox == []


def test_reminder_goes_to_every_active_reviewer_when_the_last_reviewer_is_inactive(
    editor, reviewer, other_reviewer, mailoutbox
):
    retired = factories.ReviewerFactory(username="retired")
    answer = published_on((2023, 1, 1), editor=editor, reviewer=retired)
    retired.is_active = False
    retired.save()
    factories.ReviewerFactory(username="no-mail", email="")

    output = run("--as-of", AS_OF)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [reviewer.email, other_reviewer.email]
    )
    assert all(answer.question.text in message.body for message in mailoutbox)
    assert f"last reviewed by {answer.live.last_review.reviewer_name}" in output


def test_stand_in_reminders_reach_superusers_and_users_granted_review_directly(
    editor, reviewer, superuser, mailoutbox
):
    retired = factories.ReviewerFactory(username="retired")
    published_on((2023, 1, 1), editor=editor, reviewer=retired)
    retired.is_active = False
    retired.save()
    direct = grant_review_directly(factories.UserFactory(username="direct"))

    run("--as-of", AS_OF)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [reviewer.email, superuser.email, direct.email]
    )


def test_reminder_goes_to_every_active_reviewer_when_the_last_reviewer_has_no_email(
    editor, reviewer, mailoutbox
):
    silent = factories.ReviewerFactory(username="silent", email="")
    answer = published_on((2023, 1, 1), editor=editor, reviewer=silent)

    run("--as-of", AS_OF)

    assert [message.to for message in mailoutbox] == [[reviewer.email]]
    assert answer.question.text in mailoutbox[0].body


def test_stand_in_reviewer_gets_their_own_and_orphaned_answers_in_one_mail(
    editor, reviewer, mailoutbox
):
    own = published_on((2023, 2, 1), editor=editor, reviewer=reviewer)
    retired = factories.ReviewerFactory(username="retired")
    orphaned = published_on((2023, 1, 1), editor=editor, reviewer=retired)
    retired.is_active = False
    retired.save()

    run("--as-of", AS_OF)

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert body.index(orphaned.question.text) < body.index(own.question.text)


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_does_not_grow_with_overdue_answers(
    editor, reviewer, django_assert_max_num_queries, mailoutbox, count
):
    retired = factories.ReviewerFactory(username="retired")
    for number in range(count):
        published_on(
            (2022, 1, 1),
            editor=editor,
            reviewer=reviewer if number % 2 else retired,
        )
    retired.is_active = False
    retired.save()

    # Overdue answers, stand-in reviewers, expiring registrations.
    with django_assert_max_num_queries(3):
        output = run("--as-of", AS_OF)

    assert len(output.splitlines()) == count + 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "01/06/2024", "soon"])
def test_bad_as_of_is_a_readable_command_error(db, value):
    with pytest.raises(CommandError, match="YYYY-MM-DD") as error:
        run("--as-of", value)

    assert value in str(error.value)
    assert "\n" not in str(error.value)


def test_bad_as_of_exits_non_zero_with_one_line(db, capsys):
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "check_reviews", "--as-of", "tomorrow"])

    assert exit_.value.code != 0
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "CommandError: --as-of takes a date as YYYY-MM-DD, not “tomorrow”."
    ]


def test_exits_zero_from_the_command_line(overdue, capsys, mailoutbox):
    # execute_from_command_line raises SystemExit only on failure.
    execute_from_command_line(["manage.py", "check_reviews", "--as-of", AS_OF])

    assert "2 answers overdue" in capsys.readouterr().out
    assert len(mailoutbox) == 2


def test_exits_zero_when_nothing_is_overdue(db, capsys):
    execute_from_command_line(["manage.py", "check_reviews"])

    assert capsys.readouterr().out == "No answers are overdue for review.\n"


def test_verbosity_zero_is_silent(overdue, mailoutbox):
    assert run("--as-of", AS_OF, "--verbosity", "0") == ""
    assert len(mailoutbox) == 2


class RefusingBackend(EmailBackend):
    """Delivers like locmem, but the server refuses one address."""

    def send_messages(self, messages):
        if any("reviewer2@" in address for m in messages for address in m.to):
            raise smtplib.SMTPRecipientsRefused({"reviewer2@example.org": (550, b"")})
        return super().send_messages(messages)


def test_a_failed_reminder_is_reported_and_the_others_still_go(
    overdue, reviewer, settings
):
    settings.EMAIL_BACKEND = "tests.reviews.test_check_reviews.RefusingBackend"
    mail.outbox = []
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 reminder could not be sent"):
        call_command("check_reviews", "--as-of", AS_OF, stdout=out, stderr=err)

    assert [message.to for message in mail.outbox] == [[reviewer.email]]
    assert "reviewer2@example.org" in err.getvalue()
    assert out.getvalue().splitlines()[-1].endswith("reminded 1 reviewer.")


# Registrations running out ----------------------------------------------------------


def registration_until(valid_until, *, number):
    reviewer = factories.ReviewerFactory(profile__registration=None)
    return factories.RegistrationFactory(
        profile=reviewer.reviewer_profile,
        number=number,
        verified_on=datetime.date(2023, 1, 1),
        valid_until=valid_until,
    )


def test_registrations_expiring_within_30_days_are_listed_and_mailed(
    managing_editor, mailoutbox
):
    soon = registration_until(datetime.date(2024, 6, 20), number="GMC-SOON")
    registration_until(datetime.date(2024, 7, 2), number="GMC-31-DAYS")
    registration_until(datetime.date(2024, 5, 31), number="GMC-EXPIRED")

    output = run("--as-of", AS_OF)

    assert (
        f"Registration expiring: {soon.profile.full_name} | General Medical Council "
        "(United Kingdom) GMC-SOON | valid until 2024-06-20"
    ) in output
    assert "GMC-31-DAYS" not in output
    assert "GMC-EXPIRED" not in output
    assert (
        "1 reviewer registration expiring within 30 days of 2024-06-01; "
        "told 1 managing editor."
    ) in output
    (message,) = mailoutbox
    assert message.to == [managing_editor.email]
    assert "GMC-SOON" in message.body
    assert message.subject == "1 reviewer registration expiring within 30 days"


def test_dry_run_lists_expiring_registrations_but_mails_nobody(
    managing_editor, mailoutbox
):
    registration_until(datetime.date(2024, 6, 2), number="GMC-SOON")
    output = run("--as-of", AS_OF, "--dry-run")
    assert "GMC-SOON" in output
    assert mailoutbox == []


def test_nothing_expiring_sends_no_warning(managing_editor, reviewer, mailoutbox):
    output = run("--as-of", AS_OF)
    assert "Registration expiring" not in output
    assert mailoutbox == []
