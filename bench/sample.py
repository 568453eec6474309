"""Public URLs of the generated set, picked reproducibly, for the load clients."""

import random
import re
from urllib.parse import urlencode

from django.urls import reverse

from articles.models import Question
from articles.selectors import published_conditions

NAME_SEPARATOR = re.compile(r"[-\s]")
SEARCH_WORDS = ("treatment", "diagnosis", "pain", "inherited", "surgery")


def answer_paths(count: int, *, seed: int = 1) -> list[str]:
    ids = list(Question.objects.published().values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(count, len(ids)))  # noqa: S311  # nosec B311
    questions = Question.objects.filter(pk__in=chosen).select_related("condition")
    return [question.get_absolute_url() for question in questions]


def condition_paths(count: int, *, seed: int = 1) -> list[str]:
    slugs = list(published_conditions().values_list("slug", flat=True))
    chosen = random.Random(seed).sample(slugs, min(count, len(slugs)))  # noqa: S311  # nosec B311
    return [
        reverse("condition_detail", kwargs={"condition_slug": slug}) for slug in chosen
    ]


def search_paths(count: int, *, seed: int = 1) -> list[str]:
    """Searches for the first word of a condition's name and a common word."""
    names = list(published_conditions().values_list("name", flat=True)[:500])
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    paths = []
    for _ in range(count):
        name_word = NAME_SEPARATOR.split(rng.choice(names))[0]
        query = f"{name_word} {rng.choice(SEARCH_WORDS)}"
        paths.append(reverse("search") + "?" + urlencode({"q": query}))
    return paths


def condition_name_search_paths(count: int, *, seed: int = 1) -> list[str]:
    """Searches for a condition's name alone."""
    names = list(published_conditions().values_list("name", flat=True)[:500])
    chosen = random.Random(seed).sample(names, min(count, len(names)))  # noqa: S311  # nosec B311
    return [reverse("search") + "?" + urlencode({"q": name}) for name in chosen]


def sitemap_paths() -> list[str]:
    """The sitemap index and every file it lists."""
    from diseasemaps import sitemaps

    return [reverse("sitemap")] + [path for path, _ in sitemaps.index_files()]


def sitemap_answer_paths() -> list[str]:
    """The sitemap files of the answers, the largest (10,000 URLs each)."""
    return [path for path in sitemap_paths() if "-answers-" in path]


def feed_paths() -> list[str]:
    return [reverse("updates_feed")]


def broad_search_paths() -> list[str]:
    """Searches for one common word, which most answers contain."""
    return [reverse("search") + "?" + urlencode({"q": word}) for word in SEARCH_WORDS]


API_PAGE_SIZE = 50


def api_answer_paths(count: int, *, seed: int = 1) -> list[str]:
    """Pages of 50 answers from the content API: the first page, and the
    first page of answers changed since each of ``count`` moments of the set."""
    from articles.models import PublishedAnswer

    moments = list(
        PublishedAnswer.objects.order_by("text_changed_at").values_list(
            "text_changed_at", flat=True
        )
    )
    chosen = random.Random(seed).sample(moments, min(count, len(moments)))  # noqa: S311  # nosec B311
    query = {"page_size": API_PAGE_SIZE}
    return [reverse("api:answers") + "?" + urlencode(query)] + [
        reverse("api:answers")
        + "?"
        + urlencode({**query, "modified_since": moment.isoformat()})
        for moment in chosen
    ]


def api_change_paths(count: int, *, seed: int = 1) -> list[str]:
    """Pages of 50 changes from the content API, after ``count`` cursors."""
    from reviews.models import AuditEntry

    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    return [
        reverse("api:changes")
        + "?"
        + urlencode({"page_size": API_PAGE_SIZE, "since": rng.randrange(last or 1)})
        for _ in range(count)
    ]


def cycle(paths: list[str]):
    """``n -> path``, going round the list."""
    return lambda n: paths[n % len(paths)]
