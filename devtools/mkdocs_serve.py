"""Run ``mkdocs serve`` the way ``make serve`` does, on a free port, for the serve tests and the edit-loop bench."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from devtools.mkdocs_build import config_for_content

REPO_ROOT = Path(__file__).resolve().parent.parent
# The serve line of the Makefile, e.g. `$(BIN)/mkdocs serve --strict --watch-theme --dev-addr 127.0.0.1:8000`.
_SERVE_LINE = re.compile(r"^\t\S*mkdocs serve (?P<flags>.*)$", re.MULTILINE)


def make_serve_flags() -> list[str]:
    """The flags ``make serve`` gives ``mkdocs serve`` (but its address); ``LEGCRAMPS_SERVE_FLAGS`` overrides them."""
    override = os.environ.get("LEGCRAMPS_SERVE_FLAGS")
    if override is not None:
        return shlex.split(override)
    match = _SERVE_LINE.search((REPO_ROOT / "Makefile").read_text(encoding="utf-8"))
    if match is None:
        raise RuntimeError("no `mkdocs serve` line in the Makefile's serve target")
    flags = shlex.split(match["flags"])
    if "--dev-addr" in flags:
        at = flags.index("--dev-addr")
        del flags[at : at + 2]
    return [flag for flag in flags if not flag.startswith("--dev-addr=")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 60.0) -> str:
    """The body at ``url``, or "" when the server does not answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0, interval: float = 0.3) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def config_with_own_theme(content_dir: Path, workdir: Path) -> Path:
    """:func:`devtools.mkdocs_build.config_for_content` with a copy of the theme overrides in ``workdir``: with
    ``--watch-theme``, an edit in the checkout's site_overrides/ meanwhile would start rebuilds no one asked for."""
    config_file = config_for_content(content_dir, workdir)
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    shutil.copytree(Path(config["theme"]["custom_dir"]), workdir / "site_overrides")
    config["theme"]["custom_dir"] = str(workdir / "site_overrides")
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


@dataclass
class Serving:
    """A running ``mkdocs serve``: its address and its console output so far."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running_serve(config_file: Path, log_path: Path, flags: list[str] | None = None) -> Iterator[Serving]:
    """``mkdocs serve`` of ``config_file`` with ``make serve``'s flags (or ``flags``); stopped on exit.

    Its console (stdout and stderr) goes to ``log_path``, a file rather than a pipe no one reads, which would fill
    and stall the server.
    """
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", *(make_serve_flags() if flags is None else flags)]
    command += ["-f", str(config_file), "--dev-addr", f"127.0.0.1:{port}"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=config_file.parent,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            yield Serving(f"http://127.0.0.1:{port}/", process, log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
