"""Write a large, realistic content set in bulk, for benchmarks and load runs.

The workflow functions take tens of milliseconds per transition; 50,000
answers through them would take hours. So this module writes the rows those
functions would have written, in bulk, and keeps their invariants:

- each answer has ``versions`` text versions (the first "Created.", then
  "Edited.", each a django-reversion revision with the answer, its question and
  its references, described by an ``AnswerRevision``), then the revisions and
  audit entries of ``submit``, ``approve`` and ``publish``;
- the approving sign-off carries the fingerprint (``reviews.fingerprint``) of
  the final text and the version it read, by a medical reviewer who wrote
  none of it (reviewers and editors are different users);
- the live copy holds exactly that text and fingerprint, its ``written_by`` is
  the editor, its review dates follow ``workflow.review_due_on``;
- each live copy has its search document, as ``search.services`` writes it.

Dates are spread over the two years before the run; the same seed always gives
the same content.
"""

import datetime
import json
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from reversion.models import Revision, Version

from articles.models import (
    Answer,
    AnswerRevision,
    PublishedAnswer,
    Question,
    Reference,
)
from articles.rendering import LIVE_COPY_HTML_FIELDS, live_copy_html
from articles.signals import content_replaced
from community.models import Declaration, Experience, MemberProfile
from conditions.models import Condition
from core.markdown import render_plain_text
from reviews.fingerprint import CURRENT_SCHEME, fingerprint
from reviews.models import AuditEntry, Registration, ReviewerProfile, SignOff
from reviews.workflow import review_due_on
from search import postgres
from search.documents import condition_names
from search.models import SearchDocument

from . import bulk_rows, load_texts

BATCH_SIZE = 1000
ANSWER_CHUNK = 500
EDITORS = 5
EXPERIENCES_PER_MEMBER = 5
HISTORY_DAYS = 730
PENDING_EXPERIENCE_SHARE = 0.1
QUALIFIERS = (
    "",
    "in children",
    "in adults",
    "in older people",
    "during pregnancy",
    "after surgery",
)
APPROVE_COMMENT = "Accurate, clear and in line with current guidance."
KIND_LABEL = Answer._meta.get_field("kind_label").default
REFERENCE_FIELDS = ("title", "source", "year", "url", "doi", "pmid")

State = Answer.State


@dataclass(frozen=True)
class LoadSize:
    conditions: int = 1000
    questions: int = 50000
    versions: int = 5
    experiences: int = 100000
    reviewers: int = 20


def content_exists() -> bool:
    """Whether the database already holds conditions, questions or answers."""
    return (
        Condition.objects.exists()
        or Question.objects.exists()
        or Answer.objects.exists()
    )


def generate(
    size: LoadSize, *, seed: int, progress: Callable[[str], None]
) -> dict[str, int]:
    """Write the load set of ``size``; return how many rows of each kind were added."""
    writer = _Writer(size, seed=seed, progress=progress)
    return writer.run()


def _serialized(model_label: str, pk: int, fields: dict) -> str:
    """A row as django-reversion stores it (Django's JSON serializer format)."""
    return json.dumps(
        [{"model": model_label, "pk": pk, "fields": fields}], cls=DjangoJSONEncoder
    )


class _Writer:
    def __init__(self, size: LoadSize, *, seed: int, progress):
        self.size = size
        # Reproducible filler text, not secrets.
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311
        self.progress = progress
        self.texts = load_texts.TextPool(self.rng)
        self.plain_blocks: dict[str, str] = {}
        # Offsets keep names unique when the set is added beside other content.
        self.user_tag = get_user_model().objects.count()
        self.condition_offset = Condition.objects.count()
        self.anchor = timezone.now().replace(microsecond=0)
        self.unusable_password = make_password(None)
        self.types = {
            model: ContentType.objects.get_for_model(model)
            for model in (Answer, Question, Reference)
        }
        self.counts: dict[str, int] = {}
        self._row_writers()

    def _row_writers(self) -> None:
        """The tables written row by row, with their columns in row order."""
        writer = bulk_rows.RowWriter
        self.answer_rows = writer(
            Answer,
            (
                "id",
                "question_id",
                "kind_label",
                "tldr",
                "body",
                "state",
                "reviewer_id",
                "created_by_id",
                "created_at",
                "updated_at",
                "state_changed_at",
                "edit_count",
            ),
        )
        self.reference_rows = writer(
            Reference, ("id", "answer_id", "position", *REFERENCE_FIELDS)
        )
        self.revision_rows = writer(
            Revision, ("id", "date_created", "comment", "user_id")
        )
        self.version_rows = writer(
            Version,
            (
                "id",
                "revision_id",
                "object_id",
                "content_type_id",
                "db",
                "format",
                "serialized_data",
                "object_repr",
            ),
        )
        self.answer_revision_rows = writer(
            AnswerRevision,
            (
                "revision_id",
                "answer_id",
                "state",
                "is_text_edit",
                "is_refused",
                "fingerprint",
            ),
        )
        self.sign_off_rows = writer(
            SignOff,
            (
                "id",
                "answer_id",
                "reviewer_id",
                "reviewer_profile_id",
                "decision",
                "comment",
                "signed_at",
                "version_id",
                "fingerprint",
                "fingerprint_scheme",
                "verified_references",
                "reviewer_name",
                "reviewer_credentials",
            ),
        )
        self.audit_rows = writer(
            AuditEntry,
            (
                "answer_id",
                "user_id",
                "transition",
                "from_state",
                "to_state",
                "comment",
                "created_at",
            ),
        )
        self.live_rows = writer(
            PublishedAnswer,
            (
                "answer_id",
                "question_text",
                "kind_label",
                "tldr",
                "body",
                "references",
                *LIVE_COPY_HTML_FIELDS,
                "fingerprint",
                "approval_id",
                "last_review_id",
                "published_by_id",
                "published_at",
                "text_changed_at",
                "review_due_on",
                "archived_at",
            ),
        )
        self.writer_rows = writer(
            PublishedAnswer.written_by.through, ("publishedanswer_id", "user_id")
        )
        self.search_rows = writer(
            SearchDocument,
            (
                "live_id",
                "question_text",
                "condition_names",
                "tldr",
                "body_text",
                "text_changed_at",
            ),
        )
        self.experience_rows = writer(
            Experience,
            (
                "member_id",
                "question_id",
                "text",
                "state",
                "consent_at",
                "created_at",
                "updated_at",
                "edited_at",
                "moderated_by_id",
                "moderated_at",
                "rejection_reason",
            ),
        )

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            self._users()
            self._conditions()
            self._questions()
        questions = list(
            Question.objects.filter(pk__in=self.question_ids)
            .select_related("condition")
            .order_by("pk")
        )
        for start in range(0, len(questions), ANSWER_CHUNK):
            with transaction.atomic():
                self._answers(questions[start : start + ANSWER_CHUNK])
            self.progress(f"answers: {min(start + ANSWER_CHUNK, len(questions))}")
        with transaction.atomic():
            self._community(questions)
        if connection.vendor == "postgresql":
            # Fresh statistics, so that the first queries on the new set are
            # planned for its real size (autovacuum would get there later).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.progress("statistics updated")
        content_replaced.send(sender=None)
        return self.counts

    def _count(self, name: str, rows: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + rows

    # Users ---------------------------------------------------------------

    def _make_users(self, role: str, number: int, group: str) -> list:
        User = get_user_model()
        users = User.objects.bulk_create(
            [
                User(
                    username=f"load-{role}-{self.user_tag}-{i}",
                    email=f"load-{role}-{self.user_tag}-{i}@example.org",
                    first_name=role.capitalize(),
                    last_name=str(i),
                    password=self.unusable_password,
                    is_staff=role != "member",
                )
                for i in range(number)
            ],
            batch_size=BATCH_SIZE,
        )
        group_id = Group.objects.get(name=group).pk
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=group_id) for user in users],
            batch_size=BATCH_SIZE,
        )
        self._count("users", len(users))
        return users

    def _users(self) -> None:
        self.editors = self._make_users("editor", EDITORS, "Editors")
        self.reviewers = self._make_users(
            "reviewer", self.size.reviewers, "Medical reviewers"
        )
        self.profiles = ReviewerProfile.objects.bulk_create(
            ReviewerProfile(
                user=user,
                full_name=f"Dr {load_texts.NAME_PARTS[i % 24]} Reviewer {i}",
                credentials="MD",
                specialty="Clinical genetics",
                bio="Consultant in clinical genetics.",
                disclosures="None declared.",
                slug=f"load-reviewer-{self.user_tag}-{i}",
            )
            for i, user in enumerate(self.reviewers)
        )
        # Numbers only, not verified: load data never signs off through the
        # workflow, which is what needs a verified registration.
        Registration.objects.bulk_create(
            Registration(
                profile=profile,
                body="General Medical Council",
                country="United Kingdom",
                number=f"GMC {7000000 + i}",
            )
            for i, profile in enumerate(self.profiles)
        )
        members = max(1, -(-self.size.experiences // EXPERIENCES_PER_MEMBER))
        self.members = self._make_users("member", members, "Members")
        MemberProfile.objects.bulk_create(
            (
                MemberProfile(user=user, display_name=f"Member {i}")
                for i, user in enumerate(self.members)
            ),
            batch_size=BATCH_SIZE,
        )
        self.progress(f"users: {self.counts['users']}")

    # Conditions and questions ---------------------------------------------

    def _conditions(self) -> None:
        conditions = []
        for i in range(self.size.conditions):
            number = self.condition_offset + i + 1
            name = load_texts.condition_name(self.rng, number)
            condition = Condition(
                name=name,
                slug=slugify(name),
                other_names=f"{name.split(' ')[0]} type {number}",
                summary=self.rng.choice(self.texts.paragraphs),
                orpha_code=str(100000 + number),
            )
            # bulk_create does not call save(), which stores the summary's HTML.
            condition.render_html()
            conditions.append(condition)
        self.conditions = Condition.objects.bulk_create(
            conditions, batch_size=BATCH_SIZE
        )
        self._count("conditions", len(conditions))
        self.progress(f"conditions: {len(conditions)}")

    def _questions(self) -> None:
        questions = []
        templates = load_texts.QUESTION_TEMPLATES
        for i in range(self.size.questions):
            condition = self.conditions[i % len(self.conditions)]
            round_ = i // len(self.conditions)
            topic, template = templates[round_ % len(templates)]
            qualifier = QUALIFIERS[(round_ // len(templates)) % len(QUALIFIERS)]
            text = template.format(name=condition.name)
            if qualifier:
                text = f"{text[:-1]} {qualifier}?"
            repeat = round_ // (len(templates) * len(QUALIFIERS))
            if repeat:
                text = f"{text[:-1]} (part {repeat + 1})?"
            questions.append(
                Question(
                    condition=condition,
                    text=text,
                    slug=slugify(text.replace(condition.name, ""))[:190],
                    topic=topic,
                    position=round_,
                )
            )
        created = Question.objects.bulk_create(questions, batch_size=BATCH_SIZE)
        self.question_ids = [question.pk for question in created]
        self._count("questions", len(created))
        self.progress(f"questions: {len(created)}")

    # Answers with their history ------------------------------------------------

    def _plain(self, blocks: list[str]) -> str:
        """The body as search reads it, rendered once per distinct block."""
        for block in blocks:
            if block not in self.plain_blocks:
                self.plain_blocks[block] = render_plain_text(block)
        return " ".join(self.plain_blocks[block] for block in blocks)

    def _history(self, question: Question) -> dict:
        """Everything about one answer that is drawn at random, in a fixed order."""
        rng = self.rng
        bodies = [self.texts.body_blocks(rng)]
        for _ in range(self.size.versions - 1):
            bodies.append(self.texts.edited_blocks(rng, bodies[-1]))
        tldrs = [self.texts.tldr(rng) for _ in range(self.size.versions)]
        references = load_texts.references(rng, count=rng.randint(3, 15))
        started = self.anchor - datetime.timedelta(
            days=rng.randint(30, HISTORY_DAYS), minutes=rng.randint(0, 1439)
        )
        return {
            "question": question,
            "editor": rng.choice(self.editors),
            "reviewer": rng.randrange(len(self.reviewers)),
            "bodies": bodies,
            "tldrs": tldrs,
            "references": references,
            # Earlier versions had fewer references; the last one has them all.
            "reference_counts": [
                max(1, len(references) - (self.size.versions - 1 - k))
                for k in range(self.size.versions)
            ],
            "edited_at": [
                started + datetime.timedelta(hours=6 * k)
                for k in range(self.size.versions)
            ],
        }

    def _live_copy_html(self, history: dict) -> list:
        """The stored HTML of the live copy, as ``LIVE_COPY_HTML_FIELDS``."""
        rendered = live_copy_html(
            body=history["body"], references=history["references"]
        )
        return [rendered[name] for name in LIVE_COPY_HTML_FIELDS]

    def _answers(self, questions: list[Question]) -> None:
        histories = [self._history(question) for question in questions]
        answer_ids = bulk_rows.reserve_ids(Answer, len(histories))
        reference_ids = iter(
            bulk_rows.reserve_ids(
                Reference, sum(len(history["references"]) for history in histories)
            )
        )
        for history, answer_id in zip(histories, answer_ids, strict=True):
            history["answer_id"] = answer_id
            history["body"] = "\n\n".join(history["bodies"][-1])
            history["tldr"] = history["tldrs"][-1]
            history["reference_ids"] = [
                next(reference_ids) for _ in history["references"]
            ]
            last_edit = history["edited_at"][-1]
            history["submitted_at"] = last_edit + datetime.timedelta(hours=1)
            history["approved_at"] = last_edit + datetime.timedelta(days=1)
            history["published_at"] = last_edit + datetime.timedelta(days=1, hours=1)
        answers = self.answer_rows.write(
            (
                history["answer_id"],
                history["question"].pk,
                KIND_LABEL,
                history["tldr"],
                history["body"],
                State.PUBLISHED,
                None,
                history["editor"].pk,
                history["edited_at"][0],
                history["published_at"],
                history["published_at"],
                self.size.versions - 1,
            )
            for history in histories
        )
        references = self.reference_rows.write(
            (
                reference_id,
                history["answer_id"],
                position,
                *(data[field] for field in REFERENCE_FIELDS),
            )
            for history in histories
            for position, (reference_id, data) in enumerate(
                zip(history["reference_ids"], history["references"], strict=True),
                start=1,
            )
        )
        self._count("answers", answers)
        self._count("references", references)
        self._revisions(histories)
        self._publication(histories)

    def _revision_plan(self, history: dict) -> list[dict]:
        """The revisions the edit services and transitions would have written."""
        editor = history["editor"]
        reviewer = self.reviewers[history["reviewer"]]
        last = self.size.versions - 1
        plan = [
            {
                "user": editor,
                "at": history["edited_at"][k],
                "comment": "Created." if k == 0 else "Edited.",
                "state": State.DRAFT,
                "is_text_edit": True,
                "version": k,
            }
            for k in range(self.size.versions)
        ]
        for user, at, comment, state in (
            (editor, history["submitted_at"], "submit", State.IN_REVIEW),
            (reviewer, history["approved_at"], APPROVE_COMMENT, State.APPROVED),
            (editor, history["published_at"], "publish", State.PUBLISHED),
        ):
            plan.append(
                {
                    "user": user,
                    "at": at,
                    "comment": comment,
                    "state": state,
                    "is_text_edit": False,
                    "version": last,
                }
            )
        return plan

    def _revisions(self, histories: list[dict]) -> None:
        plans = [self._revision_plan(history) for history in histories]
        revision_ids = iter(
            bulk_rows.reserve_ids(Revision, sum(len(plan) for plan in plans))
        )
        for plan in plans:
            for step in plan:
                step["revision_id"] = next(revision_ids)
        revisions = self.revision_rows.write(
            (step["revision_id"], step["at"], step["comment"], step["user"].pk)
            for plan in plans
            for step in plan
        )
        versions = []
        reviewed_versions = []
        answer_revisions = []
        for history, plan in zip(histories, plans, strict=True):
            fingerprints = self._fingerprints(history)
            history["fingerprint"] = fingerprints[-1]
            fixed_rows = self._unchanging_version_rows(history)
            for step in plan:
                if step["state"] == State.IN_REVIEW:
                    # The approval reads the newest version: the answer's
                    # version (the first row) in the revision of the submission.
                    reviewed_versions.append((history, len(versions)))
                versions.extend(
                    (step["revision_id"], *row)
                    for row in self._version_rows(history, step, fixed_rows)
                )
                answer_revisions.append(
                    (
                        step["revision_id"],
                        history["answer_id"],
                        step["state"],
                        step["is_text_edit"],
                        False,
                        fingerprints[step["version"]],
                    )
                )
        version_ids = bulk_rows.reserve_ids(Version, len(versions))
        for history, position in reviewed_versions:
            history["reviewed_version_id"] = version_ids[position]
        self._count("revisions", revisions)
        self._count(
            "versions",
            self.version_rows.write(
                (version_id, *row)
                for version_id, row in zip(version_ids, versions, strict=True)
            ),
        )
        self.answer_revision_rows.write(answer_revisions)

    def _reference_dicts(self, history: dict, k: int) -> list[dict]:
        return history["references"][: history["reference_counts"][k]]

    def _fingerprints(self, history: dict) -> list[str]:
        return [
            fingerprint(
                question=history["question"].text,
                kind_label=KIND_LABEL,
                tldr=history["tldrs"][k],
                body="\n\n".join(history["bodies"][k]),
                references=self._reference_dicts(history, k),
            )
            for k in range(self.size.versions)
        ]

    def _unchanging_version_rows(self, history: dict) -> dict:
        """The question's and the references' versions, the same in every revision.

        Each is serialized once per answer; only the answer itself differs
        from one revision to the next.
        """
        question = history["question"]
        question_fields = {
            "condition": question.condition_id,
            "text": question.text,
            "slug": question.slug,
            "topic": question.topic,
            "position": question.position,
            "created_at": history["edited_at"][0],
            "updated_at": history["edited_at"][0],
        }
        references = []
        for position, (reference_id, data) in enumerate(
            zip(history["reference_ids"], history["references"], strict=True),
            start=1,
        ):
            fields = {"answer": history["answer_id"], "position": position, **data}
            references.append(
                self._version_row(
                    Reference, reference_id, "articles.reference", fields, data["title"]
                )
            )
        return {
            "question": self._version_row(
                Question,
                question.pk,
                "articles.question",
                question_fields,
                question.text,
            ),
            "references": references,
        }

    def _version_row(
        self, model, pk: int, label: str, fields: dict, representation: str
    ) -> tuple:
        """A Version row without its id and revision, as django-reversion writes it."""
        return (
            str(pk),
            self.types[model].pk,
            "default",
            "json",
            _serialized(label, pk, fields),
            representation[:200],
        )

    def _version_rows(self, history: dict, step: dict, fixed_rows: dict) -> list:
        """The answer, question and reference versions of one revision."""
        k = step["version"]
        question = history["question"]
        answer_fields = {
            "question": question.pk,
            "kind_label": KIND_LABEL,
            "tldr": history["tldrs"][k],
            "body": "\n\n".join(history["bodies"][k]),
            "state": step["state"],
            "reviewer": None,
            "created_by": history["editor"].pk,
            "created_at": history["edited_at"][0],
            "updated_at": step["at"],
            "state_changed_at": None if k == 0 and step["is_text_edit"] else step["at"],
            "edit_count": k,
        }
        answer = self._version_row(
            Answer,
            history["answer_id"],
            "articles.answer",
            answer_fields,
            question.text,
        )
        count = history["reference_counts"][k]
        return [answer, fixed_rows["question"], *fixed_rows["references"][:count]]

    def _publication(self, histories: list[dict]) -> None:
        sign_off_ids = bulk_rows.reserve_ids(SignOff, len(histories))
        sign_offs = []
        for history, sign_off_id in zip(histories, sign_off_ids, strict=True):
            history["sign_off_id"] = sign_off_id
            profile = self.profiles[history["reviewer"]]
            sign_offs.append(
                (
                    sign_off_id,
                    history["answer_id"],
                    profile.user_id,
                    profile.pk,
                    SignOff.Decision.APPROVE,
                    APPROVE_COMMENT,
                    history["approved_at"],
                    history["reviewed_version_id"],
                    history["fingerprint"],
                    CURRENT_SCHEME,
                    [],
                    profile.full_name,
                    profile.credentials,
                )
            )
        self.sign_off_rows.write(sign_offs)
        audit = []
        for history in histories:
            reviewer = self.profiles[history["reviewer"]].user_id
            editor = history["editor"].pk
            for user, transition, from_state, to_state, at, comment in (
                (
                    editor,
                    "submit",
                    State.DRAFT,
                    State.IN_REVIEW,
                    history["submitted_at"],
                    "",
                ),
                (
                    reviewer,
                    "approve",
                    State.IN_REVIEW,
                    State.APPROVED,
                    history["approved_at"],
                    APPROVE_COMMENT,
                ),
                (
                    editor,
                    "publish",
                    State.APPROVED,
                    State.PUBLISHED,
                    history["published_at"],
                    "",
                ),
            ):
                audit.append(
                    (
                        history["answer_id"],
                        user,
                        transition,
                        from_state,
                        to_state,
                        comment,
                        at,
                    )
                )
        self.audit_rows.write(audit)
        live_copies = self.live_rows.write(
            (
                history["answer_id"],
                history["question"].text,
                KIND_LABEL,
                history["tldr"],
                history["body"],
                history["references"],
                *self._live_copy_html(history),
                history["fingerprint"],
                history["sign_off_id"],
                history["sign_off_id"],
                history["editor"].pk,
                history["published_at"],
                history["published_at"],
                review_due_on(
                    history["question"].condition,
                    last_reviewed_at=history["approved_at"],
                ),
                None,
            )
            for history in histories
        )
        self.writer_rows.write(
            (history["answer_id"], history["editor"].pk) for history in histories
        )
        self._search_documents(histories)
        self._count("sign_offs", len(sign_offs))
        self._count("audit_entries", len(audit))
        self._count("live_answers", live_copies)

    def _search_documents(self, histories: list[dict]) -> None:
        """The documents ``search.services`` would write for these live copies."""
        documents = self.search_rows.write(
            (
                history["answer_id"],
                # The live copy's question: the same text here.
                history["question"].text,
                condition_names(
                    history["question"].condition.name,
                    history["question"].condition.other_names,
                ),
                history["tldr"],
                self._plain(history["bodies"][-1]),
                history["published_at"],
            )
            for history in histories
        )
        if postgres.in_use():
            # As in search.services: the database computes the vector from the
            # columns just written.
            SearchDocument.objects.filter(
                live__in=[history["answer_id"] for history in histories]
            ).update(
                search_vector=postgres.document_vector(),
                heading_vector=postgres.heading_vector(),
            )
        self._count("search_documents", documents)

    # Community -----------------------------------------------------------

    def _community(self, questions: list[Question]) -> None:
        rng = self.rng
        moderator = self.editors[0]
        experiences = []
        declared: dict[int, int] = {}
        for i in range(self.size.experiences):
            member = self.members[i % len(self.members)]
            question = rng.choice(questions)
            declared.setdefault(member.pk, question.condition_id)
            shared_at = self.anchor - datetime.timedelta(
                days=rng.randint(1, HISTORY_DAYS), minutes=rng.randint(0, 1439)
            )
            is_pending = rng.random() < PENDING_EXPERIENCE_SHARE
            experiences.append(
                (
                    member.pk,
                    question.pk,
                    load_texts.experience_text(rng),
                    Experience.State.PENDING
                    if is_pending
                    else Experience.State.APPROVED,
                    shared_at,
                    shared_at,
                    shared_at,
                    None,
                    None if is_pending else moderator.pk,
                    None if is_pending else shared_at + datetime.timedelta(hours=3),
                    "",
                )
            )
        self.experience_rows.write(experiences)
        Declaration.objects.bulk_create(
            (
                Declaration(member_id=member_id, condition_id=condition_id)
                for member_id, condition_id in declared.items()
            ),
            batch_size=BATCH_SIZE,
        )
        self._count("experiences", len(experiences))
        self._count("declarations", len(declared))
        self.progress(f"experiences: {len(experiences)}")
