"""Laid-out diagrams cached by content (source and style) in the user cache folder, so a
rebuild does not run Graphviz again."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from slidegen.deck import Box, ChartShape, DiagramEdge, DiagramNode, DiagramShape
from slidegen.diagram.style import DiagramStyle

FORMAT = "4"  # bump when the layout's output changes for the same input


def cache_folder() -> Path:
    import platformdirs  # only when a note has diagrams

    return platformdirs.user_cache_path("slidegen") / "diagrams"


def cached(source: str, style: DiagramStyle,
           make: Callable[[], DiagramShape | ChartShape]) -> DiagramShape | ChartShape:
    """`make()`'s result, from the cache when this source was laid out in this style before."""
    key = hashlib.sha256(f"{FORMAT}\n{style.key()}\n{source}".encode()).hexdigest()
    path = cache_folder() / key[:2] / f"{key}.json"
    try:
        return _load(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    shape = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(_dump(shape), ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a read-only cache only costs speed
    return shape


def _dump(shape: DiagramShape | ChartShape) -> dict[str, Any]:
    return {"type": "chart" if isinstance(shape, ChartShape) else "diagram", **asdict(shape)}


def _load(data: dict[str, Any]) -> DiagramShape | ChartShape:
    box = Box(**data["box"])
    if data["type"] == "chart":
        return ChartShape(box, data["kind"], data["title"],
                          tuple(data["labels"]), tuple(data["values"]), data["size"],
                          data["source"], data["show_values"])
    nodes = tuple(DiagramNode(**{**n, "box": Box(**n["box"])}) for n in data["nodes"])
    edges = tuple(DiagramEdge(**{**e, "points": tuple(tuple(p) for p in e["points"])})
                  for e in data["edges"])
    return DiagramShape(box, nodes, edges, data["size"], data["source"], data["name"])
