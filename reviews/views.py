from django.http import Http404
from django.views.decorators.http import require_safe

from diseasemaps import http_caching

from . import selectors
from .models import ReviewerProfile


@require_safe
def reviewer_detail(request, reviewer_slug):
    try:
        profile, live_answers = selectors.reviewer_profile_page(reviewer_slug)
    except ReviewerProfile.DoesNotExist:
        raise Http404 from None
    context = {
        "profile": profile,
        "live_answers": live_answers,
        "canonical_url": request.build_absolute_uri(profile.get_absolute_url()),
    }
    return http_caching.render(
        request,
        "reviews/reviewer_detail.html",
        context,
        validators=http_caching.reviewer_page_validators(profile),
    )
