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

    def as_github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, shown on the changed line of a pull request."""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.file},line={self.line}::{message}"


class ContentError(Exception):
    """Content cannot be built; carries every problem found, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
