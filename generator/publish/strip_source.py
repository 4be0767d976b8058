"""Python source with its comments and docstrings taken out, line for line: the trimmed standard library's files.

Half of a standard-library file's compressed bytes are comments and docstrings, which the calculator never reads:
Python run with ``-OO`` drops docstrings too, and the standard library works under it. :func:`strip_source` removes
every comment and every statement that is only a plain string literal (a docstring, or a string left as a note),
and keeps every line, so a traceback still points at the line Pyodide's own file has.

The files are Python 3.14 (Pyodide's) and the build runs on an older Python whose ``tokenize`` cannot read 3.12's
f-strings, so this is a small lexer of its own, pure text and the same in any Python. It is checked where it
matters: tests/generator/publish/test_strip_source.py compares, in Pyodide's own Python, the syntax tree of every
file of the trimmed archive before and after (tests/generator/publish/strip_check.mjs), so a file it misread fails
the suite instead of reaching a reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTES = "'\""
_OPEN = "([{"
_CLOSE = ")]}"
_STRING_PREFIXES = {"r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt"}
_NOTE_PREFIXES = {"", "r", "u"}  # a statement of only such a string does nothing; an f- or t-string runs its fields
_CODING = re.compile(r"[ \t\f]*#.*?coding[:=]")  # PEP 263: a coding line must stay


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


class _Lexer:
    """Walks one file once, collecting the edits: comments removed, lone plain-string statements replaced."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.index = 0
        self.edits: list[_Edit] = []

    # -- the walk ------------------------------------------------------------------------------------------------
    def run(self) -> list[_Edit]:
        self.code(field=False)
        return self.edits

    def code(self, *, field: bool) -> None:
        """Code up to the end of the file, or (``field``) to the ``}`` that closes an f-string's replacement field."""
        source = self.source
        depth = 0
        line_start = not field  # at the first token of a logical line, outside any bracket
        while self.index < len(source):
            char = source[self.index]
            if char == "\n":
                self.index += 1
                if depth == 0 and not field:
                    line_start = True
            elif char in " \t\f\r":
                self.index += 1
            elif char == "\\" and source.startswith("\n", self.index + 1):
                self.index += 2  # an explicit line join: the logical line goes on
            elif char == "#":
                self.comment()
            elif char in _OPEN:
                depth += 1
                self.index += 1
                line_start = False
            elif char in _CLOSE:
                if field and depth == 0:
                    return  # the caller steps over the "}"
                depth -= 1
                self.index += 1
                line_start = False
            elif char == ":" and field and depth == 0:
                self.index += 1
                self.format_spec()
                return
            elif char in _QUOTES:
                self.string_statement("", self.index, line_start and depth == 0)
                line_start = False
            elif char.isalnum() or char == "_":
                start = self.index
                while self.index < len(source) and (source[self.index].isalnum() or source[self.index] == "_"):
                    self.index += 1
                word = source[start : self.index]
                if self.index < len(source) and source[self.index] in _QUOTES and word.lower() in _STRING_PREFIXES:
                    self.string_statement(word.lower(), start, line_start and depth == 0)
                line_start = False
            else:
                self.index += 1
                line_start = False

    def format_spec(self) -> None:
        """A replacement field's format spec (after its top-level ``:``), up to the field's closing ``}``: text, not
        code (``{id(self):#x}`` holds no comment), with nested fields (``{value:>{width}}``)."""
        source = self.source
        while self.index < len(source) and source[self.index] != "}":
            if source[self.index] == "{":
                self.index += 1
                self.code(field=True)
            self.index += 1

    def comment(self) -> None:
        source = self.source
        start = self.index
        end = source.find("\n", start)
        end = len(source) if end == -1 else end
        line_begins = source.rfind("\n", 0, start) + 1
        self.index = end
        if source.count("\n", 0, start) < 2 and _CODING.match(source, line_begins):
            return
        while start > line_begins and source[start - 1] in " \t\f":
            start -= 1  # the blanks before the comment go with it
        self.edits.append(_Edit(start, end, ""))

    def string_statement(self, prefix: str, start: int, at_line_start: bool) -> None:
        """Read the string at ``self.index``; when it is the whole statement and plain, replace it."""
        self.string(prefix)
        if not at_line_start or prefix not in _NOTE_PREFIXES:
            return
        source = self.source
        after = self.index
        while after < len(source) and source[after] in " \t\f\r":
            after += 1
        if after < len(source) and source[after] not in "\n#":
            return  # more follows: an operator, a method call, a ";" or another string
        line_begins = source.rfind("\n", 0, start) + 1
        indented = start > line_begins
        newlines = "\n" * source.count("\n", start, self.index)
        self.edits.append(_Edit(start, self.index, ("pass" if indented else "") + newlines))

    def string(self, prefix: str) -> None:
        """Step over one string literal whose opening quote is at ``self.index``."""
        source = self.source
        quote = source[self.index]
        closing = quote * 3 if source.startswith(quote * 3, self.index) else quote
        self.index += len(closing)
        formatted = "f" in prefix or "t" in prefix
        while self.index < len(source):
            if source.startswith(closing, self.index):
                self.index += len(closing)
                return
            char = source[self.index]
            if char == "\\":
                self.index += 2
            elif formatted and char in "{}":
                if source.startswith(char * 2, self.index):
                    self.index += 2
                elif char == "{":
                    self.index += 1
                    self.code(field=True)
                    self.index += 1
                else:
                    self.index += 1
            else:
                self.index += 1


def strip_source(source: str) -> str:
    """``source`` without its comments and docstrings, with the same number of lines.

    A statement that is only a plain (not f- or t-) string literal becomes ``pass`` when indented, so a body that
    held nothing else stays a body, and nothing at module level (where a ``from __future__`` import may follow).
    A PEP 263 coding line stays.
    """
    pieces: list[str] = []
    position = 0
    for edit in _Lexer(source).run():  # in file order, none overlapping: the lexer only moves forward
        pieces.append(source[position : edit.start])
        pieces.append(edit.text)
        position = edit.end
    pieces.append(source[position:])
    return "".join(pieces)
