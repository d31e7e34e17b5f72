"""YAML front matter split off the top of a note, loaded with guards against YAML that
expands without bound (aliases) or refers to itself."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from slidegen.diagnostics import Diagnostics, SlidegenError

# YAML with anchors and aliases can expand exponentially ("billion laughs"); front matter
# never needs more than a few hundred nodes, so anything past this is refused.
MAX_YAML_NODES = 10_000

_OPEN = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")


def split_front_matter(
    text: str, path: Path, diagnostics: Diagnostics
) -> tuple[dict[str, Any], str, int]:
    """Split `---` YAML `---` off the top; returns (front matter, body, body's first line)."""
    lines = text.split("\n")
    if not lines or not _OPEN.fullmatch(lines[0]):
        return {}, text, 1
    end = next((i for i in range(1, len(lines)) if _CLOSE.fullmatch(lines[i])), None)
    if end is None:
        diagnostics.warn(
            1,
            "front matter opened with '---' is never closed; read the file as plain Markdown: "
            "add a '---' line after the front matter",
        )
        return {}, text, 1
    yaml_text = "\n".join(lines[1:end])
    data = _load_yaml(yaml_text, path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SlidegenError(
            path, 2, "front matter must be 'key: value' lines (a YAML mapping), "
            f"not a {type(data).__name__}: fix the lines between the '---' markers"
        )
    body = "\n".join(lines[end + 1 :])
    return data, body, end + 2


class _GuardedLoader(yaml.SafeLoader):
    """A safe loader whose composed node graph is size-checked before it is constructed."""


def _load_yaml(yaml_text: str, path: Path) -> Any:
    loader = _GuardedLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_yaml_size(node, path)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2  # YAML starts on file line 2
        problem = exc.problem or exc.context or "syntax error"
        raise SlidegenError(
            path, line, f"front matter is not valid YAML ({problem}): fix it or quote the value"
        ) from None
    except yaml.YAMLError as exc:
        raise SlidegenError(path, 2, f"front matter is not valid YAML ({exc}): fix it") from None
    finally:
        loader.dispose()


def _check_yaml_size(root: yaml.Node, path: Path) -> None:
    """Count nodes as they would be expanded through aliases, without expanding them."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > MAX_YAML_NODES:
                raise SlidegenError(
                    path, node.start_mark.line + 2,
                    "front matter expands to too much data (YAML aliases): "
                    "write the values out instead of using '&anchor'/'*alias'",
                )
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise SlidegenError(
                path, node.start_mark.line + 2,
                "front matter refers to itself (recursive YAML alias): remove the alias",
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
