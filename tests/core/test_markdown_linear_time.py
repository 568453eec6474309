"""Every markdown input renders in time linear in its length (issue 13, item 4).

The issue asks for a bound on the clock: 50 KB of each pattern of
``bench/pathological_markdown.py`` renders in under 200 ms. To hold on a busy
machine, each time is the least CPU time (not wall-clock) of up to three
renders (one is enough when it passes). The growth is checked too: ten times
the length may cost at most thirty times the time (linear growth gives about
10, quadratic about 100), with a floor below which CPU times are noise.
``bench/markdown_render.py`` prints the times.
"""

import pytest

from bench.pathological_markdown import UNITS, cpu_seconds, pattern
from core.markdown import render_markdown

LENGTH = 50_000
MOST_SECONDS = 0.2
MOST_CPU_FOR_TEN_TIMES_THE_LENGTH = 30
NOISE_SECONDS = 0.002


@pytest.mark.parametrize("name", UNITS)
def test_fifty_kilobytes_render_fast_and_in_linear_time(name):
    small = cpu_seconds(render_markdown, pattern(name, LENGTH // 10), repeat=3)
    most = min(
        MOST_SECONDS, MOST_CPU_FOR_TEN_TIMES_THE_LENGTH * max(small, NOISE_SECONDS)
    )
    large = cpu_seconds(render_markdown, pattern(name, LENGTH), repeat=3, enough=most)

    assert large < MOST_SECONDS, f"{name}: {large * 1000:.0f} ms at {LENGTH} characters"
    assert large <= most, f"{name}: {small:.4f} s, then {large:.4f} s at ten times"


def test_the_patterns_are_as_long_as_asked():
    assert {len(pattern(name, LENGTH)) for name in UNITS} == {LENGTH}
