"""The site outlives its engine: Zensical builds the same site from ``legcramps render`` and the same overrides.

The build runs the commands of README.md, "Switching site engines", in a temporary directory: render the pages,
derive the Zensical configuration from mkdocs.yml (``legcramps zensical-config``), ``zensical build``, then
``legcramps build-assets``, the post-build step the MkDocs plugin runs too (calculator runtime, HTML repairs, service
worker, compressed twins). The result is compared with the MkDocs build of the same content (``built_site``): same
pages, navigation, headings, text and links, the same repairs and the same twins.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import calculator
from devtools.guard import block_other_hosts
from devtools.site_paths import runtime_path
from devtools.waits import AWAIT_READY, TIMEOUT_MS
from generator.content import load_content
from generator.engines.zensical import ZENSICAL_VERSION
from generator.export import export_calculator_data
from generator.publish.compress import TWIN_SUFFIXES
from generator.publish.html_fixes import fix_page_html
from generator.render import render_site
from tests.conftest import REAL_CONTENT, REPO_ROOT

# What README.md tells a maintainer to run, with the output directory as {out}; `.venv/bin/` is this interpreter's.
COMMANDS = (
    '.venv/bin/legcramps render --clean --out {out}/docs --source-url "${{LEGCRAMPS_REPO_URL:-{repo}}}/edit/main/"',
    ".venv/bin/legcramps zensical-config {out}/mkdocs.yml --docs {out}/docs",
    ".venv/bin/zensical build -f {out}/mkdocs.yml",
    ".venv/bin/legcramps build-assets {out}/site",
)
README_OUT = "build/zensical"
DEFAULT_REPO = "https://github.com/legcramps/legcramps"  # mkdocs.yml: repo_url !ENV [LEGCRAMPS_REPO_URL, ...]
CALCULATOR_FILES = (
    "assets/calculator/data.json",
    "assets/calculator/python.json",
    "sw.js",
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_readme_commands(out: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run COMMANDS in bash from the repository root, stopping at the first that fails."""
    bin_dir = str(Path(sys.executable).parent) + "/"
    env = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}
    results = []
    for command in COMMANDS:
        script = command.format(out=out, repo=DEFAULT_REPO).replace(".venv/bin/", bin_dir, 1)
        result = subprocess.run(
            ["bash", "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, env=env, check=False
        )
        results.append(result)
        assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return results


@pytest.fixture(scope="module")
def zensical_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The real content built by Zensical: the site directory and what ``zensical build`` printed."""
    out = tmp_path_factory.mktemp("zensical")
    results = run_readme_commands(out)
    build = results[COMMANDS.index(".venv/bin/zensical build -f {out}/mkdocs.yml")]
    return out / "site", ANSI.sub("", build.stdout + build.stderr)


@pytest.fixture(scope="module")
def zensical_site(zensical_build: tuple[Path, str]) -> Path:
    return zensical_build[0]


def page_files() -> list[tuple[str, str]]:
    """(built file, page title) of every generated page, from the generator itself."""
    content = load_content(REAL_CONTENT, REPO_ROOT)
    files = []
    for page in render_site(content):
        stem = page.path.removesuffix(".md")
        built = f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"
        files.append((built, page.title))
    return files


class PageOutline(HTMLParser):
    """The parts of a built page that must not depend on the engine."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.headings: list[tuple[str, str | None, str]] = []
        self.nav: list[str] = []
        self.toc_hidden: bool | None = None
        self.icons: list[str] = []
        self.source_widget_calls_api = False
        self.modules: list[str] = []
        self._heading: list | None = None
        self._in_title = False
        self._primary_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "title":
            self._in_title = True
        if tag in ("h1", "h2", "h3"):
            self._heading = [tag, attributes.get("id"), ""]
        if tag == "nav" and ("md-nav--primary" in classes or self._primary_depth):
            self._primary_depth += 1
        if self._primary_depth and tag == "a" and "md-nav__link" in classes:
            href = attributes.get("href") or ""
            if not href.startswith("#"):  # Material also lists the current page's headings in the drawer
                self.nav.append(posixpath.normpath(href or "."))
        if tag == "div" and "md-sidebar--secondary" in classes:
            self.toc_hidden = "hidden" in attributes
        if tag == "link" and attributes.get("rel") == "icon":
            self.icons.append(attributes.get("href") or "")
        if tag == "a" and "md-source" in classes and attributes.get("data-md-component") == "source":
            self.source_widget_calls_api = True
        if tag == "script" and attributes.get("type") == "module":
            self.modules.append(attributes.get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._heading and tag == self._heading[0]:
            tag_name, anchor, text = self._heading
            self.headings.append((tag_name, anchor, " ".join(text.replace("¶", "").split())))
            self._heading = None
        if tag == "nav" and self._primary_depth:
            self._primary_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._heading:
            self._heading[2] += data


def outline(path: Path) -> PageOutline:
    parser = PageOutline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def article_text(path: Path) -> str:
    """The words of the page's article, without the markup either engine adds around them."""
    html = path.read_text(encoding="utf-8")
    match = re.search(r"<article\b[^>]*>(.*)</article>", html, re.S)
    assert match, f"{path} has no article"
    body = re.sub(r"<a\b[^>]*\bclass=\"headerlink\"[^>]*>.*?</a>", "", match.group(1), flags=re.S)
    body = re.sub(r"<a\b[^>]*\brel=\"edit\"[^>]*>.*?</a>", "", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def article_links(path: Path) -> list[str]:
    """Every link target in the page's article; relative ones normalised (engines write `./x/` or `x/`)."""
    html = path.read_text(encoding="utf-8")
    body = re.search(r"<article\b[^>]*>(.*)</article>", html, re.S).group(1)
    body = re.sub(r"<a\b[^>]*\brel=\"edit\"[^>]*>.*?</a>", "", body, flags=re.S)
    links = []
    for href in re.findall(r"<a\b[^>]*\bhref=\"([^\"]*)\"", body):
        if not re.match(r"[a-z]+:|#", href):
            anchor = "#" + href.split("#", 1)[1] if "#" in href else ""
            href = posixpath.normpath(href.split("#", 1)[0] or ".") + anchor
        links.append(href)
    return links


def test_zensical_is_the_version_the_readme_names():
    from importlib.metadata import version

    assert version("zensical") == ZENSICAL_VERSION
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"zensical=={ZENSICAL_VERSION}" in readme


def test_readme_gives_exactly_the_commands_tested():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Switching site engines", 1)
    assert len(section) == 2, "README.md has no 'Switching site engines' section"
    text = section[1].split("\n## ", 1)[0]
    for command in COMMANDS:
        expected = command.format(out=README_OUT, repo=DEFAULT_REPO)
        assert expected in text, f"README does not say `{expected}`"


def test_every_page_is_built(zensical_site: Path):
    missing = [built for built, _ in page_files() if not (zensical_site / built).is_file()]
    assert missing == []
    for built, title in page_files():
        assert title in outline(zensical_site / built).title, built


def test_home_causes_topics_references_calculator_and_instruments_are_there(zensical_site: Path):
    content = load_content(REAL_CONTENT, REPO_ROOT)
    expected = ["index.html", "causes/index.html", "references/index.html", "calculator/index.html"]
    expected += [f"causes/{cause.id}/index.html" for cause in content.causes]
    expected += [f"instruments/{page.id}/index.html" for page in content.instruments]
    expected += [
        f"{topic}/index.html"
        for topic in (
            "claudication-vs-pseudoclaudication",
            "restless-legs-and-mimics",
            "vascular-map",
            "diagnostic-approach",
            "prevention-and-treatment",
        )
    ]
    assert [path for path in expected if not (zensical_site / path).is_file()] == []


def test_calculator_runtime_and_service_worker_are_added(zensical_site: Path, built_site: Path):
    runtime = runtime_path(zensical_site)
    assert runtime == runtime_path(built_site)
    files = [*CALCULATOR_FILES, runtime + "pyodide.asm.wasm"]
    assert [name for name in files if not (zensical_site / name).is_file()] == []
    data = json.loads((zensical_site / "assets/calculator/data.json").read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(export_calculator_data(load_content(REAL_CONTENT, REPO_ROOT))))
    worker = (zensical_site / "sw.js").read_text(encoding="utf-8")
    assert "__BUILD_HASH__" not in worker and "__PRECACHE_MANIFEST__" not in worker, "sw.js is still the template"
    assert '"calculator/"' in worker and f'"{runtime}pyodide.asm.wasm"' in worker


def test_the_theme_repairs_are_applied_as_in_the_mkdocs_build(zensical_site: Path, built_site: Path):
    for site in (zensical_site, built_site):
        unrepaired = [
            path.relative_to(site).as_posix()
            for path in site.rglob("*.html")
            if fix_page_html(text := path.read_text(encoding="utf-8")) != text
        ]
        assert unrepaired == [], site
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="md-search"[^>]*\saria-label="', home), "the search dialog is still unnamed"


def test_every_page_and_the_service_worker_have_the_same_twins_as_in_the_mkdocs_build(
    zensical_site: Path, built_site: Path
):
    def twins(site: Path) -> set[str]:
        wanted = [path for path in site.rglob("*") if path.name == "index.html" or path.name == "sw.js"]
        return {
            path.relative_to(site).as_posix() + suffix
            for path in wanted
            for suffix in TWIN_SUFFIXES
            if path.with_name(path.name + suffix).is_file()
        }

    assert twins(zensical_site) == twins(built_site)
    assert "sw.js.gz" in twins(zensical_site)
    assert "calculator/index.html.gz" in twins(zensical_site)


def test_same_pages_as_the_mkdocs_build(zensical_site: Path, built_site: Path):
    def pages(site: Path) -> set[str]:
        return {path.relative_to(site).as_posix() for path in site.rglob("index.html")}

    assert pages(zensical_site) == pages(built_site)


def test_same_navigation_headings_text_and_links_as_the_mkdocs_build(zensical_site: Path, built_site: Path):
    differences = []
    for built, _ in page_files():
        mkdocs, zensical = outline(built_site / built), outline(zensical_site / built)
        assert mkdocs.nav and mkdocs.headings, f"{built}: nothing to compare"
        if zensical.nav != mkdocs.nav:
            differences.append(f"{built}: navigation differs")
        if zensical.headings != mkdocs.headings:
            differences.append(f"{built}: headings differ")
        if article_text(zensical_site / built) != article_text(built_site / built):
            differences.append(f"{built}: text differs")
        if article_links(zensical_site / built) != article_links(built_site / built):
            differences.append(f"{built}: links differ")
    assert differences == []


def test_theme_overrides_apply(zensical_site: Path):
    for built, _ in page_files():
        page = outline(zensical_site / built)
        assert page.icons and all(icon.startswith("data:image/svg+xml,") for icon in page.icons), built  # main.html
        assert not page.source_widget_calls_api, built  # partials/source.html
        assert any(src.endswith("assets/javascripts/legcramps.mjs") for src in page.modules), built
    assert outline(zensical_site / "calculator/index.html").toc_hidden is True  # front matter `hide: [toc]`
    assert outline(zensical_site / "causes/dehydration/index.html").toc_hidden is False
    assert (zensical_site / "assets/stylesheets/tokens.css").is_file()


def test_no_link_to_a_markdown_file_that_is_not_in_the_repository(zensical_site: Path):
    """Zensical would link "edit this page" to the rendered Markdown; the derived configuration turns it off."""
    html = (zensical_site / "causes/dehydration/index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in html
    assert "causes/dehydration.md" not in html


def test_zensical_finds_no_broken_links(zensical_build: tuple[Path, str]):
    _, output = zensical_build
    lines = [line.strip() for line in output.splitlines()]
    warnings = [line for line in lines if line.startswith(("Warning", "Error")) or re.match(r"\d+ issues? found", line)]
    assert "No issues found" in lines
    assert warnings == [], "\n".join(warnings[:5] + warnings[-1:])


@pytest.mark.browser
def test_calculator_of_the_zensical_build_runs_in_chromium(zensical_site: Path, chromium):
    from devtools.server import serve

    answers = {"nocturnal": True, "sudden_painful_contraction": True, "age": 70, "location": ["calf"]}
    expected = calculator.evaluate(export_calculator_data(load_content(REAL_CONTENT, REPO_ROOT)), answers)
    blocked: list[str] = []
    errors: list[str] = []
    context = chromium.new_context(service_workers="block")
    try:
        block_other_hosts(context, blocked)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("pageerror", lambda error: errors.append(str(error)))
        with serve(zensical_site) as url:
            page.goto(url + "calculator/")
            page.evaluate(AWAIT_READY)
            result = page.evaluate("async (answers) => await window.legcramps.evaluate(answers)", answers)
    finally:
        context.close()
    assert result == expected
    assert blocked == []
    assert errors == []
