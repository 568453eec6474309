from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community import moderation, services
from community.models import Experience, MemberProfile

APPROVED = "Approved: the experience is now shown and counted."
REJECTED = "Rejected: the member was sent your reason."
ALL_STATES = "all"


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the member"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class ModerationStateFilter(admin.SimpleListFilter):
    """The queue: pending experiences unless another state is chosen."""

    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*Experience.State.choices, (ALL_STATES, gettext_lazy("All"))]

    def value(self):
        return super().value() or Experience.State.PENDING

    def queryset(self, request, queryset):
        if self.value() == ALL_STATES:
            return queryset
        return queryset.filter(state=self.value())

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}
                ),
                "display": title,
            }


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "question", "condition", "display_name", "created_at"]
    list_filter = [ModerationStateFilter, "question__condition"]
    list_select_related = ["question__condition", "member__member_profile"]
    search_fields = ["text", "question__text"]
    ordering = ["created_at", "id"]
    fields = [
        "question_link",
        "display_name",
        "text_as_shown",
        "state",
        "created_at",
        "edited_at",
        "consent_at",
        "moderator",
        "moderated_at",
        "rejection_reason",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("experience"))
    def excerpt(self, obj):
        return obj.text[:80] + ("…" if len(obj.text) > 80 else "")

    @admin.display(description=gettext_lazy("question"))
    def question_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', obj.question.get_absolute_url(), obj.question.text
        )

    @admin.display(description=gettext_lazy("condition"))
    def condition(self, obj):
        return obj.question.condition.name

    @admin.display(description=gettext_lazy("display name"))
    def display_name(self, obj):
        profile = getattr(obj.member, "member_profile", None)
        return profile.display_name if profile else "—"

    @admin.display(description=gettext_lazy("text, as readers see it"))
    def text_as_shown(self, obj):
        return format_html(
            '<div class="experience-text">{}</div>', linebreaksbr(obj.text)
        )

    @admin.display(description=gettext_lazy("moderated by"))
    def moderator(self, obj):
        if obj.moderated_by is None:
            return "—"
        return obj.moderated_by.get_full_name() or obj.moderated_by.get_username()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "question__condition", "member__member_profile", "moderated_by"
            )
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("Moderate experiences"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        experience = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if experience is not None:
            extra_context.update(
                can_approve=moderation.can_approve(experience, request.user),
                can_reject=moderation.can_reject(experience, request.user),
                approve_url=self._moderation_url("approve", experience),
                reject_url=self._moderation_url("reject", experience),
                reject_form=RejectForm(),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    # Moderation buttons -------------------------------------------------------

    def _moderation_url(self, name: str, experience: Experience) -> str:
        return reverse(
            f"admin:community_experience_{name}", args=[quote(experience.pk)]
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/approve/",
                view(require_POST(self.approve_view)),
                name="community_experience_approve",
            ),
            path(
                "<path:object_id>/reject/",
                view(require_POST(self.reject_view)),
                name="community_experience_reject",
            ),
            *super().get_urls(),
        ]

    def _experience(self, request, object_id) -> Experience:
        experience = self.get_object(request, unquote(object_id))
        if experience is None:
            raise Http404
        if not moderation.is_moderator(request.user):
            raise PermissionDenied
        return experience

    def _back(self, experience: Experience):
        return redirect(
            reverse("admin:community_experience_change", args=[quote(experience.pk)])
        )

    def approve_view(self, request, object_id):
        experience = self._experience(request, object_id)
        try:
            moderation.approve(experience, user=request.user)
        except moderation.ModerationError as error:
            messages.error(request, str(error))
            return self._back(experience)
        messages.success(request, _(APPROVED))
        return redirect("admin:community_experience_changelist")

    def reject_view(self, request, object_id):
        experience = self._experience(request, object_id)
        form = RejectForm(request.POST)
        form.is_valid()
        try:
            moderation.reject(
                experience, user=request.user, reason=form.cleaned_data["reason"]
            )
        except moderation.ModerationError as error:
            messages.error(request, str(error))
            return self._back(experience)
        messages.success(request, _(REJECTED))
        return redirect("admin:community_experience_changelist")


class PasswordSummaryWidget(ReadOnlyPasswordHashWidget):
    """Django's summary of the password hash, without ``disabled`` on its
    ``<div>``, where HTML does not allow it. The field stays disabled."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


class AccountChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = PasswordSummaryWidget()


# Django's user screens, with deactivation and deletion announced to the pages
# that show the member (``community.services``).
NAMES_APPROVED = "Approved %(count)d new display names: they are shown from now on."
NAMES_REJECTED = "Rejected %(count)d new display names: the old names stay."


@admin.register(MemberProfile)
class DisplayNameRequestAdmin(admin.ModelAdmin):
    """The new display names members asked for, waiting for a moderator."""

    list_display = ["display_name", "requested_display_name", "created_at"]
    search_fields = ["display_name", "requested_display_name"]
    ordering = ["created_at", "id"]
    fields = ["display_name", "requested_display_name", "created_at"]
    readonly_fields = fields
    actions = ["approve_names", "reject_names"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(requested_display_name="")

    def has_view_permission(self, request, obj=None):
        return moderation.is_moderator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A profile goes with its account (the account's deletion asks this
        # for each related row), never on its own from this list.
        return obj is not None and super().has_delete_permission(request, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("New display names"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.action(description=gettext_lazy("Approve the new display names"))
    def approve_names(self, request, queryset):
        self._decide(request, queryset, moderation.approve_display_name, NAMES_APPROVED)

    @admin.action(description=gettext_lazy("Reject the new display names"))
    def reject_names(self, request, queryset):
        self._decide(request, queryset, moderation.reject_display_name, NAMES_REJECTED)

    def _decide(self, request, queryset, decide, done: str) -> None:
        decided = 0
        for profile in queryset:
            try:
                decide(profile, user=request.user)
            except moderation.ModerationError as error:
                messages.error(request, f"{profile.display_name}: {error}")
            else:
                decided += 1
        if decided:
            messages.success(request, _(done) % {"count": decided})


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(UserAdmin):
    form = AccountChangeForm
    # Plain multiple selects: the two-box widget's script writes markup that
    # screen readers cannot name.
    filter_horizontal = ()
    # Kept by Django itself; a date and time pair of unlabelled inputs otherwise.
    readonly_fields = ("last_login", "date_joined")

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        # A member's experiences go with their account, as when they delete it
        # themselves; the moderation queue alone never deletes one.
        perms_needed = {
            name
            for name in perms_needed
            if str(name) != str(Experience._meta.verbose_name)
        }
        return deleted, model_count, perms_needed, protected

    def save_model(self, request, obj, form, change):
        services.save_account(obj)

    def delete_model(self, request, obj):
        services.remove_account(obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.remove_account(user)
