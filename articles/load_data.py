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
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from reversion.models import Revision, Version

from articles import load_texts
from articles.models import (
    Answer,
    AnswerRevision,
    PublishedAnswer,
    Question,
    Reference,
)
from community.models import Declaration, Experience, MemberProfile
from conditions.models import Condition
from diseasemaps import page_cache
from diseasemaps.markdown import render_plain_text
from reviews.fingerprint import fingerprint
from reviews.models import AuditEntry, ReviewerProfile, SignOff
from reviews.workflow import review_due_on
from search import postgres
from search.documents import condition_names
from search.models import SearchDocument

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
        page_cache.everything_changed()
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
                registration_number=f"GMC {7000000 + i}",
                bio="Consultant in clinical genetics.",
                disclosures="None declared.",
                slug=f"load-reviewer-{self.user_tag}-{i}",
            )
            for i, user in enumerate(self.reviewers)
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
            conditions.append(
                Condition(
                    name=name,
                    slug=slugify(name),
                    other_names=f"{name.split(' ')[0]} type {number}",
                    summary=self.rng.choice(self.texts.paragraphs),
                    orpha_code=str(100000 + number),
                )
            )
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

    def _answers(self, questions: list[Question]) -> None:
        histories = [self._history(question) for question in questions]
        for history in histories:
            history["body"] = "\n\n".join(history["bodies"][-1])
            history["tldr"] = history["tldrs"][-1]
            last_edit = history["edited_at"][-1]
            history["submitted_at"] = last_edit + datetime.timedelta(hours=1)
            history["approved_at"] = last_edit + datetime.timedelta(days=1)
            history["published_at"] = last_edit + datetime.timedelta(days=1, hours=1)
        answers = Answer.objects.bulk_create(
            [
                Answer(
                    question=history["question"],
                    tldr=history["tldr"],
                    body=history["body"],
                    state=State.PUBLISHED,
                    created_by=history["editor"],
                    state_changed_at=history["published_at"],
                    edit_count=self.size.versions - 1,
                )
                for history in histories
            ],
            batch_size=BATCH_SIZE,
        )
        references = []
        for answer, history in zip(answers, histories, strict=True):
            history["answer"] = answer
            for position, data in enumerate(history["references"], start=1):
                references.append(Reference(answer=answer, position=position, **data))
        references = Reference.objects.bulk_create(references, batch_size=BATCH_SIZE)
        by_answer: dict[int, list[Reference]] = {}
        for reference in references:
            by_answer.setdefault(reference.answer_id, []).append(reference)
        for history in histories:
            history["reference_rows"] = by_answer[history["answer"].pk]
        self._count("answers", len(answers))
        self._count("references", len(references))
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
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    date_created=step["at"], user=step["user"], comment=step["comment"]
                )
                for plan in plans
                for step in plan
            ],
            batch_size=BATCH_SIZE,
        )
        versions = []
        answer_revisions = []
        answer_versions = []
        position = 0
        for history, plan in zip(histories, plans, strict=True):
            fingerprints = self._fingerprints(history)
            history["fingerprint"] = fingerprints[-1]
            for step in plan:
                revision = revisions[position]
                position += 1
                answer_version = self._versions(history, step, revision)
                versions.extend(answer_version)
                answer_versions.append((history, step, answer_version[0]))
                answer_revisions.append(
                    AnswerRevision(
                        revision=revision,
                        answer=history["answer"],
                        state=step["state"],
                        is_text_edit=step["is_text_edit"],
                        fingerprint=fingerprints[step["version"]],
                    )
                )
        Version.objects.bulk_create(versions, batch_size=BATCH_SIZE)
        AnswerRevision.objects.bulk_create(answer_revisions, batch_size=BATCH_SIZE)
        for history, step, version in answer_versions:
            if step["state"] == State.IN_REVIEW:
                # The approval reads the newest version: the one of the submission.
                history["reviewed_version"] = version
        self._count("revisions", len(revisions))
        self._count("versions", len(versions))

    def _reference_dicts(self, history: dict, k: int) -> list[dict]:
        return history["references"][: history["reference_counts"][k]]

    def _fingerprints(self, history: dict) -> list[str]:
        return [
            fingerprint(
                tldr=history["tldrs"][k],
                body="\n\n".join(history["bodies"][k]),
                references=self._reference_dicts(history, k),
            )
            for k in range(self.size.versions)
        ]

    def _versions(self, history: dict, step: dict, revision: Revision) -> list:
        """The answer, question and reference versions of one revision."""
        k = step["version"]
        answer = history["answer"]
        question = history["question"]
        answer_fields = {
            "question": question.pk,
            "kind_label": answer.kind_label,
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
        question_fields = {
            "condition": question.condition_id,
            "text": question.text,
            "slug": question.slug,
            "topic": question.topic,
            "position": question.position,
            "created_at": history["edited_at"][0],
            "updated_at": history["edited_at"][0],
        }
        rows = [
            (self.types[Answer], answer.pk, "articles.answer", answer_fields, answer),
            (
                self.types[Question],
                question.pk,
                "articles.question",
                question_fields,
                question,
            ),
        ]
        count = history["reference_counts"][k]
        for reference in history["reference_rows"][:count]:
            fields = {"answer": answer.pk, "position": reference.position}
            fields.update(reference.as_dict())
            rows.append(
                (
                    self.types[Reference],
                    reference.pk,
                    "articles.reference",
                    fields,
                    reference,
                )
            )
        return [
            Version(
                revision=revision,
                object_id=str(pk),
                content_type=content_type,
                db="default",
                format="json",
                serialized_data=_serialized(label, pk, fields),
                object_repr=str(obj)[:200],
            )
            for content_type, pk, label, fields, obj in rows
        ]

    def _publication(self, histories: list[dict]) -> None:
        sign_offs = SignOff.objects.bulk_create(
            [
                SignOff(
                    answer=history["answer"],
                    reviewer=self.reviewers[history["reviewer"]],
                    reviewer_profile=self.profiles[history["reviewer"]],
                    decision=SignOff.Decision.APPROVE,
                    comment=APPROVE_COMMENT,
                    signed_at=history["approved_at"],
                    version=history["reviewed_version"],
                    fingerprint=history["fingerprint"],
                    reviewer_name=self.profiles[history["reviewer"]].full_name,
                    reviewer_credentials=self.profiles[history["reviewer"]].credentials,
                )
                for history in histories
            ],
            batch_size=BATCH_SIZE,
        )
        audit = []
        for history, sign_off in zip(histories, sign_offs, strict=True):
            answer = history["answer"]
            for user, transition, from_state, to_state, at, comment in (
                (
                    history["editor"],
                    "submit",
                    State.DRAFT,
                    State.IN_REVIEW,
                    history["submitted_at"],
                    "",
                ),
                (
                    sign_off.reviewer,
                    "approve",
                    State.IN_REVIEW,
                    State.APPROVED,
                    history["approved_at"],
                    APPROVE_COMMENT,
                ),
                (
                    history["editor"],
                    "publish",
                    State.APPROVED,
                    State.PUBLISHED,
                    history["published_at"],
                    "",
                ),
            ):
                audit.append(
                    AuditEntry(
                        answer=answer,
                        user=user,
                        transition=transition,
                        from_state=from_state,
                        to_state=to_state,
                        comment=comment,
                        created_at=at,
                    )
                )
        AuditEntry.objects.bulk_create(audit, batch_size=BATCH_SIZE)
        live_copies = PublishedAnswer.objects.bulk_create(
            [
                PublishedAnswer(
                    answer=history["answer"],
                    kind_label=history["answer"].kind_label,
                    tldr=history["tldr"],
                    body=history["body"],
                    references=history["references"],
                    fingerprint=history["fingerprint"],
                    approval=sign_off,
                    last_review=sign_off,
                    published_by=history["editor"],
                    published_at=history["published_at"],
                    text_changed_at=history["published_at"],
                    review_due_on=review_due_on(
                        history["question"].condition,
                        last_reviewed_at=history["approved_at"],
                    ),
                )
                for history, sign_off in zip(histories, sign_offs, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        PublishedAnswer.written_by.through.objects.bulk_create(
            [
                PublishedAnswer.written_by.through(
                    publishedanswer_id=history["answer"].pk,
                    user_id=history["editor"].pk,
                )
                for history in histories
            ],
            batch_size=BATCH_SIZE,
        )
        self._search_documents(histories, live_copies)
        self._count("sign_offs", len(sign_offs))
        self._count("audit_entries", len(audit))
        self._count("live_answers", len(live_copies))

    def _search_documents(self, histories: list[dict], live_copies: list) -> None:
        """The documents ``search.services`` would write for these live copies."""
        documents = SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    live=live,
                    question_text=history["question"].text,
                    condition_names=condition_names(
                        history["question"].condition.name,
                        history["question"].condition.other_names,
                    ),
                    tldr=history["tldr"],
                    body_text=self._plain(history["bodies"][-1]),
                )
                for history, live in zip(histories, live_copies, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        if postgres.in_use():
            # As in search.services: the database computes the vector from the
            # columns just written.
            SearchDocument.objects.filter(
                live__in=[live.pk for live in live_copies]
            ).update(search_vector=postgres.document_vector())
        self._count("search_documents", len(documents))

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
                Experience(
                    member=member,
                    question=question,
                    text=load_texts.experience_text(rng),
                    state=Experience.State.PENDING
                    if is_pending
                    else Experience.State.APPROVED,
                    consent_at=shared_at,
                    created_at=shared_at,
                    updated_at=shared_at,
                    moderated_by=None if is_pending else moderator,
                    moderated_at=None
                    if is_pending
                    else shared_at + datetime.timedelta(hours=3),
                )
            )
        Experience.objects.bulk_create(experiences, batch_size=BATCH_SIZE)
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
