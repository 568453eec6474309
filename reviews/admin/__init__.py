"""The editorial admin screens that apply the review workflow's rules.

- ``answers``: an answer's text, workflow buttons, history and sign-offs;
- ``conditions``: conditions, whose screen sets the review interval;
- ``reviewers``: reviewer profiles and the append-only review record.
"""

from reviews.admin import answers, conditions, reviewers

__all__ = ["answers", "conditions", "reviewers"]
