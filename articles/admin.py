"""The editorial admin for questions and the site disclaimer, and the base of
the editorial history screens.

Interface only: saves and deletions go through ``articles.services``, which
holds the rule that published content is archived, never deleted, and
announces each write to search and the page cache. The answer's own screen,
with its workflow buttons, is ``reviews.admin.answers``.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import services
from articles.models import Disclaimer, Question
from core.admin_initial import CheckedInitialDataMixin
from core.admin_widgets import NamedAutocompleteSelect

QUESTION_TEXT_REVIEWED = gettext_lazy(
    "The question is part of its answer's reviewed text: change it on the "
    "answer's page, where the change goes through review before it is published."
)
RECOVER_THROUGH_THE_ANSWER = gettext_lazy(
    "“%(question)s” was deleted with its answer: recover the answer (“Recover "
    "deleted answers”), which brings its question back with it and records "
    "the recovery in the answer's audit trail."
)
QUESTION_REVERT_UNAVAILABLE = gettext_lazy(
    "Old versions of a question are shown for reference. Restore an answer's "
    "text from the answer's history, as a new draft."
)
MARKDOWN_EDITOR = {MarkdownxField: {"widget": AdminMarkdownxWidget}}

# Admins -----------------------------------------------------------------------


class EditorialVersionAdmin(CheckedInitialDataMixin, VersionAdmin):
    """History for questions and answers, with their deletion and recovery rules.

    A question whose answer is on the site (published, not archived) is
    archived, never deleted. Recovery only brings back deleted objects: it is
    never a way to overwrite one that exists.
    """

    history_latest_first = True

    def question_ids(self, objs) -> list[int]:
        raise NotImplementedError

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = NamedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def view_on_site(self, obj):
        """Link to the public page only when the public can see it."""
        questions = services.published_among(self.question_ids([obj]))
        question = questions.select_related("condition").first()
        return question.get_absolute_url() if question else None

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return not services.published_among(self.question_ids([obj])).exists()

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and super().has_delete_permission(request, obj):
            published = services.published_among(self.question_ids([obj])).first()
            if published is not None:
                messages.error(
                    request, services.PUBLISHED_NOT_DELETABLE % {"question": published}
                )
                return redirect(self._change_url(obj))
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        refusals = services.deletion_refusals(self.question_ids(objs))
        if refusals:
            return [], {}, set(), refusals
        return super().get_deleted_objects(objs, request)

    def recover_view(self, request, version_id, extra_context=None):
        get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        return super().recover_view(request, version_id, extra_context)

    def _recover_list_url(self):
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_recoverlist")

    def _change_url(self, obj):
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)]
        )


@admin.register(Question)
class QuestionAdmin(EditorialVersionAdmin):
    list_display = ("text", "condition", "topic", "position", "answer_state")
    list_filter = ("topic", "condition", "answer__state")
    list_select_related = ("condition", "answer")
    search_fields = ("text", "slug", "condition__name")
    # No autocomplete for the condition: it would need a ConditionAdmin with
    # search_fields (conditions/admin.py) to pass the system checks.
    prepopulated_fields = {"slug": ("text",)}
    fields = ("condition", "text", "slug", "topic", "position", "answer_link")
    readonly_fields = ("answer_link",)
    object_history_template = "admin/articles/question/object_history.html"

    @admin.display(description=gettext_lazy("answer"), ordering="answer__state")
    def answer_state(self, obj):
        answer = getattr(obj, "answer", None)
        return answer.get_state_display() if answer else _("No answer yet")

    @admin.display(description=gettext_lazy("answer"))
    def answer_link(self, obj):
        answer = getattr(obj, "answer", None) if obj.pk else None
        if answer is None:
            if obj.pk is None:
                return "—"
            url = reverse("admin:articles_answer_add") + f"?question={obj.pk}"
            return format_html('<a href="{}">{}</a>', url, _("Write the answer"))
        url = reverse("admin:articles_answer_change", args=[quote(answer.pk)])
        return format_html(
            '<a href="{}">{}</a> ({})<div class="help">{}</div>',
            url,
            _("Open the answer"),
            answer.get_state_display(),
            QUESTION_TEXT_REVIEWED,
        )

    def question_ids(self, objs):
        return [question.pk for question in objs]

    def get_readonly_fields(self, request, obj=None):
        # Once answered, the text is reviewed with the answer and edited there.
        if obj is not None and hasattr(obj, "answer"):
            return [*self.readonly_fields, "text"]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and hasattr(obj, "answer"):
            return {}
        return self.prepopulated_fields

    def save_model(self, request, obj, form, change):
        services.save_question(obj)

    def delete_model(self, request, obj):
        services.delete_question(obj)

    def delete_queryset(self, request, queryset):
        for question in queryset:
            services.delete_question(question)

    def recover_view(self, request, version_id, extra_context=None):
        """Recover a question deleted without an answer; one deleted with its
        answer comes back through the answer's recovery, which the workflow
        checks and records."""
        version = get_object_or_404(
            Version.objects.get_deleted(Question), pk=version_id
        )
        with_answer = version.revision.version_set.filter(
            content_type__app_label="articles", content_type__model="answer"
        ).exists()
        if with_answer:
            messages.error(
                request, RECOVER_THROUGH_THE_ANSWER % {"question": version.object_repr}
            )
            return redirect(self._recover_list_url())
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # The stock view would overwrite the question and, following it, its answer.
        messages.info(request, QUESTION_REVERT_UNAVAILABLE)
        return redirect(
            reverse("admin:articles_question_history", args=[quote(unquote(object_id))])
        )


@admin.register(Disclaimer)
class DisclaimerAdmin(VersionAdmin):
    """The one site disclaimer: changed by managing editors, never added or deleted."""

    fields = ("text", "updated_at")
    readonly_fields = ("updated_at",)
    formfield_overrides = MARKDOWN_EDITOR

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_disclaimer")

    def save_model(self, request, obj, form, change):
        services.save_disclaimer(obj)

    def changelist_view(self, request, extra_context=None):
        disclaimer = Disclaimer.objects.first()
        if disclaimer is not None and self.has_view_or_change_permission(request):
            return redirect("admin:articles_disclaimer_change", disclaimer.pk)
        return super().changelist_view(request, extra_context)
