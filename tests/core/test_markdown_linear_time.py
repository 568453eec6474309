"""Every markdown input renders in time linear in its length (issue 13, item 4).

The old parser took 1.3 s on 2,500 ``[`` and 29 s on 10,000. Tests never
assert on the clock, so this one asserts the shape of the growth instead: each
pattern of ``bench/pathological_markdown.py`` is rendered at 2 KB, 10 KB and
50 KB, and five times the length may cost at most fifteen times the CPU time
(linear growth gives about 5, quadratic about 25; the slack absorbs a busy
machine). ``bench/markdown_render.py`` prints the times themselves.
"""

import pytest

from bench.pathological_markdown import UNITS, cpu_seconds, pattern
from core.markdown import render_markdown

LENGTHS = [2_000, 10_000, 50_000]
MOST_CPU_FOR_FIVE_TIMES_THE_LENGTH = 15
# Below this, CPU time is mostly noise: a ratio of two such times means nothing.
NOISE_SECONDS = 0.005


@pytest.mark.parametrize("name", UNITS)
def test_render_time_grows_linearly_with_the_length(name):
    previous = None
    for length in LENGTHS:
        seconds = cpu_seconds(render_markdown, pattern(name, length), repeat=3)
        if previous is not None:
            most = MOST_CPU_FOR_FIVE_TIMES_THE_LENGTH * max(previous, NOISE_SECONDS)
            assert seconds <= most, f"{name}: {seconds:.3f} s at {length} characters"
        previous = seconds


def test_the_patterns_are_as_long_as_asked():
    assert {len(pattern(name, 50_000)) for name in UNITS} == {50_000}
