"""The names members show beside their experiences: normalised, and never
passing for the site, its staff or a medical professional.

A name is stored NFKC-normalised without invisible characters
(``core.visible_text.normalized_name``): no bidirectional override can turn
"Amara" around, no zero-width character can make two names look alike while
differing. It is refused when its words contain a reserved name:

- a medical reviewer's full name or a staff member's full name (first and
  last name), titles left out, as whole words in order;
- a title or post-nominal (``TITLES``: Dr, MD, PhD, RN...), with or without
  its dots;
- a role or the site's name (``RESERVED_PHRASES``: "medical reviewer",
  "moderator", "DiseaseMaps"...).
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.visible_text import normalized_name
from reviews.models import ReviewerProfile

TITLES = frozenset(
    {
        "dr", "doctor", "prof", "professor", "md", "phd", "rn", "mbbs", "mbchb",
        "frcp", "frcs", "frcpath", "mrcp", "np", "pharmd", "dds", "dmd",
        "lpn", "bsn", "msn", "dnp", "crnp", "fnp", "aprn", "mph", "facp", "nurse",
    }
)  # fmt: skip
RESERVED_PHRASES = (
    "medical reviewer",
    "reviewer",
    "moderator",
    "editor",
    "administrator",
    "admin",
    "staff",
    "disease maps",
    "diseasemaps",
    "official",
)
RESERVED = _(
    "Choose another display name: it must not look like a member of our staff, "
    "a medical reviewer, a medical title or the site itself."
)
EMPTY = _("Choose a display name with letters or digits in it.")


def words(name: str) -> list[str]:
    """The name's words, case-folded, with abbreviation dots dropped (M.D. → md)."""
    return re.findall(r"[^\W_]+", normalized_name(name).casefold().replace(".", ""))


def _contains(haystack: list[str], needle: list[str]) -> bool:
    size = len(needle)
    return size > 0 and any(
        haystack[start : start + size] == needle
        for start in range(len(haystack) - size + 1)
    )


def _reserved_people() -> list[list[str]]:
    """The full names, as words without titles, of reviewers and staff."""
    names = list(ReviewerProfile.objects.values_list("full_name", flat=True))
    names += [
        f"{first} {last}"
        for first, last in get_user_model()
        .objects.filter(is_staff=True)
        .values_list("first_name", "last_name")
    ]
    people = ([word for word in words(name) if word not in TITLES] for name in names)
    return [person for person in people if len(person) >= 2]


def is_reserved(name: str) -> bool:
    """Whether ``name`` contains a title, a role, the site's name or the full
    name of a reviewer or staff member."""
    name_words = words(name)
    if TITLES.intersection(name_words):
        return True
    if any(_contains(name_words, phrase.split()) for phrase in RESERVED_PHRASES):
        return True
    return any(_contains(name_words, person) for person in _reserved_people())


def validate_display_name(name: str) -> None:
    """Refuse a name without letters or digits, or a reserved one."""
    if not words(name):
        raise ValidationError(EMPTY, code="empty")
    if is_reserved(name):
        raise ValidationError(RESERVED, code="reserved")
