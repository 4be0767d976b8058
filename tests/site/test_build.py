"""The real site builds strictly, has a page for everything, and references no host but its own."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from devtools.mkdocs_build import config_for_content, mkdocs_build
from generator.content import load_content
from tests.conftest import FIXTURE_CONTENT, REAL_CONTENT, REPO_ROOT

TOPIC_PAGES = (
    "claudication-vs-pseudoclaudication",
    "restless-legs-and-mimics",
    "vascular-map",
    "diagnostic-approach",
    "prevention-and-treatment",
    "references",
    "causes",
)


class ResourceLinks(HTMLParser):
    """Collects every URL the browser would fetch on its own (not the links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and attributes.get("src"):
            self.urls.append(attributes["src"])
        if tag == "link" and attributes.get("href") and attributes.get("rel") not in ("canonical", "alternate"):
            self.urls.append(attributes["href"])


def test_every_cause_and_topic_has_a_page(built_site: Path):
    content = load_content(REAL_CONTENT, REPO_ROOT)
    for cause in content.causes:
        assert (built_site / "causes" / cause.id / "index.html").is_file(), cause.id
    for page in TOPIC_PAGES:
        assert (built_site / page / "index.html").is_file(), page
    assert (built_site / "index.html").is_file()


def test_no_page_loads_anything_from_another_host(built_site: Path):
    for html in built_site.rglob("*.html"):
        parser = ResourceLinks()
        parser.feed(html.read_text(encoding="utf-8"))
        external = [url for url in parser.urls if re.match(r"^(https?:)?//", url)]
        assert external == [], f"{html.relative_to(built_site)} loads {external}"


def test_edit_links_open_the_yaml_source(built_site: Path):
    html = (built_site / "causes" / "peripheral-artery-disease" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*/edit/main/content/causes/peripheral-artery-disease\.yaml"', html)
    map_html = (built_site / "vascular-map" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*/edit/main/content/vascular_map\.yaml"', map_html)


def test_search_index_holds_the_comparison_page(built_site: Path):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["claudication-vs-pseudoclaudication/"] == "Claudication vs pseudoclaudication"


def test_reference_lists_link_to_doi_and_pubmed(built_site: Path):
    html = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://doi.org/10.1161/CIR.0000000000000471"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/22963024/"' in html


def test_mkdocs_build_fails_on_broken_content_with_the_problem_lines(content_copy: Path, tmp_path: Path):
    from devtools.mkdocs_build import config_for_content, mkdocs_build

    cause = content_copy / "causes" / "night-cramps.yaml"
    cause.write_text(cause.read_text(encoding="utf-8").replace("tier: most_likely", "tier: likely"), encoding="utf-8")
    result = mkdocs_build(config_for_content(content_copy, content_copy.parent), tmp_path / "site")
    assert result.returncode != 0
    expected = (
        "content/causes/night-cramps.yaml:5: tier: 'likely' is not allowed; use one of: most_likely, other_likely"
    )
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_no_page_shows_markdown_syntax_as_text(built_site: Path):
    for html in built_site.rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        assert "{ #" not in text and "\\##" not in text, html.relative_to(built_site)


def test_the_search_dialog_has_an_accessible_name(built_site: Path):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="md-search"[^>]*role="dialog"[^>]*aria-label="[^"]+"', html)


class Scripts(HTMLParser):
    """The external scripts of a page, in document order, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and dict(attrs).get("src"):
            self.scripts.append(dict(attrs))


def test_material_bundle_is_deferred_and_runs_before_the_site_module(built_site: Path):
    # Page speed (issue 4): a parser-blocking bundle delayed the first paint. Deferred scripts and module scripts
    # run in document order, so legcramps.mjs still finds window.document$.
    for html in built_site.rglob("index.html"):
        parser = Scripts()
        parser.feed(html.read_text(encoding="utf-8"))
        sources = [script["src"] or "" for script in parser.scripts]
        bundle = next(i for i, src in enumerate(sources) if re.search(r"bundle\.[0-9a-f]+\.min\.js$", src))
        site_module = next(i for i, src in enumerate(sources) if src.endswith("legcramps.mjs"))
        assert "defer" in parser.scripts[bundle], html.relative_to(built_site)
        assert bundle < site_module and parser.scripts[site_module].get("type") == "module"
        assert all("defer" in s or s.get("type") == "module" or s.get("async") is not None for s in parser.scripts), (
            f"a parser-blocking script in {html.relative_to(built_site)}"
        )


def primary_nav_cause_links(html: str, page_path: str) -> set[str]:
    """The ids of the cause pages the sidebar navigation links to (Material renders it once, for drawer and sidebar)."""
    start = html.index('class="md-nav md-nav--primary"')
    end = html.index('class="md-sidebar md-sidebar--secondary"', start)
    targets = (urljoin(page_path, href) for href in re.findall(r'href="([^"#]+)"', html[start:end]))
    return {match[1] for target in targets if (match := re.fullmatch(r"/causes/([a-z0-9-]+)/", target))}


def test_a_cause_page_navigation_lists_its_own_tier_and_one_link_per_other_tier(built_site: Path):
    # navigation.prune: with every cause on every page, pages and the build grew with the square of the number of
    # causes (1,000 causes: 390 KB a page). The reader still reaches every tier from the sidebar.
    content = load_content(REAL_CONTENT, REPO_ROOT)
    for cause in content.causes:
        html = (built_site / "causes" / cause.id / "index.html").read_text(encoding="utf-8")
        linked = primary_nav_cause_links(html, f"/causes/{cause.id}/")
        own_tier = {other.id for other in content.causes_in_tier(cause.tier)}
        assert own_tier <= linked, cause.id
        for tier in {other.tier for other in content.causes} - {cause.tier}:
            in_tier = {other.id for other in content.causes_in_tier(tier)}
            assert len(linked & in_tier) == 1, (cause.id, tier)


def test_only_pages_with_a_calculator_preload_its_app(built_site: Path):
    # The app and every module of its own (assets/javascripts/calculator/), so none waits for its importer.
    scripts = built_site / "assets/javascripts"
    app = {"calculator-app.mjs"} | {f"calculator/{module.name}" for module in (scripts / "calculator").glob("*.mjs")}
    for html in built_site.rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        preloads = re.findall(r'<link rel="modulepreload" href="([^"]+)"', text)
        if "data-lc-calculator" in text:
            assert {href.split("assets/javascripts/", 1)[-1] for href in preloads} == app, html
            assert len(preloads) == len(app), html
        else:
            assert preloads == [], html.relative_to(built_site)


def test_stray_files_and_links_in_content_fail_the_strict_build_and_none_is_published(tmp_path: Path):
    # A pull request once replaced the site's script with content/assets/javascripts/legcramps.mjs, published
    # content/evil.html, and had a link to a credentials file copied into site/.
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    (content / "evil.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")
    script = content / "assets" / "javascripts" / "legcramps.mjs"
    script.parent.mkdir(parents=True)
    script.write_text("steal();\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "credentials.txt").write_text("password: hunter2\n", encoding="utf-8")
    (outside / "page.html").write_text("<p>outside</p>\n", encoding="utf-8")
    (content / "credentials.txt").symlink_to(outside / "credentials.txt")
    (content / "shared").symlink_to(outside, target_is_directory=True)

    site_dir = tmp_path / "site"
    result = mkdocs_build(config_for_content(content, tmp_path), site_dir)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for name in ("evil.html", "assets/javascripts/legcramps.mjs", "credentials.txt", "shared"):
        assert f"content/{name}:1: " in output, name
    assert "hunter2" not in output and str(outside) not in output
    published = [path for path in site_dir.rglob("*")] if site_dir.exists() else []
    assert not [path for path in published if path.name in ("evil.html", "credentials.txt", "page.html")]
    assert not any("steal()" in path.read_text(errors="replace") for path in published if path.suffix == ".mjs")


def test_mkdocs_docs_dir_holds_nothing_to_publish_so_content_reaches_the_site_only_through_the_generator(
    built_site: Path,
):
    # MkDocs publishes every file of its docs_dir as it is (and excluding "*" would drop the plugin's pages and the
    # theme's files too): the docs_dir is a folder that holds only a dot file MkDocs skips.
    (docs_dir_setting,) = re.findall(r"^docs_dir: (\S+)$", (REPO_ROOT / "mkdocs.yml").read_text(), re.MULTILINE)
    docs_dir = (REPO_ROOT / docs_dir_setting).resolve()
    assert docs_dir.is_dir() and not docs_dir.is_relative_to(REAL_CONTENT.resolve())
    assert [path.name for path in docs_dir.rglob("*")] == [".keep"]
    assert not (built_site / ".keep").exists()
    assert not list(built_site.rglob("*.yaml")) and not list(built_site.rglob("*.schema.json"))
