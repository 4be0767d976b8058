"""devtools.waits.wait_until: poll an expression in the page until it is true, or give up with TimeoutError."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.waits import POLL_MS, wait_until


class FakePage:
    """Answers ``evaluate`` from a list, one answer a call (the last one forever); records what it was asked."""

    def __init__(self, answers: list[Any]) -> None:
        self.answers = answers
        self.evaluated: list[tuple[str, Any]] = []
        self.waited_ms: list[float] = []

    def evaluate(self, expression: str, arg: Any = None) -> Any:
        self.evaluated.append((expression, arg))
        return self.answers[min(len(self.evaluated), len(self.answers)) - 1]

    def wait_for_timeout(self, ms: float) -> None:
        self.waited_ms.append(ms)


def test_returns_at_the_first_truthy_answer_polling_in_between():
    page = FakePage([False, None, 0, ["cache"]])
    wait_until(page, "caches.keys()", "arg")
    assert page.evaluated == [("caches.keys()", "arg")] * 4
    assert page.waited_ms == [POLL_MS] * 3


def test_a_state_already_reached_costs_one_evaluation_and_no_wait():
    page = FakePage([True])
    wait_until(page, "true")
    assert page.evaluated == [("true", None)]
    assert page.waited_ms == []


def test_gives_up_with_timeout_error_naming_the_expression():
    page = FakePage([False])
    with pytest.raises(TimeoutError, match=r"^not true after 0\.0 s: never$"):
        wait_until(page, "never", timeout_s=0.0)
