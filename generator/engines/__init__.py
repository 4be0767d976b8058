"""Site engines: the only package that knows MkDocs or Zensical.

Each engine takes the site model (generator/site_model.py), turns its Markdown pages into HTML its own way, and
then runs the one post-build step (generator/publish/) on its output, so both engines publish the same site:

- :mod:`.mkdocs_plugin`: the ``legcramps`` MkDocs plugin (``mkdocs build`` / ``mkdocs serve``, ``make serve``).
- :mod:`.zensical`: MkDocs' successor, which runs no MkDocs plugin: ``legcramps render`` writes the pages,
  ``legcramps zensical-config`` the configuration, ``zensical build`` the HTML and ``legcramps build-assets`` the
  post-build step (README, "Switching site engines").
"""
