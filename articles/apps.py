from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Questions and answers"

    def ready(self):
        from articles import caching

        caching.connect_invalidation()
