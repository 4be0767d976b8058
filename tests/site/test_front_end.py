"""The front end lays results out and never words them; its modules and stylesheets stay small and single-owned.

No browser: these read the built site's scripts and the sources under site_overrides/assets/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import calculator
from calculator.instruments import INSTRUMENTS
from generator.content import load_content
from generator.export import export_calculator_data
from tests.conftest import REAL_CONTENT, REPO_ROOT

ASSETS = REPO_ROOT / "site_overrides" / "assets"
SCRIPTS = ASSETS / "javascripts"
STYLESHEETS = ASSETS / "stylesheets"
TOKENS = "tokens.css"
MIN_WORDING = 25  # a string this long is a sentence or a phrase, not an identifier or a unit
MAX_MODULE_LINES = 200


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a constant, looking inside dicts (keys and values), tuples, lists, sets and frozensets."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from strings_in(item)


def phrases(text: str) -> Iterator[str]:
    """The literal parts of a string longer than MIN_WORDING: a template like "{Side} ankle: ..." counts by the
    text between its placeholders, so a script holding the sentence with its own placeholders is still caught."""
    for part in re.split(r"\{[^{}]*\}", text):
        part = part.strip()
        if len(part) > MIN_WORDING:
            yield part


def module_wording(module: ModuleType) -> set[str]:
    return {
        phrase
        for name, value in vars(module).items()
        if not name.startswith("__")
        for text in strings_in(value)
        for phrase in phrases(text)
    }


def full_answers(findings: list[dict[str, Any]], inputs: set[str], boolean: bool) -> dict[str, Any]:
    """An answer to every instrument input: booleans all ``boolean``, numbers mid-range, the first choice."""
    answers: dict[str, Any] = {}
    for finding in findings:
        if finding["id"] not in inputs or finding.get("derived"):
            continue
        kind = finding["type"]
        if kind == "boolean":
            answers[finding["id"]] = boolean
        elif kind == "number":
            low, high = finding.get("minimum", 0), finding.get("maximum", 200)
            answers[finding["id"]] = round((low + high) / 2)
        elif kind == "choice":
            answers[finding["id"]] = finding["choices"][0]["value"]
        else:
            answers[finding["id"]] = [finding["choices"][0]["value"]]
    return answers


@pytest.fixture(scope="module")
def instrument_wording() -> set[str]:
    """Every sentence an instrument can show: its module's constants and what it says of two full sets of answers."""
    wording = set().union(*(module_wording(module) for module in INSTRUMENTS))
    data = export_calculator_data(load_content(REAL_CONTENT, REPO_ROOT))
    inputs = {key for module in INSTRUMENTS for key in (*module.INPUTS, *getattr(module, "CONTEXT_INPUTS", ()))}
    for boolean in (True, False):
        result = calculator.evaluate(data, full_answers(data["findings"], inputs, boolean))
        assert set(result["instruments"]) == {module.NAME for module in INSTRUMENTS}
        for assessment in result["instruments"].values():
            for text in (assessment["summary"], *assessment["lines"]):
                wording.update(phrases(text))
    return wording


def site_scripts(site: Path) -> dict[str, str]:
    """Every script the built site serves except the Pyodide runtime, by its path in the site."""
    assets = site / "assets"
    scripts = [path for suffix in ("*.js", "*.mjs") for path in assets.rglob(suffix)]
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in scripts
        if not path.relative_to(assets).as_posix().startswith("pyodide/")
    }


def test_no_instrument_wording_in_any_script(built_site: Path, instrument_wording: set[str]):
    scripts = site_scripts(built_site)
    assert any(path.endswith("calculator/results.mjs") for path in scripts), sorted(scripts)
    found = [
        (path, phrase) for path, text in scripts.items() for phrase in sorted(instrument_wording) if phrase in text
    ]
    assert found == []


def test_the_results_sentences_come_from_the_content_not_the_scripts(built_site: Path):
    content = load_content(REAL_CONTENT, REPO_ROOT)
    sentences = set(content.calculator_page.result_text.values())
    found = [(path, text) for path, script in site_scripts(built_site).items() for text in sentences if text in script]
    assert found == []
    calculator_page = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    assert f'data-lc-prompt="{content.calculator_page.result_text["prompt"]}"' in calculator_page


def test_no_script_names_an_instrument(built_site: Path):
    names = [module.NAME for module in INSTRUMENTS]
    found = [
        (path, name)
        for path, text in site_scripts(built_site).items()
        for name in names
        if re.search(rf"(?<![\w$-]){re.escape(name)}(?![\w$-])", text)
    ]
    assert found == []


def test_every_front_end_module_is_small():
    modules = sorted(SCRIPTS.rglob("*.mjs"))
    assert len(modules) >= 6
    lines = {path.relative_to(SCRIPTS).as_posix(): len(path.read_text().splitlines()) for path in modules}
    assert {name: count for name, count in lines.items() if count > MAX_MODULE_LINES} == {}


def split_top_level(prelude: str) -> list[str]:
    """A selector list split at its own commas, not those inside :has(...), :not(...) or [...]."""
    parts, depth, current = [], 0, ""
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [" ".join(part.split()) for part in [*parts, current] if part.strip()]


def selectors(stylesheet: str) -> set[str]:
    """Every selector a stylesheet gives declarations to, whatever @media block it is in (roughly: enough for ours)."""
    text = re.sub(r"/\*.*?\*/", "", stylesheet, flags=re.DOTALL)
    found = set()
    for prelude in re.findall(r"([^{};]+)\{", text):
        if not prelude.strip().startswith("@"):
            found.update(split_top_level(prelude))
    return found


def test_selectors_parse_at_top_level_commas_only():
    css = "/* a, b { } */ @media print { .x:has(a, b) .y, .z { color: red; } }"
    assert selectors(css) == {".x:has(a, b) .y", ".z"}


def test_no_selector_is_styled_in_two_stylesheets():
    sheets = {path.name: selectors(path.read_text()) for path in sorted(ASSETS.rglob("*.css")) if path.name != TOKENS}
    assert len(sheets) >= 5
    owners: dict[str, list[str]] = {}
    for name, found in sheets.items():
        for selector in found:
            owners.setdefault(selector, []).append(name)
    assert {selector: names for selector, names in owners.items() if len(names) > 1} == {}


def test_custom_properties_are_defined_only_in_the_tokens():
    defined = {
        path.name: re.findall(r"(--[\w-]+)\s*:", re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.DOTALL))
        for path in ASSETS.rglob("*.css")
    }
    assert {name: props for name, props in defined.items() if props and name != TOKENS} == {}
    used = {prop for path in ASSETS.rglob("*.css") for prop in re.findall(r"var\((--lc-[\w-]+)\)", path.read_text())}
    assert used <= set(defined[TOKENS])


def test_every_stylesheet_is_loaded_and_every_loaded_one_exists():
    # Only the extra_css list: mkdocs.yml's !ENV tags need MkDocs' own loader.
    block = re.search(r"^extra_css:\n((?:  - .*\n)+)", (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert block is not None
    listed = {yaml.safe_load(line)[0] for line in block[1].splitlines()}
    present = {path.relative_to(ASSETS.parent).as_posix() for path in ASSETS.rglob("*.css")}
    assert listed == present


# What the page shows of each instrument, read back from the DOM, beside what the calculator returned for it.
SHOWN_AND_RETURNED = """async (name) => {
  await window.legcramps.ready;
  const card = document.querySelector(`[data-lc-instrument-result="${name}"]`) ?? document;
  return {
    title: card.querySelector("h4 a")?.getAttribute("href") ?? null,
    summary: card.querySelector(".lc-instrument-summary").textContent,
    lines: [...card.querySelectorAll(".lc-instrument-details li")].map((li) => li.textContent),
    sources: [...card.querySelectorAll(".lc-instrument-sources a[data-lc-ref]")].map((a) => a.getAttribute("href")),
    sourceTexts: [...card.querySelectorAll(".lc-instrument-sources a[data-lc-ref]")].map((a) => a.textContent),
    sourceLinks: [...card.querySelectorAll(".lc-instrument-sources a.lc-ref-link")].map((a) => a.getAttribute("href")),
  };
}"""
WELLS = "?wells_active_cancer=yes&wells_calf_swelling_3cm=yes"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["calculator/", "instruments/wells-dvt/"])
def test_an_instrument_result_is_laid_out_from_its_own_fields(guarded, site_url, built_site, path):
    page = guarded.page
    page.goto(site_url + path + WELLS)
    page.wait_for_selector(".lc-instrument-summary", timeout=60_000)
    shown = page.evaluate(SHOWN_AND_RETURNED, "wells_dvt")
    returned = page.evaluate(
        "async () => (await window.legcramps.evaluate({wells_active_cancer: true, wells_calf_swelling_3cm: true}))"
        ".instruments.wells_dvt"
    )
    assert shown["summary"] == returned["summary"]
    assert shown["lines"] == returned["lines"]
    assert shown["sources"] == [site_url + f"references/#ref-{source}" for source in returned["citations"]]
    # Each source is shown as the references page formats it (never its id), with its DOI or web links.
    data = json.loads((built_site / "assets" / "calculator" / "data.json").read_text(encoding="utf-8"))
    assert shown["sourceTexts"] == [data["references"][source]["text"] for source in returned["citations"]]
    assert not set(shown["sourceTexts"]) & set(returned["citations"])
    assert "https://doi.org/10.1056/NEJMoa023153" in shown["sourceLinks"]
    references = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    assert all(f'id="ref-{source}"' in references for source in returned["citations"])
    if path == "calculator/":  # on its own page the page's title names the instrument
        assert shown["title"] == site_url + returned["url"]
    assert guarded.blocked == [] and guarded.errors == []
