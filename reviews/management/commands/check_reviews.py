"""List the published answers whose medical review is overdue and remind reviewers;
list the reviewers' registrations that run out soon and tell the managing editors.

Meant for cron: it never prompts, prints one line per overdue answer and a
summary, then one line per registration expiring within 30 days (if any) and
a summary, and exits 0 whether or not anything is due. It exits non-zero only
on a bad ``--as-of`` or when a mail could not be sent.
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
from reviews.models import Registration
from reviews.registrations import EXPIRY_WARNING_DAYS, registrations_expiring
from reviews.selectors import managing_editors, medical_reviewers, overdue_answers

BAD_DATE = "--as-of takes a date as YYYY-MM-DD, not “%(value)s”."
NOTHING_OVERDUE = "No answers are overdue for review."
SEND_FAILED = "Could not send the reminder to %(email)s: %(error)s"
WARNING_FAILED = (
    "Could not tell the managing editors of expiring registrations: %(error)s"
)
WARNING_NOT_SENT = "The warning of expiring registrations could not be sent."


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
        "each responsible reviewer one reminder; list the reviewer registrations "
        "expiring within 30 days and mail the managing editors."
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
        failures = self._overdue_answers(as_of, dry_run=dry_run, options=options)
        warned = self._expiring_registrations(as_of, dry_run=dry_run, options=options)
        problems = []
        if failures:
            problems.append(
                ngettext(
                    "%(count)d reminder could not be sent.",
                    "%(count)d reminders could not be sent.",
                    failures,
                )
                % {"count": failures}
            )
        if not warned:
            problems.append(_(WARNING_NOT_SENT))
        if problems:
            raise CommandError(" ".join(problems))

    def _overdue_answers(self, as_of, *, dry_run: bool, options) -> int:
        """List and remind; return how many reminders could not be sent."""
        answers = list(overdue_answers(as_of))
        if not answers:
            self._say(options, _(NOTHING_OVERDUE))
            return 0
        for answer in answers:
            self._say(options, self._line(answer))
        reminders = reminders_by_reviewer(answers)
        if dry_run:
            self._say(options, self._summary(answers, as_of, reminders, sent=None))
            return 0
        failures = self._send(reminders)
        self._say(
            options,
            self._summary(answers, as_of, reminders, sent=len(reminders) - failures),
        )
        return failures

    def _expiring_registrations(self, as_of, *, dry_run: bool, options) -> bool:
        """List the registrations expiring soon and tell the managing editors;
        False if that mail could not be sent."""
        registrations = list(registrations_expiring(as_of=as_of))
        if not registrations:
            return True
        for registration in registrations:
            self._say(options, self._registration_line(registration))
        recipients = list(managing_editors().exclude(email=""))
        counted = ngettext(
            "%(count)d reviewer registration expiring within %(days)d days of %(date)s",
            "%(count)d reviewer registrations expiring within %(days)d days of "
            "%(date)s",
            len(registrations),
        ) % {
            "count": len(registrations),
            "days": EXPIRY_WARNING_DAYS,
            "date": as_of.isoformat(),
        }
        told = ngettext(
            "told %(count)d managing editor.",
            "told %(count)d managing editors.",
            len(recipients),
        ) % {"count": len(recipients)}
        if dry_run:
            told = _("dry run, no mail sent (would tell %(count)d).") % {
                "count": len(recipients)
            }
        elif recipients:
            try:
                notifications.registrations_expiring(recipients, registrations)
            except (smtplib.SMTPException, OSError) as error:
                self.stderr.write(_(WARNING_FAILED) % {"error": error})
                return False
        self._say(
            options, _("%(counted)s; %(told)s") % {"counted": counted, "told": told}
        )
        return True

    def _registration_line(self, registration: Registration) -> str:
        return _(
            "Registration expiring: %(reviewer)s | %(body)s (%(country)s) "
            "%(number)s | valid until %(until)s"
        ) % {
            "reviewer": registration.profile.full_name,
            "body": registration.body,
            "country": registration.country,
            "number": registration.number,
            "until": registration.valid_until.isoformat(),
        }

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
