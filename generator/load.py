"""Read content YAML safely, remembering the line of every key and value.

Content arrives by pull request, so it is untrusted: only plain YAML (no tags, no aliases, which also defeats
alias "billion laughs" bombs), printable text, bounded nesting and number sizes, a size cap, and errors turned into
:class:`Problem` lines rather than tracebacks.
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
# Content is a few levels deep (a cause's findings list of mappings); far deeper text is an attack on the parser,
# whose composer recurses once per level (about 330 levels exhaust Python's stack).
MAX_DEPTH = 32
# The browser reads integers exactly up to 15 digits; Python refuses to convert more than 4,300.
MAX_INTEGER_DIGITS = 15
Path_ = tuple[str | int, ...]


# Content dates stay text as written ("2026-03-01"): the schemas check their form, the model parses them. YAML's
# implicit timestamp would turn them into date objects, so the loaders here (and the dumper of the editors' examples,
# which must write them back unquoted) use PyYAML's plain-scalar resolvers without it.
RESOLVERS_WITHOUT_DATES: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_YAML_TAG_PREFIX = "tag:yaml.org,2002:"


def _shown_tag(tag: str) -> str:
    """A tag as an editor wrote it (``!!binary`` rather than its expanded URI), shortened."""
    shown = "!!" + tag.removeprefix(_YAML_TAG_PREFIX) if tag.startswith(_YAML_TAG_PREFIX) else tag
    shown = "".join(char if char.isprintable() else "?" for char in shown)
    return shown if len(shown) <= 40 else shown[:39] + "…"


class _RefuseAliases:
    """Composer mix-in that refuses aliases before they can expand, explicit tags before any constructor runs
    (``!!binary``, ``!!timestamp``, ``!!python/...``, ``!!float abc``), and nesting deeper than :data:`MAX_DEPTH`
    before the recursive composer exhausts the stack."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed in content; write the value out in full",
                problem_mark=event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise yaml.MarkedYAMLError(
                problem=f"tags (!...) are not allowed in content; write plain values (found {_shown_tag(tag)})",
                problem_mark=event.start_mark,
            )
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                problem=f"lists and mappings are nested more than {MAX_DEPTH} levels deep; content needs a few",
                problem_mark=event.start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


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
# The characters YAML refuses in a file (its "printable" set, inverted): control characters, DEL, C1 controls but
# NEL, and the non-characters U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Control characters a double-quoted escape ("\a", "\x1b", "\0") can still put into a value; tab and line feed are
# text.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INTEGER_TAG = _YAML_TAG_PREFIX + "int"


def _character_problem(relpath: str, text: str, match: re.Match[str], where: str) -> Problem:
    line = text.count("\n", 0, match.start()) + 1
    code = f"U+{ord(match.group()):04X}"
    return Problem(relpath, line, f"control character {code} {where}; content is printable text: delete it")


def load_document(path: Path, root: Path) -> SourceDocument:
    """Parse one YAML file; raise :class:`LoadFailed` with a single clear problem if it cannot be read."""
    relpath = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LoadFailed(Problem(relpath, 1, f"cannot read the file: {error.strerror or error}")) from None
    if len(raw) > MAX_FILE_BYTES:
        raise LoadFailed(Problem(relpath, 1, f"file is {len(raw)} bytes; content files must be under {MAX_FILE_BYTES}"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadFailed(Problem(relpath, line, "file is not UTF-8 text; save it with UTF-8 encoding")) from None
    unprintable = _UNPRINTABLE.search(text)
    if unprintable:
        raise LoadFailed(_character_problem(relpath, text, unprintable, "in the file (most editors do not show it)"))
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
    except (ValueError, OverflowError, RecursionError) as error:  # a safety net: the checks above should come first
        message = f"invalid YAML: a value cannot be read ({type(error).__name__})"
        raise LoadFailed(Problem(relpath, 1, message)) from None
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
            _refuse_control_characters(key, key_node)
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
    if node.tag == _INTEGER_TAG:
        literal = node.value.lstrip("+-").removeprefix("0x").removeprefix("0b")
        digits = sum(char.isalnum() for char in literal)
        if digits > MAX_INTEGER_DIGITS:
            raise yaml.MarkedYAMLError(
                problem=f"a number of {digits} digits; numbers in content have at most {MAX_INTEGER_DIGITS}",
                problem_mark=node.start_mark,
            )
    value = loader.construct_object(node)
    if isinstance(value, str):
        _refuse_control_characters(value, node)
    return value


def _refuse_control_characters(value: str, node: yaml.Node) -> None:
    control = _CONTROL_IN_VALUE.search(value)
    if control:
        raise yaml.MarkedYAMLError(
            problem=f"control character U+{ord(control.group()):04X} in a value (from an escape such as \\a or "
            "\\x1b); content is printable text: delete it",
            problem_mark=node.start_mark,
        )
