"""Reads of the articles app that hold a rule of their own."""

import pytest

from articles.selectors import reference_links


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/study", "https://example.org/study"),
        ("http://example.org/study", "http://example.org/study"),
        ("HTTPS://example.org/study", "HTTPS://example.org/study"),
        (" https://example.org/study ", " https://example.org/study "),
        ("ht\ttps://example.org/study", "ht\ttps://example.org/study"),
        ("javascript:alert(1)", ""),
        (" javascript:alert(1)", ""),
        ("ftp://example.org/study", ""),
        ("//example.org/study", ""),
        ("example.org/study", ""),
        ("", ""),
    ],
)
def test_a_reference_links_its_url_only_for_http_or_https(url, linked):
    assert reference_links({"url": url})["url"] == linked


def test_a_reference_links_its_doi_and_a_numeric_pmid():
    links = reference_links({"doi": "https://doi.org/10.1000/x y", "pmid": " 123 "})

    assert links == {
        "url": "",
        "doi_url": "https://doi.org/10.1000/x%20y",
        "pubmed_url": "https://pubmed.ncbi.nlm.nih.gov/123/",
    }
    assert reference_links({"pmid": "PMC123"})["pubmed_url"] == ""
