"""The Content-Security-Policy (written once, as a <meta> in site_overrides/main.html, its inline-script hashes filled
in by the build): every page carries it before any script, it allows no inline code but the scripts whose hashes it lists, and Chromium reports no violation on the
home page, a cause page, the calculator (evaluating answers) and an instrument page, with the policy as the page's
<meta> and as a header on every response (as HOSTING.md asks hosts to send it: only a header reaches the
calculator's worker, where Pyodide compiles WebAssembly).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.server import StaticFileHandler, run_server
from devtools.waits import LEGCRAMPS_DEFINED, TIMEOUT_MS

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
PAGES = ("", "causes/deep-vein-thrombosis/", "calculator/", "instruments/ankle-brachial-index/")
# window.legcramps.ready, or an error once TIMEOUT_MS have passed: a policy that stops Pyodide fails the test rather
# than leaving it waiting.
AWAIT_READY_OR_FAIL = """async (ms) => {
  const late = new Promise((_, fail) => setTimeout(() => fail(new Error(`not ready after ${ms} ms`)), ms));
  await Promise.race([window.legcramps.ready, late]);
}"""
LISTEN = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(
  `${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`));"""


def policy_of(page_html: str) -> dict[str, list[str]]:
    match = META.search(page_html)
    assert match, "no Content-Security-Policy <meta>"
    directives = [part.split() for part in match.group(1).split(";") if part.strip()]
    return {name: values for name, *values in directives}


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, str]:
    return {
        path.relative_to(built_site).as_posix(): path.read_text(encoding="utf-8") for path in built_site.rglob("*.html")
    }


def test_every_page_has_the_same_policy_before_any_script(pages):
    policies = {page: META.search(html).group(1) if META.search(html) else None for page, html in pages.items()}
    assert None not in policies.values(), [page for page, policy in policies.items() if policy is None]
    assert len(set(policies.values())) == 1
    for page, html in pages.items():
        assert html.index("Content-Security-Policy") < html.index("<script"), page


def test_the_policy_allows_only_this_site_and_no_inline_code_but_listed_scripts(pages):
    policy = policy_of(pages["index.html"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]  # the inline favicon, Material's icons in its stylesheet
    assert policy["style-src"] == ["'self'"]
    script_src = policy["script-src"]
    assert script_src[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert all(source.startswith("'sha256-") for source in script_src[2:])
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    # frame-ancestors, report-uri and sandbox are ignored (with a console error) in a <meta>: headers only.
    assert not {"frame-ancestors", "report-uri", "sandbox"} & set(policy)


def test_every_inline_script_of_the_site_is_allowed_by_its_hash(pages):
    allowed = set(policy_of(pages["index.html"])["script-src"])
    refused = {}
    for page, html in pages.items():
        for attributes, script in INLINE_SCRIPT.findall(html):
            if 'type="application/json"' in attributes:  # data, never run
                continue
            if sha256_source(script) not in allowed:
                refused.setdefault(sha256_source(script), (page, script[:80]))
    # The build lists every inline script's hash (generator/publish/csp.py): a script missing here is a bug there.
    assert not refused
    assert not [page for page, html in pages.items() if re.search(r"<style|\sstyle=|\son[a-z]+=", html)]


def _handler_with_header(policy: str):
    class WithPolicy(StaticFileHandler):
        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", policy)
            super().end_headers()

    return WithPolicy


@pytest.fixture(params=["meta", "header"])
def served(request, built_site: Path, site_url: str) -> Iterator[str]:
    if request.param == "meta":
        yield site_url
        return
    policy = META.search((built_site / "index.html").read_text(encoding="utf-8")).group(1)
    with run_server(functools.partial(_handler_with_header(policy), directory=str(built_site))) as url:
        yield url


def test_chromium_reports_no_violation_on_any_kind_of_page(chromium, served):
    context = chromium.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(LISTEN)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for path in PAGES:
            page.goto(served + path)
            if page.locator("[data-lc-calculator]").count():
                page.wait_for_function(LEGCRAMPS_DEFINED)
                page.evaluate(AWAIT_READY_OR_FAIL, TIMEOUT_MS)
                result = page.evaluate("window.legcramps.evaluate({nocturnal: true, sudden_painful_contraction: true})")
                assert result["most_likely"]["id"] == "benign-nocturnal-leg-cramps"
            page.wait_for_load_state("load")
            assert page.evaluate("window.__violations") == [], path
        assert errors == []
    finally:
        context.close()
