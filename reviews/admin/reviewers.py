"""The admin for reviewer profiles and the review record.

Sign-offs and audit entries are append-only: the admin shows them and nobody,
superusers included, may add, change or delete one here.
"""

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_initial import CheckedInitialDataMixin
from reviews import answer_texts, selectors, services
from reviews.models import AuditEntry, Registration, ReviewerProfile, SignOff

AUTOCOMPLETE_PAGE_SIZE = 20
DELETED_ANSWER = gettext_lazy("Deleted answer #%(id)s")


class ReviewerUserSelect(AutocompleteSelect):
    """Autocomplete served by the profile admin, which offers only reviewers.

    Django's own autocomplete needs permission to view every user account,
    which managing editors, who manage profiles, rightly do not have.
    """

    def get_url(self):
        return reverse(f"{self.admin_site.name}:reviews_reviewerprofile_user")


class RegistrationInline(admin.StackedInline):
    """The reviewer's professional registrations, as a managing editor checked
    them against the register. Whoever records a verification is its
    verifier."""

    model = Registration
    extra = 0
    fields = (
        "body",
        "country",
        "number",
        "verified_on",
        "valid_until",
        "verified_by",
        "verifier_notes",
    )
    readonly_fields = ("verified_by",)


# A registration's verifier is whoever last recorded these.
VERIFICATION_FIELDS = {"body", "country", "number", "verified_on", "valid_until"}


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(CheckedInitialDataMixin, admin.ModelAdmin):
    list_display = ("full_name", "credentials", "specialty", "user", "slug")
    list_select_related = ("user",)
    inlines = (RegistrationInline,)
    search_fields = (
        "full_name",
        "credentials",
        "specialty",
        "registrations__number",
        "slug",
        "user__username",
        "user__email",
    )
    prepopulated_fields = {"slug": ("full_name",)}
    fields = (
        "user",
        "full_name",
        "credentials",
        "specialty",
        "bio",
        "disclosures",
        "slug",
    )

    def get_readonly_fields(self, request, obj=None):
        # Sign-offs name the profile: it never moves to another person.
        return ("user",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        services.save_reviewer_profile(obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is Registration:
            for inline_form in formset.forms:
                if VERIFICATION_FIELDS & set(inline_form.changed_data):
                    inline_form.instance.verified_by = request.user
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        services.delete_reviewer_profile(obj)

    def delete_queryset(self, request, queryset):
        for profile in queryset:
            services.delete_reviewer_profile(profile)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = selectors.reviewer_candidates()
            kwargs["widget"] = ReviewerUserSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "user-autocomplete/",
                self.admin_site.admin_view(self.user_autocomplete_view),
                name="reviews_reviewerprofile_user",
            ),
            *super().get_urls(),
        ]

    def user_autocomplete_view(self, request):
        """The medical reviewers matching ``term``, in select2's JSON shape."""
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        users = selectors.reviewer_candidates(search=request.GET.get("term", ""))
        page = Paginator(users, AUTOCOMPLETE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return JsonResponse(
            {
                "results": [{"id": str(user.pk), "text": str(user)} for user in page],
                "pagination": {"more": page.has_next()},
            }
        )


class AppendOnlyAdmin(admin.ModelAdmin):
    """A record to read: never added, changed or deleted here, by anyone."""

    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Prefetched, not joined: the row of a deleted answer must stay listed.
        return super().get_queryset(request).prefetch_related("answer__question")

    @admin.display(description=gettext_lazy("answer"))
    def answer_link(self, obj):
        answer = getattr(obj, "answer", None)
        if answer is None:
            return DELETED_ANSWER % {"id": obj.answer_id}
        url = reverse("admin:articles_answer_change", args=[quote(answer.pk)])
        return format_html('<a href="{}">{}</a>', url, answer.question)

    @admin.display(description=gettext_lazy("comment"))
    def comment_excerpt(self, obj):
        return Truncator(obj.comment).chars(80)


@admin.register(SignOff)
class SignOffAdmin(AppendOnlyAdmin):
    list_display = (
        "signed_at",
        "answer_link",
        "decision",
        "reviewer_name",
        "reviewer_credentials",
        "comment_excerpt",
    )
    list_filter = ("decision", "signed_at", "reviewer_profile")
    list_select_related = ("reviewer",)
    search_fields = (
        "reviewer_name",
        "comment",
        "fingerprint",
        "answer__question__text",
    )
    date_hierarchy = "signed_at"
    fields = (
        "answer_link",
        "decision",
        "comment",
        "signed_at",
        "reviewer",
        "reviewer_profile",
        "reviewer_name",
        "reviewer_credentials",
        "version_reviewed",
        "fingerprint",
        "fingerprint_scheme",
        "fingerprint_verifies",
        "verified_references",
    )
    readonly_fields = fields

    @admin.display(description=gettext_lazy("fingerprint matches the version"))
    def fingerprint_verifies(self, obj):
        """Recomputed from the version reviewed, in the sign-off's own scheme."""
        if obj.version_id is None:
            return "—"
        return _("Yes") if answer_texts.sign_off_verifies(obj) else _("No")

    @admin.display(description=gettext_lazy("version reviewed"))
    def version_reviewed(self, obj):
        if obj.version_id is None:
            return "—"
        return _("Version %(id)s of %(date)s") % {
            "id": obj.version_id,
            "date": obj.version.revision.date_created.strftime("%Y-%m-%d %H:%M"),
        }


@admin.register(AuditEntry)
class AuditEntryAdmin(AppendOnlyAdmin):
    list_display = (
        "created_at",
        "answer_link",
        "transition",
        "from_state",
        "to_state",
        "user",
        "comment_excerpt",
    )
    list_filter = ("transition", "to_state", "created_at")
    list_select_related = ("user",)
    search_fields = (
        "comment",
        "transition",
        "user__username",
        "answer__question__text",
    )
    date_hierarchy = "created_at"
    fields = (
        "answer_link",
        "transition",
        "from_state",
        "to_state",
        "user",
        "comment",
        "created_at",
    )
    readonly_fields = fields
