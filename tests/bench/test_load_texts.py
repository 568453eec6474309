"""The load set's made-up texts: condition names are distinct, like real ones."""

import random

from django.utils.text import slugify

from bench import load_texts


def test_each_condition_has_its_own_eponym():
    rng = random.Random(1)
    names = [load_texts.condition_name(rng, number) for number in range(1, 7200)]

    eponyms = {name.split()[0] for name in names}

    assert len(eponyms) == len(names)
    assert not any("type" in name for name in names)


def test_numbers_beyond_the_eponyms_still_give_distinct_slugs():
    rng = random.Random(1)
    numbers = range(1, 20001)

    slugs = {slugify(load_texts.condition_name(rng, number)) for number in numbers}

    assert len(slugs) == len(numbers)
