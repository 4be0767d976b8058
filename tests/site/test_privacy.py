"""Issue 11: a reader's answers never reach a server. They live in the address fragment (``#age=70&nocturnal=yes``),
which a browser sends in no request, not even as the Referer; an older ``?age=70`` link is moved into the fragment on
load, without a reload, so only that old link's own request carries them: the pages' referrer policy
(``strict-origin``, site_overrides/main.html) keeps them out of the Referer of what the page fetches before the move.

Each test serves the built site on its own server, which records every request it answers (devtools/server.py), and
records the Referer of every request Chromium makes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from devtools.guard import block_other_hosts
from devtools.server import serve
from devtools.waits import AWAIT_READY, TIMEOUT_MS, wait_for_current_result
from tests.site.calculator_helpers import address_answers
from tests.site.calculator_helpers import field as form_field

pytestmark = pytest.mark.browser

# Words of the answers these tests give, in no file name of the site.
ANSWER_WORDS = ("age=", "nocturnal", "location=", "calf")


@dataclass
class Recorded:
    page: object
    url: str
    served: list[str]  # the path (and query) of every request the server answered, in order
    referers: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def mark(self) -> tuple[int, int]:
        return len(self.served), len(self.referers)

    def since(self, mark: tuple[int, int]) -> list[str]:
        """What reached the server after ``mark``: paths, then Referers."""
        return self.served[mark[0] :] + self.referers[mark[1] :]


@pytest.fixture
def recorded(chromium, built_site) -> Iterator[Recorded]:
    served: list[str] = []
    with serve(built_site, log=served) as url:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        record = Recorded(page, url, served)
        block_other_hosts(context, record.blocked)
        context.on("request", lambda request: record.referers.append(request.header_value("referer") or ""))
        yield record
        context.close()
    assert record.blocked == []


def carrying_answers(sent: list[str]) -> list[str]:
    """The requests (paths or Referers) that hold a query, a fragment or any word of the answers."""
    return [item for item in sent if "?" in item or "#" in item or any(word in item for word in ANSWER_WORDS)]


def test_answers_given_and_reloaded_never_reach_the_server(recorded):
    page = recorded.page
    page.goto(recorded.url + "calculator/")
    page.evaluate(AWAIT_READY)
    page.locator("[data-lc-open-all]").click()  # the questions' groups fold
    page.locator("#lc-age").fill("77")
    page.get_by_label("Comes on at night or at rest in bed").check()
    form_field(page, "location").get_by_label("Calf").check()
    wait_for_current_result(page)
    assert address_answers(page) == {"age=77", "nocturnal=yes", "location=calf"}

    page.reload()
    page.evaluate(AWAIT_READY)
    wait_for_current_result(page)
    assert page.locator("#lc-age").input_value() == "77"
    assert page.get_by_label("Comes on at night or at rest in bed").is_checked()
    assert form_field(page, "location").get_by_label("Calf").is_checked()
    assert address_answers(page) == {"age=77", "nocturnal=yes", "location=calf"}

    assert "/calculator/" in recorded.served and len(recorded.served) > 10  # the recording works
    assert carrying_answers(recorded.since((0, 0))) == []


def test_an_old_query_link_moves_its_answers_into_the_fragment_and_they_are_never_sent_again(recorded):
    page = recorded.page
    page.goto(recorded.url + "calculator/?age=70&nocturnal=yes")
    page.evaluate(AWAIT_READY)
    wait_for_current_result(page)
    # The answers are in the form and the fragment; the query is gone, with no second load of the page.
    assert page.locator("#lc-age").input_value() == "70"
    assert page.get_by_label("Comes on at night or at rest in bed").is_checked()
    assert urlsplit(page.url).query == ""
    assert address_answers(page) == {"age=70", "nocturnal=yes"}
    calculator_requests = [path for path in recorded.served if path.startswith("/calculator/")]
    assert calculator_requests == ["/calculator/?age=70&nocturnal=yes"]
    # Only the old link's own request held them: no Referer of anything the page fetched repeated them.
    assert carrying_answers(recorded.referers) == []
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    # Once the page has moved them, nothing it fetches holds the answers, nor does anything after a reload.
    moved = recorded.mark()
    page.locator("#lc-age").fill("77")
    wait_for_current_result(page)
    page.reload()
    page.evaluate(AWAIT_READY)
    wait_for_current_result(page)
    assert address_answers(page) == {"age=77", "nocturnal=yes"}
    assert page.locator("#lc-age").input_value() == "77"
    assert "/calculator/" in recorded.since(moved)
    assert carrying_answers(recorded.since(moved)) == []
