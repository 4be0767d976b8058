"""HOSTING.md and hosting/: every rule the guide states is in each host's file that can express it, the files name
the paths the build really writes, and the post-build step copies ``_headers`` into the site only when asked."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from generator.publish import SERVICE_WORKER, finish_site
from generator.publish.calculator_assets import PYODIDE_DIR, PYODIDE_FILES
from generator.publish.hosting import HEADERS_FILE, copy_headers_file
from tests.conftest import REPO_ROOT
from tests.generator.publish.conftest import write_stand_in_pyodide

GUIDE = REPO_ROOT / "HOSTING.md"
HOSTING = REPO_ROOT / "hosting"
IMMUTABLE = "public, max-age=31536000, immutable"
HASHED = r"\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$"

# Rule (as HOSTING.md's table names it in bold) -> what says it in each file. A rule a host's file cannot express
# is absent on purpose, and HOSTING.md says why (the `_headers` format matches paths, not file-name patterns).
RULES: dict[str, dict[str, list[str]]] = {
    "sw.js no-cache": {
        "nginx.conf": [r'location = /sw\.js \{[^}]*add_header Cache-Control "no-cache";'],
        "Caddyfile": [r'header @revalidate Cache-Control "no-cache"'],
        "_headers": [r"^/sw\.js\n  Cache-Control: no-cache$"],
    },
    "HTML no-cache": {
        "nginx.conf": [r'location / \{[^}]*add_header Cache-Control "no-cache";[^}]*try_files \$uri \$uri/ =404;'],
        "Caddyfile": [r'header @revalidate Cache-Control "no-cache"'],
        "_headers": [r"public, max-age=0, must-revalidate"],  # the hosts' default, which no `/*` rule overrides
    },
    "versioned runtime immutable": {
        "nginx.conf": [rf'location \^~ /{PYODIDE_DIR.as_posix()}/ \{{[^}}]*add_header Cache-Control "{IMMUTABLE}";'],
        "Caddyfile": [
            rf"@pyodide path /{PYODIDE_DIR.as_posix()}/\*",
            rf'header @pyodide Cache-Control "{IMMUTABLE}"',
        ],
        "_headers": [rf"^/{PYODIDE_DIR.as_posix()}/\*\n  Cache-Control: {IMMUTABLE}$"],
    },
    "hashed assets immutable": {
        "nginx.conf": [rf'location ~ "{re.escape(HASHED)}" \{{[^}}]*add_header Cache-Control "{IMMUTABLE}";'],
        "Caddyfile": [rf"@hashed path_regexp {re.escape(HASHED)}\n", rf'header @hashed Cache-Control "{IMMUTABLE}"'],
    },
    "mjs is text/javascript": {
        "nginx.conf": [r"types \{[^}]*\btext/javascript mjs;"],
        "Caddyfile": [r"@mjs path \*\.mjs\n\s*header @mjs Content-Type \"text/javascript\""],
    },
    "wasm is application/wasm": {
        "nginx.conf": [r"types \{[^}]*\bapplication/wasm wasm;"],
        "Caddyfile": [r"@wasm path \*\.wasm\n\s*header @wasm Content-Type \"application/wasm\""],
    },
    "json is application/json": {
        "nginx.conf": [r"types \{[^}]*\bapplication/json json;"],
        "Caddyfile": [r"@json path \*\.json\n\s*header @json Content-Type \"application/json\""],
    },
    "nosniff": {
        "nginx.conf": [r'add_header X-Content-Type-Options "nosniff" always;'],
        "Caddyfile": [r'header X-Content-Type-Options "nosniff"'],
        "_headers": [r"^/\*\n  X-Content-Type-Options: nosniff$"],
    },
    "precompressed twins": {
        "nginx.conf": [r"^\s*gzip_static on;", r"^\s*brotli_static on;"],
        "Caddyfile": [r"file_server \{\s*precompressed br gzip\s*\}"],
    },
}
HOST_FILES = ("nginx.conf", "Caddyfile", "_headers")


def config_text(name: str) -> str:
    """The file without its comment lines (a rule stated only in a comment does not count)."""
    lines = (HOSTING / name).read_text(encoding="utf-8").splitlines()
    if name == "_headers":  # the hosts' default is documented, not configured: keep its comment for that rule
        return "\n".join(lines)
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def headers_blocks(text: str) -> dict[str, dict[str, str]]:
    """The `_headers` file as path -> {header name (lower case): value}."""
    blocks: dict[str, dict[str, str]] = {}
    path = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            assert line.startswith("/") and line not in blocks, f"_headers: bad or repeated path line {line!r}"
            path = line
            blocks[path] = {}
        else:
            assert path is not None and re.fullmatch(r"  [A-Za-z-]+: \S.*", line), f"_headers: bad line {line!r}"
            name, value = line.strip().split(": ", 1)
            blocks[path][name.lower()] = value
    return blocks


def guide_rules() -> list[str]:
    """The rule names in the first column of HOSTING.md's table."""
    return re.findall(r"^\| \*\*(.+?)\*\* \|", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)


def test_the_guide_states_exactly_the_rules_the_files_are_checked_for():
    assert guide_rules() == list(RULES)


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("host_file", HOST_FILES)
def test_each_host_file_states_each_rule_it_can(rule: str, host_file: str):
    patterns = RULES[rule].get(host_file)
    if patterns is None:
        guide = GUIDE.read_text(encoding="utf-8")
        assert host_file == "_headers" and "matches a path, not a file-name pattern" in guide
        return
    text = config_text(host_file)
    for pattern in patterns:
        assert re.search(pattern, text, re.MULTILINE), f"hosting/{host_file} lacks {rule!r}: {pattern}"


def test_every_host_file_is_linked_from_the_guide():
    guide = GUIDE.read_text(encoding="utf-8")
    assert sorted(path.name for path in HOSTING.iterdir()) == sorted(HOST_FILES)
    for name in HOST_FILES:
        assert f"](hosting/{name})" in guide


def test_the_files_name_the_paths_the_build_writes():
    assert SERVICE_WORKER == "sw.js" and "pyodide.asm.wasm" in PYODIDE_FILES
    assert PYODIDE_DIR.as_posix() == "assets/pyodide"


@pytest.mark.parametrize(
    ("name", "hashed"),
    [
        ("assets/javascripts/bundle.a5f9d56c.min.js", True),
        ("assets/javascripts/workers/search.a7633da7.min.js", True),
        ("assets/stylesheets/main.57a0d79d.min.css", True),
        ("assets/stylesheets/palette.fb2fffe2.min.css.map", True),
        ("assets/javascripts/calculator-app.mjs", False),
        ("assets/stylesheets/tokens.css", False),
        ("assets/javascripts/lunr/min/lunr.de.min.js", False),
        ("assets/calculator/data.json", False),
    ],
)
def test_only_content_hashed_names_count_as_hashed(name: str, hashed: bool):
    assert bool(re.search(HASHED, name)) == hashed


def test_no_two_headers_rules_set_the_same_header_on_one_path():
    """Both hosts apply every matching rule and join repeated headers: `/*` overlaps every other rule."""
    blocks = headers_blocks((HOSTING / "_headers").read_text(encoding="utf-8"))
    catch_all = blocks.pop("/*")
    for path, headers in blocks.items():
        assert not set(headers) & set(catch_all), f"_headers: {path} and /* both set {set(headers) & set(catch_all)}"
    assert "cache-control" not in catch_all


def test_copy_headers_file_puts_the_rules_at_the_site_root(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    copied = copy_headers_file(site, HOSTING / HEADERS_FILE)
    assert copied == site / "_headers"
    assert copied.read_bytes() == (HOSTING / "_headers").read_bytes()


@pytest.fixture
def engine_output(tmp_path: Path) -> tuple[Path, Path]:
    """A one-page engine output and a stand-in for the npm package ``pyodide``."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>page</p></body></html>", encoding="utf-8")
    return site, write_stand_in_pyodide(tmp_path / "pyodide")


def finish(site: Path, package: Path, **options: object) -> None:
    finish_site(
        site,
        {"findings": [], "causes": [], "version": "test"},
        pyodide_dir=package,
        theme_dir=REPO_ROOT / "site_overrides",
        **options,
    )


def test_the_post_build_step_writes_no_headers_file_unless_asked(engine_output: tuple[Path, Path]):
    site, package = engine_output
    finish(site, package)
    assert not (site / "_headers").exists()


def test_the_post_build_step_copies_the_headers_file_when_asked_after_the_service_worker(
    engine_output: tuple[Path, Path],
):
    if "headers_file" not in inspect.signature(finish_site).parameters:
        pytest.skip("finish_site does not take headers_file yet (generator/publish/hosting.py is not wired in)")
    site, package = engine_output
    finish(site, package, headers_file=HOSTING / "_headers")
    assert (site / "_headers").read_bytes() == (HOSTING / "_headers").read_bytes()
    # The host reads the file and never serves it: a service worker precaching it would fail to install.
    assert "_headers" not in (site / SERVICE_WORKER).read_text(encoding="utf-8")
    assert not (site / "_headers.gz").exists()
