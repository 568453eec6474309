from search.terms import MAX_TERMS, query_terms


def test_terms_are_the_words_without_surrounding_punctuation():
    assert query_terms(' “Parry-Romberg” syndrome? "atrophy" ') == [
        "Parry-Romberg",
        "syndrome",
        "atrophy",
    ]


def test_repeated_words_count_once_whatever_their_case():
    assert query_terms("Atrophy atrophy ATROPHY face") == ["Atrophy", "face"]


def test_punctuation_alone_makes_no_term():
    assert query_terms("? -- ... ( )") == []


def test_only_the_first_words_count():
    words = [f"word{n}" for n in range(50)]

    assert query_terms(" ".join(words)) == words[:MAX_TERMS]
