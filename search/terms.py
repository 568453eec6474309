"""The words of a query, as the SQLite fallback and condition matching use them."""

import string

MAX_TERMS = 8
# Quotes and punctuation around a word ("syndrome?", “atrophy”) are not part of it.
EDGE_PUNCTUATION = string.punctuation + "“”‘’«»…–—"


def query_terms(query: str) -> list[str]:
    """The distinct words of the query, in order, without surrounding punctuation.

    At most ``MAX_TERMS`` words count, so that a very long query cannot build
    a very large SQL condition.
    """
    terms: list[str] = []
    seen: set[str] = set()
    for word in query.split():
        term = word.strip(EDGE_PUNCTUATION)
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms[:MAX_TERMS]
