class TransitionError(Exception):
    """A workflow rule forbids the transition; the message is written for the editor."""
