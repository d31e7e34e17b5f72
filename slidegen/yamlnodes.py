"""YAML kept as nodes, so errors can name the line of each key, and the nodes' values.

Values come from the nodes directly by PyYAML's safe rules, as `yaml.safe_load` of their text
would give them; the C parser reads where libyaml is installed (five times faster).
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str) -> yaml.Node | None:
    """The document's node tree (None for an empty document); raises yaml.YAMLError."""
    return yaml.compose(text, Loader=_LOADER)


def value_of(node: yaml.Node) -> Any:
    """The Python value of `node` and everything under it."""
    return yaml.constructor.SafeConstructor().construct_document(node)
