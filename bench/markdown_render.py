"""CPU time of rendering pathological markdown (issue 13, item 4).

    python bench/markdown_render.py [--length 50000] [--repeat 3]

Renders each pattern of ``bench/pathological_markdown.py`` through
``core.markdown.render_markdown`` (parser and allow-list) at ``--length``
characters and at a fifth of it, and prints the least CPU time of
``--repeat`` renders of each and their ratio: about 5 when the time grows
linearly with the length, about 25 when it grows with its square. Nothing here
asserts on time; the test suite holds the bound and the growth.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pathological_markdown import UNITS, cpu_seconds, pattern  # noqa: E402
from core.markdown import render_markdown  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    length, repeat = options.length, options.repeat
    small_label, large_label = f"ms at {length // 5}", f"ms at {length}"
    print(f"{'pattern':<26} {small_label:>12} {large_label:>12} ratio")
    for name in UNITS:
        small = cpu_seconds(render_markdown, pattern(name, length // 5), repeat=repeat)
        large = cpu_seconds(render_markdown, pattern(name, length), repeat=repeat)
        ratio = large / max(small, 1e-6)
        print(f"{name:<26} {small * 1000:>12.1f} {large * 1000:>12.1f} {ratio:5.1f}")


if __name__ == "__main__":
    main()
