// Evaluate the parity vectors with the calculator running under Pyodide in Node, fully offline.
//
//   node tests/calculator/pyodide_node.mjs [--python PYTHON_JSON] [--data DATA_JSON] [--vectors VECTORS_JSON]
//
// Defaults: the built site's site/assets/calculator/{python,data}.json and parity_vectors.json next to this file.
// The calculator sources are written into Pyodide's file system exactly as the browser's worker does
// (site_overrides/assets/calculator/worker.mjs), and the answers reach Python the same way: JSON.stringify'd in
// JavaScript, json.loads'd in Python. Prints one line per vector: the sorted result JSON, or
// "ValidationError: <message>" when the answers are rejected.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : resolve(process.argv[index + 1]);
}

const pythonPath = option("python", resolve(repo, "site/assets/calculator/python.json"));
const dataPath = option("data", resolve(repo, "site/assets/calculator/data.json"));
const vectorsPath = option("vectors", resolve(here, "parity_vectors.json"));

const { loadPyodide } = await import(resolve(repo, "node_modules/pyodide/pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL: resolve(repo, "node_modules/pyodide") + "/", packages: [], fullStdLib: false });

for (const [path, source] of Object.entries(JSON.parse(readFileSync(pythonPath, "utf-8")))) {
  const full = `/lc/${path}`;
  pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
  pyodide.FS.writeFile(full, source);
}
pyodide.globals.set("_lc_data_json", readFileSync(dataPath, "utf-8"));
pyodide.runPython(`
import json, sys
sys.path.insert(0, "/lc")
import calculator

_lc_data = json.loads(_lc_data_json)
del _lc_data_json


def _lc_evaluate(answers_json):
    try:
        result = calculator.evaluate(_lc_data, json.loads(answers_json))
    except calculator.ValidationError as error:
        return f"ValidationError: {error}"
    return json.dumps(result, sort_keys=True, ensure_ascii=False)
`);
const evaluate = pyodide.globals.get("_lc_evaluate");

const lines = JSON.parse(readFileSync(vectorsPath, "utf-8")).map((vector) => evaluate(JSON.stringify(vector.answers)));
process.stdout.write(lines.join("\n") + "\n");
