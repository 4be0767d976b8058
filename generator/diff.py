"""The reviewer's diff: what a change does to what readers see.

Three parts, each listed so a reviewer misses none:

- the generated pages a change to ``content/`` alters, and how;
- the calculator's data (weights, red flags, findings), as one line per fact: a change of weight alters no page
  but changes every ranking;
- the code that shapes what readers see (the schemas that say what content may hold, the page templates, the
  theme overrides and scripts, the calculator, the generator, the site configuration): listed with its own unified
  diff, to be reviewed as code. Both sides' pages are rendered by the generator that runs this (this checkout's
  Python, templates and schemas), so a change there shows here and not in the pages.

A revision is read from git's objects (``git ls-tree`` and ``git cat-file``), never through ``git archive``, so no
``.gitattributes`` rule (``export-ignore``, filters) can hide or alter a file. Only regular files are written out;
a symbolic link is reported, never followed. Everything printed is stripped of terminal control sequences, since
content, file names and code come from the pull request under review.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from calculator.conditions import COMPARISON_SYMBOLS
from generator.content import load_content
from generator.export import export_calculator_data
from generator.kinds import KIND_BY_NAME
from generator.load import MAX_FILE_BYTES
from generator.problems import ContentError
from generator.render import RenderedPage, build_date, render_site

WORKING_TREE = None  # the HEAD side when no revision is given
CALCULATOR_DATA = "calculator data"  # how the calculator's data is named in the diff (it is not a page)
CALCULATOR_DATA_TITLE = "weights, red flags and findings the calculator ranks with"
CALCULATOR_DATA_SOURCES = ", ".join(f"content/{KIND_BY_NAME[kind].pattern}" for kind in ("cause", "findings"))

# Code that shapes what readers see, by repository path, with what it decides; a file is listed under the first
# path that holds it.
READER_FACING_CODE: tuple[tuple[str, str], ...] = (
    ("generator/schemas", "what content may say"),
    ("generator/templates", "how pages present content"),
    ("site_overrides", "theme overrides, scripts, styles and service worker"),
    ("calculator", "the scoring readers' answers go through"),
    ("mkdocs.yml", "site configuration"),
    ("generator", "the Python that renders pages, exports calculator data and writes the site"),
    ("package.json", "the Pyodide runtime shipped to readers"),
    ("package-lock.json", "the Pyodide runtime shipped to readers"),
    ("content/schema", "what content could say, before the schemas moved to generator/schemas"),
)
# Revisions before the schemas moved out of content/ kept them in content/schema/: those files are listed with the
# code above and left out of the content rendered, so such a revision still diffs with this generator.
LEGACY_SCHEMA_DIR = "schema"
CODE_SECTION = "Code that shapes what readers see: review as code"
MAX_CODE_DIFF_LINES = 400  # per file: a generated or vendored file must not bury the rest
MAX_CODE_FILE_BYTES = 2 * 1024 * 1024  # a larger file is named, not diffed
REGULAR_MODES = ("100644", "100755")
LINK_MODE = "120000"
MAX_LISTED_LINKS = 10

# Terminal control sequences (CSI "ESC [ ... final", OSC "ESC ] ... BEL or ESC \\", other ESC sequences, and their
# one-byte C1 forms), then any other C0 or C1 control but tab and newline, and the bidirectional overrides that can
# make code read differently from what it does.
_ESCAPE_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI, its final byte missing when the text ends early
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]?"  # any other escape sequence
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without terminal escape sequences, control characters (but tab and newline) or bidi overrides."""
    return _CONTROLS.sub("", _ESCAPE_SEQUENCES.sub("", text))


class DiffError(Exception):
    """Something the user can fix: not a repository, an unknown revision, content that does not load."""

    def __init__(self, message: str) -> None:
        super().__init__(printable(message).replace("\n", " "))


@dataclass(frozen=True)
class PageChange:
    """One generated page that differs between the two sides."""

    path: str
    status: str  # "changed", "added" or "removed"
    title: str
    source: str | None
    diff: tuple[str, ...]  # unified diff lines of the generated Markdown, without line ends


@dataclass(frozen=True)
class CodeChange:
    """One file of reader-facing code that differs between the two sides."""

    path: str
    status: str  # "changed", "added" or "removed"
    why: str  # what this code decides for readers (from READER_FACING_CODE)
    diff: tuple[str, ...]  # unified diff lines, capped at MAX_CODE_DIFF_LINES, or one line saying what changed


@dataclass(frozen=True)
class SiteDiff:
    base: str  # how each side is named in the output
    head: str
    changes: tuple[PageChange, ...]
    unchanged: int
    calculator: PageChange | None = None  # the calculator's data, when it differs
    code: tuple[CodeChange, ...] = ()  # reader-facing code that differs

    def listed(self) -> tuple[PageChange, ...]:
        """The calculator's data when it differs (it changes every ranking, so it comes first), then the pages."""
        return ((self.calculator,) if self.calculator else ()) + self.changes

    def counts(self) -> dict[str, int]:
        return {
            status: sum(1 for c in self.changes if c.status == status) for status in ("changed", "added", "removed")
        }


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False)
    except OSError as error:
        raise DiffError(f"cannot run git: {error}") from None


def repository_root(path: Path) -> Path:
    """The top of the git working tree holding ``path``."""
    start = path if path.is_dir() else path.parent
    result = _git(start, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise DiffError(f"{path} is not inside a git repository")
    return Path(result.stdout.decode().strip()).resolve()


def resolve_revision(repo: Path, revision: str) -> str:
    """The commit ``revision`` names (a branch, tag, commit, ``HEAD~1``, ...)."""
    if revision.startswith("-"):
        raise DiffError(f"unknown revision '{revision}'")
    result = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if result.returncode != 0:
        raise DiffError(f"unknown revision '{revision}' in {repo}")
    return result.stdout.decode().strip()


# -- reading a revision from git objects ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TreeEntry:
    """One file of a revision as ``git ls-tree`` lists it."""

    mode: str  # "100644", "100755", "120000" (a symbolic link), "160000" (a submodule)
    oid: str
    size: int | None  # None for a submodule


def tree_entries(repo: Path, commit: str, *paths: str) -> dict[str, TreeEntry]:
    """Every file under ``paths`` at ``commit``, by repository path, read from the tree objects."""
    result = _git(repo, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", *paths)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise DiffError(f"cannot list {', '.join(paths)} at {commit[:12]}: {message[-1] if message else 'git failed'}")
    entries = {}
    for record in result.stdout.split(b"\0"):
        if not record:
            continue
        info, _, name = record.partition(b"\t")
        mode, _, oid, size = info.decode("ascii").split()
        path = name.decode("utf-8", errors="surrogateescape")
        entries[path] = TreeEntry(mode, oid, int(size) if size.isdigit() else None)
    return entries


def read_blobs(repo: Path, oids: list[str]) -> dict[str, bytes]:
    """The content of each blob, by object id, in one ``git cat-file --batch``."""
    if not oids:
        return {}
    unique = list(dict.fromkeys(oids))
    result = _git(repo, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in unique).encode("ascii"))
    if result.returncode != 0:
        raise DiffError(f"cannot read objects from {repo}: {result.stderr.decode(errors='replace').strip()}")
    blobs: dict[str, bytes] = {}
    data, offset = result.stdout, 0
    for oid in unique:
        end = data.index(b"\n", offset)
        header = data[offset:end].decode("ascii").split()
        if len(header) != 3 or header[1] != "blob":
            raise DiffError(f"object {oid[:12]} in {repo} is not a file")
        size = int(header[2])
        blobs[oid] = data[end + 1 : end + 1 + size]
        offset = end + 1 + size + 1  # the content is followed by a newline
    return blobs


def _safe_relative(path: str) -> PurePosixPath:
    """``path`` as a relative path that stays inside the directory it is written to, or :class:`DiffError`."""
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or any(part in ("", ".", "..", ".git") for part in parts):
        raise DiffError(f"the revision holds a file with an unusable name: {path!r}")
    return PurePosixPath(*parts)


@contextmanager
def checkout_content(repo: Path, commit: str, content_path: str) -> Iterator[Path]:
    """The revision's content directory, written from git's objects into a temporary directory laid out like the
    repository: its regular files only. A symbolic link or submodule there is a :class:`DiffError` naming it
    (``legcramps check`` refuses them too); a link is never followed and its target never shown."""
    if not _git(repo, "ls-tree", "-d", "--name-only", commit, "--", content_path).stdout.strip():
        raise DiffError(f"revision {commit[:12]} has no directory {content_path}/")
    legacy_schemas = f"{content_path}/{LEGACY_SCHEMA_DIR}/"
    entries = {
        path: entry
        for path, entry in tree_entries(repo, commit, content_path).items()
        if not (
            path.startswith(legacy_schemas)
            and "/" not in path.removeprefix(legacy_schemas)
            and path.endswith(".schema.json")
            and entry.mode in REGULAR_MODES
        )
    }
    links = sorted(path for path, entry in entries.items() if entry.mode not in REGULAR_MODES)
    if links:
        shown = ", ".join(links[:MAX_LISTED_LINKS]) + (", ..." if len(links) > MAX_LISTED_LINKS else "")
        raise DiffError(
            f"the content at {commit[:12]} holds {len(links)} symbolic link(s) or submodule(s), which are never "
            f"followed: {shown}; content/ holds only real files (run `legcramps check` there)"
        )
    too_big = sorted(path for path, entry in entries.items() if (entry.size or 0) > MAX_FILE_BYTES)
    if too_big:
        raise DiffError(f"the content at {commit[:12]} holds a file over {MAX_FILE_BYTES} bytes: {too_big[0]}")
    blobs = read_blobs(repo, [entry.oid for entry in entries.values()])
    with tempfile.TemporaryDirectory(prefix="legcramps-diff-") as temp:
        root = Path(temp)
        for path, entry in sorted(entries.items()):
            target = root.joinpath(*_safe_relative(path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blobs[entry.oid])
        yield root


@dataclass(frozen=True)
class Side:
    """What one side of the diff renders: its pages by path, and its calculator data as lines of text."""

    pages: dict[str, RenderedPage]
    calculator: str


def _condition_text(condition: dict[str, Any]) -> str:
    finding = condition["finding"]
    parts = [f"{finding} {symbol} {condition[key]}" for key, symbol in COMPARISON_SYMBOLS.items() if key in condition]
    return " and ".join(parts) or str(finding)


def calculator_text(data: dict[str, Any]) -> str:
    """The calculator's data as one self-explaining line per fact (so each line of a diff names its cause).

    The data's own version hash is left out: it changes with everything and says nothing a reader can review.
    """
    lines = []
    for finding in data["findings"]:
        described = {key: value for key, value in finding.items() if key not in ("id", "label")}
        lines.append(f"finding {finding['id']}: {finding['label']!r} {described}")
    for cause in data["causes"]:
        name = f"cause {cause['id']}"
        lines.append(f"{name}: {cause['name']!r}, tier {cause['tier']}, category {cause['category']}")
        lines.append(f"{name}: summary {cause['summary']!r}")
        for weight in cause["weights"]:
            reason = f" ({weight['reason']})" if weight.get("reason") else ""
            lines.append(f"{name}: weight {weight['weight']:+g} if {_condition_text(weight)}{reason}")
        for flag in cause["red_flags"]:
            conditions = flag.get("when") or []
            conditions = [conditions] if isinstance(conditions, dict) else conditions
            texts = " and ".join(_condition_text(condition) for condition in conditions)
            when = f"if {texts}" if texts else "shown with the cause"
            lines.append(f"{name}: red flag {when}: {flag['text']}")
    for tier, title in data["tiers"].items():
        lines.append(f"tier {tier}: {title!r}")
    for key, text in data.get("result_text", {}).items():
        lines.append(f"result text {key}: {text!r}")
    return "\n".join(lines) + "\n"


def render_side(content_dir: Path, root: Path, label: str, today: date) -> Side:
    """Every page the current generator renders from ``content_dir``, by page path, and the calculator data."""
    try:
        content = load_content(content_dir, root)
    except ContentError as error:
        first = error.problems[0] if error.problems else "unknown problem"
        count = len(error.problems)
        raise DiffError(
            f"the content at {label} has {count} problem{'s' if count != 1 else ''} (first: {first}); "
            "run `legcramps check` there"
        ) from None
    except OSError as error:
        raise DiffError(f"cannot read the content at {label}: {error}") from None
    except Exception as error:  # content valid at its own revision may not suit this generator's model
        raise DiffError(f"this generator cannot read the content at {label}: {type(error).__name__}: {error}") from None
    try:
        pages = render_site(content, today=today)
    except Exception as error:  # as above: e.g. a key this generator's templates expect
        raise DiffError(
            f"this generator cannot render the content at {label}: {type(error).__name__}: {error}"
        ) from None
    return Side({page.path: page for page in pages}, calculator_text(export_calculator_data(content)))


def _unified(path: str, before: str, after: str, base: str, head: str) -> tuple[str, ...]:
    lines = difflib.unified_diff(
        before.splitlines(),
        after.splitlines(),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
        fromfiledate=base,
        tofiledate=head,
        lineterm="",
    )
    return tuple(lines)


def compare(old: dict[str, RenderedPage], new: dict[str, RenderedPage], base: str, head: str) -> SiteDiff:
    """The pages that differ, in path order, each with its unified diff."""
    changes = []
    unchanged = 0
    for path in sorted(set(old) | set(new)):
        before, after = old.get(path), new.get(path)
        if before is not None and after is not None and before.markdown == after.markdown:
            unchanged += 1
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        page = after or before
        assert page is not None
        diff = _unified(path, before.markdown if before else "", after.markdown if after else "", base, head)
        changes.append(PageChange(path, status, page.title, page.source, diff))
    return SiteDiff(base, head, tuple(changes), unchanged)


def compare_sides(old: Side, new: Side, base: str, head: str) -> SiteDiff:
    """The pages that differ and, when it differs, the calculator's data."""
    site_diff = compare(old.pages, new.pages, base, head)
    if old.calculator == new.calculator:
        return site_diff
    lines = _unified(CALCULATOR_DATA, old.calculator, new.calculator, base, head)
    change = PageChange(CALCULATOR_DATA, "changed", CALCULATOR_DATA_TITLE, CALCULATOR_DATA_SOURCES, lines)
    return SiteDiff(site_diff.base, site_diff.head, site_diff.changes, site_diff.unchanged, change)


# -- reader-facing code ---------------------------------------------------------------------------------------------
CodeReader = Callable[[str, "TreeEntry"], bytes]  # a file's content on one side, from its path and entry


def _code_paths() -> tuple[str, ...]:
    return tuple(path for path, _ in READER_FACING_CODE)


def _why(path: str) -> str:
    return next(why for prefix, why in READER_FACING_CODE if path == prefix or path.startswith(prefix + "/"))


def working_tree_entries(repo: Path, *paths: str) -> dict[str, TreeEntry]:
    """The files under ``paths`` in the working tree (tracked or new, not ignored), as ``git ls-tree`` would list
    them once committed: a link is listed as a link (its target hashed, never followed)."""
    listed = _git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *paths)
    entries: dict[str, TreeEntry] = {}
    regular: list[str] = []
    for name in sorted(set(listed.stdout.split(b"\0")) - {b""}):
        path = name.decode("utf-8", errors="surrogateescape")
        try:
            info = os.lstat(repo / path)
        except OSError:  # deleted in the working tree
            continue
        if stat.S_ISLNK(info.st_mode):
            target = os.readlink(repo / path).encode("utf-8", errors="surrogateescape")
            oid = _git(repo, "hash-object", "--stdin", stdin=target).stdout.decode().strip()
            entries[path] = TreeEntry(LINK_MODE, oid, len(target))
        elif stat.S_ISREG(info.st_mode):
            mode = "100755" if info.st_mode & stat.S_IXUSR else "100644"
            entries[path] = TreeEntry(mode, "", info.st_size)
            regular.append(path)
        else:  # a submodule's folder
            entries[path] = TreeEntry("160000", "", None)
    if regular:
        hashed = _git(repo, "hash-object", "--no-filters", "--stdin-paths", stdin="\n".join(regular).encode())
        for path, oid in zip(regular, hashed.stdout.decode().split(), strict=True):
            entries[path] = TreeEntry(entries[path].mode, oid, entries[path].size)
    return entries


def _blob_reader(repo: Path) -> CodeReader:
    return lambda path, entry: read_blobs(repo, [entry.oid])[entry.oid]


def _working_tree_reader(repo: Path) -> CodeReader:
    def read(path: str, entry: TreeEntry) -> bytes:
        descriptor = os.open(repo / path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))  # a link: refuse, never follow
        with os.fdopen(descriptor, "rb") as handle:
            return handle.read()

    return read


def _code_diff(
    path: str, old: TreeEntry | None, new: TreeEntry | None, texts: tuple[bytes, bytes], labels: tuple[str, str]
) -> tuple[str, ...]:
    """The unified diff of one file (capped), or one line saying what changed when a diff cannot be shown."""
    entries = [entry for entry in (old, new) if entry is not None]
    if any(entry.mode == LINK_MODE for entry in entries):
        return ("a symbolic link was added, changed or removed here (never followed; its target is not shown)",)
    if any(entry.mode not in REGULAR_MODES for entry in entries):
        return ("a submodule was added, changed or removed here",)
    sizes = [entry.size or 0 for entry in entries]
    if max(sizes) > MAX_CODE_FILE_BYTES:
        return (f"a large file ({' -> '.join(str(size) for size in sizes)} bytes): review it with git diff",)
    try:
        before, after = (text.decode("utf-8") for text in texts)
    except UnicodeDecodeError:
        return (f"a binary file ({' -> '.join(str(size) for size in sizes)} bytes)",)
    if before == after:
        return (f"mode {old.mode if old else '-'} -> {new.mode if new else '-'}",)
    lines = _unified(path, before, after, *labels)
    if len(lines) > MAX_CODE_DIFF_LINES:
        left = len(lines) - MAX_CODE_DIFF_LINES
        lines = (*lines[:MAX_CODE_DIFF_LINES], f"... {left} more lines of this diff; see it whole with git diff")
    return lines


def _file_content(path: str, entry: TreeEntry | None, read: CodeReader) -> bytes:
    """A regular file's bytes on one side (nothing for a file that is absent, a link, a submodule or too large)."""
    if entry is None or entry.mode not in REGULAR_MODES or (entry.size or 0) > MAX_CODE_FILE_BYTES:
        return b""
    return read(path, entry)


def compare_code(
    old: dict[str, TreeEntry],
    new: dict[str, TreeEntry],
    read_old: CodeReader,
    read_new: CodeReader,
    base: str,
    head: str,
) -> tuple[CodeChange, ...]:
    """The reader-facing files that differ between two sides, in path order, each with its diff."""
    changes = []
    for path in sorted(set(old) | set(new)):
        before, after = old.get(path), new.get(path)
        if before is not None and after is not None and (before.mode, before.oid) == (after.mode, after.oid):
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        texts = (_file_content(path, before, read_old), _file_content(path, after, read_new))
        changes.append(CodeChange(path, status, _why(path), _code_diff(path, before, after, texts, (base, head))))
    return tuple(changes)


def diff_site(content_dir: Path, base: str, head: str | None = WORKING_TREE, today: date | None = None) -> SiteDiff:
    """Compare the pages rendered from ``content_dir`` at revision ``base`` with those at ``head``, and the
    reader-facing code of the two sides.

    ``head`` ``None`` means the working tree as it is on disk. Raises :class:`DiffError` for anything the user
    can fix; never a traceback.
    """
    if shutil.which("git") is None:
        raise DiffError("git is not installed")
    content_dir = content_dir.resolve()
    if not content_dir.is_dir():
        raise DiffError(f"{content_dir} is not a directory")
    repo = repository_root(content_dir)
    if not content_dir.is_relative_to(repo):
        raise DiffError(f"{content_dir} is not inside the repository {repo}")
    content_path = content_dir.relative_to(repo).as_posix()
    today = today or build_date()

    def at_revision(revision: str) -> tuple[str, str, Side]:
        commit = resolve_revision(repo, revision)
        label = f"{revision} ({commit[:12]})" if not commit.startswith(revision) else commit[:12]
        with checkout_content(repo, commit, content_path) as root:
            return commit, label, render_side(root / content_path, root, label, today)

    read_blob = _blob_reader(repo)
    base_commit, base_label, old = at_revision(base)
    old_code = tree_entries(repo, base_commit, *_code_paths())
    if head is None:
        head_label, new = "working tree", render_side(content_dir, repo, "the working tree", today)
        new_code = working_tree_entries(repo, *_code_paths())
        read_new = _working_tree_reader(repo)
    else:
        head_commit, head_label, new = at_revision(head)
        new_code = tree_entries(repo, head_commit, *_code_paths())
        read_new = read_blob
    site_diff = compare_sides(old, new, base_label, head_label)
    code = compare_code(old_code, new_code, read_blob, read_new, base_label, head_label)
    return dataclasses.replace(site_diff, code=code)


# -- output: every line passes through printable() -----------------------------------------------------------------
def _summary_line(site_diff: SiteDiff) -> str:
    total = len(site_diff.changes)
    between = f"between {site_diff.base} and {site_diff.head}"
    data = ""
    if site_diff.calculator:
        facts = sum(1 for line in site_diff.calculator.diff[2:] if line[:1] in "+-")
        data = f"; the calculator's data differs ({facts} line{'s' if facts != 1 else ''} removed or added)"
    if not total:
        return f"no generated page changes {between}; {site_diff.unchanged} pages unchanged{data}"
    parts = ", ".join(f"{n} {status}" for status, n in site_diff.counts().items() if n)
    pages = "page differs" if total == 1 else "pages differ"
    return f"{total} generated {pages} {between}: {parts}; {site_diff.unchanged} unchanged{data}"


def _code_summary(site_diff: SiteDiff) -> str:
    count = len(site_diff.code)
    files = "file differs" if count == 1 else "files differ"
    return (
        f"{count} {files} between {site_diff.base} and {site_diff.head} in the code that shapes what readers see "
        "(the pages above are rendered by this checkout's code, so these changes show only here)"
    )


def format_text(site_diff: SiteDiff, summary_only: bool = False) -> str:
    """One line per page (status, path, title, YAML source), a summary line, the reader-facing code that differs,
    then the unified diffs (pages, then code)."""
    lines = []
    for change in site_diff.listed():
        source = f"  [{change.source}]" if change.source else ""
        lines.append(f"{change.status:<8} {change.path}  {change.title}{source}")
    lines.append(_summary_line(site_diff))
    if site_diff.code:
        lines += ["", f"{CODE_SECTION}:"]
        lines += [f"{code.status:<8} {code.path}  ({code.why})" for code in site_diff.code]
        lines.append(_code_summary(site_diff))
    if not summary_only:
        for change in (*site_diff.listed(), *site_diff.code):
            lines.append("")
            lines.extend(change.diff)
    return printable("\n".join(lines) + "\n")


MARKDOWN_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters


def _fence(lines: tuple[str, ...]) -> str:
    longest = max((len(line) - len(line.lstrip("`")) for line in lines), default=0)
    return "`" * max(3, longest + 1)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("<", "&lt;")


def format_markdown(site_diff: SiteDiff, summary_only: bool = False) -> str:
    """The same as a pull-request comment: a table of pages, a table of reader-facing code that differs, then each
    diff in a collapsed block (the code's first: they are capped, and must not be the ones the size limit drops)."""
    out = ["### Rendered pages changed", "", _summary_line(site_diff) + ".", ""]
    if site_diff.listed():
        out += ["| Change | Page | Title | YAML source |", "| --- | --- | --- | --- |"]
        for change in site_diff.listed():
            source = f"`{_cell(change.source)}`" if change.source else ""
            out.append(f"| {change.status} | `{_cell(change.path)}` | {_cell(change.title)} | {source} |")
        out.append("")
    if site_diff.code:
        out += [f"### {CODE_SECTION}", "", _code_summary(site_diff) + ".", ""]
        out += ["| Change | File | What it decides |", "| --- | --- | --- |"]
        out += [f"| {code.status} | `{_cell(code.path)}` | {_cell(code.why)} |" for code in site_diff.code]
        out.append("")
    if summary_only:
        return printable("\n".join(out) + "\n")
    size = sum(len(line) + 1 for line in out)
    blocks = [*site_diff.code, *site_diff.listed()]
    for index, change in enumerate(blocks):
        fence = _fence(change.diff)
        block = [
            f"<details><summary>{change.status}: {_cell(change.path)}</summary>",
            "",
            f"{fence}diff",
            *change.diff,
            fence,
            "",
            "</details>",
            "",
        ]
        block_size = sum(len(line) + 1 for line in block)
        if size + block_size > MARKDOWN_LIMIT:
            left = len(blocks) - index
            out.append(f"*{left} more diff(s) left out to keep this comment short; run `legcramps diff` locally.*")
            break
        out += block
        size += block_size
    return printable("\n".join(out) + "\n")
