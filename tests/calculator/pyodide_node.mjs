// Evaluate the parity vectors with the calculator running under Pyodide in Node, fully offline, through the very
// module the browser's worker uses (assets/calculator/python-bridge.mjs of the built site).
//
//   node tests/calculator/pyodide_node.mjs [--site SITE_DIR] [--vectors VECTORS_JSON]
//
// Defaults: the built site in site/ and parity_vectors.json next to this file. Prints one line per vector: the
// bridge's reply, "R" + the sorted result JSON or "E" + the validation error JSON (calculator/bridge.py).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : resolve(process.argv[index + 1]);
}

const site = option("site", resolve(repo, "site"));
const vectorsPath = option("vectors", resolve(here, "parity_vectors.json"));
const calculatorDir = resolve(site, "assets/calculator");
// The runtime is in a folder named after its Pyodide version, which runtime.json gives relative to itself.
const runtime = JSON.parse(readFileSync(resolve(calculatorDir, "runtime.json"), "utf-8"));
const pyodideDir = resolve(calculatorDir, runtime.index_url);

const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const bridge = await import(pathToFileURL(resolve(calculatorDir, "python-bridge.mjs")).href);
const { emptyLockFile, installCalculator, installStdlibFallback, openSession } = bridge;
// As the browser's worker starts it: the site's trimmed standard library (the full one read from disk if a module is
// missing from it) and no lock file.
const pyodide = await loadPyodide({
  indexURL: pyodideDir + "/",
  packages: [],
  stdLibURL: resolve(pyodideDir, runtime.stdlib),
  lockFileContents: emptyLockFile(runtime.lock_info),
});
globalThis.lcLoadFullStdlib = () => {
  pyodide.FS.writeFile("/lib/python_stdlib_full.zip", readFileSync(resolve(pyodideDir, "python_stdlib.zip")));
  return "/lib/python_stdlib_full.zip";
};
installStdlibFallback(pyodide, runtime.stdlib_fallback_names);
if (process.argv.includes("--import")) {
  // Import the named modules first and say where each came from (tests/generator/publish/test_stdlib.py).
  const names = process.argv[process.argv.indexOf("--import") + 1].split(",");
  const origins = names.map((name) => pyodide.runPython(`import importlib; importlib.import_module("${name}").__file__`));
  process.stdout.write(JSON.stringify(origins) + "\n");
}
installCalculator(pyodide, JSON.parse(readFileSync(resolve(calculatorDir, "python.json"), "utf-8")));
const answer = openSession(pyodide, readFileSync(resolve(calculatorDir, "data.json"), "utf-8"));

const lines = JSON.parse(readFileSync(vectorsPath, "utf-8")).map((vector) => answer(JSON.stringify(vector.answers)));
process.stdout.write(lines.join("\n") + "\n");
