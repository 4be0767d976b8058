"""Every kind of content file, declared once: where its files live and which schema validates them.

Adding a kind means one entry here, one schema in ``content/schema``, one builder in :mod:`generator.model`
and one template; no conditionals elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentKind:
    """A kind of YAML file under ``content/``."""

    name: str
    pattern: str  # glob relative to the content directory
    schema: str  # file name in content/schema/
    many: bool = False  # one document per file, many files (causes)


KINDS: tuple[ContentKind, ...] = (
    ContentKind("references", "references.yaml", "references.schema.json"),
    ContentKind("findings", "findings.yaml", "findings.schema.json"),
    ContentKind("site", "site.yaml", "site.schema.json"),
    ContentKind("cause", "causes/*.yaml", "cause.schema.json", many=True),
    ContentKind("comparison", "comparisons/claudication.yaml", "comparison.schema.json"),
    ContentKind("rls", "rls.yaml", "rls.schema.json"),
    ContentKind("vascular_map", "vascular_map.yaml", "vascular_map.schema.json"),
    ContentKind("approach", "approach.yaml", "approach.schema.json"),
    ContentKind("prevention", "prevention.yaml", "prevention.schema.json"),
    ContentKind("calculator", "calculator.yaml", "calculator.schema.json"),
    ContentKind("instrument", "instruments/*.yaml", "instrument.schema.json", many=True),
)

KIND_BY_NAME = {kind.name: kind for kind in KINDS}
