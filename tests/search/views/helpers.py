"""Requests to the search page and reading its results, for the view tests."""

import re

from django.urls import reverse

from tests.diseasemaps.html_checks import elements, executable_markup, page_text

SEARCH_URL = reverse("search")


def search(client, query, **params):
    response = client.get(SEARCH_URL, {"q": query, **params})
    assert response.status_code == 200
    return response


def results_markup(response) -> str:
    """The list of results, or "" when the page has none."""
    match = re.search(r'<ol class="search-results".*?</ol>', response.text, re.S)
    return match.group(0) if match else ""


def result_titles(response) -> list[str]:
    """The question of each result, in the order shown."""
    return [
        page_text(item)
        for item in re.findall(r"<h3>(.*?)</h3>", results_markup(response), re.S)
    ]


def injected_markup(response) -> list[str]:
    """Executable markup in the page other than its own search form.

    The search box may only carry its own attributes, whatever was typed in it.
    """
    own_attributes = {"type", "id", "name", "value", "aria-invalid", "aria-describedby"}
    problems = []
    for field in elements(response.text, "input"):
        if set(field) - own_attributes:
            problems.append(f"<input> with {sorted(set(field) - own_attributes)}")
    main = re.search(r"<main\b.*?</main>", response.text, re.S).group(0)
    without_form = re.sub(r'<form class="search-form".*?</form>', "", main, flags=re.S)
    return problems + executable_markup(without_form)
