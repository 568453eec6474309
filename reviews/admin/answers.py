"""The editorial admin for answers: the text, the workflow buttons, the history.

Interface only: text is saved by ``reviews.editing``; every state change goes
through ``reviews.workflow``. ``state`` is never a form field, and reversion's
stock "revert" (an overwrite) is replaced by ``workflow.revert_to_version``.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from reversion.models import Version

from articles import services as article_services
from articles.admin import MARKDOWN_EDITOR, EditorialVersionAdmin
from articles.models import Answer, Reference
from articles.services import PUBLISHED_NOT_DELETABLE
from core import reauthentication
from core.markdown import render_markdown
from reviews import (
    answer_state,
    answer_texts,
    editing,
    review_desk,
    selectors,
    workflow,
)
from reviews.errors import TextChangedError, TransitionError
from reviews.forms import TEXT_FIELDS, AnswerAdminForm, CompareForm, TransitionForm
from reviews.models import AuditEntry
from reviews.readability import LONG_SENTENCE_WORDS

TRANSITION_INPUT_INVALID = gettext_lazy("That reviewer cannot be chosen.")
REVERTED = gettext_lazy(
    "The text of that version is now the draft. It needs review again before "
    "it can be published."
)
NOTHING_TO_REVERT = gettext_lazy(
    "This version has the same text as the current one: there is nothing to revert."
)
COMPARE_INVALID = gettext_lazy("Pick two versions of this answer to compare.")
RECOVERED = gettext_lazy(
    "The answer is back, as it was when it was deleted. The recovery is in its "
    "audit trail."
)
TEXT_NOT_SHOWN = gettext_lazy(
    "This form did not say which text it showed, so nothing was recorded. "
    "Reload the page, read the text, then decide again."
)

LOCKED_EDIT_REFUSED = (
    "This answer went into review after you opened it, so its text is locked "
    "and your change was not applied; it is kept in the history as a refused "
    "edit. Withdraw the answer from review to edit it."
)
REFERENCE_FIELDS = ("title", "source", "year", "url", "doi", "pmid")


class _EditRefused(Exception):
    """The edit service refused the posted text; the form is shown again."""


def _text_offered(request, answer: Answer | None) -> bool:
    """Whether the page carries the text fields and the references' rows.

    On a page being built: whether the workflow lets this user edit the text
    now. On a POST: whether the page the user opened carried the text, so the
    form reads what they typed; the edit service decides whether it may be
    applied, and keeps it in the history when not.
    """
    if answer is None:
        return True
    if request.method == "POST" and any(name in request.POST for name in TEXT_FIELDS):
        return True
    return workflow.can_edit(answer, request.user)


def _posted_references(answer: Answer, formsets) -> list[dict]:
    """The references of the inline in reading order, without deleted or empty rows.

    The stored references when the inline offered no rows to change.
    """
    formset = next((each for each in formsets if each.model is Reference), None)
    if formset is None or "title" not in formset.form.base_fields:
        return answer_state.reference_dicts(answer) if answer.pk else []
    rows = [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    rows.sort(key=lambda row: row["position"])
    return [{name: row.get(name) for name in REFERENCE_FIELDS} for row in rows]


# Reads for the answer page and its history ------------------------------------


def _audit_trail(answer: Answer) -> QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(answer=answer)
        .select_related("user")
        .order_by("-created_at", "-id")
    )


class ReferenceInline(admin.StackedInline):
    """The answer's references, in reading order; locked while in review.

    Stacked, one labelled card per reference, so that a phone shows every
    field without scrolling sideways (a table row of six inputs cannot).
    """

    model = Reference
    fields = ("title", "source", "year", "url", "doi", "pmid", "position")
    ordering = ("position", "id")
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _text_offered(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _text_offered(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _text_offered(
            request, obj
        )


@admin.register(Answer)
class AnswerAdmin(EditorialVersionAdmin):
    form = AnswerAdminForm
    inlines = [ReferenceInline]
    # Few, short columns, so that state, reviewer and review due show beside
    # the question on a laptop without scrolling sideways.
    list_display = (
        "question",
        "condition",
        "state",
        "reviewer_name",
        "on_site",
        "review_due_on",
    )
    list_filter = ("state", "question__condition", "question__topic")
    list_select_related = (
        "question__condition",
        "reviewer__reviewer_profile",
        "live",
    )
    search_fields = ("question__text", "question__condition__name", "tldr")
    autocomplete_fields = ("question",)
    readonly_fields = (
        "state",
        "reviewer",
        "created_by",
        "created_at",
        "updated_at",
        "state_changed_at",
        "body_preview",
    )
    formfield_overrides = MARKDOWN_EDITOR
    object_history_template = "admin/articles/answer/object_history.html"

    @admin.display(description=gettext_lazy("condition"))
    def condition(self, obj):
        return obj.question.condition

    @admin.display(
        description=gettext_lazy("reviewer"),
        ordering="reviewer__reviewer_profile__full_name",
    )
    def reviewer_name(self, obj):
        return selectors.reviewer_name(obj.reviewer) if obj.reviewer else "—"

    @admin.display(description=gettext_lazy("live"), boolean=True)
    def on_site(self, obj):
        live = getattr(obj, "live", None)
        return live is not None and live.archived_at is None

    @admin.display(description=gettext_lazy("review due"))
    def review_due_on(self, obj):
        live = getattr(obj, "live", None)
        return live.review_due_on if live else None

    @admin.display(description=gettext_lazy("body as readers will see it"))
    def body_preview(self, obj):
        return render_markdown(obj.body)

    def question_ids(self, objs):
        return [answer.question_id for answer in objs]

    def delete_model(self, request, obj):
        article_services.delete_answer(obj)

    def delete_queryset(self, request, queryset):
        for answer in queryset.select_related("question"):
            article_services.delete_answer(answer)

    def recover_view(self, request, version_id, extra_context=None):
        """Show the deleted answer; on POST, recover it through the workflow.

        Reversion's own recovery would save the posted form over whatever
        the question has now, deleting its current answer: the workflow
        refuses that, and records a recovery.
        """
        version = get_object_or_404(Version.objects.get_deleted(Answer), pk=version_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            workflow.check_recover(version, request.user)
            if request.method == "POST":
                answer = workflow.recover(version, user=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(self._recover_list_url())
        if request.method != "POST":
            return super().recover_view(request, version_id, extra_context)
        messages.success(request, RECOVERED)
        return redirect(self._change_url(answer))

    def get_fieldsets(self, request, obj=None):
        text = ["question", *TEXT_FIELDS]
        if obj is None:
            return [(_("Text"), {"fields": text})]
        may_change = self.has_change_permission(request, obj)
        editable = may_change and _text_offered(request, obj)
        record = ["state", "reviewer", "created_by", "created_at", "updated_at"]
        return [
            (
                _("Text"),
                {
                    "fields": ["question_text", *TEXT_FIELDS]
                    if editable
                    else [*text, "body_preview"]
                },
            ),
            (
                _("Workflow record"),
                {"fields": [*record, "edit_count"] if may_change else record},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            fields.append("question")
        if not _text_offered(request, obj):
            fields.extend(TEXT_FIELDS)
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # A new class per call: set only when ``_changeform_view`` shows a refusal.
        form.refusal = getattr(request, "answer_edit_refusal", "")
        return form

    # One write path: the text and references go through ``reviews.editing``.
    #
    # Django's admin saves the object (``save_model``) before the inlines
    # (``save_related``); the edit service takes both in one call, so the whole
    # save happens in ``save_related``, where the references' formset is known.
    # The service refuses after the form was found valid; ``_changeform_view``
    # then runs the view again on the same POST with the refusal as the form's
    # error, which saves nothing and shows what the user typed.

    def save_model(self, request, obj, form, change):
        """Save nothing yet: ``save_related`` saves text and references together."""

    def save_related(self, request, form, formsets, change):
        """Create or update the answer through the edit service, in one call.

        ``update_answer`` locks the row, refuses a form opened on an older copy
        (the hidden ``edit_count``) or text locked in review, and keeps refused
        text in the history. A form without the text (locked when the page was
        built) has nothing to save.
        """
        answer = form.instance
        if not all(name in form.cleaned_data for name in TEXT_FIELDS):
            return
        text = {name: form.cleaned_data[name] for name in TEXT_FIELDS}
        references = _posted_references(answer, formsets)
        question_text = form.cleaned_data.get("question_text")
        if not change:
            created = editing.create_answer(
                form.cleaned_data["question"],
                user=request.user,
                references=references,
                **text,
            )
            answer.pk = created.pk
            answer.refresh_from_db()
            return
        try:
            editing.update_answer(
                answer,
                user=request.user,
                references=references,
                expected_edit_count=form.cleaned_data.get("edit_count"),
                question_text=question_text,
                comment=_("Edited in the admin."),
                **text,
            )
        except editing.StaleEditError as error:
            raise _EditRefused(str(error)) from error
        except TransitionError as error:  # locked in review since the page was built
            raise _EditRefused(_(LOCKED_EDIT_REFUSED)) from error

    def _changeform_view(self, request, object_id, form_url, extra_context):
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        except _EditRefused as refusal:
            request.answer_edit_refusal = str(refusal)
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def construct_change_message(self, request, form, formsets, add=False):
        # The inlines were not saved by their formsets: describe the form only.
        return super().construct_change_message(request, form, [], add)

    def log_addition(self, request, obj, message):
        # Django's log only: reversion's version of this would replace the
        # workflow's comment on the revision with the admin's change message.
        return admin.ModelAdmin.log_addition(self, request, obj, message)

    def log_change(self, request, obj, message):
        return admin.ModelAdmin.log_change(self, request, obj, message)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.pk is not None:
            context.update(self._answer_page_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _answer_page_context(self, request, answer: Answer) -> dict:
        names = workflow.allowed_transitions(answer, request.user)
        live = answer_state.live_copy(answer)
        shown = answer_state.text_shown_with(answer, live)
        # Tell those who may delete answers why this one offers no "Delete".
        kept_because_published = self.has_delete_permission(
            request
        ) and not self.has_delete_permission(request, answer)
        return {
            "workflow_actions": [
                {
                    "name": name,
                    "label": workflow.TRANSITIONS[name].label,
                    "url": self._admin_url("transition", answer.pk, name),
                }
                for name in names
            ],
            "review_url": self._admin_url("review", answer.pk),
            "transition_form": TransitionForm(
                auto_id="id_transition_%s",
                initial=TransitionForm.initial_for(shown),
            ),
            "text_editable": self.has_change_permission(request, answer)
            and workflow.can_edit(answer, request.user),
            "can_assign_reviewer": "submit" in names
            and request.user.has_perm("articles.assign_reviewer"),
            "can_mark_correction": "publish" in names
            and workflow.may_mark_correction(request.user),
            "locked_message": (
                _(workflow.LOCKED_IN_REVIEW) if workflow.is_locked(answer) else ""
            ),
            "not_deletable_message": (
                PUBLISHED_NOT_DELETABLE % {"question": answer.question}
                if kept_because_published
                else ""
            ),
            "live": live,
            "sign_offs": selectors.sign_offs_for(answer),
            "current_fingerprint": shown.fingerprint,
            "audit_entries": _audit_trail(answer),
        }

    def _admin_url(self, name: str, answer_pk, *args) -> str:
        return reverse(f"admin:articles_answer_{name}", args=[quote(answer_pk), *args])

    # Workflow buttons ---------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                view(require_POST(self.transition_view)),
                name="articles_answer_transition",
            ),
            path(
                "<path:object_id>/review/",
                view(self.review_view),
                name="articles_answer_review",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_answer_compare",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, name):
        """Take one workflow step; the transition checks who may take it."""
        # An explicit table: the URL never picks a function by its name.
        transition = workflow.TRANSITIONS.get(name)
        answer = self.get_object(request, unquote(object_id))
        if transition is None or answer is None:
            raise Http404
        if transition.is_sign_off:
            prompt = reauthentication.prompt_unless_fresh(
                request,
                admin_site=self.admin_site,
                action=transition.label,
                subject=answer,
                cancel_url=self._change_url(answer),
            )
            if prompt is not None:
                return prompt
        form = TransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, TRANSITION_INPUT_INVALID)
            return redirect(self._change_url(answer))
        options = {"user": request.user, "comment": form.cleaned_data["comment"]}
        if name == "submit" and form.cleaned_data["reviewer"] is not None:
            options["reviewer"] = form.cleaned_data["reviewer"]
        if name == "publish" and form.cleaned_data["is_correction"]:
            options["is_correction"] = True
        if transition.binds_text:
            options["shown"] = form.shown_text()
            if options["shown"] is None:
                messages.error(request, TEXT_NOT_SHOWN)
                return redirect(self._change_url(answer))
        if transition.is_sign_off:
            options["verified_references"] = form.verified_references()
        back_url = (
            self._admin_url("review", answer.pk)
            if form.cleaned_data["return_to"] == "review"
            else self._change_url(answer)
        )
        try:
            transition.function(answer, **options)
        except TextChangedError as error:
            return self._text_changed(
                request, answer, transition, error.shown, back_url=back_url
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, transition.done_message)
        return redirect(back_url)

    def review_view(self, request, object_id):
        """The review screen: the text to sign as readers will see it, what
        changed, the references to check, and the decision."""
        answer = self._answer_for_history(request, object_id)
        screen = review_desk.review_screen(answer, request.user)
        context = self._history_context(request, answer, _("Review"))
        signing = [
            name for name in ("approve", "recertify") if name in screen.decisions
        ]
        context.update(
            screen=screen,
            decisions=[
                {"name": name, "url": self._admin_url("transition", answer.pk, name)}
                for name in screen.decisions
            ],
            # The reference check boxes go with the sign-off.
            sign_form_id=f"review-{signing[0]}" if signing else "",
            readability_rows=[
                (_("TL;DR"), screen.tldr_readability),
                (_("Body"), screen.body_readability),
            ],
            long_sentence_words=LONG_SENTENCE_WORDS,
            show_markdown=request.GET.get("diff") == "markdown",
            change_url=self._change_url(answer),
        )
        return TemplateResponse(request, "admin/articles/answer/review.html", context)

    def _text_changed(self, request, answer: Answer, transition, shown, *, back_url):
        """The refusal of a decision on changed text: what changed since the
        page was opened, and nothing recorded (409 Conflict)."""
        answer.refresh_from_db()
        if transition.name == "recertify":
            live = answer_state.live_copy(answer)
            old_fingerprint = shown.live_fingerprint
            new = answer_texts.live_texts(live) if live else None
        else:
            old_fingerprint = shown.fingerprint
            new = answer_texts.current_texts(answer)
        old = answer_texts.texts_with_fingerprint(answer, old_fingerprint)
        sections = review_desk.comparison_sections(old, new) if old and new else None
        context = self._history_context(request, answer, _("The text changed"))
        context.update(
            action=transition.label,
            refusal=(
                _(workflow.LIVE_TEXT_CHANGED)
                if transition.name == "recertify"
                else _(workflow.TEXT_CHANGED)
            ),
            sections=sections,
            changed=any(section["changed"] for section in sections or []),
            change_url=back_url,
        )
        return TemplateResponse(
            request,
            "admin/articles/answer/text_changed.html",
            context,
            status=409,
        )

    # History, comparison and revert -------------------------------------------

    def _answer_for_history(self, request, object_id) -> Answer:
        answer = self.get_object(request, unquote(object_id))
        if answer is None:
            raise Http404
        if not self.has_view_or_change_permission(request, answer):
            raise PermissionDenied
        return answer

    def _history_context(self, request, answer: Answer, title: str) -> dict:
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(answer),
            "opts": self.opts,
            "module_name": self.opts.verbose_name_plural,
            "object": answer,
        }

    def history_view(self, request, object_id, extra_context=None):
        """List every version: who, when, comment and state; pick two to compare."""
        answer = self._answer_for_history(request, object_id)
        context = self._history_context(request, answer, _("History"))
        context["versions"] = [
            {
                "version": version,
                "revision": version.revision,
                "info": getattr(version.revision, "answer_info", None),
                "revert_url": self._admin_url("revision", answer.pk, version.pk),
            }
            for version in answer_texts.answer_versions(answer.pk)
        ]
        context["compare_url"] = self._admin_url("compare", answer.pk)
        context["can_revert"] = workflow.can_revert(answer, request.user)
        context.update(extra_context or {})
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        """A word-level diff of TL;DR, body and references between two versions."""
        answer = self._answer_for_history(request, object_id)
        form = CompareForm(request.GET)
        chosen = set(form.cleaned_data.values()) if form.is_valid() else set()
        versions = list(answer_texts.answer_versions(answer.pk).filter(pk__in=chosen))
        if not versions or len(versions) != len(chosen):
            messages.error(request, COMPARE_INVALID)
            return redirect(self._admin_url("history", answer.pk))
        newer, older = versions[0], versions[-1]
        texts = answer_texts.version_texts(versions)
        context = self._history_context(request, answer, _("Compare versions"))
        context.update(
            older=older,
            newer=newer,
            sections=answer_texts.compare(texts[older.pk], texts[newer.pk]),
            history_url=self._admin_url("history", answer.pk),
        )
        return TemplateResponse(
            request, "admin/articles/answer/compare_versions.html", context
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Confirm, then make an old version's text the new draft: never overwrite."""
        answer = self._answer_for_history(request, object_id)
        version = get_object_or_404(
            answer_texts.answer_versions(answer.pk), pk=version_id
        )
        if request.method == "POST":
            return self._revert(request, answer, version)
        context = self._history_context(request, answer, _("Revert to this version"))
        sections = answer_texts.compare(
            answer_texts.current_texts(answer),
            answer_texts.version_texts([version])[version.pk],
        )
        unchanged = not any(section["changed"] for section in sections)
        context.update(
            version=version,
            sections=sections,
            revert_blocked=(
                NOTHING_TO_REVERT
                if unchanged
                else self._revert_blocked(answer, request.user)
            ),
            history_url=self._admin_url("history", answer.pk),
        )
        return TemplateResponse(
            request, "admin/articles/answer/revert_confirmation.html", context
        )

    def _revert(self, request, answer: Answer, version: Version):
        try:
            workflow.revert_to_version(answer, user=request.user, version=version)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(self._admin_url("history", answer.pk))
        messages.success(request, REVERTED)
        return redirect(self._change_url(answer))

    @staticmethod
    def _revert_blocked(answer: Answer, user) -> str:
        try:
            workflow.check_revert(answer, user)
        except (PermissionDenied, TransitionError) as error:
            return str(error) or _(workflow.NOT_ALLOWED)
        return ""
