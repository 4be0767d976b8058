"""``python -m calculator --data calculator-data.json --answers '{...}'``: evaluate without the project installed.

Only the standard library is needed (the data comes from ``legcramps export-data``). Prints the result as sorted
JSON; unreadable data or bad answers exit 2 with one ``error:`` line.
"""

from __future__ import annotations

import argparse
import json
import sys

from calculator.bridge import evaluate_json

EXIT_BAD_INPUT = 2


def _read(path: str, what: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot read {what} {path}: {error}") from None


def _load_data(path: str) -> dict:
    try:
        data = json.loads(_read(path, "the calculator data"))
    except RecursionError:
        raise ValueError(f"{path} is not calculator data: nested too deeply") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not calculator data: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ValueError(f"{path} is not calculator data (write it with `legcramps export-data`)")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculator", description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="calculator data JSON (legcramps export-data)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--answers", help="answers as a JSON object")
    source.add_argument("--answers-file", help="file holding the answers JSON object")
    args = parser.parse_args(argv)
    try:
        data = _load_data(args.data)
        text = args.answers if args.answers is not None else _read(args.answers_file, "answers")
        print(evaluate_json(data, text))
    except ValueError as error:  # ValidationError is a ValueError
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


if __name__ == "__main__":
    sys.exit(main())
