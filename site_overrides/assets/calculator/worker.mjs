// The calculator's Web Worker: loads the self-hosted Pyodide runtime and the calculator package, then
// evaluates answers with the very same Python module the site's build and the CLI use. A module worker,
// because Pyodide 314 refuses classic workers. It fetches only from this site.
// Imported, not statically: a static import would hold this module, and so the "init" message, until both had
// arrived, while start() can set the runtime's downloads going first (on a slow network, one round trip sooner).
const modules = Promise.all([import("./python-bridge.mjs"), import("./snapshot-store.mjs")]);
modules.catch(() => {}); // awaited in start(), which reports the failure

let answer = null; // answers JSON -> the reply ({result} or {error}), once the calculator is loaded

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

// The runtime files the page names, fetched the moment the worker starts (worker-client.mjs): URL -> the response
// promise, handed to Pyodide when it asks for that URL (countingFetch), so each file is requested once.
function prefetch(urls) {
  const early = new Map();
  for (const url of urls ?? []) {
    const response = fetch(url);
    response.catch(() => {}); // Pyodide's own request for it reports a failure
    early.set(url, response);
  }
  return early;
}

// Pyodide's fetch: a request for a prefetched file gets the prefetched response (once; a second request for it goes
// to the network). With `onProgress`, it counts the bytes of the runtime as they arrive, so the page can show real
// download progress. The count reads a clone: Pyodide gets the original response, URL intact, so Chromium can reuse
// its cached compiled wasm.
function countingFetch(total, early, onProgress) {
  const originalFetch = self.fetch.bind(self);
  let loaded = 0;
  return async (resource, init) => {
    const url = new URL(resource instanceof Request ? resource.url : String(resource), self.location.href).href;
    const prefetched = early.get(url);
    early.delete(url);
    const response = await (prefetched ?? originalFetch(resource, init));
    if (onProgress && response.body) {
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

// Pyodide's module factory (pyodide.asm.mjs, loadPyodide's createPyodideModule option), made to wait for this
// device's snapshot only once it has instantiated the wasm and linked it, about 100 ms of work here that needs only the
// snapshot's length: loadPyodide sizes the memory from `_loadSnapshot` (the buffer openSnapshot is still reading into,
// used as it is, not copied) and copies its bytes in only after the factory returns, so the read and the linking
// overlap. A snapshot that could not be read fails loadPyodide, and Python starts the normal way. Were a later Pyodide
// to read the buffer sooner, the restored-runtime parity tests (tests/calculator/test_parity.py) would fail.
function afterSnapshotRead(createPyodideModule, complete) {
  return async (settings) => {
    const module = await createPyodideModule(settings);
    if (!(await complete)) throw new Error("the snapshot stored on this device could not be read");
    return module;
  };
}

async function fetchJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

// What the worker can learn before it may download the runtime (the page asks with "prepare" as it is parsed, or
// "init" does): runtime.json, Pyodide's small loader module (7 kB compressed) and this device's snapshot, if any. None
// of them is the runtime itself, whose megabytes wait for "init", once the page has painted. Each step starts the
// moment what it needs has arrived, not after the others: on the way to a cold start they are one round trip each.
let prepared = null;

function prepare(runtimeURL) {
  prepared ??= (async () => {
    const runtime = JSON.parse(await fetchJSON(runtimeURL));
    // The runtime lives in a folder named after its version, which runtime.json gives relative to itself.
    const indexURL = new URL(runtime.index_url, runtimeURL).href;
    const pyodideModule = import(new URL("pyodide.mjs", indexURL).href);
    pyodideModule.catch(() => {}); // awaited in start(), which reports a failure
    // A memory snapshot of an interpreter that has already imported the calculator, kept on this device after the
    // first visit (snapshot-store.mjs): restoring it skips Python's start-up (about 200 ms instead of 1.5 s). Keyed by
    // the store's format, the Pyodide version, the calculator sources' hash and the trimmed standard library's name
    // (Python's import system keeps that archive's index in memory), so a new build never restores stale code.
    const key = `snapshot/packed/${runtime.pyodide}/${runtime.python_hash}/${runtime.stdlib}`;
    const snapshotKey = new URL(key, runtimeURL).href;
    const read = ([, store]) => store.openSnapshot(snapshotKey);
    const snapshot = "caches" in self ? modules.then(read) : Promise.resolve(null);
    snapshot.catch(() => {}); // awaited in start(), which reports a failure
    return { runtime, indexURL, pyodideModule, snapshotKey, snapshot };
  })();
  return prepared;
}

async function start({ prefetch: urls, runtimeURL, pythonURL, dataURL }) {
  const started = performance.now();
  const early = prefetch(urls);
  // The calculator's data downloads while Pyodide starts; it is small and needed right after it.
  const dataFile = fetchJSON(dataURL);
  dataFile.catch(() => {}); // awaited below, which reports a failure: until then it is not an uncaught one
  const [bridge, { saveSnapshot }] = await modules;
  const { emptyLockFile, importCalculator, installCalculator, installStdlibFallback } = bridge;
  const { openSession, readReply, stdlibFallbackUsed } = bridge;
  const { runtime, indexURL, pyodideModule, snapshotKey, snapshot: stored } = await prepare(runtimeURL);
  // Pyodide's JavaScript half (260 kB compressed), which loadPyodide imports (by the same URL) only once it has
  // started: imported now, it downloads and compiles alongside the wasm and the standard library. Not before "init":
  // it is one of the runtime's downloads.
  const asmModule = import(new URL("pyodide.asm.mjs", indexURL).href);
  asmModule.catch(() => {}); // loadPyodide's own import reports a failure
  const snapshot = await stored;
  // The calculator's sources, needed only to start Python cold (a restored snapshot has already imported them):
  // requested once the snapshot read has said which start this is, still long before Python is ready for them.
  const sources = snapshot ? null : fetchJSON(pythonURL);
  sources?.catch(() => {}); // awaited below, which reports a failure
  const originalFetch = self.fetch;
  // The stages the page shows, as they really happen. A cold start: the download (by bytes), then compiling the runtime
  // and starting Python (no byte count: the page shows that it is busy, never a full bar). A warm start: restoring this
  // device's snapshot, and only that: its files come from this device too, and counting them would tell the reader
  // (and a screen reader, five times) of a download that is not happening. Then loading the calculator.
  let downloadProgress = null;
  if (snapshot) post({ type: "progress", stage: "restore" });
  else {
    let downloaded = false;
    let percent = -1; // the page is told of each whole percent, not of every chunk: each message is work on its thread
    downloadProgress = (loaded, total) => {
      if (downloaded) return;
      const now = Math.floor((100 * Math.min(loaded, total)) / total);
      if (now === percent) return;
      percent = now;
      post({ type: "progress", stage: "download", loaded, total });
      if (loaded >= total) {
        downloaded = true;
        post({ type: "progress", stage: "start" });
      }
    };
  }
  self.fetch = countingFetch(runtime.download_bytes, early, downloadProgress);
  let pyodide = null;
  let restored = false;
  const { loadPyodide } = await pyodideModule;
  // The site's trimmed standard library, and no lock file to fetch: the calculator loads no package.
  const [stdLibURL, lockFileContents] = [new URL(runtime.stdlib, indexURL).href, emptyLockFile(runtime.lock_info)];
  const options = { indexURL, packageBaseUrl: indexURL, packages: [], stdLibURL, lockFileContents };
  try {
    if (snapshot) {
      try {
        const createPyodideModule = afterSnapshotRead((await asmModule).default, snapshot.complete);
        pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot.memory, createPyodideModule });
        restored = true;
      } catch (error) {
        console.warn("the snapshot could not be restored; starting Python", error);
        post({ type: "progress", stage: "start" });
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
  let taken = null; // this visit's snapshot, to save
  if (restored) importCalculator(pyodide);
  else {
    installCalculator(pyodide, JSON.parse(await (sources ?? fetchJSON(pythonURL)))); // a failed restore fetches them now
    // Taken before any proxy to Python objects exists; not when the full standard library was needed already, whose
    // file a restored runtime would not have.
    if ("caches" in self && !stdlibFallbackUsed(pyodide)) taken = pyodide.makeMemorySnapshot();
  }
  const dataText = await dataFile;
  const session = openSession(pyodide, dataText);
  readReply(session("{}")); // data the calculator cannot use fails the start, not the reader's first answer
  answer = (answers) => readReply(session(answers));
  const data = JSON.parse(dataText);
  post({
    type: "ready",
    version: data.version,
    data, // the page renders with it, so it never fetches data.json again once the calculator is ready
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    restored,
    timings: { runtime_ms: runtimeReady - started, total_ms: performance.now() - started },
  });
  // Saved once the calculator is ready, not before: the write takes about 100 ms here and needs no answer from Python.
  // A reload the moment it is ready still found it in 8 reloads of 8 here (the new page's worker reads it only after
  // its own start); a write cut short stores nothing (snapshot-store.mjs checks), and that visit starts cold.
  if (taken) saveSnapshot(snapshotKey, taken);
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "prepare") {
    prepare(message.runtimeURL).catch(() => {}); // "init" asks again, and reports a failure
    return;
  }
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
      post({ type: "reply", id: message.id, ...answer(message.answers) });
    } catch (error) {
      // A bug, not bad answers: say so rather than leave the page waiting for a reply that never comes.
      post({ type: "reply", id: message.id, error: { message: `the calculator failed: ${describe(error)}`, finding: null } });
    }
  }
};
