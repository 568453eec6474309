"""What the articles app announces after a write that readers could see.

Derived data (search documents, cached pages) is kept in step only through
the project's own signals, sent explicitly next to each write, inside its
transaction: never through ``post_save``. See ``docs/architecture.md``.
"""

from django.dispatch import Signal

# A question was saved or is about to be deleted. Arguments: ``question``, and
# ``condition_ids``: the conditions it belonged to before and after the write.
question_changed = Signal()

# Live copies were published, re-certified, rescheduled or archived.
# Arguments: ``answer_ids`` and the ``condition_ids`` of their questions.
live_copies_changed = Signal()

# The site disclaimer was changed. Arguments: ``disclaimer``.
disclaimer_changed = Signal()

# Content was written in bulk, bypassing the services (an import, a load set).
content_replaced = Signal()
