"""``python -m calculator --data calculator-data.json --answers '{...}'``: evaluate without the project installed.

Only the standard library is needed (the data comes from ``legcramps export-data``). Prints the result as sorted
JSON; bad answers exit 2 with one ``error:`` line.
"""

from __future__ import annotations

import argparse
import json
import sys

from calculator import evaluate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculator", description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="calculator data JSON (legcramps export-data)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--answers", help="answers as a JSON object")
    source.add_argument("--answers-file", help="file holding the answers JSON object")
    args = parser.parse_args(argv)
    with open(args.data, encoding="utf-8") as handle:
        data = json.load(handle)
    try:
        if args.answers is not None:
            text = args.answers
        else:
            with open(args.answers_file, encoding="utf-8") as handle:
                text = handle.read()
        answers = json.loads(text)
        result = evaluate(data, answers)
    except (ValueError, OSError) as error:  # ValidationError is a ValueError; so are JSON errors
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result, sort_keys=True, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
