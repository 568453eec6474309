import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import Answer
from core import clock


class AppendOnlyError(Exception):
    """Raised on an attempt to change or delete an append-only record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} records are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} records are append-only.")


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed or deleted.

    Refused: ``save()`` of a stored row, ``delete()``, and ``update()`` or
    ``delete()`` on any queryset, also through related managers and the base
    manager Django uses internally (``bulk_update`` and ``update_or_create``
    end in one of these).
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} records are append-only.")


class ReviewerProfile(models.Model):
    """A medical reviewer's public identity, shown on the answers they sign off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviewer_profile",
        verbose_name=_("user"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    credentials = models.CharField(
        _("credentials"),
        max_length=100,
        help_text=_('Post-nominal letters, e.g. "MD, PhD".'),
    )
    specialty = models.CharField(_("specialty"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), blank=True)
    disclosures = models.TextField(
        _("conflict-of-interest disclosure"),
        blank=True,
        help_text=_('Write "None declared." when there is nothing to disclose.'),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self):
        return f"{self.full_name}, {self.credentials}"

    def get_absolute_url(self):
        return reverse("reviews:reviewer_detail", kwargs={"reviewer_slug": self.slug})


class RegistrationQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Registrations verified on or before ``day`` and valid through it."""
        return self.filter(verified_on__lte=day, valid_until__gte=day)


class Registration(models.Model):
    """One professional registration of a reviewer, as a managing editor verified it.

    A row migrated from the old free-text number has no verification yet:
    it counts for nothing until a managing editor fills in who verified it,
    when, and until when it is valid.
    """

    profile = models.ForeignKey(
        ReviewerProfile,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("reviewer profile"),
    )
    body = models.CharField(
        _("registering body"),
        max_length=200,
        help_text=_(
            'The body that keeps the register, e.g. "General Medical Council".'
        ),
    )
    country = models.CharField(_("country"), max_length=100)
    number = models.CharField(_("registration or licence number"), max_length=100)
    verified_on = models.DateField(
        _("verified on"),
        null=True,
        help_text=_("The day the entry was checked against the public register."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        help_text=_("The last day the register shows the registration as current."),
    )
    verifier_notes = models.TextField(
        _("verifier's notes"),
        blank=True,
        help_text=_("Private: never shown on the public site."),
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_until", "pk"]
        verbose_name = _("professional registration")
        verbose_name_plural = _("professional registrations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        verified_on__isnull=True,
                        verified_by__isnull=True,
                        valid_until__isnull=True,
                    )
                    | models.Q(
                        verified_on__isnull=False,
                        verified_by__isnull=False,
                        valid_until__isnull=False,
                    )
                ),
                name="registration_verified_with_who_and_until",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("verified_on"))
                | models.Q(verified_on__isnull=True),
                name="registration_valid_until_after_verified_on",
            ),
        ]

    def __str__(self):
        return f"{self.body} ({self.country}) {self.number}"

    def clean(self):
        super().clean()
        dates = (self.verified_on, self.valid_until)
        if None in dates and dates != (None, None):
            raise ValidationError(
                _("Give both the day it was verified and the day it is valid until.")
            )
        if None not in dates and self.valid_until < self.verified_on:
            raise ValidationError(
                {"valid_until": _("A registration cannot end before it was verified.")}
            )


class SignOff(AppendOnlyModel):
    """One reviewer decision on one exact text. Append-only."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REQUEST_CHANGES = "request_changes", _("Changes requested")
        RECERTIFY = "recertify", _("Re-certified")

    answer = models.ForeignKey(
        Answer,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="sign_offs",
        verbose_name=_("answer"),
        help_text=_(
            "Kept after a deletion so that a recovered answer keeps its record."
        ),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sign_offs",
        verbose_name=_("reviewer"),
    )
    reviewer_profile = models.ForeignKey(
        ReviewerProfile,
        on_delete=models.PROTECT,
        null=True,
        related_name="sign_offs",
        verbose_name=_("reviewer profile"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    signed_at = models.DateTimeField(_("signed"), default=clock.now, db_index=True)
    version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("version reviewed"),
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        help_text=_(
            "SHA-256 of the reviewed text: question, label, TL;DR, body, "
            "references and public change note (scheme 3), the same without "
            "the note (scheme 2), or TL;DR, body and references (scheme 1)."
        ),
    )
    fingerprint_scheme = models.PositiveSmallIntegerField(
        _("fingerprint scheme"),
        help_text=_("How the fingerprint was computed: see reviews.fingerprint."),
    )
    verified_references = models.JSONField(
        _("references verified"),
        default=list,
        blank=True,
        help_text=_(
            "The numbers (1, 2, …) of the references the reviewer ticked as "
            "checked against their source, in the text this sign-off covers."
        ),
    )
    reviewer_name = models.CharField(_("reviewer name at sign-off"), max_length=200)
    reviewer_credentials = models.CharField(
        _("reviewer credentials at sign-off"), max_length=100, blank=True
    )
    registration_body = models.CharField(
        _("registering body at sign-off"), max_length=200, blank=True, default=""
    )
    registration_country = models.CharField(
        _("registration country at sign-off"), max_length=100, blank=True, default=""
    )
    registration_number = models.CharField(
        _("registration number at sign-off"), max_length=100, blank=True, default=""
    )
    registration_valid_until = models.DateField(
        _("registration valid until, at sign-off"),
        null=True,
        blank=True,
        help_text=_("Empty for sign-offs recorded before registrations were kept."),
    )

    class Meta(AppendOnlyModel.Meta):
        ordering = ["-signed_at", "-id"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    decision__in=["approve", "request_changes", "recertify"]
                ),
                name="signoff_decision_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="request_changes") | ~models.Q(comment=""),
                name="signoff_request_changes_has_comment",
            ),
            models.CheckConstraint(
                condition=models.Q(fingerprint_scheme__in=[1, 2, 3]),
                name="signoff_fingerprint_scheme_known",
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} by {self.reviewer_name}"

    @property
    def is_review(self) -> bool:
        """True for decisions that count as 'last reviewed'."""
        return self.decision in (self.Decision.APPROVE, self.Decision.RECERTIFY)


class AuditEntry(AppendOnlyModel):
    """One workflow transition of an answer. Append-only."""

    answer = models.ForeignKey(
        Answer,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="audit_entries",
        verbose_name=_("answer"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    transition = models.CharField(_("transition"), max_length=30)
    from_state = models.CharField(
        _("from"), max_length=20, choices=Answer.State.choices
    )
    to_state = models.CharField(_("to"), max_length=20, choices=Answer.State.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), default=clock.now, db_index=True)

    class Meta(AppendOnlyModel.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.transition}: {self.from_state} → {self.to_state}"


class HistoryEntry(AppendOnlyModel):
    """One line of an answer's public review history. Append-only.

    Written by ``reviews.workflow`` when an answer is published (its kind says
    whether the text changed, or the publication fixes a factual error) and
    when the live text is re-certified. It keeps the public change note as it
    was published, so later edits of the working copy never rewrite history.
    """

    class Kind(models.TextChoices):
        UPDATED = "updated", _("Updated and reviewed")
        REVIEWED = "reviewed", _("Reviewed, no change")
        CORRECTION = "correction", _("Correction")

    answer = models.ForeignKey(
        Answer,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="history_entries",
        verbose_name=_("answer"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sign_off = models.ForeignKey(
        SignOff,
        on_delete=models.PROTECT,
        related_name="history_entries",
        verbose_name=_("sign-off"),
        help_text=_(
            "The approval published, or the re-certification: the reviewer "
            "and their credentials as they were then."
        ),
    )
    change_note = models.CharField(
        _("public change note"), max_length=300, blank=True, default=""
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("when"), default=clock.now)

    class Meta(AppendOnlyModel.Meta):
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("review history entry")
        verbose_name_plural = _("review history")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["updated", "reviewed", "correction"]),
                name="historyentry_kind_valid",
            ),
        ]
        indexes = [
            # An answer page reads its answer's history newest first.
            models.Index(
                fields=["answer", "-recorded_at", "-id"],
                name="history_answer_newest_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.answer_id} @ {self.recorded_at}"

    @property
    def is_correction(self) -> bool:
        return self.kind == self.Kind.CORRECTION
