"""What the reviews app announces after a write that readers could see.

Derived data (cached pages) is kept in step only through the project's own
signals, sent explicitly next to each write: never through ``post_save``.
See ``docs/architecture.md``.
"""

from django.dispatch import Signal

# A reviewer profile was saved or is about to be deleted. Arguments: ``profile``.
reviewer_profile_changed = Signal()
