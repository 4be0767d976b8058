"""Guards that keep the architecture as DESIGN.md draws it; plain tests, no browser, no build.

- The calculator is a leaf: it imports only the standard library and itself (it must load in Pyodide's core).
- What ships (calculator/, generator/) imports nothing from tests/, devtools/ or bench/.
- Only ``generator/engines/`` imports a site engine (MkDocs, Material, Zensical).
- Data flows one way: every project module has a place in ``LAYERS``, imports only from its own layer or the ones
  below it, and no import cycle exists anywhere.
- The public API of ``calculator`` and the ``legcramps`` command line are pinned: extend them on purpose, here.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import calculator
from calculator import bridge
from generator.cli import build_parser
from tests.conftest import REPO_ROOT

PACKAGES = ("calculator", "generator")
ENGINE_MODULES = ("mkdocs", "material", "zensical")
ENGINES_PACKAGE = "generator.engines"
DEVELOPMENT_PACKAGES = ("tests", "devtools", "bench")

# Low to high, following the data flow: content -> load -> validate -> model -> render / export -> site model ->
# engines -> publish; the command line and the reviewer's diff sit on top. A module may import from its own layer and
# the layers below. ``x.*`` names every module of package x; other names are exact. A new module gets a line here,
# which is the point: its place in the flow is decided, not drifted into.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("calculator", "calculator.*"),
    ("generator.problems", "generator.richtext"),
    ("generator.load",),
    ("generator.schema", "generator.model"),
    ("generator.kinds", "generator.addresses"),
    ("generator.review", "generator.validate", "generator.schema_reference"),
    ("generator.content",),
    ("generator.export",),
    (
        "generator.citations",
        "generator.pages",
        "generator.mentions",
        "generator.filters",
        "generator.navigation",
        "generator.page_cache",
    ),
    ("generator.render",),
    ("generator.site_model",),
    ("generator.publish", "generator.publish.*"),
    ("generator.engines", "generator.engines.*"),
    ("generator.diff", "generator.cli", "generator"),
)


def project_modules() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            parts = path.relative_to(REPO_ROOT).with_suffix("").parts
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


MODULES = dict(project_modules())


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, ``from generator import richtext`` counted as ``generator.richtext``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                names.add(candidate if candidate in MODULES else node.module)
    return names


def project_imports(module: str) -> set[str]:
    return {name for name in imported_modules(MODULES[module]) if name.split(".")[0] in PACKAGES} - {module}


def layer_of(module: str) -> int:
    """The index of the LAYERS entry naming ``module``, or its package as ``package.*``."""
    for index, layer in enumerate(LAYERS):
        for entry in layer:
            if module == entry or (entry.endswith(".*") and module.startswith(entry[:-1])):
                return index
    raise LookupError(module)


def test_the_calculator_imports_only_the_standard_library_and_itself():
    outside = {
        f"{module}: {name}"
        for module, path in MODULES.items()
        if module.split(".")[0] == "calculator"
        for name in imported_modules(path)
        if name.split(".")[0] not in sys.stdlib_module_names and name.split(".")[0] != "calculator"
    }
    assert outside == set()


def test_the_shipped_packages_import_nothing_written_for_development():
    borrowed = {
        f"{module}: {name}"
        for module, path in MODULES.items()
        for name in imported_modules(path)
        if name.split(".")[0] in DEVELOPMENT_PACKAGES
    }
    assert borrowed == set()


def test_only_the_engines_import_a_site_engine():
    trespassers = {
        f"{module}: {name}"
        for module, path in MODULES.items()
        if not (module == ENGINES_PACKAGE or module.startswith(ENGINES_PACKAGE + "."))
        for name in imported_modules(path)
        if name.split(".")[0] in ENGINE_MODULES
    }
    assert trespassers == set()


def placed(module: str) -> bool:
    try:
        layer_of(module)
    except LookupError:
        return False
    return True


def test_every_module_has_a_place_in_the_data_flow():
    assert [module for module in MODULES if not placed(module)] == [], "add each to LAYERS at its place in the flow"


def test_no_module_reaches_back_up_the_data_flow():
    upward = [
        f"{module} (layer {layer_of(module)}) imports {name} (layer {layer_of(name)})"
        for module in MODULES
        if placed(module)
        for name in project_imports(module)
        if name in MODULES and placed(name) and layer_of(name) > layer_of(module)
    ]
    assert upward == []


def test_there_is_no_import_cycle():
    graph = {module: {name for name in project_imports(module) if name in MODULES} for module in MODULES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            pytest.fail("import cycle: " + " -> ".join([*path[path.index(module) :], module]))
        if module in done:
            return
        for name in sorted(graph[module]):
            # A package's __init__ importing its own submodules is how a package presents them, not a cycle.
            if not name.startswith(module + "."):
                visit(name, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_the_calculator_public_api_is_pinned():
    assert sorted(calculator.__all__) == ["ValidationError", "__version__", "evaluate"]
    assert list(inspect.signature(calculator.evaluate).parameters) == ["data", "answers"]
    assert issubclass(calculator.ValidationError, ValueError)
    assert list(inspect.signature(calculator.ValidationError).parameters) == ["message", "finding"]
    assert (bridge.RESULT, bridge.ERROR) == ("R", "E")
    assert list(inspect.signature(bridge.evaluate_json).parameters) == ["data", "answers_json"]
    assert list(inspect.signature(bridge.reply).parameters) == ["data", "answers_json"]


CLI = {
    "check": {"path", "--format", "--stale", "--fail-on-stale", "--today"},
    "render": {"--out", "--content", "--clean", "--source-url"},
    "evaluate": {"--answers", "--answers-file", "--content"},
    "export-data": {"out", "--content"},
    "diff": {"base", "head", "--content", "--format", "--summary-only", "--today"},
    "build-assets": {"site", "--content", "--pyodide", "--theme", "--no-precompress", "--headers"},
    "zensical-config": {"config", "--docs", "--mkdocs", "--content"},
}


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_command_line_is_pinned():
    commands = _subcommands(build_parser())
    found = {
        name: {
            (action.option_strings[-1] if action.option_strings else action.dest)
            for action in sub._actions
            if not isinstance(action, argparse._HelpAction)
        }
        for name, sub in commands.items()
    }
    assert found == CLI
