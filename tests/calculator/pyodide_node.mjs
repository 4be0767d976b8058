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
const { installCalculator, openSession } = await import(pathToFileURL(resolve(calculatorDir, "python-bridge.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", packages: [], fullStdLib: false });
installCalculator(pyodide, JSON.parse(readFileSync(resolve(calculatorDir, "python.json"), "utf-8")));
const answer = openSession(pyodide, readFileSync(resolve(calculatorDir, "data.json"), "utf-8"));

const lines = JSON.parse(readFileSync(vectorsPath, "utf-8")).map((vector) => answer(JSON.stringify(vector.answers)));
process.stdout.write(lines.join("\n") + "\n");
