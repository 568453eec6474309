from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from community import selectors as community_selectors

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
    return render(request, "conditions/condition_index.html", context)


@require_safe
def condition_detail(request, condition_slug):
    condition = get_object_or_404(
        community_selectors.with_living_with_count(Condition.objects.published()),
        slug=condition_slug,
    )
    context = {
        "condition": condition,
        "topics": selectors.questions_by_topic(condition),
        "community_counts": community_selectors.condition_page_counts(condition),
        "canonical_url": request.build_absolute_uri(condition.get_absolute_url()),
    }
    return render(request, "conditions/condition_detail.html", context)
