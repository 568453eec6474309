from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from community.selectors import condition_page_counts, with_living_with_count
from diseasemaps import http_caching, structured_data

from . import selectors
from .models import Condition


@require_safe
def condition_index(request):
    context = {
        "letter_groups": selectors.conditions_by_letter(),
        "canonical_url": request.build_absolute_uri(
            reverse("conditions:condition_index")
        ),
    }
    return http_caching.render(
        request,
        "conditions/condition_index.html",
        context,
        validators=http_caching.listing_validators(),
    )


@require_safe
def condition_detail(request, condition_slug):
    condition = get_object_or_404(
        http_caching.with_condition_changes(
            with_living_with_count(Condition.objects.published())
        ),
        slug=condition_slug,
    )
    community_counts = condition_page_counts(condition)
    canonical_url = request.build_absolute_uri(condition.get_absolute_url())
    context = {
        "condition": condition,
        "topics": selectors.questions_by_topic(condition),
        "community_counts": community_counts,
        "canonical_url": canonical_url,
        "json_ld": structured_data.script(
            structured_data.condition_page(condition, url=canonical_url)
        ),
    }
    validators = http_caching.condition_page_validators(
        condition, community_counts=community_counts
    )
    return http_caching.render(
        request, "conditions/condition_detail.html", context, validators=validators
    )
