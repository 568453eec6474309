from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import selectors
from .forms import SearchForm


@require_safe
def search(request):
    """Search results; with no query, the search form and a hint."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {"form": form, "query": query, "shown_query": form.query_to_show()}
    if query:
        context.update(
            selectors.search_page(query, page_number=request.GET.get("page"))
        )
        page = context["page"]
        if page.has_previous():
            context["previous_url"] = _page_url(query, page.previous_page_number())
        if page.has_next():
            context["next_url"] = _page_url(query, page.next_page_number())
    return render(request, "search/results.html", context)


def _page_url(query: str, number: int) -> str:
    return reverse("search") + "?" + urlencode({"q": query, "page": number})
