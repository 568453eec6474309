"""API keys in the admin: managing editors create them, see each key once,
and revoke them. Keys are never deleted, so the record of access stays."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api import services
from api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "contact", "rate_per_minute", "created_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "contact", "prefix")
    list_select_related = ("created_by",)
    fields = (
        "name",
        "contact",
        "rate_per_minute",
        "prefix",
        "created_by",
        "created_at",
        "revoked_at",
    )
    readonly_fields = ("prefix", "created_by", "created_at", "revoked_at")
    actions = ["revoke"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            obj.issued_key = services.issue_api_key(obj, user=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        """Show the new key, once: it is stored only as a digest."""
        response = TemplateResponse(
            request,
            "admin/api/apikey/key_issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "api_key": obj,
                "key": obj.issued_key,
                "title": _("API key created"),
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        count = services.revoke_api_keys(queryset)
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
