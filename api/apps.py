from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only content API at /api/v1/ and the partners' API keys."""

    name = "api"
    verbose_name = "Content API"

    def ready(self):
        # drf-spectacular finds its extensions by their being imported.
        from api import schema  # noqa: F401
