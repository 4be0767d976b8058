"""Fixtures for the calculator tests: the real exported calculator data, built once per session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

import calculator
from generator.content import load_content
from generator.export import export_calculator_data
from tests.conftest import REAL_CONTENT, REPO_ROOT


@pytest.fixture(scope="session")
def data() -> dict[str, Any]:
    """The calculator data exported from the real content, exactly what the browser and the CLI get."""
    return export_calculator_data(load_content(REAL_CONTENT, REPO_ROOT))


@pytest.fixture(scope="session")
def findings(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The findings vocabulary by id."""
    return {finding["id"]: finding for finding in data["findings"]}


@pytest.fixture(scope="session")
def evaluate(data: dict[str, Any]) -> Callable[[Any], dict[str, Any]]:
    """``calculator.evaluate`` bound to the real data, so a test only states its answers."""
    return lambda answers: calculator.evaluate(data, answers)


@pytest.fixture(scope="session")
def bibliography_ids() -> set[str]:
    """Every id in content/references.yaml."""
    document = yaml.safe_load((REAL_CONTENT / "references.yaml").read_text(encoding="utf-8"))
    return {reference["id"] for reference in document["references"]}
