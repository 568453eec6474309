import reversion
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from core.markdown import RENDERER_VERSION, render_markdown

DEFAULT_REVIEW_INTERVAL_MONTHS = 12
MAX_REVIEW_INTERVAL_MONTHS = 60


class Condition(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    other_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("Synonyms readers may search for, one per line."),
    )
    summary = MarkdownxField(
        _("summary"),
        blank=True,
        help_text=_(
            "A short editorial introduction, in markdown: what the condition is "
            "called and whom it affects. It is not medically reviewed, so make no "
            "medical claims here (causes, symptoms, treatments, outcomes): those "
            "belong in reviewed answers."
        ),
    )
    summary_html = models.TextField(default="", db_default="", editable=False)
    renderer_version = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        editable=False,
        help_text=_(
            "The markdown renderer's version that made summary_html "
            "(0: never rendered)."
        ),
    )
    icd10_code = models.CharField(_("ICD-10 code"), max_length=20, blank=True)
    orpha_code = models.CharField(_("ORPHA code"), max_length=20, blank=True)
    extra_disclaimer = models.TextField(
        _("extra disclaimer"),
        blank=True,
        help_text=_("Shown under the site disclaimer on this condition's answers."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1),
            MaxValueValidator(MAX_REVIEW_INTERVAL_MONTHS),
        ],
        help_text=_("Leave empty for the default of 12 months."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        indexes = [
            # The newest edit, for the validators of the lists
            # (``articles.caching.site_changed_at``).
            models.Index(fields=["updated_at"], name="condition_updated_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_interval_months__isnull=True)
                | models.Q(
                    review_interval_months__gte=1,
                    review_interval_months__lte=MAX_REVIEW_INTERVAL_MONTHS,
                ),
                name="condition_review_interval_in_range",
            ),
        ]
        permissions = [
            ("set_review_interval", _("Can set a condition's review interval")),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.render_html()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("condition_detail", kwargs={"condition_slug": self.slug})

    @property
    def other_names_list(self) -> list[str]:
        return [name.strip() for name in self.other_names.splitlines() if name.strip()]

    def render_html(self) -> None:
        """Store the summary as readers see it, with the renderer's version."""
        self.summary_html = render_markdown(self.summary)
        self.renderer_version = RENDERER_VERSION

    @property
    def review_interval(self) -> int:
        """Months between reviews of this condition's answers."""
        return self.review_interval_months or DEFAULT_REVIEW_INTERVAL_MONTHS


reversion.register(Condition)
