from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_RATE_PER_MINUTE = 120
MAX_RATE_PER_MINUTE = 10_000


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner's key to the content API.

    The key itself is shown once, when it is created; only its SHA-256 is
    stored (see ``api.keys``). A revoked key is kept, so the record of who
    had access stays.
    """

    name = models.CharField(
        _("name"), max_length=200, help_text=_("The partner or app using the key.")
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        help_text=_("Who to write to about this key: a name and an email address."),
    )
    rate_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=DEFAULT_RATE_PER_MINUTE,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RATE_PER_MINUTE)],
        help_text=_("Requests beyond this in a minute get 429 Too Many Requests."),
    )
    prefix = models.CharField(
        _("key prefix"),
        max_length=16,
        unique=True,
        editable=False,
        help_text=_("The key's public start, to tell keys apart."),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate_per_minute__gte=1),
                name="api_key_rate_positive",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
