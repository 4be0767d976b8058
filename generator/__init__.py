"""legcramps generator: content YAML -> validated model -> site model -> an engine's HTML -> the published site.

Data flows one way: ``load`` -> ``validate`` -> ``model`` -> ``render`` / ``export`` -> ``site_model`` ->
``engines`` (MkDocs or Zensical) -> ``publish`` (the post-build step both engines run). Nothing here imports MkDocs
or Zensical except :mod:`generator.engines`.
"""

from generator.content import load_content
from generator.problems import ContentError, Problem

__all__ = ["ContentError", "Problem", "load_content"]
