class TransitionError(Exception):
    """A workflow rule forbids the transition; the message is written for the editor."""


class TextChangedError(TransitionError):
    """The text changed after the decision's screen was opened.

    ``shown`` is what the screen displayed (``answer_state.ShownText``), so the
    interface can show what changed since.
    """

    def __init__(self, message: str, *, shown):
        super().__init__(message)
        self.shown = shown
