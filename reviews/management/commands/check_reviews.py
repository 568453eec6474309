"""List the published answers whose medical review is overdue and remind reviewers.

Meant for cron: it never prompts, prints one line per overdue answer and a
summary, and exits 0 whether or not anything is overdue. It exits non-zero
only on a bad ``--as-of`` or when a reminder could not be sent.
"""

import datetime
import smtplib
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Answer
from reviews import notifications
from reviews.selectors import medical_reviewers, overdue_answers

BAD_DATE = "--as-of takes a date as YYYY-MM-DD, not “%(value)s”."
NOTHING_OVERDUE = "No answers are overdue for review."
SEND_FAILED = "Could not send the reminder to %(email)s: %(error)s"


def parse_as_of(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(_(BAD_DATE) % {"value": value}) from None


def _is_reachable(user) -> bool:
    return user.is_active and bool(user.email)


def reminders_by_reviewer(answers: list[Answer]) -> dict:
    """Group overdue answers by the reviewer to remind, keeping their order.

    The responsible reviewer is whoever gave the live copy's last review. When
    that user can no longer be reached (inactive, or no email), every active
    medical reviewer is reminded of the answer instead.
    """
    unowned = {
        answer.pk
        for answer in answers
        if not _is_reachable(answer.live.last_review.reviewer)
    }
    stand_ins = []
    if unowned:
        stand_ins = list(medical_reviewers().exclude(email=""))
    reminders = defaultdict(list)
    for answer in answers:
        reviewer = answer.live.last_review.reviewer
        for recipient in stand_ins if answer.pk in unowned else [reviewer]:
            reminders[recipient].append(answer)
    return dict(sorted(reminders.items(), key=lambda item: item[0].get_username()))


class Command(BaseCommand):
    help = (
        "List the published answers whose medical review is overdue and mail "
        "each responsible reviewer one reminder."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Count reviews due before this date as overdue (default: today).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the overdue answers but send no mail.",
        )

    def handle(self, *args, as_of=None, dry_run=False, **options):
        as_of = parse_as_of(as_of) if as_of else timezone.localdate()
        answers = list(overdue_answers(as_of))
        if not answers:
            self._say(options, _(NOTHING_OVERDUE))
            return
        for answer in answers:
            self._say(options, self._line(answer))
        reminders = reminders_by_reviewer(answers)
        if dry_run:
            self._say(options, self._summary(answers, as_of, reminders, sent=None))
            return
        failures = self._send(reminders)
        self._say(
            options,
            self._summary(answers, as_of, reminders, sent=len(reminders) - failures),
        )
        if failures:
            raise CommandError(
                ngettext(
                    "%(count)d reminder could not be sent.",
                    "%(count)d reminders could not be sent.",
                    failures,
                )
                % {"count": failures}
            )

    def _say(self, options, line: str) -> None:
        if options["verbosity"] > 0:
            self.stdout.write(line)

    def _line(self, answer: Answer) -> str:
        live = answer.live
        return _(
            "%(condition)s: %(question)s | last reviewed by %(reviewer)s | due %(due)s"
        ) % {
            "condition": answer.question.condition.name,
            "question": answer.question.text,
            "reviewer": live.last_review.reviewer_name,
            "due": live.review_due_on.isoformat(),
        }

    def _send(self, reminders: dict) -> int:
        failures = 0
        for reviewer, answers in reminders.items():
            try:
                notifications.review_due(reviewer, answers)
            except (smtplib.SMTPException, OSError) as error:
                failures += 1
                self.stderr.write(
                    _(SEND_FAILED) % {"email": reviewer.email, "error": error}
                )
        return failures

    def _summary(self, answers, as_of, reminders, *, sent: int | None) -> str:
        overdue = ngettext(
            "%(count)d answer overdue for review as of %(date)s",
            "%(count)d answers overdue for review as of %(date)s",
            len(answers),
        ) % {"count": len(answers), "date": as_of.isoformat()}
        if sent is None:
            mailed = ngettext(
                "dry run, no mail sent (would remind %(count)d reviewer).",
                "dry run, no mail sent (would remind %(count)d reviewers).",
                len(reminders),
            ) % {"count": len(reminders)}
        else:
            mailed = ngettext(
                "reminded %(count)d reviewer.",
                "reminded %(count)d reviewers.",
                sent,
            ) % {"count": sent}
        return _("%(overdue)s; %(mailed)s") % {"overdue": overdue, "mailed": mailed}
