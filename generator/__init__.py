"""legcramps generator: content YAML -> validated model -> Markdown pages and calculator data.

Data flows one way: ``load`` -> ``validate`` -> ``model`` -> ``render`` / ``export``. Nothing here imports
MkDocs except :mod:`generator.plugin`, the thin adapter MkDocs loads through its entry point.
"""

from generator.content import load_content
from generator.problems import ContentError, Problem

__all__ = ["ContentError", "Problem", "load_content"]
