from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SiteConfig(AppConfig):
    """The site: its settings, URLs, own pages and the ``seed_demo`` command."""

    default = True
    name = "diseasemaps"
    verbose_name = "DiseaseMaps"

    def ready(self):
        from django.contrib import admin

        from diseasemaps.admin import use_search_index_for_answers

        use_search_index_for_answers(admin.site)


class EditorialAdminConfig(admin_apps.AdminConfig):
    """The Django admin, with the editorial dashboard as its index page."""

    default = False
    default_site = "diseasemaps.admin.EditorialAdminSite"
