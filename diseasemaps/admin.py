"""The admin site: Django's, with the editorial dashboard on its index page.

Staff sign in with a second factor when ``core.two_factor`` requires
it: the login then asks for a TOTP code, and a session that was not verified
by one is not let in (as django-otp's ``OTPAdminSite`` does).

The dashboard shows the lists of ``reviews.selectors.editorial_dashboard``
that the user's roles call for, each capped so that the page costs the same
number of queries however long the lists grow; a section's own page lists
all of it, a page at a time.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import (
    BadRequest,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.core.paginator import Paginator
from django.db import DataError
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from articles.models import Answer
from core import login_throttling, two_factor
from reviews import selectors
from search import selectors as search_selectors

DASHBOARD_LIMIT = 20
# What a malformed value in an admin URL raises inside Django's admin or ORM.
MALFORMED_VALUE_ERRORS = (ValueError, OverflowError, ValidationError, DataError)
MISTYPED_VALUE_ERRORS = (TypeError, AttributeError)
MALFORMED_INPUT = "A value in the address cannot be read."
SECTION_PAGE_SIZE = 50

SECTION_TITLES = {
    "awaiting_my_review": _("Awaiting my review"),
    "my_drafts": _("My drafts"),
    "my_in_review": _("My answers in review"),
    "in_review": _("In review"),
    "changes_requested": _("Changes requested"),
    "approved": _("Approved, not yet published"),
    "overdue": _("Review overdue"),
}
SECTION_DATE_LABELS = {
    "awaiting_my_review": _("Submitted"),
    "my_drafts": _("Last saved"),
    "my_in_review": _("Submitted"),
    "in_review": _("Submitted"),
    "changes_requested": _("Returned"),
    "approved": _("Approved"),
    "overdue": _("Review was due"),
}
# The sections that say who has each answer: its reviewer, or nobody yet.
SECTIONS_WITH_REVIEWER = frozenset({"my_in_review", "in_review"})
# A reviewer's own queue leads straight to the review screen, where they decide.
SECTIONS_TO_REVIEW = frozenset({"awaiting_my_review"})


@dataclass(frozen=True)
class DashboardSection:
    key: str
    title: str
    date_label: str
    count: int
    rows: list[dict]
    url: str
    shows_reviewer: bool

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


def _row(key: str, answer: Answer) -> dict:
    if key == "overdue":
        date = answer.live.review_due_on
    elif key == "my_drafts":
        date = timezone.localdate(answer.updated_at)
    elif answer.state_changed_at is not None:
        date = timezone.localdate(answer.state_changed_at)
    else:
        date = None
    return {
        "url": reverse(
            "admin:articles_answer_review"
            if key in SECTIONS_TO_REVIEW
            else "admin:articles_answer_change",
            args=[quote(answer.pk)],
        ),
        "question": answer.question.text,
        "condition": answer.question.condition.name,
        "reviewer": (
            selectors.reviewer_name(answer.reviewer)
            if key in SECTIONS_WITH_REVIEWER and answer.reviewer
            else ""
        ),
        "date": date,
    }


def _section(key: str, *, count: int, shown: Iterable[Answer]) -> DashboardSection:
    return DashboardSection(
        key=key,
        title=SECTION_TITLES[key],
        date_label=SECTION_DATE_LABELS[key],
        count=count,
        rows=[_row(key, answer) for answer in shown],
        url=reverse("admin:dashboard_section", kwargs={"key": key}),
        shows_reviewer=key in SECTIONS_WITH_REVIEWER,
    )


def _with_safe_next(request, query, *, fallback: str):
    """``query`` with its ``next`` replaced by ``fallback`` when it would leave
    the site (another host, a scheme, a protocol-relative URL)."""
    target = query.get(REDIRECT_FIELD_NAME)
    if target is None or url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return query
    query = query.copy()
    query[REDIRECT_FIELD_NAME] = fallback
    return query


def _refusal_of_malformed_input(request, error: Exception) -> Exception | None:
    """The 404 or 400 to answer for ``error``, when a read request's address
    explains it; None when it is a fault to report as one."""
    if request.method not in ("GET", "HEAD"):
        return None
    if isinstance(error, ObjectDoesNotExist):
        return Http404()
    if isinstance(error, MALFORMED_VALUE_ERRORS) and (
        request.GET or request.resolver_match.kwargs
    ):
        return BadRequest(MALFORMED_INPUT)
    # A query value of the wrong type that reaches a field's display (a date
    # given as "abc" for a read-only field of the add page).
    if isinstance(error, MISTYPED_VALUE_ERRORS) and request.GET:
        return BadRequest(MALFORMED_INPUT)
    return None


class EditorialAdminSite(admin.AdminSite):
    site_header = _("DiseaseMaps editorial")
    site_title = _("DiseaseMaps editorial")
    index_title = _("Editorial dashboard")
    # The sidebar repeats the dashboard's list of screens and took a quarter
    # of a laptop's width from the answer list; breadcrumbs lead back home.
    enable_nav_sidebar = False

    @property
    def login_form(self):
        return two_factor.admin_login_form()

    @property
    def login_template(self):
        return two_factor.LOGIN_TEMPLATE if two_factor.is_required() else None

    def has_permission(self, request):
        return super().has_permission(request) and two_factor.is_satisfied(request.user)

    def password_change(self, request, extra_context=None):
        """Django's password change, its old password counted as a sign-in."""
        view = PasswordChangeView.as_view(
            form_class=functools.partial(
                login_throttling.PasswordChangeForm, request=request
            ),
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )
        request.current_app = self.name
        return view(request)

    def login(self, request, extra_context=None):
        """Django's admin sign-in, where an unsafe ``next`` leads to the admin
        index instead of the members' landing page, which staff may not see."""
        index = reverse("admin:index", current_app=self.name)
        request.GET = _with_safe_next(request, request.GET, fallback=index)
        request.POST = _with_safe_next(request, request.POST, fallback=index)
        return super().login(request, extra_context)

    def admin_view(self, view, cacheable=False):
        """Every admin view, answering 400 when its URL's values cannot be read.

        Django's admin turns some query values straight into lookups: the add
        page's initial values (``?question=abc``), the date drill-down
        (``?signed_at__year=`` with 25 digits), an object id too long for the
        database's integer. Those fail deep inside the ORM or a template with
        errors that would otherwise be 500s. Only read requests whose address
        explains the error are answered so (``_refusal_of_malformed_input``),
        so a fault with any other cause still shows as one. A view that looks
        up a missing row without a 404 of its own (the authenticator's QR code
        page) answers 404.
        """
        wrapped = super().admin_view(view, cacheable)

        @functools.wraps(wrapped)
        def guarded_view(request, *args, **kwargs):
            try:
                response = wrapped(request, *args, **kwargs)
                # A template response renders after the view returns: render it
                # here, where what its template reads can still fail.
                if hasattr(response, "render"):
                    response.render()
                return response
            except Exception as error:
                refusal = _refusal_of_malformed_input(request, error)
                if refusal is None:
                    raise
                raise refusal from error

        return guarded_view

    def get_urls(self):
        return [
            path(
                "dashboard/<slug:key>/",
                self.admin_view(self.dashboard_section_view),
                name="dashboard_section",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        lists = selectors.editorial_dashboard(request.user, as_of=timezone.localdate())
        dashboard = [
            _section(key, count=answers.count(), shown=answers[:DASHBOARD_LIMIT])
            for key, answers in lists.items()
        ]
        return super().index(request, {"dashboard": dashboard, **(extra_context or {})})

    def dashboard_section_view(self, request, key):
        """One dashboard list in full, a page at a time."""
        if key not in SECTION_TITLES:
            raise Http404
        answers = selectors.editorial_dashboard(
            request.user, as_of=timezone.localdate()
        ).get(key)
        if answers is None:
            raise PermissionDenied
        page = Paginator(answers, SECTION_PAGE_SIZE).get_page(request.GET.get("p"))
        section = _section(key, count=page.paginator.count, shown=page)
        request.current_app = self.name
        context = {
            **self.each_context(request),
            "title": section.title,
            "section": section,
            "page": page,
        }
        return TemplateResponse(request, "admin/dashboard/section.html", context)


class IndexedAnswerSearch:
    """The answer list's search, through the search index.

    An answer on the site is found when its live question, condition names or
    TL;DR match the query in the search documents' heading index (the one the
    public search ranks first). Any other answer (never published, archived,
    or edited since) is also found when every word is in its question or its
    condition's name: those are few, and read through the state's index
    rather than a scan of every answer with its question.
    """

    def get_search_results(self, request, queryset, search_term):
        terms = search_term.split()
        if not terms:
            return queryset, False
        not_published = [
            state for state in Answer.State.values if state != Answer.State.PUBLISHED
        ]
        by_question = Answer.objects.filter(state__in=not_published)
        for term in terms:
            by_question = by_question.filter(
                Q(question__text__icontains=term)
                | Q(question__condition__name__icontains=term)
            )
        found = queryset.filter(
            Q(pk__in=list(by_question.values_list("pk", flat=True)))
            | Q(pk__in=search_selectors.answers_matching_headings(search_term))
        )
        return found, False


def use_search_index_for_answers(site: admin.AdminSite) -> None:
    """Give the answer list the search of :class:`IndexedAnswerSearch`. The site
    puts search and the editorial admin (``reviews``, a lower layer) together."""
    registered = type(site.get_model_admin(Answer))

    class IndexedAnswerAdmin(IndexedAnswerSearch, registered):
        pass

    site.unregister(Answer)
    site.register(Answer, IndexedAnswerAdmin)
