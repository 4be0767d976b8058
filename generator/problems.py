"""What an editor sees when content is wrong: one ``FILE:LINE: message`` per problem."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One fixable problem in one content file.

    ``file`` is relative to the repository root (what a pull-request reviewer sees), ``line`` is 1-based.
    """

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

    def as_github_annotation(self, severity: str = "error") -> str:
        """The same problem as a GitHub Actions workflow command, shown on the changed line of a pull request.

        Escaped as the runner unescapes them, so a file name holding ``,`` ``:`` ``%`` or a line break cannot end
        the command early or start another.
        """
        return (
            f"::{severity} file={escape_annotation_property(self.file)},line={self.line}"
            f"::{escape_annotation_message(self.message)}"
        )


def escape_annotation_message(text: str) -> str:
    """A workflow command's message as GitHub's runner reads it: ``%``, CR and LF percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_annotation_property(text: str) -> str:
    """A workflow command's property value (``file=...``): the message's escapes plus ``:`` and ``,``."""
    return escape_annotation_message(text).replace(":", "%3A").replace(",", "%2C")


class ContentError(Exception):
    """Content cannot be built; carries every problem found, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
