// The calculator inside a Pyodide instance, shared by the browser's worker (worker.mjs) and the Node parity harness
// (tests/calculator/pyodide_node.mjs), so the parity test runs the very code the browser runs. All Python is in
// calculator/bridge.py: answers go in as JSON text and one reply string comes out, "R" + the result JSON or
// "E" + {"message", "finding"}.

const SOURCE_ROOT = "/lc";

// loadPyodide's lockFileContents when no package is ever loaded: the lock file's "info" (its ABI, which Pyodide
// checks) with no packages, so the 120 kB pyodide-lock.json is never fetched.
export function emptyLockFile(info) {
  return { info, packages: {} };
}

// The site ships a trimmed standard library (generator/publish/stdlib.py): only the modules start-up and the
// calculator import. Any other standard module must still import: this finder, last on sys.meta_path, sees only what
// every other finder missed; for a name whose top-level module is in the full archive (`names`), it asks JavaScript
// once for the full archive (globalThis.lcLoadFullStdlib() writes it into the file system and returns its path), puts
// it on sys.path after the trimmed one and finds the module there; a submodule of a package from the trimmed archive
// is looked up in the same package folder of the full one. Pure Python, holding no JavaScript object until it is used,
// so a memory snapshot taken after it is installed restores it as it was. Idempotent.
const FALLBACK = `
import sys
class _LcFullStdlib:
    """Finds, in the full standard library, a module the trimmed archive lacks (the archive is fetched on first use)."""

    def __init__(self, names):
        self.names = frozenset(names)
        self.trimmed = next(entry for entry in sys.path if entry.endswith(".zip"))
        self.path_finder = next(finder for finder in sys.meta_path if getattr(finder, "__name__", "") == "PathFinder")
        self.full = None

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] not in self.names:
            return None
        if self.full is None:
            import js

            self.full = str(js.lcLoadFullStdlib())
            sys.path.append(self.full)
        if path is not None:
            path = [self.full + entry[len(self.trimmed) :] for entry in path if entry.startswith(self.trimmed)]
            if not path:
                return None
        return self.path_finder.find_spec(name, path, target)

if not any(type(finder).__name__ == "_LcFullStdlib" for finder in sys.meta_path):
    sys.meta_path.append(_LcFullStdlib(NAMES))
del _LcFullStdlib
`;

// Install the fallback finder; `names` are the full archive's top-level module names (runtime.json
// "stdlib_fallback_names"), a JSON array of strings, which is also a Python list literal.
export function installStdlibFallback(pyodide, names) {
  pyodide.runPython(FALLBACK.replace("NAMES", JSON.stringify(names)));
}

// Whether the fallback has loaded the full archive (a snapshot taken then would point at a file a restore lacks).
export function stdlibFallbackUsed(pyodide) {
  return pyodide.runPython(
    `import sys\nany(type(finder).__name__ == "_LcFullStdlib" and finder.full is not None for finder in sys.meta_path)`,
  );
}

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
