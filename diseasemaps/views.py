from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from articles import selectors


@require_safe
def home(request):
    context = {
        **selectors.home_page(),
        "canonical_url": request.build_absolute_uri(reverse("home")),
    }
    return render(request, "home.html", context)


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
