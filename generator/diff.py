"""The reviewer's diff: which generated pages a change to ``content/`` alters, and how.

Both sides are rendered by the generator that runs this code (this checkout's templates and Python), from the
content of each side: a git revision's ``content/`` is read with ``git archive`` into a temporary directory, the
working tree's is read in place. A change to the templates themselves therefore shows in neither side; the
diff answers "what does this content change do to the site?".

The calculator's data (weights, red flags, findings) is compared too, as one line per fact: a change of weight
alters no page but changes every ranking, and the reviewer must see it.
"""

from __future__ import annotations

import difflib
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from calculator.conditions import COMPARISON_SYMBOLS
from generator.content import load_content
from generator.export import export_calculator_data
from generator.kinds import KIND_BY_NAME
from generator.problems import ContentError
from generator.render import RenderedPage, build_date, render_site

WORKING_TREE = None  # the HEAD side when no revision is given
MAX_LINKED_PATHS = 20  # symbolic links followed out of the content directory (e.g. a shared schema folder)
CALCULATOR_DATA = "calculator data"  # how the calculator's data is named in the diff (it is not a page)
CALCULATOR_DATA_TITLE = "weights, red flags and findings the calculator ranks with"
CALCULATOR_DATA_SOURCES = ", ".join(f"content/{KIND_BY_NAME[kind].pattern}" for kind in ("cause", "findings"))


class DiffError(Exception):
    """Something the user can fix: not a repository, an unknown revision, content that does not load."""


@dataclass(frozen=True)
class PageChange:
    """One generated page that differs between the two sides."""

    path: str
    status: str  # "changed", "added" or "removed"
    title: str
    source: str | None
    diff: tuple[str, ...]  # unified diff lines of the generated Markdown, without line ends


@dataclass(frozen=True)
class SiteDiff:
    base: str  # how each side is named in the output
    head: str
    changes: tuple[PageChange, ...]
    unchanged: int
    calculator: PageChange | None = None  # the calculator's data, when it differs

    def listed(self) -> tuple[PageChange, ...]:
        """The calculator's data when it differs (it changes every ranking, so it comes first), then the pages."""
        return ((self.calculator,) if self.calculator else ()) + self.changes

    def counts(self) -> dict[str, int]:
        return {
            status: sum(1 for c in self.changes if c.status == status) for status in ("changed", "added", "removed")
        }


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
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


def _extract(repo: Path, commit: str, path: str, into: Path) -> None:
    result = _git(repo, "archive", "--format=tar", commit, "--", path)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise DiffError(f"cannot read {path} at {commit[:12]}: {message[-1] if message else 'git archive failed'}")
    try:
        with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError) as error:  # FilterError: a link or path pointing out of the checkout
        raise DiffError(f"cannot extract {path} at {commit[:12]}: {error}") from None


def _dangling_links(root: Path) -> Iterator[str]:
    """Paths (relative to ``root``) that symbolic links under ``root`` point to but that were not extracted."""
    for link in root.rglob("*"):
        if link.is_symlink() and not link.exists():
            target = (link.parent / link.readlink()).resolve()
            if target.is_relative_to(root.resolve()):
                yield target.relative_to(root.resolve()).as_posix()


@contextmanager
def checkout_content(repo: Path, commit: str, content_path: str) -> Iterator[Path]:
    """The revision's content directory, extracted into a temporary directory laid out like the repository."""
    if not _git(repo, "ls-tree", "-d", "--name-only", commit, "--", content_path).stdout.strip():
        raise DiffError(f"revision {commit[:12]} has no directory {content_path}/")
    with tempfile.TemporaryDirectory(prefix="legcramps-diff-") as temp:
        root = Path(temp)
        _extract(repo, commit, content_path, root)
        for _ in range(MAX_LINKED_PATHS):  # a link such as schema -> ../../content/schema: extract its target too
            missing = sorted(set(_dangling_links(root)))
            if not missing:
                break
            for target in missing:
                _extract(repo, commit, target, root)
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


def diff_site(content_dir: Path, base: str, head: str | None = WORKING_TREE, today: date | None = None) -> SiteDiff:
    """Compare the pages rendered from ``content_dir`` at revision ``base`` with those at ``head``.

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

    def at_revision(revision: str) -> tuple[str, Side]:
        commit = resolve_revision(repo, revision)
        label = f"{revision} ({commit[:12]})" if not commit.startswith(revision) else commit[:12]
        with checkout_content(repo, commit, content_path) as root:
            return label, render_side(root / content_path, root, label, today)

    base_label, old = at_revision(base)
    if head is None:
        head_label, new = "working tree", render_side(content_dir, repo, "the working tree", today)
    else:
        head_label, new = at_revision(head)
    return compare_sides(old, new, base_label, head_label)


# -- output ------------------------------------------------------------------------------------------------------
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


def format_text(site_diff: SiteDiff, summary_only: bool = False) -> str:
    """One line per page (status, path, title, YAML source), a summary line, then the unified diffs."""
    lines = []
    for change in site_diff.listed():
        source = f"  [{change.source}]" if change.source else ""
        lines.append(f"{change.status:<8} {change.path}  {change.title}{source}")
    lines.append(_summary_line(site_diff))
    if not summary_only:
        for change in site_diff.listed():
            lines.append("")
            lines.extend(change.diff)
    return "\n".join(lines) + "\n"


MARKDOWN_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters


def _fence(lines: tuple[str, ...]) -> str:
    longest = max((len(line) - len(line.lstrip("`")) for line in lines), default=0)
    return "`" * max(3, longest + 1)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("<", "&lt;")


def format_markdown(site_diff: SiteDiff, summary_only: bool = False) -> str:
    """The same as a pull-request comment: a table of pages, then each diff in a collapsed block."""
    out = ["### Rendered pages changed", "", _summary_line(site_diff) + ".", ""]
    if site_diff.listed():
        out += ["| Change | Page | Title | YAML source |", "| --- | --- | --- | --- |"]
        for change in site_diff.listed():
            source = f"`{_cell(change.source)}`" if change.source else ""
            out.append(f"| {change.status} | `{_cell(change.path)}` | {_cell(change.title)} | {source} |")
        out.append("")
    if summary_only:
        return "\n".join(out) + "\n"
    size = sum(len(line) + 1 for line in out)
    for index, change in enumerate(site_diff.listed()):
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
            left = len(site_diff.listed()) - index
            out.append(f"*{left} more diff(s) left out to keep this comment short; run `legcramps diff` locally.*")
            break
        out += block
        size += block_size
    return "\n".join(out) + "\n"
