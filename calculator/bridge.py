"""Text in, text out: the one doorway to the calculator for every caller that holds JSON rather than Python objects.

The browser's worker (through site_overrides/assets/calculator/python-bridge.mjs), the Node parity harness, ``python
-m calculator`` and ``legcramps evaluate`` all pass the answers as JSON text through this module, so they parse,
reject and serialise identically, and the parity test exercises the code the browser runs.

Two forms of the same thing:

- :func:`evaluate_json` for Python callers: the result as sorted JSON, or :class:`ValidationError`.
- :class:`Session` / :func:`reply` for JavaScript, where an exception should not cross the boundary: one string,
  ``"R"`` + the result JSON, or ``"E"`` + ``{"message": ..., "finding": ...}``.

Answers that are not JSON, are nested too deeply for the parser, or hold a number Python refuses (an integer of
thousands of digits) are a :class:`ValidationError` naming no finding, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from calculator.errors import ValidationError
from calculator.evaluate import evaluate

RESULT = "R"
ERROR = "E"


def result_json(result: Mapping[str, Any]) -> str:
    """The contract's serialisation: keys sorted, non-ASCII kept (byte-identical in CPython and Pyodide)."""
    return json.dumps(result, sort_keys=True, ensure_ascii=False)


def parse_answers(answers_json: str) -> Any:
    """The answers JSON as Python values; anything unreadable is a :class:`ValidationError`."""
    try:
        return json.loads(answers_json)
    except RecursionError:
        raise ValidationError("answers are not valid JSON: nested too deeply") from None
    except ValueError as error:  # JSONDecodeError, and integers longer than Python converts
        raise ValidationError(f"answers are not valid JSON: {error}") from None


def evaluate_json(data: Mapping[str, Any], answers_json: str) -> str:
    """The result for ``answers_json`` as sorted JSON; raises :class:`ValidationError` for unusable answers."""
    return result_json(evaluate(data, parse_answers(answers_json)))


def reply(data: Mapping[str, Any], answers_json: str) -> str:
    """``"R"`` + the result JSON, or ``"E"`` + the validation error as ``{"message", "finding"}`` JSON."""
    try:
        return RESULT + evaluate_json(data, answers_json)
    except ValidationError as error:
        return ERROR + json.dumps({"message": str(error), "finding": error.finding}, ensure_ascii=False)


class Session:
    """The calculator data parsed once, answering many evaluations (the worker keeps one for the page's life)."""

    def __init__(self, data_json: str) -> None:
        self.data = json.loads(data_json)

    def reply(self, answers_json: str) -> str:
        return reply(self.data, answers_json)
