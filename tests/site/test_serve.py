"""`mkdocs serve` (what `make serve` runs) rebuilds when a content YAML file changes.

With ``--dirty`` (the editor loop) a save rebuilds only the pages whose Markdown changed, a broken save prints its
``FILE:LINE`` problems in the terminal, and the next good save is served again.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from devtools.mkdocs_build import config_for_content
from devtools.mkdocs_serve import config_with_own_theme, fetch, make_serve_flags, running_serve, wait_for
from tests.conftest import FIXTURE_CONTENT

CAUSE = "causes/limb-ischaemia.yaml"
# The editor loop: make serve's flags with --dirty (only what changed is rebuilt).
EDITOR_FLAGS = [*make_serve_flags(), *(["--dirty"] if "--dirty" not in make_serve_flags() else [])]


def test_serve_rebuilds_when_a_yaml_file_changes(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content, symlinks=False)
    config = config_for_content(content, tmp_path)
    with running_serve(config, tmp_path / "serve.log") as serving:
        url = serving.url + "causes/night-cramps/"
        assert wait_for(lambda: "<title>Night cramps" in fetch(url, timeout=2)), "mkdocs serve did not come up"
        cause = content / "causes" / "night-cramps.yaml"
        cause.write_text(cause.read_text(encoding="utf-8").replace("name: Night cramps", "name: Night cramps renamed"))
        assert wait_for(lambda: "<title>Night cramps renamed" in fetch(url, timeout=2)), "the page was not rebuilt"


def rebuild_lines(log: str) -> list[str]:
    return re.findall(r"pages rebuilt: (.*)", log)


def test_the_editor_loop_rebuilds_only_what_changed_and_reports_a_broken_save(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content, symlinks=False)
    config = config_with_own_theme(content, tmp_path)
    cause = content / CAUSE
    good = cause.read_text(encoding="utf-8")
    with running_serve(config, tmp_path / "serve.log", EDITOR_FLAGS) as serving:
        page = serving.url + "causes/limb-ischaemia/"
        assert wait_for(lambda: "Threatens the limb" in fetch(page, timeout=2), timeout=60), serving.log()[-3000:]
        assert rebuild_lines(serving.log())[-1].startswith("all ")  # the first build builds every page

        # An edit to one cause's summary: its page and the causes index (which lists summaries), nothing else.
        cause.write_text(good.replace("Threatens the limb", "Edited, threatens the limb"), encoding="utf-8")
        assert wait_for(lambda: "Edited, threatens the limb" in fetch(page, timeout=30), timeout=60), serving.log()
        assert "Edited, threatens the limb" in fetch(serving.url + "causes/", timeout=30)
        assert rebuild_lines(serving.log())[-1].startswith("2 of ")
        assert "causes/index.md, causes/limb-ischaemia.md" in rebuild_lines(serving.log())[-1]

        # A broken save: its FILE:LINE problem is in the terminal at once, and the site is not rebuilt.
        cause.write_text(good.replace("summary: Threatens", "summary: [unclosed\n  broken: [ Threatens"), "utf-8")
        problem = re.compile(rf"content/{re.escape(CAUSE)}:\d+: invalid YAML")
        assert wait_for(lambda: problem.search(serving.log()) is not None, timeout=60), serving.log()[-3000:]
        assert "Traceback" not in serving.log()

        # The next good save recovers.
        time.sleep(0.5)
        cause.write_text(good.replace("Threatens the limb", "Recovered, threatens the limb"), encoding="utf-8")
        assert wait_for(lambda: "Recovered, threatens the limb" in fetch(page, timeout=30), timeout=60), serving.log()

        # A new name is in the navigation of every page: every page is rebuilt.
        cause.write_text(good.replace("name: Limb ischaemia", "name: Critical limb ischaemia"), encoding="utf-8")
        other = serving.url + "causes/night-cramps/"
        assert wait_for(lambda: "Critical limb ischaemia" in fetch(other, timeout=30), timeout=60), serving.log()
        assert rebuild_lines(serving.log())[-1].startswith("all ")

        # A cause added is served; once deleted, its page is gone too (a dirty build would keep it).
        added = good.replace("id: limb-ischaemia", "id: new-cause").replace("name: Limb ischaemia", "name: New cause")
        (content / "causes" / "new-cause.yaml").write_text(added, encoding="utf-8")
        new_page = serving.url + "causes/new-cause/"
        assert wait_for(lambda: "<title>New cause" in fetch(new_page, timeout=30), timeout=60), serving.log()[-3000:]
        (content / "causes" / "new-cause.yaml").unlink()
        assert wait_for(lambda: "New cause" not in fetch(serving.url, timeout=30), timeout=60), serving.log()[-3000:]
        assert fetch(new_page, timeout=30) == ""
