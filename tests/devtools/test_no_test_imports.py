"""bench/ and devtools/ import nothing from tests/: tools people run depend on devtools/, never on test code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT


def imports_from_tests(path: Path) -> list[str]:
    """``line: module`` of every import of ``tests`` or ``tests.*`` in ``path``, at any depth (lazy ones too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        found += [f"{node.lineno}: {module}" for module in modules if module.split(".")[0] == "tests"]
    return found


@pytest.mark.parametrize("package", ["bench", "devtools"])
def test_package_imports_nothing_from_tests(package: str):
    files = sorted((REPO_ROOT / package).rglob("*.py"))
    assert files, f"no Python files under {package}/"
    offending = {str(path.relative_to(REPO_ROOT)): found for path in files if (found := imports_from_tests(path))}
    assert offending == {}, "import from devtools/ instead (move what is shared there)"


def test_the_check_sees_plain_lazy_and_aliased_imports(tmp_path: Path):
    module = tmp_path / "tool.py"
    module.write_text(
        "import tests\nimport testsuite\nfrom tests.site import x\n"
        "def f():\n    import tests.conftest as c\n    from .tests import y\n",
        encoding="utf-8",
    )
    assert imports_from_tests(module) == ["1: tests", "3: tests.site", "5: tests.conftest"]
