"""Read content YAML safely, remembering the line of every key and value.

Content arrives by pull request, so it is untrusted: only plain YAML (no tags, no aliases, which also defeats
alias "billion laughs" bombs), a size cap, and errors turned into :class:`Problem` lines rather than tracebacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from generator.problems import Problem

MAX_FILE_BYTES = 512 * 1024
Path_ = tuple[str | int, ...]


# Content dates stay text as written ("2026-03-01"): the schemas check their form, the model parses them. YAML's
# implicit timestamp would turn them into date objects, so the loaders here (and the dumper of the editors' examples,
# which must write them back unquoted) use PyYAML's plain-scalar resolvers without it.
RESOLVERS_WITHOUT_DATES: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _RefuseAliases:
    """Composer mix-in that refuses aliases before they can expand."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed in content; write the value out in full",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


class _ContentLoader(_RefuseAliases, yaml.SafeLoader):
    """SafeLoader that keeps dates as text and refuses aliases before they can expand."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = RESOLVERS_WITHOUT_DATES


try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None

if CParser is not None:

    class _FastContentLoader(_RefuseAliases, Composer, CParser, SafeConstructor, Resolver):
        """:class:`_ContentLoader` with libyaml's scanner and parser, about 4x faster on content files.

        Composing (the alias refusal included), resolving and constructing are the same Python code; only the
        tokens come from C. It is used for text without the constructs where libyaml accepts what PyYAML rejects
        (:data:`_PARSERS_MAY_DIFFER`), and a file it cannot load is read again by :class:`_ContentLoader`, whose
        messages and lines editors see: results and errors are those of the pure-Python loader.
        """

        yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = RESOLVERS_WITHOUT_DATES

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml
    _FastContentLoader = None

# Where libyaml is more lenient than PyYAML (tabs, tags, anchors, directives, '?' in keys and flow text, comments
# glued to a block scalar header, document markers, unusual line breaks and escapes): such text takes the
# reference loader.
_PARSERS_MAY_DIFFER = re.compile(r"[\t!?&*|\\\r\x85\u2028\u2029\ufeff]|[>|][-+0-9]*#|^(?:---|\.\.\.|%)", re.MULTILINE)


@dataclass(frozen=True)
class SourceDocument:
    """One parsed content file: its data plus the line of each key path, for error messages."""

    path: Path
    relpath: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict, repr=False)

    def line_of(self, path: Path_) -> int:
        """Line of the value at ``path``, or of its nearest enclosing value that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class LoadFailed(Exception):
    """The file could not be read as YAML; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


_HINTS = (
    ("mapping values are not allowed", "text containing ': ' must be quoted, or written as a folded block (>-)"),
    ("could not find expected ':'", "a key is missing its ':' or the indentation is uneven"),
    ("did not find expected key", "check the indentation: keys of one mapping must line up"),
    ("did not find expected '-' indicator", "check the indentation: items of one list must line up"),
    ("found undefined tag handle", "tags (!...) are not allowed in content"),
    ("could not determine a constructor", "tags (!...) are not allowed in content; write plain values"),
    ("expected a single document", "a content file holds one document: remove the extra '---'"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("that cannot start any token", 'text starting with [ @ ` or % must be quoted, e.g. "[@ref-id] says ..."'),
    ("expected ',' or ']'", "text inside [ ] or starting with [ must be quoted"),
    ("expected ',' or '}'", "text inside { } that contains [ or , must be quoted"),
)


def _yaml_problem(relpath: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(error, "problem", None) or str(error)
    message = f"invalid YAML: {problem}"
    for needle, hint in _HINTS:
        if needle in str(error):
            message += f" ({hint})"
            break
    return Problem(relpath, line, message)


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def load_document(path: Path, root: Path) -> SourceDocument:
    """Parse one YAML file; raise :class:`LoadFailed` with a single clear problem if it cannot be read."""
    relpath = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise LoadFailed(Problem(relpath, 1, f"file is {len(raw)} bytes; content files must be under {MAX_FILE_BYTES}"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadFailed(Problem(relpath, line, "file is not UTF-8 text; save it with UTF-8 encoding")) from None
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        raise LoadFailed(Problem(relpath, line, "tab character used for indentation; YAML needs spaces"))
    data, lines = _parse(text, relpath)
    return SourceDocument(path=path, relpath=relpath, data=data, lines=lines)


def _parse(text: str, relpath: str) -> tuple[Any, dict[Path_, int]]:
    """Data and lines of ``text``, as the pure-Python loader gives or reports them (faster through libyaml)."""
    if _FastContentLoader is not None and not _PARSERS_MAY_DIFFER.search(text):
        try:
            return _load_with(_FastContentLoader(text), relpath)
        except Exception:  # any failure: the reference loader below reports it, exactly as before
            pass
    return _load_with(_ContentLoader(text), relpath)


def _load_with(loader: Any, relpath: str) -> tuple[Any, dict[Path_, int]]:
    try:
        node = loader.get_single_node()
        if node is None:
            raise LoadFailed(Problem(relpath, 1, "file is empty; it needs the fields its schema lists"))
        lines: dict[Path_, int] = {}
        data = _construct(loader, node, (), lines, relpath)
    except yaml.YAMLError as error:
        raise LoadFailed(_yaml_problem(relpath, error)) from None
    finally:
        loader.dispose()
    return data, lines


def _construct(loader: _ContentLoader, node: yaml.Node, path: Path_, lines: dict[Path_, int], relpath: str) -> Any:
    """Build plain Python data from the node tree, recording lines and rejecting duplicate keys."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(problem="keys must be plain words", problem_mark=key_node.start_mark)
            key = str(key_node.value)
            if key == "<<":
                raise yaml.MarkedYAMLError(
                    problem="merge keys (<<) are not allowed in content", problem_mark=key_node.start_mark
                )
            if key in result:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key '{key}'; each key may appear once in a mapping",
                    problem_mark=key_node.start_mark,
                )
            result[key] = _construct(loader, value_node, (*path, key), lines, relpath)
            # An error about a key (unknown, wrong type) is best shown on the key's own line.
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*path, i), lines, relpath) for i, item in enumerate(node.value)]
    return loader.construct_object(node)
