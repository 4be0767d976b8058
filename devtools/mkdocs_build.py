"""Build a site with the real MkDocs command line: the real config, or the same config for any content set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent


def mkdocs_build(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``config_file`` into ``site_dir``; the caller checks its return code and output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return result


def config_for_content(content_dir: Path, workdir: Path) -> Path:
    """An mkdocs.yml in ``workdir`` like the real one (the same empty docs_dir) but building ``content_dir``."""
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvTolerantLoader)
    config["theme"]["custom_dir"] = str(REPO_ROOT / "site_overrides")
    config["docs_dir"] = str(REPO_ROOT / config["docs_dir"])
    plugin = {
        "content_dir": os.path.relpath(content_dir, workdir),
        "pyodide_dir": str(REPO_ROOT / "node_modules/pyodide"),
    }
    config["plugins"] = ["search", {"legcramps": plugin}]
    config_file = workdir / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


class _EnvTolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's ``!ENV [NAME, default]`` tags as their default."""


_EnvTolerantLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
