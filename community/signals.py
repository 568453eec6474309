"""What the community announces after a write that readers could see.

Derived data (cached pages) is kept in step only through the project's own
signals, sent explicitly next to each write: never through ``post_save``.
See ``docs/architecture.md``.
"""

from django.dispatch import Signal

# What public pages show of the community changed for these conditions: an
# experience shown or hidden, a count, a display name beside an experience.
# Arguments: ``condition_ids``.
community_changed = Signal()
