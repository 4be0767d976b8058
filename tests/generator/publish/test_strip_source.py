"""Comments and docstrings leave the trimmed standard library's files, and nothing else does (strip_source.py).

The files are Pyodide's Python 3.14; the last test checks every file of the trimmed archive in that very Python.
"""

from __future__ import annotations

import json
import subprocess
import zipfile

from generator.publish.stdlib import read_module_list, with_packages
from generator.publish.strip_source import strip_source
from tests.conftest import REPO_ROOT
from tests.generator.publish.conftest import INSTALLED_STDLIB

CHECK = REPO_ROOT / "tests" / "generator" / "publish" / "strip_check.mjs"


def test_comments_go_with_the_blanks_before_them_and_every_line_stays():
    source = "x = 1  # one\n# a whole line\n\ny = 2\n"
    assert strip_source(source) == "x = 1\n\n\ny = 2\n"


def test_a_docstring_in_a_body_becomes_pass_on_its_first_line_keeping_the_lines_after_it():
    source = 'def f():\n    """Say why.\n\n    More.\n    """\n    return 1\n'
    assert strip_source(source) == "def f():\n    pass\n\n\n\n    return 1\n"


def test_a_body_that_was_only_a_docstring_is_still_a_body():
    assert strip_source('class Marker:\n    "Nothing else."\n') == "class Marker:\n    pass\n"


def test_the_module_docstring_goes_entirely_so_a_future_import_may_still_follow():
    source = '"""Module."""\nfrom __future__ import annotations\n'
    assert strip_source(source) == "\nfrom __future__ import annotations\n"
    compile(strip_source(source), "m.py", "exec")


def test_a_coding_line_stays():
    source = "#!/usr/bin/env python3\n# -*- coding: latin-1 -*-\nx = 1\n"
    assert strip_source(source) == "\n# -*- coding: latin-1 -*-\nx = 1\n"


def test_strings_that_are_values_stay_with_any_hash_inside_them():
    source = (
        'x = "# not a comment"\n'
        "call(\n    'argument'\n)\n"
        'y = """\n# inside a string\n"""\n'
        '"%s" % x\n'
        '"a".join(x)\n'
        "z = 1; 'after a semicolon'\n"
        "if x: 'on the same line'\n"
    )
    assert strip_source(source) == source


def test_an_f_string_statement_runs_its_fields_so_it_stays():
    source = "def f():\n    f'{log()}'\n    b'bytes'\n"
    assert strip_source(source) == source


def test_f_string_fields_are_code_and_their_format_specs_are_text():
    source = (
        "a = f'{x:#x} {y!r:>{width}} {d[\"k\"]} {{literal}}'  # note\n"
        "b = f\"{value:{fill}^10}\" f\"{ {'k': 1}['k'] }\"\n"
        "c = rf'\\d{n}' rb'\\x' '\\''\n"
    )
    assert strip_source(source) == source.replace("  # note", "")


def test_a_line_joined_by_a_backslash_is_one_statement():
    source = "x = \\\n    'value'\n"
    assert strip_source(source) == source


def test_in_pyodides_python_every_trimmed_file_keeps_its_syntax_tree_less_its_notes(tmp_path):
    archive = zipfile.ZipFile(INSTALLED_STDLIB)
    available = {info.filename for info in archive.infolist()}
    pairs = []
    for name in with_packages(read_module_list(), available):
        original = archive.read(name).decode("utf-8")
        pairs.append([name, original, strip_source(original)])
    (tmp_path / "pairs.json").write_text(json.dumps(pairs), encoding="utf-8")
    result = subprocess.run(
        ["node", str(CHECK), str(tmp_path / "pairs.json")], capture_output=True, text=True, timeout=300, check=True
    )
    assert json.loads(result.stdout) == []
    assert len(pairs) > 100
