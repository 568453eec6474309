"""How many examples a property test tries: all of them in CI, a quarter locally.

CI (which sets CI) tries the full number, the same examples on every run (the
derandomized profile in ``tests/conftest.py``). A developer's ``make test``
tries a quarter, new ones on each run, so that the suite stays quick to run
often while the examples it has tried add up across runs; a failing one is
kept in ``.hypothesis/`` and tried first next time.
"""

import os

LOCAL_SHARE = 4


def examples(in_ci: int) -> int:
    """The number of examples to try for a test that tries ``in_ci`` in CI."""
    if os.environ.get("CI"):
        return in_ci
    return max(in_ci // LOCAL_SHARE, 1)
