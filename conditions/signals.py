"""What the conditions app announces after a write that readers could see.

Derived data (search documents, cached pages) is kept in step only through
the project's own signals, sent explicitly next to each write, inside its
transaction: never through ``post_save``. See ``docs/architecture.md``.
"""

from django.dispatch import Signal

# A condition was saved or is about to be deleted. Arguments: ``condition``.
condition_changed = Signal()
