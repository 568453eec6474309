import datetime

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from articles.models import Question
from community import caching, confirmation, moderation, selectors, services
from community.forms import (
    DeclarationForm,
    DeleteAccountForm,
    DisplayNameForm,
    EmailAuthenticationForm,
    ExperienceEditForm,
    ExperienceForm,
    ResendConfirmationForm,
    SignUpForm,
)
from conditions.models import Condition
from core import http_caching, page_cache, throttling

# Requests that send an email, or tell whether an address has an account.
SIGN_UPS_PER_CLIENT = throttling.Rate(10, datetime.timedelta(hours=1))
PASSWORD_RESETS_PER_CLIENT = throttling.Rate(10, datetime.timedelta(hours=1))
PASSWORD_RESETS_PER_EMAIL = throttling.Rate(3, datetime.timedelta(hours=1))
CONFIRMATION_RESENDS_PER_CLIENT = throttling.Rate(5, datetime.timedelta(hours=1))

EXPERIENCES_PER_PAGE = 10
EXPORT_FILENAME = "diseasemaps-my-data.json"

CONFIRMED = "Your email is confirmed and your account is ready. Sign in to start."
AWAITING_CONFIRMATION = (
    "Confirm your email first: open the link we sent you when you signed up, "
    "or have it sent again."
)
SHARED = "Thank you. Your experience will appear here once a moderator has approved it."
DECLARED = "Added: you live with %(condition)s."
WITHDRAWN = "Removed: %(condition)s."
RENAMED = "Saved: you now share as %(name)s."
RENAME_REQUESTED = (
    "Your new name “%(name)s” will be shown once a moderator approves it. "
    "Until then your experiences stay under “%(old)s”."
)
EDITED = "Saved. Your experience is hidden until a moderator approves the new text."
UNCHANGED = "Nothing changed: the text is the same."
DELETED = "Your experience was deleted."
ACCOUNT_DELETED = "Your account and everything you shared were deleted."


class SignInView(LoginView):
    """Django's login, by email; staff who are not members go on to the admin."""

    authentication_form = EmailAuthenticationForm

    def form_valid(self, form):
        if services.is_awaiting_confirmation(form.get_user()):
            form.add_error(None, _(AWAITING_CONFIRMATION))
            return self.form_invalid(form)
        return super().form_valid(form)

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


def _throttled(request, scope: str, key: str, rate: throttling.Rate):
    """The 429 page when this attempt goes over ``rate``, else None."""
    retry_after = throttling.attempt(scope, key, rate=rate)
    if retry_after is None:
        return None
    return throttling.throttled_response(request, retry_after)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, throttled per client and per email address."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("community:password_reset_done")

    def post(self, request, *args, **kwargs):
        client = throttling.client_address(request)
        refused = _throttled(
            request, "password-reset-client", client, PASSWORD_RESETS_PER_CLIENT
        )
        return refused or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        refused = _throttled(
            self.request, "password-reset-email", email, PASSWORD_RESETS_PER_EMAIL
        )
        return refused or super().form_valid(form)


def signup(request):
    if request.user.is_authenticated:
        return redirect("community:account")
    if request.method == "POST":
        client = throttling.client_address(request)
        refused = _throttled(request, "sign-up-client", client, SIGN_UPS_PER_CLIENT)
        if refused:
            return refused
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            display_name=form.cleaned_data["display_name"],
        )
        return redirect("community:signup_done")
    return render(request, "registration/signup.html", {"form": form})


def signup_done(request):
    """ "Check your email": the same after every sign-up, new address or not."""
    return render(request, "registration/signup_done.html")


def confirm_email(request, token):
    """Confirm an address from the emailed link, by a press of a button (a GET
    alone, as a mail scanner makes, confirms nothing)."""
    user = confirmation.user_for_token(token)
    if user is None:
        return render(request, "registration/confirm_email_invalid.html", status=400)
    if request.method == "POST":
        services.confirm_email(user)
        messages.success(request, _(CONFIRMED))
        return redirect("community:login")
    return render(request, "registration/confirm_email.html")


def resend_confirmation(request):
    """Send the confirmation link again; the answer never says whether the
    address has an account."""
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST":
        client = throttling.client_address(request)
        refused = _throttled(
            request, "confirmation-client", client, CONFIRMATION_RESENDS_PER_CLIENT
        )
        if refused:
            return refused
        if form.is_valid():
            services.resend_confirmation(form.cleaned_data["email"])
            return redirect("community:signup_done")
    return render(request, "registration/resend_confirmation.html", {"form": form})


# Public experiences -------------------------------------------------------------


def _published_question(condition_slug: str, question_slug: str) -> Question:
    question = (
        Question.objects.published()
        .select_related("condition", "answer__live")
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
        if profile.requested_display_name:
            messages.success(
                request,
                _(RENAME_REQUESTED)
                % {"name": profile.requested_display_name, "old": profile.display_name},
            )
        else:
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
