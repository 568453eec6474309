from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from articles.models import Question
from community import caching, moderation, selectors, services
from community.forms import (
    DeclarationForm,
    DeleteAccountForm,
    DisplayNameForm,
    EmailAuthenticationForm,
    ExperienceEditForm,
    ExperienceForm,
    SignUpForm,
)
from conditions.models import Condition
from core import http_caching, page_cache

EXPERIENCES_PER_PAGE = 10
EXPORT_FILENAME = "diseasemaps-my-data.json"

WELCOME = "Welcome to the DiseaseMaps community. Your account is ready."
SHARED = "Thank you. Your experience will appear here once a moderator has approved it."
DECLARED = "Added: you live with %(condition)s."
WITHDRAWN = "Removed: %(condition)s."
RENAMED = "Saved: you now share as %(name)s."
EDITED = "Saved. Your experience is hidden until a moderator approves the new text."
UNCHANGED = "Nothing changed: the text is the same."
DELETED = "Your experience was deleted."
ACCOUNT_DELETED = "Your account and everything you shared were deleted."


class SignInView(LoginView):
    """Django's login, by email; staff who are not members go on to the admin."""

    authentication_form = EmailAuthenticationForm

    def get_default_redirect_url(self):
        user = self.request.user
        if user.is_staff and not services.is_member(user):
            return reverse("admin:index")
        return super().get_default_redirect_url()


def member_required(view):
    """Signed-in members only: others are sent to sign in, staff get 403."""
    return login_required(
        permission_required(services.SHARE_PERMISSION, raise_exception=True)(view)
    )


# Sign-up ----------------------------------------------------------------------


def signup(request):
    if request.user.is_authenticated:
        return redirect("community:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            display_name=form.cleaned_data["display_name"],
        )
        login(request, user)
        messages.success(request, _(WELCOME))
        return redirect("community:account")
    return render(request, "registration/signup.html", {"form": form})


# Public experiences -------------------------------------------------------------


def _published_question(condition_slug: str, question_slug: str) -> Question:
    question = (
        Question.objects.published()
        .select_related("condition")
        .filter(condition__slug=condition_slug, slug=question_slug)
        .first()
    )
    if question is None:
        raise Http404
    return question


def _share(request, question: Question, form: ExperienceForm) -> bool:
    try:
        services.share_experience(
            question,
            member=request.user,
            text=form.cleaned_data["text"],
            has_consented=form.cleaned_data["consent"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@page_cache.tagged(
    caching.experiences_page_tags, query={"page": page_cache.page_number}
)
def experience_list(request, condition_slug, question_slug):
    """Approved experiences on a published question, and the form to share one."""
    question = _published_question(condition_slug, question_slug)
    form = ExperienceForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not services.is_member(request.user):
            raise PermissionDenied
        if form.is_valid() and _share(request, question, form):
            messages.success(request, _(SHARED))
            return redirect(request.path)
    page = Paginator(
        selectors.approved_experiences(question), EXPERIENCES_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "question": question,
        "condition": question.condition,
        "page_obj": page,
        "form": form,
        "can_share": services.is_member(request.user),
    }
    validators = caching.experiences_page_validators(question, page=page)
    return http_caching.render(
        request, "community/experience_list.html", context, validators=validators
    )


# The member's own page --------------------------------------------------------


@member_required
@require_GET
def account(request):
    context = selectors.account_page(request.user)
    conditions = selectors.declarable_conditions(request.user)
    context["declaration_form"] = (
        DeclarationForm(conditions=conditions) if conditions.exists() else None
    )
    context["display_name_form"] = DisplayNameForm(
        initial={"display_name": context["display_name"]}
    )
    return render(request, "community/account.html", context)


@member_required
@require_POST
def declare(request):
    form = DeclarationForm(
        request.POST, conditions=selectors.declarable_conditions(request.user)
    )
    if form.is_valid():
        condition = form.cleaned_data["condition"]
        services.declare_condition(request.user, condition=condition)
        messages.success(request, _(DECLARED) % {"condition": condition.name})
    else:
        messages.error(request, form.errors["condition"][0])
    return redirect("community:account")


@member_required
@require_POST
def display_name(request):
    form = DisplayNameForm(request.POST)
    if form.is_valid():
        profile = services.set_display_name(
            request.user, display_name=form.cleaned_data["display_name"]
        )
        messages.success(request, _(RENAMED) % {"name": profile.display_name})
    else:
        messages.error(request, form.errors["display_name"][0])
    return redirect("community:account")


@member_required
@require_POST
def withdraw_declaration(request, condition_slug):
    condition = get_object_or_404(Condition, slug=condition_slug)
    if services.withdraw_declaration(request.user, condition=condition):
        messages.success(request, _(WITHDRAWN) % {"condition": condition.name})
    return redirect("community:account")


def _own_experience(request, pk: int):
    """The member's own experience; anyone else's is a 404, whatever its state."""
    return get_object_or_404(selectors.member_experiences(request.user), pk=pk)


@member_required
def experience_edit(request, pk):
    experience = _own_experience(request, pk)
    form = ExperienceEditForm(request.POST or None, initial={"text": experience.text})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["text"] == experience.text:
            messages.info(request, _(UNCHANGED))
            return redirect("community:account")
        try:
            moderation.revise(
                experience, member=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _(EDITED))
            return redirect("community:account")
    context = {"experience": experience, "form": form}
    return render(request, "community/experience_edit.html", context)


@member_required
def experience_delete(request, pk):
    experience = _own_experience(request, pk)
    if request.method == "POST":
        services.delete_experience(experience, member=request.user)
        messages.success(request, _(DELETED))
        return redirect("community:account")
    return render(
        request, "community/experience_delete.html", {"experience": experience}
    )


@member_required
@require_GET
def account_export(request):
    """A download of exactly the member's own data."""
    response = JsonResponse(
        selectors.member_data(request.user),
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    response["Cache-Control"] = "no-store"
    return response


@member_required
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        messages.success(request, _(ACCOUNT_DELETED))
        return redirect("home")
    return render(request, "community/account_delete.html", {"form": form})
