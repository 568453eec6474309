from django.http import Http404
from django.views.decorators.http import require_safe

from articles import structured_data
from core import clock, http_caching, page_cache

from . import caching, selectors
from .models import ReviewerProfile
from .registrations import current_registration


@require_safe
@page_cache.tagged(caching.reviewer_page_tags)
def reviewer_detail(request, reviewer_slug):
    try:
        profile, live_answers = selectors.reviewer_profile_page(
            reviewer_slug, as_of=clock.today()
        )
    except ReviewerProfile.DoesNotExist:
        raise Http404 from None
    registration = current_registration(profile.registrations.all(), on=clock.today())
    context = {
        "profile": profile,
        "registration": registration,
        "live_answers": live_answers,
        "canonical_url": request.build_absolute_uri(profile.get_absolute_url()),
        "json_ld": structured_data.script(
            structured_data.reviewer_page(
                profile,
                registration=registration,
                absolute_url=request.build_absolute_uri,
            )
        ),
    }
    return http_caching.render(
        request,
        "reviews/reviewer_detail.html",
        context,
        validators=caching.reviewer_page_validators(
            profile,
            registration=registration,
            overdue_due_dates=[
                live.review_due_on for live in live_answers if live.review_overdue
            ],
        ),
    )
