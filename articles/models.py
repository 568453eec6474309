import datetime

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField
from reversion.models import Revision

from core.markdown import RENDERER_VERSION, render_markdown

TLDR_MAX_LENGTH = 400
CHANGE_NOTE_MAX_LENGTH = 300


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """Questions whose answer has a live copy that is not archived."""
        return self.filter(
            answer__live__isnull=False, answer__live__archived_at__isnull=True
        )

    def archived(self):
        """Questions whose once-published answer was archived (410 Gone)."""
        return self.filter(answer__live__archived_at__isnull=False)


class Question(models.Model):
    class Topic(models.TextChoices):
        CAUSE = "cause", _("Cause")
        SYMPTOMS = "symptoms", _("Symptoms")
        DIAGNOSIS = "diagnosis", _("Diagnosis")
        TREATMENT = "treatment", _("Treatment")
        LIVING_WITH = "living_with", _("Living with")
        OTHER = "other", _("Other")

    condition = models.ForeignKey(
        "conditions.Condition",
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("condition"),
    )
    text = models.CharField(
        _("question"),
        max_length=300,
        help_text=_("As a reader would ask it, ending with a question mark."),
    )
    slug = models.SlugField(_("slug"), max_length=200)
    topic = models.CharField(
        _("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first in a topic.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["condition", "position", "text"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            # The newest edit, for the validators of the lists
            # (``articles.caching.site_changed_at``).
            models.Index(fields=["updated_at"], name="question_updated_at_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "slug"], name="question_slug_unique_per_condition"
            ),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse(
            "answer_detail",
            kwargs={"condition_slug": self.condition.slug, "question_slug": self.slug},
        )


class Answer(models.Model):
    """The working copy of a question's one answer.

    Its state changes only in ``reviews.workflow``. The public reads the
    separate live copy (:class:`PublishedAnswer`), never this row.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    question = models.OneToOneField(
        Question,
        on_delete=models.CASCADE,
        related_name="answer",
        verbose_name=_("question"),
    )
    kind_label = models.CharField(
        _("answer kind"), max_length=60, default="Short answer"
    )
    tldr = models.TextField(
        _("TL;DR"),
        blank=True,
        validators=[MaxLengthValidator(TLDR_MAX_LENGTH)],
        help_text=_("Plain text, at most 400 characters: the answer in two sentences."),
    )
    body = MarkdownxField(
        _("body"), blank=True, help_text=_("The full answer, in markdown.")
    )
    change_note = models.CharField(
        _("public change note"),
        max_length=CHANGE_NOTE_MAX_LENGTH,
        blank=True,
        default="",
        help_text=_(
            "For readers: what changed since the last publication, in a sentence. "
            "Shown in the answer's public review history once this text is "
            "published; required when submitting an answer that was published "
            "before. Part of the reviewed text."
        ),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=State.choices,
        default=State.DRAFT,
        db_index=True,
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers_to_review",
        verbose_name=_("assigned reviewer"),
        help_text=_("Leave empty to offer the review to every medical reviewer."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    state_changed_at = models.DateTimeField(_("state changed"), null=True, blank=True)
    edit_count = models.PositiveIntegerField(
        _("edit count"),
        default=0,
        help_text=_(
            "Raised by every save of the text; a form from an older count is stale."
        ),
    )

    class Meta:
        ordering = ["question"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "draft",
                        "in_review",
                        "changes_requested",
                        "approved",
                        "published",
                        "archived",
                    ]
                ),
                name="answer_state_valid",
            ),
        ]
        indexes = [
            # Each question's answer key without the working copy's text (an
            # index-only scan on PostgreSQL): the sitemap's answers, in
            # question order, and the site-wide validators join through it.
            models.Index(
                fields=["question"], include=["id"], name="answer_question_key_idx"
            ),
        ]
        permissions = [
            ("submit_answer", _("Can submit and withdraw answers for review")),
            ("review_answer", _("Can sign off answers as a medical reviewer")),
            ("publish_answer", _("Can publish approved answers")),
            ("archive_answer", _("Can archive answers")),
            ("assign_reviewer", _("Can assign a reviewer to an answer")),
            (
                "mark_correction",
                _("Can mark a publication as a correction of a factual error"),
            ),
        ]

    def __str__(self):
        return str(self.question)

    def get_absolute_url(self):
        return self.question.get_absolute_url()

    def clean(self):
        if len(self.tldr) > TLDR_MAX_LENGTH:
            raise ValidationError({"tldr": _("Keep the TL;DR to 400 characters.")})


class Reference(models.Model):
    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("answer"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=500)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Journal, publisher or website."),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    pmid = models.CharField(_("PMID"), max_length=20, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self):
        return self.title

    def as_dict(self) -> dict:
        """The reviewed fields of this reference, as fingerprinted and published."""
        return {
            "title": self.title,
            "source": self.source,
            "year": self.year,
            "url": self.url,
            "doi": self.doi,
            "pmid": self.pmid,
        }


class PublishedAnswer(models.Model):
    """The live copy of an answer: exactly the text that was approved and published."""

    answer = models.OneToOneField(
        Answer,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="live",
        help_text=_(
            "Kept when the archived answer is deleted, so that once recovered "
            "its public page answers 410 Gone again."
        ),
    )
    question_text = models.CharField(
        max_length=300,
        help_text=_("The question as approved: the page's heading and title."),
    )
    kind_label = models.CharField(max_length=60)
    tldr = models.TextField()
    body = models.TextField()
    references = models.JSONField(default=list)
    change_note = models.CharField(
        max_length=CHANGE_NOTE_MAX_LENGTH,
        blank=True,
        default="",
        help_text=_("The public note of what changed, as approved."),
    )
    body_html = models.TextField(
        default="",
        db_default="",
        editable=False,
        help_text=_("The body as readers see it, rendered at publication."),
    )
    references_html = models.TextField(
        default="",
        db_default="",
        editable=False,
        help_text=_("The reference list as readers see it, rendered at publication."),
    )
    renderer_version = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        editable=False,
        help_text=_(
            "The markdown renderer's version that made the stored HTML "
            "(0: never rendered)."
        ),
    )
    fingerprint = models.CharField(max_length=64)
    approval = models.ForeignKey(
        "reviews.SignOff",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The approving sign-off whose fingerprint this text carries."),
    )
    last_review = models.ForeignKey(
        "reviews.SignOff",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The latest approving or re-certifying sign-off of this text."),
    )
    written_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        help_text=_(
            "Everyone who edited the text between the previous and this publication."
        ),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    text_changed_at = models.DateTimeField(
        help_text=_("When the public text last changed: the page's 'Last updated'.")
    )
    is_correction = models.BooleanField(
        default=False,
        help_text=_(
            "The latest publication fixed a factual error, as a managing editor "
            "marked it: the feed says so."
        ),
    )
    review_due_on = models.DateField(db_index=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("live answer")
        verbose_name_plural = _("live answers")
        indexes = [
            # "Recently updated" (the home page, the feed) walks it newest first.
            models.Index(fields=["text_changed_at"], name="live_text_changed_at_idx"),
            # The newest publication and archive, for the validators of the
            # lists (``articles.caching.site_changed_at``).
            models.Index(fields=["published_at"], name="live_published_at_idx"),
            models.Index(
                fields=["archived_at"],
                condition=models.Q(archived_at__isnull=False),
                name="live_archived_at_idx",
            ),
            # The live copies on the site with their "Last updated", read
            # without their rows (an index-only scan on PostgreSQL): the
            # sitemap's answers and every join of ``Question.published()``.
            models.Index(
                fields=["answer"],
                include=["text_changed_at"],
                condition=models.Q(archived_at__isnull=True),
                name="live_on_site_idx",
            ),
            # What the site-wide validators (``site_change_aggregates``: the
            # sitemap, the feed, the home page, the A–Z index) read of every
            # live copy, without its stored HTML.
            models.Index(
                fields=["answer"],
                include=["last_review", "published_at", "archived_at"],
                name="live_validators_idx",
            ),
        ]

    def __str__(self):
        return str(self.answer)

    def is_review_overdue(self, *, as_of: datetime.date) -> bool:
        """Whether the next review was due before ``as_of``: the date has passed."""
        return self.review_due_on < as_of


class AnswerRevision(models.Model):
    """What the workflow knows about one django-reversion revision of an answer.

    Attached with ``reversion.add_meta`` so that history can show the state at
    each version and separation of duties can tell text edits from transitions.
    """

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, related_name="answer_info"
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="revision_infos",
        help_text=_(
            "Kept after a deletion so the answer can be recovered with its history."
        ),
    )
    state = models.CharField(max_length=20, choices=Answer.State.choices)
    is_text_edit = models.BooleanField(default=False)
    is_refused = models.BooleanField(
        default=False,
        help_text=_("A save refused as stale: kept for the record, never applied."),
    )
    fingerprint = models.CharField(max_length=64)
    # The text sent to review, as readers will see it: rendered once by
    # ``workflow.submit``, shown on the review screen and copied to the live
    # copy at publication (``articles.rendering``).
    body_html = models.TextField(
        default="",
        db_default="",
        editable=False,
        help_text=_("The body sent to review, as readers will see it."),
    )
    references_html = models.TextField(
        default="",
        db_default="",
        editable=False,
        help_text=_("The reference list sent to review, as readers will see it."),
    )
    renderer_version = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        editable=False,
        help_text=_(
            "The markdown renderer's version that made the stored HTML "
            "(0: not sent to review, nothing stored)."
        ),
    )

    class Meta:
        verbose_name = _("answer revision")
        verbose_name_plural = _("answer revisions")

    def __str__(self):
        return f"{self.answer_id} @ {self.revision_id}"


class Disclaimer(models.Model):
    """The site-wide medical disclaimer: one row, edited by managing editors."""

    text = MarkdownxField(_("text"), help_text=_("Shown at the foot of every answer."))
    text_html = models.TextField(default="", db_default="", editable=False)
    renderer_version = models.PositiveSmallIntegerField(
        default=0, db_default=0, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site disclaimer")
        verbose_name_plural = _("site disclaimer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="disclaimer_single_row"
            ),
        ]

    def __str__(self):
        return str(_("Site disclaimer"))

    def save(self, *args, **kwargs):
        self.render_html()
        super().save(*args, **kwargs)

    def render_html(self) -> None:
        """Store the text as readers see it, with the renderer's version."""
        self.text_html = render_markdown(self.text)
        self.renderer_version = RENDERER_VERSION


reversion.register(Reference)
reversion.register(Answer, follow=["references", "question"])
reversion.register(Question, follow=["answer"])
reversion.register(Disclaimer)
