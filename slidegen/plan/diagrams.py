"""Diagrams in the plan: a `Diagram` block laid out (slidegen.diagram) becomes a unit placed by
its aspect like a picture, then scaled onto its box; text never below the theme's minimum
unless the diagram cannot fit a slide at all (then the caller warns)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from slidegen.deck import Box, ChartShape, DiagramEdge, DiagramNode, DiagramShape, Shape
from slidegen.diagnostics import Diagnostics
from slidegen.document import Diagram
from slidegen.plan.units import DiagramUnit, Unit
from slidegen.records import record
from slidegen.theme import Theme


def diagram_colors(theme: Theme) -> dict[str, str]:
    """The theme's colours for diagram parts: nodes tinted with the accent colour."""
    from slidegen.diagram.style import mix

    c = theme.colors
    return {"text": c.text, "fill": mix(c.accent, c.background, 0.14), "line": c.accent,
            "frame_fill": c.code_background, "frame_line": c.muted, "edge": c.text,
            "note_fill": c.callout, "background": c.background}


def placed(shape: DiagramShape | ChartShape, box: Box) -> DiagramShape | ChartShape:
    """The shape moved and scaled (uniformly) onto `box`."""
    natural = shape.box
    scale = min(box.w / natural.w if natural.w else 1.0, box.h / natural.h if natural.h else 1.0)
    x0 = box.x + (box.w - natural.w * scale) / 2
    y0 = box.y + (box.h - natural.h * scale) / 2
    target = Box(round(x0, 2), round(y0, 2), round(natural.w * scale, 2),
                 round(natural.h * scale, 2))
    size = round(shape.size * scale, 1)
    if isinstance(shape, ChartShape):
        return replace(shape, box=target, size=size)

    def at(x: float, y: float) -> tuple[float, float]:
        return round(x0 + (x - natural.x) * scale, 2), round(y0 + (y - natural.y) * scale, 2)

    def node(n: DiagramNode) -> DiagramNode:
        x, y = at(n.box.x, n.box.y)
        return replace(n, box=Box(x, y, round(n.box.w * scale, 2), round(n.box.h * scale, 2)))

    def edge(e: DiagramEdge) -> DiagramEdge:
        return replace(e, points=tuple(at(x, y) for x, y in e.points))

    return replace(shape, box=target, size=size, nodes=tuple(node(n) for n in shape.nodes),
                   edges=tuple(edge(e) for e in shape.edges))


@record
class DiagramMaker:
    """Lays out a note's diagram blocks; one that cannot be drawn stays code, with a warning
    (Graphviz missing: one warning per note, naming the package to install)."""

    theme: Theme
    measure: Callable[[str, float], float]
    warn: Callable[[int | None, str], None]
    as_code: Callable[[Diagram], Unit]
    _missing_told: bool = False

    def unit(self, block: Diagram) -> Unit:
        # slidegen.diagram (a tenth of the planner's import) only for notes with diagrams
        from slidegen.diagram import (
            DiagramError,
            DiagramStyle,
            GraphvizMissing,
            can_turn,
            layout_diagram,
        )

        theme = self.theme
        style = DiagramStyle(theme.fonts.body.latin, theme.fonts.body.ea, theme.sizes.diagram,
                             **diagram_colors(theme))
        try:
            shape = layout_diagram(block.source, block.notation, style, self.measure)
            if self._fit_scale(shape) * shape.size < theme.sizes.min_diagram and can_turn(
                    block.source, block.notation):
                turned = layout_diagram(block.source, block.notation, style, self.measure,
                                        turned=True)
                if self._fit_scale(turned) > self._fit_scale(shape):
                    if getattr(turned, "name", "") != "Sequence diagram":  # that only drops
                        # the participant boxes repeated at the bottom: nothing to tell
                        self.warn(block.line, "diagram too large for a slide as written: laid "
                                  "out in the other direction (across instead of down, or "
                                  "down instead of across) so its text stays readable")
                    shape = turned
        except GraphvizMissing as exc:
            if not self._missing_told:
                self.warn(block.line, f"{exc}; diagrams are shown as code")
                self._missing_told = True
            return self.as_code(block)
        except DiagramError as exc:
            where = block.line + exc.line if exc.line else block.line
            self.warn(where, f"{exc}; the diagram is shown as code")
            return self.as_code(block)
        return DiagramUnit(shape, block.line, theme.sizes.min_diagram, theme.sizes.body)

    def _fit_scale(self, shape: DiagramShape | ChartShape) -> float:
        """The scale the diagram would have alone on a slide under a one-line title."""
        theme = self.theme
        m = theme.margins
        width = theme.width - m.left - m.right
        height = theme.height - m.top - m.bottom - theme.sizes.title * 1.5 - m.gap
        b = shape.box
        return min(width / b.w, height / b.h) if b.w and b.h else 1.0


def warn_small_diagrams(shapes: list[Shape], theme: Theme, title: str, line: int | None,
                        diagnostics: Diagnostics) -> None:
    """A diagram drawn with text below the theme's minimum: too large for any slide."""
    for shape in shapes:
        if isinstance(shape, DiagramShape | ChartShape) and shape.size < theme.sizes.min_diagram:
            diagnostics.warn(line, f"slide '{title}': a diagram too large for a slide is shown "
                             f"with {shape.size:g} pt text, below the theme's minimum "
                             f"{theme.sizes.min_diagram:g} pt; split it into smaller diagrams")
