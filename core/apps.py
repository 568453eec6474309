from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.core import checks


class CoreConfig(AppConfig):
    """Infrastructure with no domain knowledge: markdown, the clock, security
    headers, sign-in throttling, two-factor and re-authentication, and the
    mechanics of conditional GET and the page cache."""

    name = "core"

    def ready(self):
        from core import page_cache, reauthentication, staff_sessions

        user_logged_in.connect(
            reauthentication.record_sign_in,
            dispatch_uid="core.reauthentication.record_sign_in",
        )
        user_logged_in.connect(
            staff_sessions.start_staff_session,
            dispatch_uid="core.staff_sessions.start_staff_session",
        )
        checks.register(page_cache.check_shared_cache, checks.Tags.caches, deploy=True)
