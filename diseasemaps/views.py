from django.db import connection
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from articles import selectors
from diseasemaps import http_caching


@require_safe
def home(request):
    context = {
        **selectors.home_page(),
        "canonical_url": request.build_absolute_uri(reverse("home")),
    }
    return http_caching.render(
        request, "home.html", context, validators=http_caching.listing_validators()
    )


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
