"""Click-by-click reveal on one slide: the clicks its shapes and paragraphs appear on,
numbered 1, 2, 3... in order (a slide continued from another starts again at its first click;
a click whose content went to another slide leaves no gap)."""

from __future__ import annotations

from dataclasses import replace

from slidegen.deck import Shape, TextBox


def renumbered(shapes: list[Shape]) -> list[Shape]:
    """`shapes` with their clicks numbered from 1 without gaps, in the order of the clicks."""
    used = sorted({c for shape in shapes for c in _clicks(shape)} - {0})
    if not used:
        return shapes
    number = {click: n for n, click in enumerate(used, start=1)}
    number[0] = 0
    out: list[Shape] = []
    for shape in shapes:
        if isinstance(shape, TextBox):
            paragraphs = [replace(p, click=number[p.click]) for p in shape.paragraphs]
            out.append(replace(shape, paragraphs=paragraphs, click=number[shape.click]))
        else:
            out.append(replace(shape, click=number[shape.click]))
    return out


def _clicks(shape: Shape) -> list[int]:
    if isinstance(shape, TextBox):
        return [shape.click, *(p.click for p in shape.paragraphs)]
    return [shape.click]
