"""The one error users of the calculator can cause."""

from __future__ import annotations


class ValidationError(ValueError):
    """Answers the calculator cannot use: an unknown finding id, a wrong type or a value out of range.

    ``finding`` names the answer at fault (``None`` when the answers as a whole are wrong), so a form can show
    the message next to the right field.
    """

    def __init__(self, message: str, finding: str | None = None) -> None:
        super().__init__(message)
        self.finding = finding
