"""Derive a Zensical configuration from mkdocs.yml, for building the site without the MkDocs plugin.

Zensical reads mkdocs.yml but runs no MkDocs plugin, so it cannot call the ``legcramps`` plugin that adds the pages
and the navigation. Instead ``legcramps render`` writes the pages, this module writes a copy of mkdocs.yml that
points at them, and ``legcramps build-assets`` adds the calculator runtime and the service worker afterwards (README,
"Switching site engines")::

    .venv/bin/python -m tests.site.zensical_config build/zensical/mkdocs.yml --docs build/zensical/docs

The copy is generated, never edited: mkdocs.yml stays the one place the site is configured. It differs from it in
exactly what the plugin does at build time or what Zensical would get wrong:

- ``docs_dir`` is the rendered pages and ``theme.custom_dir`` the same overrides, both relative to the new file;
- ``nav`` is the navigation the plugin computes (causes grouped by tier, the instruments under the calculator);
- the ``legcramps`` plugin is left out (Zensical would ignore it anyway);
- ``theme.variant: classic``, Material's look (Zensical's default, ``modern``, restyles every page);
- the ``content.action.edit`` feature is off: Zensical would link each page to a Markdown file that is not in the
  repository, where the plugin links it to its YAML source.

``!ENV`` values (LEGCRAMPS_SITE_URL, LEGCRAMPS_REPO_URL) are kept as tags, so Zensical reads them when it builds.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.content import load_content
from generator.problems import ContentError
from generator.render import render_site, site_nav

REPO_ROOT = Path(__file__).resolve().parents[2]
PLUGIN = "legcramps"
EDIT_FEATURE = "content.action.edit"
HEADER = (
    "# Generated from {source} by tests/site/zensical_config.py for `zensical build`; do not edit.\n"
    '# Change {source} and generate this file again (README.md, "Switching site engines").\n'
)


class EnvTag(list):
    """An ``!ENV [NAME, default]`` value of mkdocs.yml, kept as written."""


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> EnvTag:
    if isinstance(node, yaml.SequenceNode):
        return EnvTag(loader.construct_sequence(node))
    return EnvTag([loader.construct_scalar(node)])


_Loader.add_constructor("!ENV", _construct_env)
_Dumper.add_representer(EnvTag, lambda dumper, data: dumper.represent_sequence("!ENV", list(data), flow_style=True))


def _without_plugin(plugins: list[Any]) -> list[Any]:
    def name(entry: Any) -> str:
        return entry if isinstance(entry, str) else next(iter(entry))

    return [entry for entry in plugins if name(entry) != PLUGIN]


def zensical_config(mkdocs_yml: Path, config_file: Path, docs_dir: Path, content_dir: Path) -> dict[str, Any]:
    """The configuration for ``config_file``: mkdocs.yml building the pages in ``docs_dir`` with the plugin's nav."""
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader)
    here = config_file.resolve().parent

    def relative(path: Path) -> str:
        return Path(os.path.relpath(path.resolve(), here)).as_posix()

    content = load_content(content_dir, mkdocs_yml.resolve().parent)
    config["docs_dir"] = relative(docs_dir)
    config.pop("exclude_docs", None)  # it hides content/'s YAML and schemas; the rendered pages have none
    theme = config["theme"]
    theme["custom_dir"] = relative(mkdocs_yml.resolve().parent / theme["custom_dir"])
    theme["variant"] = "classic"
    theme["features"] = [feature for feature in theme.get("features", []) if feature != EDIT_FEATURE]
    config["plugins"] = _without_plugin(config.get("plugins", []))
    config["nav"] = site_nav(content, render_site(content))
    return config


def write_zensical_config(
    config_file: Path, docs_dir: Path, mkdocs_yml: Path = REPO_ROOT / "mkdocs.yml", content_dir: Path | None = None
) -> Path:
    """Write the Zensical configuration to ``config_file`` and return it."""
    content_dir = content_dir or mkdocs_yml.resolve().parent / "content"
    config = zensical_config(mkdocs_yml, config_file, docs_dir, content_dir)
    text = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(HEADER.format(source=mkdocs_yml.name) + text, encoding="utf-8")
    return config_file


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.site.zensical_config",
        description="Write a Zensical configuration derived from mkdocs.yml for pages rendered by `legcramps render`.",
    )
    parser.add_argument("config", help="the file to write, e.g. build/zensical/mkdocs.yml")
    parser.add_argument("--docs", required=True, help="the directory `legcramps render --out` wrote")
    parser.add_argument("--mkdocs", default="mkdocs.yml", help="the MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--content", help="content directory (default: content/ beside mkdocs.yml)")
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    if not docs.is_dir():
        print(f"error: {docs} is not a directory: run `legcramps render --out {docs}` first", file=sys.stderr)
        return 2
    try:
        written = write_zensical_config(
            Path(args.config), docs, Path(args.mkdocs), Path(args.content) if args.content else None
        )
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"wrote {written} (docs_dir {docs})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
