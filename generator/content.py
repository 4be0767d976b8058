"""Entry point of the core: find the content files, load, validate, and build the model.

``load_content`` either returns a complete :class:`Content` or raises :class:`ContentError` with every
problem found, so callers (CLI, MkDocs plugin, tests) never see a traceback for bad content.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import posixpath
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.kinds import KIND_BY_NAME, KINDS, TOPIC_KINDS, ContentKind
from generator.load import LoadFailed, SourceDocument, load_document
from generator.model import Content
from generator.problems import ContentError, Problem
from generator.schema import SCHEMA_DIR, schema_problems
from generator.validate import cross_reference_problems

# The schemas are code and live in generator/schemas (see generator.schema), not in content/. Kept for
# generator.render, which joins it to the content directory: an absolute path joined to any directory is itself.

# A pull request could add thousands of stray files; listing the first ones says what to do about all of them.
MAX_LISTED_STRAY = 50
STRAY_FILE = "content/ holds only the YAML files listed in CONTRIBUTING; move this file out or delete it"
LINK = (
    "a symbolic link; content/ holds only real files, never links (they are not followed): put the file itself "
    "here, or delete the link"
)
NOT_A_FILE = "not a regular file; content/ holds only the YAML files listed in CONTRIBUTING: delete it"


def _shown(relative: str) -> str:
    """A file name as a problem line may show it: one line of printable text, whatever the name holds."""
    return "".join(char if char.isprintable() else "?" for char in relative)


def _content_folders() -> set[str]:
    """The folders (relative to the content directory, "" for itself) some kind's files live in."""
    folders = {""}
    for kind in KINDS:
        folder = posixpath.dirname(kind.pattern)
        while folder:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return folders


def _kind_of(relative: str) -> ContentKind | None:
    """The kind whose pattern names the file at ``relative`` (a POSIX path inside the content directory)."""
    folder, name = posixpath.split(relative)
    for kind in KINDS:
        kind_folder, kind_name = posixpath.split(kind.pattern)
        if folder == kind_folder and fnmatch.fnmatchcase(name, kind_name):
            return kind
    return None


def _stray_file(relative: str) -> str:
    if posixpath.splitext(relative)[1] in (".yaml", ".yml"):
        return f"unknown content file; content files are: {', '.join(kind.pattern for kind in KINDS)}"
    return STRAY_FILE


def discover(content_dir: Path, root: Path) -> tuple[dict[ContentKind, list[Path]], list[Problem]]:
    """Map each kind to its files; report missing single files and everything under ``content_dir`` no kind claims.

    The walk never follows a symbolic link (each is reported, its target never read or named), names each file in a
    folder no kind uses (and an empty such folder), reports a folder it cannot list, and stops listing after
    :data:`MAX_LISTED_STRAY` problems, so a large or hostile tree costs little and ends in one clear report.
    """
    shown_dir = _relative(content_dir, root)
    folders = _content_folders()
    found: dict[ContentKind, list[Path]] = {kind: [] for kind in KINDS}
    problems: list[Problem] = []
    budget = MAX_LISTED_STRAY  # problems, and folders no kind uses entered, before the listing stops
    pending = [""]
    while pending and budget > 0:
        folder = pending.pop()
        shown_folder = posixpath.join(shown_dir, _shown(folder)) if folder else shown_dir
        try:
            with os.scandir(content_dir / folder if folder else content_dir) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            problems.append(Problem(shown_folder, 1, f"cannot list this folder ({reason}); content/ must be readable"))
            budget -= 1
            continue
        if not entries and folder not in folders:
            used = ", ".join(sorted(folders - {""}))
            message = f"an empty folder; content/ holds only the folders its YAML files live in ({used}): delete it"
            problems.append(Problem(shown_folder, 1, message))
            budget -= 1
        for entry in entries:
            relative = posixpath.join(folder, entry.name) if folder else entry.name
            message = None
            try:
                if entry.is_symlink():
                    message = LINK
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(relative)
                    if relative not in folders:
                        budget -= 1  # entered to name what it holds
                elif not entry.is_file(follow_symlinks=False):
                    message = NOT_A_FILE
                elif (kind := _kind_of(relative)) is not None:
                    found[kind].append(content_dir / relative)
                else:
                    message = _stray_file(relative)
            except OSError as error:
                message = f"cannot read this entry ({error.strerror or type(error).__name__})"
            if message is not None:
                problems.append(Problem(posixpath.join(shown_dir, _shown(relative)), 1, message))
                budget -= 1
            if budget <= 0:
                break
    if budget <= 0:
        message = (
            f"more files, folders or links that do not belong in content/ may follow (listing stopped after "
            f"{MAX_LISTED_STRAY}); move them out or delete them"
        )
        problems.append(Problem(shown_dir, 1, message))
    for kind in KINDS:
        found[kind].sort()
        if not found[kind] and not kind.many and not os.path.lexists(content_dir / kind.pattern):
            missing = posixpath.join(shown_dir, kind.pattern)
            problems.append(Problem(missing, 1, f"required content file is missing ({kind.name})"))
    return found, problems


def _relative(path: Path, root: Path) -> str:
    """``path`` (a resolved directory) from ``root``, or as it is when outside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class LoadedContent:
    """Schema-valid documents by kind, the problems found so far, and the ids cause files are named for."""

    documents: dict[str, list[SourceDocument]]
    problems: list[Problem]
    cause_file_ids: set[str]

    def all_problems(self) -> list[Problem]:
        """Load and schema problems plus cross-reference problems, sorted and without repeats."""
        return sorted(set(self.problems + cross_reference_problems(self.documents, self.cause_file_ids)))


# A file whose modification time is this close to when its size and time were recorded may have been written again
# within the file system's clock tick without either changing (git's "racily clean" entries): it is hashed again.
RACY_NS = 2_000_000_000


@dataclass
class _CachedFile:
    """One content file as last loaded: how to tell it has not changed, and what loading it gave."""

    size: int
    mtime_ns: int
    recorded_ns: int  # when size and mtime were taken
    digest: bytes
    kind: str
    document: SourceDocument | None  # None: it did not load
    problems: tuple[Problem, ...]  # why it did not load, or its schema problems


class DocumentCache:
    """The content files loaded and schema-checked so far, by path, for loading the same content again and again.

    ``mkdocs serve`` rebuilds on every save: with a cache, a file whose size and modification time are unchanged is
    not read again, one whose bytes are unchanged (compared by hash) is not parsed again, and the model of an
    unchanged document is the same object as before, so whatever is built from it can be reused by identity.
    Discovery and the cross-file checks still run on the whole set on every load: they are what sees a file appear,
    disappear, or a reference break elsewhere. ``parsed`` lists the files (relative paths) the last load parsed.
    """

    def __init__(self) -> None:
        self._files: dict[Path, _CachedFile] = {}
        self._models: dict[int, tuple[SourceDocument, Any]] = {}
        self.parsed: list[str] = []

    def load(self, path: Path, root: Path, kind: ContentKind) -> _CachedFile:
        """The file at ``path`` loaded and schema-checked, from the cache when it has not changed."""
        cached = self._files.get(path)
        try:
            stat = path.stat()
        except OSError:
            stat = None
        if (
            cached is not None
            and stat is not None
            and cached.kind == kind.name
            and (stat.st_size, stat.st_mtime_ns) == (cached.size, cached.mtime_ns)
            and stat.st_mtime_ns < cached.recorded_ns - RACY_NS
        ):
            return cached
        recorded_ns = time.time_ns()
        try:
            digest = hashlib.sha256(path.read_bytes()).digest()
        except OSError:
            digest = b""  # load_document reports why it cannot be read
        if cached is not None and stat is not None and digest and cached.digest == digest and cached.kind == kind.name:
            cached.size, cached.mtime_ns, cached.recorded_ns = stat.st_size, stat.st_mtime_ns, recorded_ns
            return cached
        entry = _load_file(path, root, kind)
        entry.size, entry.mtime_ns = (stat.st_size, stat.st_mtime_ns) if stat is not None else (-1, -1)
        entry.recorded_ns, entry.digest = recorded_ns, digest
        self._files[path] = entry
        self.parsed.append(entry.document.relpath if entry.document else str(path))
        return entry

    def model(self, document: SourceDocument, kind: str) -> Any:
        """The model of ``document``, built once for as long as the cache holds that document."""
        kept = self._models.get(id(document))
        if kept is None or kept[0] is not document:
            kept = (document, KIND_BY_NAME[kind].model(document.data, document.relpath))
            self._models[id(document)] = kept
        return kept[1]

    def keep_only(self, paths: set[Path]) -> None:
        """Forget every file but ``paths`` (the ones this load found), and the models of forgotten documents."""
        self._files = {path: entry for path, entry in self._files.items() if path in paths}
        current = {id(entry.document) for entry in self._files.values() if entry.document is not None}
        self._models = {key: kept for key, kept in self._models.items() if key in current}


def _load_file(path: Path, root: Path, kind: ContentKind) -> _CachedFile:
    try:
        document = load_document(path, root)
    except LoadFailed as failure:
        return _CachedFile(0, 0, 0, b"", kind.name, None, (failure.problem,))
    found = tuple(schema_problems(document, SCHEMA_DIR, kind.schema))
    return _CachedFile(0, 0, 0, b"", kind.name, document, found)


def load_documents(content_dir: Path, root: Path | None = None, *, cache: DocumentCache | None = None) -> LoadedContent:
    """Load and schema-check every content file (through ``cache`` when given: only changed files are read again)."""
    content_dir = content_dir.resolve()
    root = (root or content_dir.parent).resolve()
    files, problems = discover(content_dir, root)
    cache = cache if cache is not None else DocumentCache()
    cache.parsed = []
    valid: dict[str, list[SourceDocument]] = {}
    for kind, paths in files.items():
        for path in paths:
            entry = cache.load(path, root, kind)
            problems.extend(entry.problems)
            if entry.document is not None and not entry.problems:
                valid.setdefault(kind.name, []).append(entry.document)
    cache.keep_only({path for paths in files.values() for path in paths})
    cause_file_ids = {path.stem for kind, paths in files.items() if kind.name == "cause" for path in paths}
    return LoadedContent(valid, problems, cause_file_ids)


def check_content(content_dir: Path, root: Path | None = None) -> list[Problem]:
    """Every problem in the content, sorted by file and line (empty when the content is good)."""
    return load_documents(content_dir, root).all_problems()


def load_content(content_dir: Path, root: Path | None = None, *, cache: DocumentCache | None = None) -> Content:
    """The validated content model, or :class:`ContentError` listing every problem.

    With a ``cache`` (kept from one load to the next), unchanged files are neither read nor parsed again and their
    models are the objects the previous load built.
    """
    loaded = load_documents(content_dir, root, cache=cache)
    problems = loaded.all_problems()
    if problems:
        raise ContentError(problems)
    return build_content(loaded.documents, model=cache.model if cache is not None else None)


def build_content(
    documents: dict[str, list[SourceDocument]], *, model: Callable[[SourceDocument, str], Any] | None = None
) -> Content:
    """Assemble the model from validated documents by kind name, each built by its kind's model (:mod:`.kinds`);
    ``model``, when given, builds (or recalls) one document's model instead."""

    def built(document: SourceDocument, kind: str) -> Any:
        if model is not None:
            return model(document, kind)
        return KIND_BY_NAME[kind].model(document.data, document.relpath)

    def single(kind: str) -> Any:
        return built(documents[kind][0], kind)

    def every(kind: str) -> tuple[Any, ...]:
        return tuple(sorted((built(doc, kind) for doc in documents.get(kind, [])), key=lambda item: item.id))

    return Content(
        site=single("site"),
        causes=every("cause"),
        topics={kind.name: single(kind.name) for kind in TOPIC_KINDS},
        references=single("references"),
        findings=single("findings"),
        references_source=documents["references"][0].relpath,
        calculator_page=single("calculator"),
        instruments=every("instrument"),
        content_dir=documents["site"][0].path.parent,
    )
