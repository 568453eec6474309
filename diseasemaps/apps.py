from django.contrib.admin.apps import AdminConfig


class EditorialAdminConfig(AdminConfig):
    """The Django admin, with the editorial dashboard as its index page."""

    default_site = "diseasemaps.admin.EditorialAdminSite"
