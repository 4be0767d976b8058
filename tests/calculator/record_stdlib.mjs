// Record the standard-library files the calculator's Python really imports, from Pyodide's start-up to the last parity
// vector, so the site can ship only those (generator/publish/stdlib.py). Runs the very path the browser's worker runs
// (site_overrides/assets/calculator/python-bridge.mjs): start with a memory snapshot enabled, install the stdlib
// fallback, install and import the calculator, take the snapshot, evaluate every vector (and answers it rejects), then
// restore the snapshot in a second runtime and evaluate again. Started by `python -m devtools.record_stdlib`.
//
//   node tests/calculator/record_stdlib.mjs --pyodide DIR --calculator DIR --vectors VECTORS_JSON
//
// --calculator holds python.json and data.json as the build writes them. Prints a JSON array of the archive's
// member paths ("json/__init__.py", ...) whose modules were loaded from python_stdlib.zip (frozen and built-in
// modules are not: they never read the archive).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

function option(name) {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) throw new Error(`--${name} is required`);
  return resolve(process.argv[index + 1]);
}

const pyodideDir = option("pyodide");
const calculatorDir = option("calculator");
const vectors = JSON.parse(readFileSync(option("vectors"), "utf-8"));
const here = new URL(".", import.meta.url);
const bridge = await import(new URL("../../site_overrides/assets/calculator/python-bridge.mjs", here).href);
const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const sources = JSON.parse(readFileSync(resolve(calculatorDir, "python.json"), "utf-8"));
const dataText = readFileSync(resolve(calculatorDir, "data.json"), "utf-8");
const rejected = [{ age: 200 }, { no_such_finding: true }, { abi_dp_left: -1 }, { abi_result: ["abnormal"] }];

// Loaded from the full archive: every name counts as a miss the fallback would serve, so none is expected.
globalThis.lcLoadFullStdlib = () => {
  throw new Error("the full archive is already the one loaded");
};

const LOADED_FROM_ARCHIVE = `
import sys
_archive = next(entry for entry in sys.path if entry.endswith(".zip")) + "/"
sorted({
    module.__file__[len(_archive):]
    for module in list(sys.modules.values())
    if isinstance(getattr(module, "__file__", None), str)
    and module.__file__.startswith(_archive)
    and getattr(getattr(module, "__spec__", None), "origin", None) != "frozen"
})`;

function exercise(pyodide, { install }) {
  bridge.installStdlibFallback(pyodide, []);
  if (install) bridge.installCalculator(pyodide, sources);
  else bridge.importCalculator(pyodide);
  const snapshot = install ? pyodide.makeMemorySnapshot() : null;
  const answer = bridge.openSession(pyodide, dataText);
  bridge.readReply(answer("{}"));
  for (const vector of [...vectors.map((item) => item.answers), ...rejected]) bridge.readReply(answer(JSON.stringify(vector)));
  pyodide.runPython("import sys; sys.version.split()[0]");
  return { snapshot, loaded: pyodide.runPython(LOADED_FROM_ARCHIVE).toJs() };
}

const lockInfo = JSON.parse(readFileSync(resolve(pyodideDir, "pyodide-lock.json"), "utf-8")).info;
const options = { indexURL: pyodideDir + "/", packages: [], lockFileContents: bridge.emptyLockFile(lockInfo) };
const cold = exercise(await loadPyodide({ ...options, _makeSnapshot: true }), { install: true });
const warm = exercise(await loadPyodide({ ...options, _loadSnapshot: cold.snapshot }), { install: false });
process.stdout.write(JSON.stringify([...new Set([...cold.loaded, ...warm.loaded])].sort()) + "\n");
