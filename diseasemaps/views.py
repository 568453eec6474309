"""The site's own pages, and the public pages that show the community beside
the reviewed text: the condition and answer pages are put together here from
each app's reads (``articles.selectors``, ``community.selectors``), validators
and cache tags (``articles.caching``)."""

from dataclasses import dataclass

from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from articles import caching, selectors, structured_data
from community.selectors import (
    answer_page_counts,
    condition_page_counts,
    with_living_with_count,
)
from core import clock, http_caching, page_cache
from diseasemaps import sitemaps
from reviews import caching as review_caching
from reviews import selectors as review_selectors


@require_safe
@page_cache.tagged(caching.listing_tags)
def home(request):
    context = {
        **selectors.home_page(),
        "canonical_url": request.build_absolute_uri(reverse("home")),
    }
    return http_caching.render(
        request, "home.html", context, validators=caching.listing_validators()
    )


@require_safe
@page_cache.tagged(caching.condition_page_tags)
def condition_detail(request, condition_slug):
    condition = get_object_or_404(
        caching.with_condition_changes(
            with_living_with_count(selectors.published_conditions().defer("summary"))
        ),
        slug=condition_slug,
    )
    community_counts = condition_page_counts(condition)
    canonical_url = request.build_absolute_uri(condition.get_absolute_url())
    topics = selectors.questions_by_topic(condition, as_of=clock.today())
    context = {
        "condition": condition,
        "topics": topics,
        "community_counts": community_counts,
        "canonical_url": canonical_url,
        "json_ld": structured_data.script(
            structured_data.condition_page(condition, url=canonical_url)
        ),
    }
    validators = caching.condition_page_validators(
        condition,
        community_counts=community_counts,
        overdue_due_dates=[
            question.review_due_on
            for _, questions in topics
            for question in questions
            if question.review_overdue
        ],
    )
    return http_caching.render(
        request, "conditions/condition_detail.html", context, validators=validators
    )


@require_safe
@page_cache.tagged(caching.condition_page_tags)
def answer_detail(request, condition_slug, question_slug):
    """The answer page, read only from the live copy; archived answers are 410."""
    question = selectors.published_question(
        condition_slug=condition_slug, question_slug=question_slug
    )
    if question is None:
        return _answer_gone(request, condition_slug, question_slug)
    live = question.answer.live
    disclaimer = selectors.answer_page_disclaimer(question)
    community_counts = answer_page_counts(question)
    review_status = _review_status(question)
    context = {
        **review_status.context,
        "question": question,
        "condition": question.condition,
        "live": live,
        "review": live.last_review,
        "disclaimer": disclaimer,
        "community_counts": community_counts,
        "canonical_url": request.build_absolute_uri(question.get_absolute_url()),
        "json_ld": structured_data.script(
            structured_data.answer_page(
                question, absolute_url=request.build_absolute_uri
            )
        ),
    }
    validators = caching.answer_page_validators(
        question,
        disclaimer=disclaimer,
        community_counts=community_counts,
        **review_status.validator_parts,
    )
    return http_caching.render(
        request, "articles/answer_detail.html", context, validators=validators
    )


@require_safe
@page_cache.tagged(caching.condition_page_tags)
def answer_history(request, condition_slug, question_slug):
    """The answer's public review history, from the same records as the answer
    page's; archived answers are 410."""
    question = selectors.published_question(
        condition_slug=condition_slug, question_slug=question_slug
    )
    if question is None:
        return _answer_gone(request, condition_slug, question_slug)
    review_status = _review_status(question)
    url = reverse("answer_history", args=[condition_slug, question_slug])
    context = {
        **review_status.context,
        "question": question,
        "condition": question.condition,
        "live": question.answer.live,
        "review": question.answer.live.last_review,
        "canonical_url": request.build_absolute_uri(url),
    }
    validators = caching.answer_page_validators(
        question,
        disclaimer=None,
        community_counts={},
        **review_status.validator_parts,
    )
    return http_caching.render(
        request, "reviews/answer_history.html", context, validators=validators
    )


@dataclass(frozen=True)
class _ReviewStatus:
    context: dict
    validator_parts: dict


def _review_status(question) -> _ReviewStatus:
    """The review history of the question's answer, its correction notice and
    whether its review is overdue, as of today: one query."""
    today = clock.today()
    history = review_selectors.public_history(question.answer.pk)
    notice = review_selectors.correction_notice(history, as_of=today)
    shown, changed_at = review_caching.history_validator_parts(history, notice=notice)
    return _ReviewStatus(
        context={
            "history": history,
            "correction_notice": notice,
            "review_overdue": question.answer.live.is_review_overdue(as_of=today),
        },
        validator_parts={
            "as_of": today,
            "history": shown,
            "history_changed_at": changed_at,
        },
    )


def _answer_gone(request, condition_slug, question_slug):
    """410 Gone for an archived answer, 404 for anything never published."""
    question = selectors.archived_question(
        condition_slug=condition_slug, question_slug=question_slug
    )
    if question is None:
        raise Http404
    context = {"question": question, "condition": question.condition}
    return HttpResponseGone(render_to_string("410.html", context, request))


@require_safe
def robots_txt(request):
    """Crawl the published pages, which the sitemap lists: not the editorial admin,
    members' own pages or search results (endless, and thin)."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('community:account')}",
        f"Disallow: {reverse('search')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


SITEMAP_CONTENT_TYPE = "application/xml; charset=utf-8"


@require_safe
@page_cache.tagged(sitemaps.sitemap_tags)
def sitemap_index(request):
    """The sitemap index: every sitemap file, with when its newest page changed."""
    base_url = request.build_absolute_uri("/")[:-1]
    return http_caching.shared(
        request,
        validators=sitemaps.sitemap_validators("index"),
        build=lambda: HttpResponse(
            sitemaps.index_xml(base_url, sitemaps.index_files()),
            content_type=SITEMAP_CONTENT_TYPE,
        ),
    )


@require_safe
@page_cache.tagged(sitemaps.sitemap_tags)
def sitemap_section(request, section, number):
    """One file of a section's sitemap; 404 past its last file."""
    found = sitemaps.sections().get(section)
    if found is None or number < 1:
        raise Http404
    base_url = request.build_absolute_uri("/")[:-1]

    def build():
        urls = sitemaps.file_urls(found, number)
        if not urls:
            raise Http404
        return HttpResponse(
            sitemaps.urlset_xml(base_url, urls), content_type=SITEMAP_CONTENT_TYPE
        )

    return http_caching.shared(
        request,
        validators=sitemaps.sitemap_validators(f"{section}-{number}"),
        build=build,
    )


@require_GET
def healthz(request):
    """Liveness: 200 when the database answers a trivial query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 -- any database failure means "not alive"
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")
