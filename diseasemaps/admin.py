"""The admin site: Django's, with the editorial dashboard on its index page.

Staff sign in with a second factor when ``core.two_factor`` requires
it: the login then asks for a TOTP code, and a session that was not verified
by one is not let in (as django-otp's ``OTPAdminSite`` does).

The dashboard shows the lists of ``reviews.selectors.editorial_dashboard``
that the user's roles call for, each capped so that the page costs the same
number of queries however long the lists grow; a section's own page lists
all of it, a page at a time.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Answer
from core import two_factor
from reviews import selectors
from search import selectors as search_selectors

DASHBOARD_LIMIT = 20
SECTION_PAGE_SIZE = 50

SECTION_TITLES = {
    "awaiting_my_review": _("Awaiting my review"),
    "in_review": _("Awaiting review"),
    "changes_requested": _("Changes requested"),
    "approved": _("Approved, not yet published"),
    "overdue": _("Review overdue"),
}
SECTION_DATE_LABELS = {
    "awaiting_my_review": _("Submitted"),
    "in_review": _("Submitted"),
    "changes_requested": _("Returned"),
    "approved": _("Approved"),
    "overdue": _("Review was due"),
}


@dataclass(frozen=True)
class DashboardSection:
    key: str
    title: str
    date_label: str
    count: int
    rows: list[dict]
    url: str

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


def _row(key: str, answer: Answer) -> dict:
    if key == "overdue":
        date = answer.live.review_due_on
    elif answer.state_changed_at is not None:
        date = timezone.localdate(answer.state_changed_at)
    else:
        date = None
    return {
        "url": reverse("admin:articles_answer_change", args=[quote(answer.pk)]),
        "question": answer.question.text,
        "condition": answer.question.condition.name,
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
    )


class EditorialAdminSite(admin.AdminSite):
    @property
    def login_form(self):
        return two_factor.admin_login_form()

    @property
    def login_template(self):
        return two_factor.LOGIN_TEMPLATE if two_factor.is_required() else None

    def has_permission(self, request):
        return super().has_permission(request) and two_factor.is_satisfied(request.user)

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
            _section(
                key,
                count=answers.count(),
                shown=answers[:DASHBOARD_LIMIT],
            )
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
