from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Medical review"

    def ready(self):
        from reviews import caching

        caching.connect_invalidation()
