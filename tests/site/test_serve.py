"""`mkdocs serve` (what `make serve` runs) rebuilds when a content YAML file changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from devtools.mkdocs_build import config_for_content
from tests.conftest import FIXTURE_CONTENT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_yaml_file_changes(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content, symlinks=False)
    config = config_for_content(content, tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}/causes/night-cramps/"
    try:
        assert wait_for(lambda: "<title>Night cramps" in fetch(url)), "mkdocs serve did not come up"
        cause = content / "causes" / "night-cramps.yaml"
        cause.write_text(cause.read_text(encoding="utf-8").replace("name: Night cramps", "name: Night cramps renamed"))
        assert wait_for(lambda: "<title>Night cramps renamed" in fetch(url)), "the page was not rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=10)
