// Check generator/publish/strip_source.py in Pyodide's own Python (3.14, newer than the build's): for every file
// given, the stripped text must parse to the same syntax tree as the original with its plain-string statements
// taken out (module level) or made `pass` (in a body), which is exactly what the stripper promises.
//
//   node tests/generator/publish/strip_check.mjs PAIRS_JSON
//
// PAIRS_JSON: [[name, original, stripped], ...]. Prints a JSON list of [name, problem] for every file that differs
// (empty when all agree). Runs offline from the npm package's files.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const pyodideDir = resolve(repo, "node_modules/pyodide");
const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", packages: [] });
pyodide.globals.set("pairs_json", readFileSync(process.argv[2], "utf-8"));
const problems = pyodide.runPython(`
import ast, json

class WithoutNotes(ast.NodeTransformer):
    """The tree the stripper should give: plain-string statements gone at module level, \`pass\` in a body."""

    def generic_visit(self, node):
        super().generic_visit(node)
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                kept = []
                for statement in body:
                    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and isinstance(
                        statement.value.value, str
                    ):
                        if not isinstance(node, ast.Module):
                            kept.append(ast.Pass())
                    else:
                        kept.append(statement)
                setattr(node, field, kept)
        return node

problems = []
for name, original, stripped in json.loads(pairs_json):
    try:
        after = ast.dump(ast.parse(stripped, name))
    except SyntaxError as error:
        problems.append([name, f"does not parse: {error}"])
        continue
    if after != ast.dump(WithoutNotes().visit(ast.parse(original, name))):
        problems.append([name, "parses to a different syntax tree"])
    elif original.count("\\n") != stripped.count("\\n"):
        problems.append([name, "has a different number of lines"])
json.dumps(problems)
`);
process.stdout.write(problems + "\n");
