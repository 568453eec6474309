from django.http import Http404, HttpResponseGone
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from community import selectors as community_selectors

from . import selectors


@require_safe
def answer_detail(request, condition_slug, question_slug):
    """The answer page, read only from the live copy; archived answers are 410."""
    question = selectors.published_question(
        condition_slug=condition_slug, question_slug=question_slug
    )
    if question is None:
        return _answer_gone(request, condition_slug, question_slug)
    live = question.answer.live
    context = {
        "question": question,
        "condition": question.condition,
        "live": live,
        "review": live.last_review,
        "references": selectors.public_references(live),
        "disclaimer": selectors.site_disclaimer(),
        "community_counts": community_selectors.answer_page_counts(question),
        "canonical_url": request.build_absolute_uri(question.get_absolute_url()),
    }
    return render(request, "articles/answer_detail.html", context)


def _answer_gone(request, condition_slug, question_slug):
    """410 Gone for an archived answer, 404 for anything never published."""
    question = selectors.archived_question(
        condition_slug=condition_slug, question_slug=question_slug
    )
    if question is None:
        raise Http404
    context = {"question": question, "condition": question.condition}
    return HttpResponseGone(render_to_string("410.html", context, request))
