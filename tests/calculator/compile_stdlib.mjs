// Compile every Python file of a trimmed standard-library archive with Pyodide's own Python, and time it, so the site
// can ship the files that cost the most to compile as bytecode (generator/publish/bytecode.py). Started by
// `python -m devtools.record_stdlib`, which chooses the files and writes generator/publish/stdlib_bytecode.zip.
//
//   node tests/calculator/compile_stdlib.mjs --pyodide DIR --archive TRIMMED_ZIP
//
// Prints a JSON array, one entry per .py member: {member, compile_ms, pyc} where pyc is the base64 of a .pyc file as
// Python's import system reads it from a zip: an unchecked hash-based header (PEP 552: no timestamp, so no build
// time, and no source in the archive to check it against), then the marshalled module, compiled for the path the
// archive has in Pyodide's file system. Its line table keeps every line number and leaves out the column ranges, as
// Python itself does under `-X no_debug_ranges`: a traceback names the same lines, without the carets under them.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

function option(name) {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) throw new Error(`--${name} is required`);
  return resolve(process.argv[index + 1]);
}

const { loadPyodide } = await import(pathToFileURL(resolve(option("pyodide"), "pyodide.mjs")).href);
const pyodide = await loadPyodide({ packages: [] });
pyodide.FS.writeFile("/tmp/trimmed.zip", readFileSync(option("archive")));

const COMPILE = `
import base64, json, sys, time, types, zipfile
import importlib._bootstrap_external as external

# Where Pyodide puts its standard library (sys.path): a module's code names its file by this path.
ARCHIVE_PATH = next(entry for entry in sys.path if entry.endswith(".zip"))
NO_COLUMNS = 13  # a line-table entry with a line and no column range (Objects/locations.md)
NO_LOCATION = 15  # an entry with no line at all (code Python generated, not written)


def _varint(value, out):
    while value >= 64:
        out.append(64 | (value & 63))
        value >>= 6
    out.append(value)


def lines_only(code):
    """code with a line table of its lines alone, and the same for every function and class body in it."""
    consts = tuple(lines_only(const) if isinstance(const, types.CodeType) else const for const in code.co_consts)
    lines = [position[0] for position in code.co_positions()]  # one per code unit
    table, previous, index = bytearray(), code.co_firstlineno, 0
    while index < len(lines):
        line, length = lines[index], 1
        while length < 8 and index + length < len(lines) and lines[index + length] == line:
            length += 1
        if line is None:
            table.append(0x80 | (NO_LOCATION << 3) | (length - 1))
        else:
            table.append(0x80 | (NO_COLUMNS << 3) | (length - 1))
            delta = line - previous
            _varint((-delta << 1) | 1 if delta < 0 else delta << 1, table)
            previous = line
        index += length
    result = code.replace(co_linetable=bytes(table), co_consts=consts)
    if list(result.co_lines()) != list(code.co_lines()):
        raise AssertionError(f"{code.co_filename}:{code.co_firstlineno}: the line table lost a line")
    return result


def compile_member(name, source):
    best = None
    for _ in range(3):  # the fastest of three: the least disturbed by the machine's other work
        started = time.perf_counter()
        code = compile(source, f"{ARCHIVE_PATH}/{name}", "exec", dont_inherit=True)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    pyc = external._code_to_hash_pyc(lines_only(code), b"\\0" * 8, checked=False)
    return {"member": name, "compile_ms": round(best * 1000, 3), "pyc": base64.b64encode(pyc).decode("ascii")}


with zipfile.ZipFile("/tmp/trimmed.zip") as archive:
    result = [compile_member(name, archive.read(name)) for name in archive.namelist() if name.endswith(".py")]
json.dumps(result)
`;

process.stdout.write(pyodide.runPython(COMPILE) + "\n");
