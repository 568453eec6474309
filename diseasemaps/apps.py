from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.signals import user_logged_in


class EditorialAdminConfig(AdminConfig):
    """The Django admin, with the editorial dashboard as its index page."""

    default_site = "diseasemaps.admin.EditorialAdminSite"

    def ready(self):
        super().ready()
        from diseasemaps import reauthentication

        user_logged_in.connect(
            reauthentication.record_sign_in,
            dispatch_uid="diseasemaps.reauthentication.record_sign_in",
        )
