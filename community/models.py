from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.visible_text import visible_characters

DISPLAY_NAME_MAX_LENGTH = 50
EXPERIENCE_MIN_LENGTH = 50
EXPERIENCE_MAX_LENGTH = 5000
# An experience needs this many characters a reader can see, not counting
# spaces, line breaks or invisible characters.
EXPERIENCE_MIN_VISIBLE_LENGTH = 20
TOO_FEW_VISIBLE_CHARACTERS = _(
    "Your experience has too little text a reader can see: write at least "
    "%(limit_value)d letters, digits or punctuation marks (it has %(show_value)d)."
)


def validate_visible_text(text: str) -> None:
    """Refuse a text made mostly of spaces or invisible characters."""
    visible = len(visible_characters(text))
    if visible < EXPERIENCE_MIN_VISIBLE_LENGTH:
        raise ValidationError(
            TOO_FEW_VISIBLE_CHARACTERS,
            code="invisible",
            params={
                "limit_value": EXPERIENCE_MIN_VISIBLE_LENGTH,
                "show_value": visible,
            },
        )


EXPERIENCE_TEXT_VALIDATORS = [
    MinLengthValidator(
        EXPERIENCE_MIN_LENGTH,
        message=_(
            "Your experience is too short: write at least %(limit_value)d "
            "characters (it has %(show_value)d)."
        ),
    ),
    MaxLengthValidator(
        EXPERIENCE_MAX_LENGTH,
        message=_(
            "Your experience is too long: keep it to %(limit_value)d characters "
            "at most (it has %(show_value)d)."
        ),
    ),
]


class MemberProfile(models.Model):
    """What the public may know of a member: the display name they chose."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        help_text=_("Shown beside the member's experiences; never their email."),
    )
    requested_display_name = models.CharField(
        _("requested display name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        blank=True,
        help_text=_(
            "A new name the member asked for while their old one is shown beside "
            "published experiences: it replaces it once a moderator approves it."
        ),
    )
    email_confirmed_at = models.DateTimeField(
        _("email confirmed"),
        null=True,
        blank=True,
        help_text=_(
            "When the member opened the link sent to their email. Until then the "
            "account is not a member's: it cannot sign in, declare or share."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return self.display_name


class DeclarationQuerySet(models.QuerySet):
    def counted(self):
        """Declarations behind "N individuals living with X": active members'.

        Only members who confirmed their email can declare (a sign-up joins
        the Members group on confirmation), so only they are counted.
        """
        return self.filter(member__is_active=True)


class Declaration(models.Model):
    """A member's statement that they live with a condition."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="declarations",
        verbose_name=_("member"),
    )
    condition = models.ForeignKey(
        "conditions.Condition",
        on_delete=models.CASCADE,
        related_name="declarations",
        verbose_name=_("condition"),
    )
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["condition__name"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "condition"], name="declaration_unique_per_member"
            ),
        ]

    def __str__(self):
        return f"{self.member_id} lives with {self.condition_id}"


class ExperienceQuerySet(models.QuerySet):
    def approved(self):
        """Experiences the public may read: approved, from an active member
        (who confirmed their email to share it)."""
        return self.filter(state=Experience.State.APPROVED, member__is_active=True)


class Experience(models.Model):
    """A member's first-person experience on a question, in plain text.

    Its state changes only in ``community.moderation``.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="experiences",
        verbose_name=_("member"),
    )
    question = models.ForeignKey(
        "articles.Question",
        on_delete=models.CASCADE,
        related_name="experiences",
        verbose_name=_("question"),
    )
    text = models.TextField(
        _("text"),
        validators=EXPERIENCE_TEXT_VALIDATORS,
        help_text=_("Plain text, exactly as the member typed it."),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=State.choices,
        default=State.PENDING,
        db_index=True,
    )
    consent_at = models.DateTimeField(
        _("consent given"),
        help_text=_("When the member agreed to publish this text."),
    )
    created_at = models.DateTimeField(_("shared"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    edited_at = models.DateTimeField(
        _("last edited by the member"), null=True, blank=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    rejection_reason = models.TextField(
        _("rejection reason"),
        blank=True,
        help_text=_("Sent to the member; say what would make it publishable."),
    )

    objects = ExperienceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        indexes = [
            models.Index(
                fields=["question", "state", "-created_at"],
                name="experience_public_list",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "approved", "rejected"]),
                name="experience_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    GreaterThanOrEqual(Length("text"), EXPERIENCE_MIN_LENGTH),
                    LessThanOrEqual(Length("text"), EXPERIENCE_MAX_LENGTH),
                ),
                name="experience_text_length",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="rejected") | ~models.Q(rejection_reason=""),
                name="experience_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(state="pending")
                | models.Q(moderated_at__isnull=False),
                name="experience_decision_has_time",
            ),
        ]
        permissions = [
            ("share_experience", _("Can declare conditions and share experiences")),
            ("moderate_experience", _("Can approve or reject members' experiences")),
        ]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse(
            "community:experience_list",
            kwargs={
                "condition_slug": self.question.condition.slug,
                "question_slug": self.question.slug,
            },
        )


def validate_experience_text(text: str) -> None:
    """Raise ValidationError unless the text is between 50 and 5,000 characters."""
    for validator in EXPERIENCE_TEXT_VALIDATORS:
        validator(text)


class Sharing(models.Model):
    """That a member shared an experience, and when: kept when the experience
    is deleted, so that the rate limit counts every experience shared."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    shared_at = models.DateTimeField(_("shared"), db_index=True)

    class Meta:
        verbose_name = _("sharing")
        verbose_name_plural = _("sharings")

    def __str__(self):
        return f"{self.member_id} shared at {self.shared_at:%Y-%m-%d %H:%M}"
