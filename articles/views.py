from django.urls import reverse
from django.views.decorators.http import require_safe

from core import http_caching, page_cache

from . import caching, selectors


@require_safe
@page_cache.tagged(caching.listing_tags)
def condition_index(request):
    """The A–Z index of the conditions that have a published answer."""
    context = {
        "letter_groups": selectors.conditions_by_letter(),
        "canonical_url": request.build_absolute_uri(
            reverse("articles:condition_index")
        ),
    }
    return http_caching.render(
        request,
        "conditions/condition_index.html",
        context,
        validators=caching.listing_validators(),
    )
