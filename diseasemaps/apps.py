from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.signals import user_logged_in
from django.core import checks


class EditorialAdminConfig(AdminConfig):
    """The Django admin, with the editorial dashboard as its index page."""

    default_site = "diseasemaps.admin.EditorialAdminSite"

    def ready(self):
        super().ready()
        from diseasemaps import page_cache, reauthentication

        user_logged_in.connect(
            reauthentication.record_sign_in,
            dispatch_uid="diseasemaps.reauthentication.record_sign_in",
        )
        # The project has no app of its own besides this one.
        page_cache.connect_invalidation()
        checks.register(page_cache.check_shared_cache, checks.Tags.caches, deploy=True)
