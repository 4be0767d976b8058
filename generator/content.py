"""Entry point of the core: find the content files, load, validate, and build the model.

``load_content`` either returns a complete :class:`Content` or raises :class:`ContentError` with every
problem found, so callers (CLI, MkDocs plugin, tests) never see a traceback for bad content.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.kinds import KIND_BY_NAME, KINDS, TOPIC_KINDS, ContentKind
from generator.load import LoadFailed, SourceDocument, load_document
from generator.model import Content
from generator.problems import ContentError, Problem
from generator.schema import schema_problems
from generator.validate import cross_reference_problems

SCHEMA_DIR_NAME = "schema"


def _kind_files(content_dir: Path, kind: ContentKind) -> list[Path]:
    return sorted(path for path in content_dir.glob(kind.pattern) if path.is_file())


def discover(content_dir: Path, root: Path) -> tuple[dict[ContentKind, list[Path]], list[Problem]]:
    """Map each kind to its files; report missing single files and YAML files no kind claims."""
    found: dict[ContentKind, list[Path]] = {}
    problems: list[Problem] = []
    claimed: set[Path] = set()
    for kind in KINDS:
        files = _kind_files(content_dir, kind)
        found[kind] = files
        claimed.update(files)
        if not files and not kind.many:
            missing = content_dir / kind.pattern
            problems.append(Problem(_relative(missing, root), 1, f"required content file is missing ({kind.name})"))
    for path in sorted(content_dir.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path not in claimed:
            patterns = ", ".join(kind.pattern for kind in KINDS)
            problems.append(Problem(_relative(path, root), 1, f"unknown content file; content files are: {patterns}"))
    return found, problems


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
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


def load_documents(content_dir: Path, root: Path | None = None) -> LoadedContent:
    """Load and schema-check every content file."""
    content_dir = content_dir.resolve()
    root = (root or content_dir.parent).resolve()
    files, problems = discover(content_dir, root)
    schema_dir = content_dir / SCHEMA_DIR_NAME
    valid: dict[str, list[SourceDocument]] = {}
    for kind, paths in files.items():
        for path in paths:
            try:
                document = load_document(path, root)
            except LoadFailed as failure:
                problems.append(failure.problem)
                continue
            found = schema_problems(document, schema_dir, kind.schema)
            problems.extend(found)
            if not found:
                valid.setdefault(kind.name, []).append(document)
    cause_file_ids = {path.stem for kind, paths in files.items() if kind.name == "cause" for path in paths}
    return LoadedContent(valid, problems, cause_file_ids)


def check_content(content_dir: Path, root: Path | None = None) -> list[Problem]:
    """Every problem in the content, sorted by file and line (empty when the content is good)."""
    return load_documents(content_dir, root).all_problems()


def load_content(content_dir: Path, root: Path | None = None) -> Content:
    """The validated content model, or :class:`ContentError` listing every problem."""
    loaded = load_documents(content_dir, root)
    problems = loaded.all_problems()
    if problems:
        raise ContentError(problems)
    return build_content(loaded.documents)


def build_content(documents: dict[str, list[SourceDocument]]) -> Content:
    """Assemble the model from validated documents by kind name, each built by its kind's model (:mod:`.kinds`)."""

    def built(document: SourceDocument, kind: str) -> Any:
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
