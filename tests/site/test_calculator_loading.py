"""Issue 13: a lighter first calculator visit, and warm starts that take the snapshot path.

- A cold start fetches the site's trimmed standard library and the wasm, once each (the page preloads them and the
  worker's requests are served from the HTTP cache), and neither the full ``python_stdlib.zip`` nor the lock file.
- Any standard module the trimmed archive lacks still imports, through the calculator's own worker, from the full
  archive, fetched only then; offline too, once the service worker has installed.
- A reload the moment the calculator is ready restores Python from this device's snapshot, and says it is a warm
  start, never that it is downloading.
- A stored snapshot that cannot be restored (its bytes unreadable, or stored without its length by an older build)
  starts Python the normal way, and is replaced by one that can.

The site is served as a static host serves it (bench/compressed_server.py: precompressed twins, the versioned runtime
immutable, everything else ``no-cache`` with ETags), so the HTTP cache behaves as it would for a reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.compressed_server import Served, serve_compressed
from devtools.site_paths import PYODIDE_PATH
from devtools.waits import AWAIT_READY, LEGCRAMPS_DEFINED, TIMEOUT_MS, wait_until
from tests.site.calculator_helpers import STATUS_HISTORY
from tests.site.test_offline import wait_until_installed

pytestmark = pytest.mark.browser

TEST_WORKER_URL = "**/__test/python-worker.mjs"
# The calculator's own worker, plus one message a test needs: run Python in its runtime and answer the value as text.
TEST_WORKER = """import "../assets/calculator/worker.mjs";
const calculator = self.onmessage;
self.onmessage = (event) => {
  if (event.data.type !== "python") return calculator(event);
  try {
    self.postMessage({ type: "python", value: String(self.lcPyodide.runPython(event.data.code)) });
  } catch (error) {
    self.postMessage({ type: "python", error: String(error) });
  }
};"""
# In the page: start that worker as worker-client.mjs starts the calculator's, wait until it is ready, note the
# runtime requests made so far, run ``code`` and answer what it returned and which runtime files were requested after.
RUN_PYTHON = """async ([root, code]) => {
  const worker = new Worker(new URL("__test/python-worker.mjs", root), { type: "module" });
  const next = () => new Promise((resolve) => {
    worker.onerror = (event) => resolve({ type: "error", message: event.message });
    worker.onmessage = (event) => event.data.type === "progress" || resolve(event.data);
  });
  const file = (name) => new URL(`assets/calculator/${name}`, root).href;
  worker.postMessage({ type: "init", runtimeURL: file("runtime.json"), pythonURL: file("python.json"),
    dataURL: file("data.json") });
  const ready = await next();
  if (ready.type !== "ready") return { ready };
  worker.postMessage({ type: "python", code });
  const answer = await next();
  worker.terminate();
  return { ready: ready.type, answer };
}"""
IMPORT_MISSING = (
    "import difflib, xml.dom.minidom, json\n"
    "' '.join([m.__file__ for m in (difflib, xml.dom.minidom, json)]"
    " + [repr(difflib.SequenceMatcher(None, 'cramp', 'camp').get_opcodes())])"
)


@pytest.fixture(scope="module")
def served(built_site: Path) -> Iterator[tuple[str, list[Served]]]:
    log: list[Served] = []
    with serve_compressed(built_site, log) as url:
        yield url, log


def runtime_requests(log: list[Served], since: int = 0) -> list[str]:
    """The runtime files requested (file names, in order) since entry ``since`` of the server's log."""
    return [item.path.rsplit("/", 1)[-1] for item in log[since:] if item.path.startswith(PYODIDE_PATH)]


def open_ready(page, url: str) -> None:
    page.goto(url + "calculator/")
    page.wait_for_function(LEGCRAMPS_DEFINED)
    page.evaluate(AWAIT_READY)


def test_a_cold_start_fetches_the_trimmed_archive_and_the_wasm_once_and_no_full_archive_or_lock_file(chromium, served):
    url, log = served
    context = chromium.new_context(service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    since = len(log)
    open_ready(page, url)
    requested = runtime_requests(log, since)
    context.close()
    trimmed = [name for name in requested if name.startswith("python_stdlib.trimmed.")]
    assert len(trimmed) == 1 and requested.count("pyodide.asm.wasm") == 1, requested
    # Pyodide's JavaScript half: the worker imports it as the downloads start, and Pyodide's own import is that module.
    assert requested.count("pyodide.asm.mjs") == 1, requested
    assert "python_stdlib.zip" not in requested and "pyodide-lock.json" not in requested


# The runtime files a page names for its worker to fetch first (main.html), as absolute URLs.
NAMED = """[...document.querySelectorAll('meta[name=lc-runtime-preload]')]
  .map((meta) => new URL(meta.content, document.baseURI).href)"""


def test_the_worker_fetches_the_runtime_files_its_page_names_at_once_and_other_pages_name_none(chromium, served):
    # The wasm and the trimmed archive, named by calculator pages: the worker starts them with runtime.json and
    # Pyodide's loader rather than after them, and Pyodide's own request for each is answered with that response.
    url, log = served
    context = chromium.new_context(service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    # In the order the browser issued them: the server's log orders them by when a connection was free to answer.
    issued: list[str] = []
    context.on("request", lambda request: issued.append(request.url))
    page = context.new_page()
    since = len(log)
    open_ready(page, url)
    calculator_names = page.evaluate(NAMED)
    served_paths = [item.path for item in log[since:]]
    page.goto(url + "instruments/wells-dvt/")
    instrument_names = page.evaluate(NAMED)
    page.goto(url)
    home_names = page.evaluate(NAMED)
    context.close()

    assert [href.rsplit("/", 1)[-1].split(".")[0:2] for href in calculator_names] == [
        ["pyodide", "asm"],
        ["python_stdlib", "trimmed"],
    ]
    assert all(PYODIDE_PATH in href for href in calculator_names)
    assert instrument_names == calculator_names and home_names == []
    named_paths = [href.split(url.rstrip("/"), 1)[-1] for href in calculator_names]
    # Each served once, and asked for before Pyodide's loader is (which, left to itself, asks for them once it has run).
    assert all(served_paths.count(path) == 1 for path in named_paths), served_paths
    loader = next(index for index, href in enumerate(issued) if href.endswith("/pyodide.asm.mjs"))
    assert all(issued.index(href) < loader for href in calculator_names), issued


def test_a_standard_module_the_trimmed_archive_lacks_imports_through_the_worker_from_the_full_one(chromium, served):
    url, log = served
    context = chromium.new_context(service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    context.route(TEST_WORKER_URL, lambda route: route.fulfill(body=TEST_WORKER, content_type="text/javascript"))
    page = context.new_page()
    page.goto(url + "calculator/")
    since = len(log)
    outcome = page.evaluate(RUN_PYTHON, [url, IMPORT_MISSING])
    context.close()
    assert outcome["ready"] == "ready", outcome
    difflib_file, minidom_file, json_file, opcodes = outcome["answer"]["value"].split(" ", 3)
    assert difflib_file == "/lib/python_stdlib_full.zip/difflib.py"
    assert minidom_file == "/lib/python_stdlib_full.zip/xml/dom/minidom.py"
    assert json_file == "/lib/python314.zip/json/__init__.py"  # what the trimmed archive has comes from it
    assert opcodes.startswith("[('equal', 0, 1, 0, 1), ('delete', 1, 2, 1, 1)")
    # Fetched once, after the calculator was ready (the import asked for it), never for the calculator itself.
    assert runtime_requests(log, since).count("python_stdlib.zip") == 1


def test_offline_a_module_the_trimmed_archive_lacks_still_imports_once_the_service_worker_has_installed(
    context, built_site, served
):
    url, _ = served
    context.route(TEST_WORKER_URL, lambda route: route.fulfill(body=TEST_WORKER, content_type="text/javascript"))
    page = context.new_page()
    open_ready(page, url)
    wait_until_installed(page, built_site, url)
    context.set_offline(True)
    page.reload()
    page.evaluate(AWAIT_READY)
    outcome = page.evaluate(RUN_PYTHON, [url, IMPORT_MISSING])
    assert outcome["ready"] == "ready", outcome
    assert outcome["answer"]["value"].startswith("/lib/python_stdlib_full.zip/difflib.py "), outcome


RESTORED = "window.legcramps.runtime().then((runtime) => runtime.restored)"


def reload_ready(page) -> None:
    page.reload()
    page.wait_for_function(LEGCRAMPS_DEFINED)
    page.evaluate(AWAIT_READY)


def test_a_reload_the_moment_the_calculator_is_ready_restores_python_from_the_snapshot(chromium, served):
    url, _ = served
    context = chromium.new_context(service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(STATUS_HISTORY)
    page = context.new_page()
    open_ready(page, url)
    assert page.evaluate(RESTORED) is False
    reload_ready(page)  # no waiting for anything the first visit may still be doing
    assert page.evaluate(RESTORED) is True
    page.get_by_role("status").filter(has_text="Warm start: Python restored from this device.").wait_for()
    said = [entry["text"] for entry in page.evaluate("window.__lcStatus")]
    assert any(text.startswith("Warm start: restoring Python") for text in said), said
    assert not any(text.startswith("Downloading") for text in said), said  # its files come from this device
    result = page.evaluate("window.legcramps.evaluate({nocturnal: true, sudden_painful_contraction: true})")
    context.close()
    assert result["most_likely"]["id"] == "benign-nocturnal-leg-cramps"


# True once this device holds a snapshot a reload can restore: a whole one (megabytes), stored with its length.
SNAPSHOT_RESTORABLE = """caches.open("lc-pyodide-snapshot").then(async (cache) => {
  for (const key of await cache.keys()) {
    const stored = await cache.match(key);
    if (stored.headers.has("X-Snapshot-Length") && (await stored.arrayBuffer()).byteLength > 1e6) return true;
  }
  return false;
})"""
# Spoils each stored snapshot: "unreadable" keeps its length but not its bytes; "without its length" keeps its bytes
# but not the length an older build did not store with them.
SPOIL_SNAPSHOT = """async (how) => {
  const cache = await caches.open("lc-pyodide-snapshot");
  for (const key of await cache.keys()) {
    const stored = await cache.match(key);
    const spoiled = how === "unreadable"
      ? new Response(new Uint8Array(64).fill(7), {headers: {"X-Snapshot-Length": stored.headers.get("X-Snapshot-Length")}})
      : new Response(await stored.arrayBuffer());
    await cache.put(key, spoiled);
  }
}"""


@pytest.mark.parametrize("spoiled", ["unreadable", "without its length"])
def test_a_snapshot_that_cannot_be_restored_starts_python_the_normal_way_and_is_replaced(chromium, served, spoiled):
    url, _ = served
    context = chromium.new_context(service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    open_ready(page, url)
    wait_until(page, SNAPSHOT_RESTORABLE)
    page.evaluate(SPOIL_SNAPSHOT, spoiled)
    assert page.evaluate(SNAPSHOT_RESTORABLE) is False

    reload_ready(page)
    assert page.evaluate(RESTORED) is False
    result = page.evaluate("window.legcramps.evaluate({nocturnal: true, sudden_painful_contraction: true})")
    assert result["most_likely"]["id"] == "benign-nocturnal-leg-cramps"

    wait_until(page, SNAPSHOT_RESTORABLE)  # this visit stored a snapshot of its own in its place
    reload_ready(page)
    assert page.evaluate(RESTORED) is True
    context.close()
