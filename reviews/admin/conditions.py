"""The editorial admin for conditions.

It lives with the review workflow because a condition's screen sets how often
its answers are reviewed: the review interval is a form field only for
managing editors, and whenever they save a condition,
``reviews.services.set_review_interval`` keeps the live answers' "next review
due" in step with it. Saves and deletions go through
``conditions.services``, which announces them to search and the page cache.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import services as article_services
from conditions import services as condition_services
from conditions.models import Condition
from reviews import services

INTERVAL_REVERT_REFUSED = gettext_lazy(
    "That version has another review interval, which only a managing editor "
    "can restore."
)


@admin.register(Condition)
class ConditionAdmin(VersionAdmin):
    list_display = ("name", "icd10_code", "orpha_code", "review_interval", "updated_at")
    search_fields = ("name", "other_names", "slug", "icd10_code", "orpha_code")
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        "name",
        "slug",
        "other_names",
        "summary",
        "icd10_code",
        "orpha_code",
        "extra_disclaimer",
        "review_interval_months",
    )
    readonly_fields = ("review_interval",)
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    history_latest_first = True

    @admin.display(
        description=gettext_lazy("review interval"), ordering="review_interval_months"
    )
    def review_interval(self, obj):
        months = obj.review_interval
        text = ngettext("%(months)d month", "%(months)d months", months) % {
            "months": months
        }
        if obj.review_interval_months is None:
            return _("%(interval)s (default)") % {"interval": text}
        return text

    def get_fields(self, request, obj=None):
        if services.may_set_review_interval(request.user):
            return self.fields
        # Shown, not editable: the field is then absent from the form and POST.
        return [
            "review_interval" if name == "review_interval_months" else name
            for name in self.fields
        ]

    def save_model(self, request, obj, form, change):
        condition_services.save_condition(obj)
        if services.may_set_review_interval(request.user):
            # Also after a revert, whose form never shows the interval as changed.
            services.set_review_interval(
                obj, user=request.user, months=obj.review_interval_months
            )

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return not article_services.condition_deletion_refusals([obj.pk])

    def get_deleted_objects(self, objs, request):
        refusals = article_services.condition_deletion_refusals(
            [condition.pk for condition in objs]
        )
        if refusals:
            return [], {}, set(), refusals
        return super().get_deleted_objects(objs, request)

    def delete_model(self, request, obj):
        condition_services.delete_condition(obj)

    def delete_queryset(self, request, queryset):
        for condition in queryset:
            condition_services.delete_condition(condition)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Revert a condition, but its interval only for those who may set it."""
        condition = get_object_or_404(Condition, pk=unquote(object_id))
        version = get_object_or_404(
            Version.objects.get_for_object(condition), pk=version_id
        )
        if request.method == "POST" and not services.may_restore_version(
            condition, user=request.user, version=version
        ):
            messages.error(request, INTERVAL_REVERT_REFUSED)
            return redirect(
                reverse(
                    "admin:conditions_condition_history", args=[quote(condition.pk)]
                )
            )
        return super().revision_view(request, object_id, version_id, extra_context)
