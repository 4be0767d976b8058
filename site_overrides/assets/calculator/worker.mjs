// The calculator's Web Worker: loads the self-hosted Pyodide runtime and the calculator package, then
// evaluates answers with the very same Python module the site's build and the CLI use. A module worker,
// because Pyodide 314 refuses classic workers. It fetches only from this site.
import { loadPyodide } from "../pyodide/pyodide.mjs";

let evaluateJSON = null;

function post(message) {
  self.postMessage(message);
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

async function fetchJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

async function start({ indexURL, runtimeURL, pythonURL, dataURL }) {
  const started = performance.now();
  const runtime = JSON.parse(await fetchJSON(runtimeURL));
  const originalFetch = self.fetch;
  self.fetch = countingFetch(runtime.download_bytes, (loaded, total) =>
    post({ type: "progress", stage: "download", loaded, total }),
  );
  let pyodide;
  try {
    pyodide = await loadPyodide({ indexURL, packages: [], fullStdLib: false });
  } finally {
    self.fetch = originalFetch;
  }
  const runtimeReady = performance.now();
  post({ type: "progress", stage: "calculator" });
  const [sources, dataText] = await Promise.all([fetchJSON(pythonURL), fetchJSON(dataURL)]);
  for (const [path, source] of Object.entries(JSON.parse(sources))) {
    const full = `/lc/${path}`;
    pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
    pyodide.FS.writeFile(full, source);
  }
  pyodide.globals.set("_lc_data_json", dataText);
  pyodide.runPython(`
import json, sys
sys.path.insert(0, "/lc")
import calculator

_lc_data = json.loads(_lc_data_json)
del _lc_data_json


def _lc_evaluate(answers_json):
    """'R' + the result as sorted JSON (byte for byte what CPython prints), or 'E' + the validation error."""
    try:
        answers = json.loads(answers_json)
    except ValueError as error:
        return "E" + json.dumps({"message": f"answers are not valid JSON: {error}", "finding": None})
    try:
        result = calculator.evaluate(_lc_data, answers)
    except calculator.ValidationError as error:
        return "E" + json.dumps({"message": str(error), "finding": error.finding})
    return "R" + json.dumps(result, sort_keys=True, ensure_ascii=False)
`);
  evaluateJSON = pyodide.globals.get("_lc_evaluate");
  const data = JSON.parse(dataText);
  post({
    type: "ready",
    version: data.version,
    data, // the page renders with it, so it never fetches data.json again once the calculator is ready
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    timings: { runtime_ms: runtimeReady - started, total_ms: performance.now() - started },
  });
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    try {
      await start(message);
    } catch (error) {
      post({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
    return;
  }
  if (message.type === "evaluate") {
    if (!evaluateJSON) {
      post({ type: "reply", id: message.id, reply: "E" + JSON.stringify({ message: "the calculator is not ready" }) });
      return;
    }
    post({ type: "reply", id: message.id, reply: evaluateJSON(message.answers) });
  }
};
