from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Questions and answers"

    def ready(self):
        from django.core import checks

        from articles import caching
        from articles.checks import check_stored_html

        caching.connect_invalidation()
        checks.register(check_stored_html, checks.Tags.database)
