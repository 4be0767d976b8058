// The calculator's Web Worker: loads the self-hosted Pyodide runtime and the calculator package, then
// evaluates answers with the very same Python module the site's build and the CLI use. A module worker,
// because Pyodide 314 refuses classic workers. It fetches only from this site.
import { emptyLockFile, importCalculator, installCalculator, installStdlibFallback } from "./python-bridge.mjs";
import { openSession, readReply, stdlibFallbackUsed } from "./python-bridge.mjs";

let answer = null; // answers JSON -> reply string, once the calculator is loaded

function post(message) {
  self.postMessage(message);
}

// An error in one line for the page: a Python exception's last line ("ValueError: ..."), not its traceback, which
// goes to the console.
function describe(error) {
  console.error(error);
  const lines = String(error?.message ?? error).trim().split("\n");
  return lines[lines.length - 1].trim() || "unknown error";
}

// Count the bytes of the runtime as they arrive, so the page can show real download progress. The count reads a
// clone: Pyodide gets the original response, URL intact, so Chromium can reuse its cached compiled wasm.
function countingFetch(total, onProgress) {
  const originalFetch = self.fetch.bind(self);
  let loaded = 0;
  return async (resource, init) => {
    const response = await originalFetch(resource, init);
    if (response.body) {
      const reader = response.clone().body.getReader();
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          loaded += value.byteLength;
          onProgress(loaded, total);
        }
      })().catch(() => {});
    }
    return response;
  };
}

// The full standard library, for a module the site's trimmed archive lacks (python-bridge.mjs installStdlibFallback
// calls it from Python's import machinery, which cannot wait for a promise): a synchronous request, which a worker
// may make, written into Pyodide's file system. Served by the service worker offline, like every runtime file.
function fullStdlibLoader(url, pyodide) {
  return () => {
    const request = new XMLHttpRequest();
    request.open("GET", url, false);
    request.responseType = "arraybuffer";
    request.send();
    if (request.status !== 200) throw new Error(`${url}: HTTP ${request.status}`);
    const path = "/lib/python_stdlib_full.zip";
    pyodide.FS.writeFile(path, new Uint8Array(request.response));
    return path;
  };
}

async function fetchJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

// A memory snapshot of an interpreter that has already imported the calculator, kept on this device after the
// first visit: restoring it skips Python's start-up (about 200 ms instead of 1.5 s). Keyed by the Pyodide version,
// the calculator sources' hash and the trimmed standard library's name (Python's import system keeps that archive's
// index in memory), so a new build never restores stale code. Outside the service worker's "legcramps-" caches,
// which each build replaces. Stored as it is, not gzipped: saving it is then quick enough to finish before the
// calculator says it is ready, so even a reload the moment it is ready finds it, and restoring skips the gunzip.
const SNAPSHOT_CACHE = "lc-pyodide-snapshot";

async function readSnapshot(key) {
  try {
    const response = await (await caches.open(SNAPSHOT_CACHE)).match(key);
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

async function saveSnapshot(key, bytes) {
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    for (const request of await cache.keys()) if (request.url !== key) await cache.delete(request);
    await cache.put(key, new Response(bytes));
  } catch {
    // No room or no Cache Storage: the next visit simply starts Python the normal way.
  }
}

async function start({ runtimeURL, pythonURL, dataURL }) {
  const started = performance.now();
  // The calculator's own files download while Pyodide starts; they are small and needed right after it.
  const files = Promise.all([fetchJSON(pythonURL), fetchJSON(dataURL)]);
  files.catch(() => {}); // awaited below, which reports a failure: until then it is not an uncaught one
  const runtime = JSON.parse(await fetchJSON(runtimeURL));
  // The runtime lives in a folder named after its version, which runtime.json gives relative to itself.
  const indexURL = new URL(runtime.index_url, runtimeURL).href;
  const pyodideModule = import(new URL("pyodide.mjs", indexURL).href);
  const snapshotKey = new URL(`snapshot/${runtime.pyodide}/${runtime.python_hash}/${runtime.stdlib}`, runtimeURL).href;
  const snapshot = "caches" in self ? await readSnapshot(snapshotKey) : null;
  const originalFetch = self.fetch;
  // The stages the page shows, as they really happen: the download (by bytes), then compiling the runtime and
  // starting Python (no byte count: the page shows that it is busy, never a full bar), or restoring this device's
  // snapshot (a warm start), then loading the calculator.
  if (snapshot) post({ type: "progress", stage: "restore" });
  let downloaded = false;
  self.fetch = countingFetch(runtime.download_bytes, (loaded, total) => {
    if (downloaded) return;
    post({ type: "progress", stage: "download", loaded, total });
    if (loaded >= total) {
      downloaded = true;
      if (!snapshot) post({ type: "progress", stage: "start" });
    }
  });
  let pyodide = null;
  let restored = false;
  const { loadPyodide } = await pyodideModule;
  // The site's trimmed standard library, and no lock file to fetch: the calculator loads no package.
  const [stdLibURL, lockFileContents] = [new URL(runtime.stdlib, indexURL).href, emptyLockFile(runtime.lock_info)];
  const options = { indexURL, packageBaseUrl: indexURL, packages: [], stdLibURL, lockFileContents };
  try {
    if (snapshot) {
      try {
        pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot });
        restored = true;
      } catch (error) {
        console.warn("the snapshot could not be restored; starting Python", error);
        pyodide = null;
      }
    }
    if (!pyodide) pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
  } finally {
    self.fetch = originalFetch;
  }
  self.lcPyodide = pyodide; // for tests/site/test_calculator_loading.py, which imports modules through this worker
  self.lcLoadFullStdlib = fullStdlibLoader(new URL("python_stdlib.zip", indexURL).href, pyodide);
  installStdlibFallback(pyodide, runtime.stdlib_fallback_names); // already there in a restored snapshot
  const runtimeReady = performance.now();
  post({ type: "progress", stage: "calculator" });
  const [sources, dataText] = await files;
  let saving = null;
  if (restored) importCalculator(pyodide);
  else {
    installCalculator(pyodide, JSON.parse(sources));
    // Taken before any proxy to Python objects exists, and saved before "ready" (see saveSnapshot); not when the full
    // standard library was needed already, whose file a restored runtime would not have.
    if ("caches" in self && !stdlibFallbackUsed(pyodide)) saving = saveSnapshot(snapshotKey, pyodide.makeMemorySnapshot());
  }
  const session = openSession(pyodide, dataText);
  readReply(session("{}")); // data the calculator cannot use fails the start, not the reader's first answer
  const savingFrom = performance.now();
  await saving;
  const snapshotWait = performance.now() - savingFrom;
  answer = session;
  const data = JSON.parse(dataText);
  post({
    type: "ready",
    version: data.version,
    data, // the page renders with it, so it never fetches data.json again once the calculator is ready
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    restored,
    timings: { runtime_ms: runtimeReady - started, snapshot_wait_ms: snapshotWait, total_ms: performance.now() - started },
  });
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    try {
      await start(message);
    } catch (error) {
      post({ type: "failed", message: describe(error) });
    }
    return;
  }
  if (message.type === "evaluate") {
    if (!answer) {
      post({ type: "reply", id: message.id, error: { message: "the calculator is not ready", finding: null } });
      return;
    }
    try {
      post({ type: "reply", id: message.id, ...readReply(answer(message.answers)) });
    } catch (error) {
      // A bug, not bad answers: say so rather than leave the page waiting for a reply that never comes.
      post({ type: "reply", id: message.id, error: { message: `the calculator failed: ${describe(error)}`, finding: null } });
    }
  }
};
