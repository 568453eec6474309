"""Load the demo: one user per role, conditions, answers in every workflow state,
and a community whose members declare conditions and share experiences.

Every state is reached through ``reviews.editing`` and ``reviews.workflow``,
acting as the role users (the editor writes, a reviewer signs off, the editor
publishes), inside ``core.clock.recorded_at`` so that the history looks
lived-in; the community through ``community.services`` and
``community.moderation`` (see ``community.demo``). Idempotent: users (by
username), conditions and questions (by slug) that already exist are left
alone, and no transition is ever run twice.

It refuses to run unless ``DEBUG`` is on: demo users with printed passwords must
never exist on a production site.
"""

import datetime
import secrets

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from articles import demo_content
from articles.models import Answer, Question
from community.demo import seed_community
from community.moderation import ModerationError
from community.services import MEMBERS_GROUP
from conditions.models import Condition
from core import clock
from reviews import answer_state, editing, workflow
from reviews.errors import TransitionError
from reviews.models import HistoryEntry, Registration, ReviewerProfile, SignOff

# The demo's addresses are at example.org: the workflow's notifications would
# only flood the console (or, with a real EMAIL_URL, go to nobody).
QUIET_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
PASSWORD_BYTES = 12
APPROVE_COMMENT = "Accurate, clear and in line with current guidance."
RECERTIFY_COMMENT = (
    "Checked against current guidance: still accurate, no change needed."
)
REVISE_COMMENT = "Adding a section on follow-up after the diagnosis."
NOT_IN_DEBUG = (
    "seed_demo creates demo users and runs only with DEBUG on (DEBUG=1): "
    "it must never run on a production site."
)


# Workflow steps named in demo_content histories ------------------------------


def _write(
    answer: Answer | None, *, question: Question, spec: dict, users: dict
) -> Answer:
    text = spec["answer"]
    return editing.create_answer(
        question,
        user=users["editor"],
        tldr=text["tldr"],
        body=text["body"],
        references=text["references"],
        kind_label=text.get("kind_label", "Short answer"),
    )


def _submit(answer: Answer, *, question: Question, spec: dict, users: dict) -> Answer:
    return workflow.submit(answer, user=users["editor"])


def _assign(answer: Answer, *, question: Question, spec: dict, users: dict) -> Answer:
    """Submit as the managing editor, assigning the question's reviewer."""
    return workflow.submit(
        answer, user=users["managing_editor"], reviewer=users[spec["reviewer"]]
    )


def _approve(answer: Answer, *, question: Question, spec: dict, users: dict) -> Answer:
    workflow.approve(
        answer,
        shown=workflow.shown_text(answer),
        user=users[spec["reviewer"]],
        comment=APPROVE_COMMENT,
    )
    return answer


def _request_changes(
    answer: Answer, *, question: Question, spec: dict, users: dict
) -> Answer:
    workflow.request_changes(
        answer,
        shown=workflow.shown_text(answer),
        user=users[spec["reviewer"]],
        comment=spec["review_comment"],
    )
    return answer


def _publish(answer: Answer, *, question: Question, spec: dict, users: dict) -> Answer:
    workflow.publish(answer, shown=workflow.shown_text(answer), user=users["editor"])
    return answer


def _publish_correction(
    answer: Answer, *, question: Question, spec: dict, users: dict
) -> Answer:
    """Publish as the managing editor, marked as the correction of a factual error."""
    workflow.publish(
        answer,
        shown=workflow.shown_text(answer),
        user=users["managing_editor"],
        is_correction=True,
    )
    return answer


def _amend(answer: Answer, *, question: Question, spec: dict, users: dict) -> Answer:
    """Edit the live text with the next of the spec's amendments and its public
    change note: the first after the first publication, and so on."""
    publications = HistoryEntry.objects.filter(answer=answer).exclude(
        sign_off__decision=SignOff.Decision.RECERTIFY
    )
    amendment = spec["amendments"][publications.count() - 1]
    return editing.update_answer(
        answer,
        user=users["editor"],
        tldr=answer.tldr,
        body=answer.body + amendment["extra_body"],
        references=answer_state.reference_dicts(answer),
        change_note=amendment["change_note"],
        comment=amendment["change_note"],
    )


def _recertify(
    answer: Answer, *, question: Question, spec: dict, users: dict
) -> Answer:
    workflow.recertify(
        answer,
        shown=workflow.shown_text(answer),
        user=users[spec["reviewer"]],
        comment=RECERTIFY_COMMENT,
    )
    return answer


def _revise(answer: Answer, *, question: Question, spec: dict, users: dict) -> Answer:
    """Edit the live text: the working copy returns to draft, the live copy stays."""
    revision = spec["revision"]
    return editing.update_answer(
        answer,
        user=users["editor"],
        tldr=revision["tldr"],
        body=answer.body + revision["extra_body"],
        references=answer_state.reference_dicts(answer),
        comment=REVISE_COMMENT,
    )


STEPS = {
    "write": _write,
    "submit": _submit,
    "assign": _assign,
    "approve": _approve,
    "request_changes": _request_changes,
    "publish": _publish,
    "publish_correction": _publish_correction,
    "amend": _amend,
    "recertify": _recertify,
    "revise": _revise,
}


# Users, conditions, questions --------------------------------------------------


def _new_password() -> str:
    return secrets.token_urlsafe(PASSWORD_BYTES)


def _ensure_user(
    spec: dict, *, reset_password: bool
) -> tuple[AbstractUser, str | None]:
    """Return the demo user and a new password, if one was made for them."""
    user = get_user_model().objects.filter(username=spec["username"]).first()
    if user is not None and not reset_password:
        return user, None
    password = _new_password()
    if user is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
        return user, password
    user = get_user_model()(
        username=spec["username"],
        email=f"{spec['username']}@example.org",
        first_name=spec["first_name"],
        last_name=spec["last_name"],
        is_staff=spec["is_staff"],
    )
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=spec["group"]))
    if "profile" in spec:
        ReviewerProfile.objects.create(user=user, **spec["profile"])
    return user, password


def _ensure_registration(spec: dict, *, user, verified_by) -> None:
    """Give a new demo reviewer the registration their sign-offs rely on,
    verified by the managing editor, counted in days from today."""
    profile = ReviewerProfile.objects.get(user=user)
    if profile.registrations.exists():
        return
    registration = spec["registration"]
    today = timezone.localdate()
    Registration.objects.create(
        profile=profile,
        body=registration["body"],
        country=registration["country"],
        number=registration["number"],
        verified_on=today - datetime.timedelta(days=registration["verified_days_ago"]),
        verified_by=verified_by,
        valid_until=today + datetime.timedelta(days=registration["valid_for_days"]),
        verifier_notes="Fictional demo entry: there is no register to check.",
    )


def _ensure_condition(spec: dict, *, user) -> tuple[Condition, bool]:
    condition = Condition.objects.filter(slug=spec["slug"]).first()
    if condition is not None:
        return condition, False
    with reversion.create_revision():
        condition = Condition.objects.create(
            name=spec["name"],
            slug=spec["slug"],
            other_names=spec["other_names"],
            summary=spec["summary"],
            icd10_code=spec["icd10_code"],
            orpha_code=spec["orpha_code"],
            extra_disclaimer=spec["extra_disclaimer"],
            review_interval_months=spec["review_interval_months"],
        )
        reversion.set_user(user)
        reversion.set_comment("Created for the demo.")
    return condition, True


def _seed_question(
    condition: Condition, spec: dict, *, position: int, users: dict, now
) -> bool:
    """Create the question and play its answer's history; False if it exists."""
    if Question.objects.filter(condition=condition, slug=spec["slug"]).exists():
        return False
    question = Question.objects.create(
        condition=condition,
        text=spec["text"],
        slug=spec["slug"],
        topic=spec["topic"],
        position=position,
    )
    answer = None
    for step, days_ago in spec["history"]:
        with clock.recorded_at(now - datetime.timedelta(days=days_ago)):
            answer = STEPS[step](answer, question=question, spec=spec, users=users)
    return True


class Command(BaseCommand):
    help = (
        "Load the demo content (original text) and one user per role. Safe to run "
        "again: what already exists is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give every demo user a new random password and print it.",
        )

    def handle(self, *args, reset_passwords: bool = False, **options):
        if not settings.DEBUG:
            raise CommandError(NOT_IN_DEBUG)
        try:
            with (
                override_settings(EMAIL_BACKEND=QUIET_EMAIL_BACKEND),
                transaction.atomic(),
            ):
                users, passwords = self._seed_users(reset_passwords)
                conditions, questions = self._seed_content(users)
                community = seed_community()
        except (
            PermissionDenied,
            TransitionError,
            ModerationError,
            ValidationError,
        ) as error:
            reason = (
                " ".join(error.messages)
                if isinstance(error, ValidationError)
                else error
            )
            raise CommandError(
                f"The demo history could not be built: {reason}"
            ) from error
        self._report_content(conditions, questions)
        self.stdout.write(community)
        self._report_logins(passwords)

    def _seed_users(self, reset_passwords: bool) -> tuple[dict, dict]:
        users, passwords = {}, {}
        for spec in demo_content.USERS:
            user, password = _ensure_user(spec, reset_password=reset_passwords)
            users[spec["key"]] = user
            if password is not None:
                passwords[spec["username"]] = password
        for spec in demo_content.USERS:
            if "registration" in spec:
                _ensure_registration(
                    spec,
                    user=users[spec["key"]],
                    verified_by=users["managing_editor"],
                )
        return users, passwords

    def _seed_content(self, users: dict) -> tuple[int, int]:
        now = timezone.now()
        conditions = questions = 0
        for condition_spec in demo_content.CONDITIONS:
            condition, created = _ensure_condition(
                condition_spec, user=users["managing_editor"]
            )
            conditions += created
            for position, spec in enumerate(condition_spec["questions"], start=1):
                questions += _seed_question(
                    condition, spec, position=position * 10, users=users, now=now
                )
        return conditions, questions

    def _report_content(self, conditions: int, questions: int) -> None:
        if conditions or questions:
            self.stdout.write(
                f"Added {conditions} conditions and {questions} questions with "
                "their answers."
            )
        else:
            self.stdout.write("The demo content is already in place: nothing added.")

    def _report_logins(self, passwords: dict) -> None:
        admin_url = settings.SITE_URL + reverse("admin:index")
        login_url = settings.SITE_URL + reverse("community:login")
        member_emails = ", ".join(
            get_user_model().objects.get(username=spec["username"]).email
            for spec in demo_content.USERS
            if spec["group"] == MEMBERS_GROUP
        )
        if passwords:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo logins (staff sign in at {admin_url}, members at "
                    f"{login_url} with their email: {member_emails}):"
                )
            )
            for spec in demo_content.USERS:
                if spec["username"] in passwords:
                    self.stdout.write(
                        f"  {spec['username']:<16} {passwords[spec['username']]}"
                        f"   ({spec['group']})"
                    )
            self.stdout.write(
                "These passwords are shown only now. Run `DEBUG=1 manage.py "
                "seed_demo --reset-passwords` to make new ones."
            )
        earlier = [
            s["username"] for s in demo_content.USERS if s["username"] not in passwords
        ]
        if earlier:
            self.stdout.write(
                f"Demo users: {', '.join(earlier)}. Their passwords were shown when "
                "they were first created; run `DEBUG=1 manage.py seed_demo "
                "--reset-passwords` to make new ones."
            )
