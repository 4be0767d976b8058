"""The Zensical engine: a Zensical configuration derived from mkdocs.yml, for building without the MkDocs plugin.

Zensical reads mkdocs.yml but runs no MkDocs plugin, so it cannot call the ``legcramps`` plugin that adds the pages
and the navigation. Instead ``legcramps render`` writes the pages, ``legcramps zensical-config`` (this module)
writes a copy of mkdocs.yml that points at them, ``zensical build`` writes the HTML and ``legcramps build-assets``
runs the post-build step every engine runs (generator/publish/; README, "Switching site engines")::

    .venv/bin/legcramps zensical-config build/zensical/mkdocs.yml --docs build/zensical/docs

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

import os
from pathlib import Path
from typing import Any

import yaml

from generator.site_model import SiteModel

# The newest Zensical this project's package index can install (0.0.74 and 0.1.x need a zensical-ui package it
# lacks); pyproject.toml pins the same version for tests/site/test_zensical.py.
ZENSICAL_VERSION = "0.0.73"
PLUGIN = "legcramps"
EDIT_FEATURE = "content.action.edit"
HEADER = (
    "# Generated from {source} by `legcramps zensical-config` for `zensical build`; do not edit.\n"
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


def zensical_config(mkdocs_yml: Path, config_file: Path, docs_dir: Path, site: SiteModel) -> dict[str, Any]:
    """The configuration for ``config_file``: mkdocs.yml building the pages in ``docs_dir`` with the site's nav."""
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader)
    here = config_file.resolve().parent

    def relative(path: Path) -> str:
        return Path(os.path.relpath(path.resolve(), here)).as_posix()

    config["docs_dir"] = relative(docs_dir)
    theme = config["theme"]
    theme["custom_dir"] = relative(mkdocs_yml.resolve().parent / theme["custom_dir"])
    theme["variant"] = "classic"
    theme["features"] = [feature for feature in theme.get("features", []) if feature != EDIT_FEATURE]
    config["plugins"] = _without_plugin(config.get("plugins", []))
    config["nav"] = site.nav
    return config


def write_zensical_config(config_file: Path, docs_dir: Path, mkdocs_yml: Path, site: SiteModel) -> Path:
    """Write the Zensical configuration to ``config_file`` and return it."""
    config = zensical_config(mkdocs_yml, config_file, docs_dir, site)
    text = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(HEADER.format(source=mkdocs_yml.name) + text, encoding="utf-8")
    return config_file
