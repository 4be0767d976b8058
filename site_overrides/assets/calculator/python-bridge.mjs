// The calculator inside a Pyodide instance, shared by the browser's worker (worker.mjs) and the Node parity harness
// (tests/calculator/pyodide_node.mjs), so the parity test runs the very code the browser runs. All Python is in
// calculator/bridge.py: answers go in as JSON text and one reply string comes out, "R" + the result JSON or
// "E" + {"message", "finding"}.

const SOURCE_ROOT = "/lc";

// Write the calculator package ({path: source}, python.json) into Pyodide's file system and import it.
export function installCalculator(pyodide, sources) {
  for (const [path, source] of Object.entries(sources)) {
    const full = `${SOURCE_ROOT}/${path}`;
    pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
    pyodide.FS.writeFile(full, source);
  }
  importCalculator(pyodide);
}

// Idempotent: after a memory snapshot is restored, the package is already imported and on the path.
export function importCalculator(pyodide) {
  pyodide.runPython(`import sys\nif "${SOURCE_ROOT}" not in sys.path:\n    sys.path.insert(0, "${SOURCE_ROOT}")\nimport calculator.bridge`);
}

// A function answers JSON -> reply string, over the calculator data (data.json's text) parsed once.
export function openSession(pyodide, dataText) {
  const session = pyodide.pyimport("calculator.bridge").Session(dataText);
  return (answersJSON) => session.reply(answersJSON);
}

// The reply as the page wants it: {result: <JSON text>} or {error: {message, finding}}.
export function readReply(reply) {
  if (reply[0] === "R") return { result: reply.slice(1) };
  return { error: JSON.parse(reply.slice(1)) };
}
