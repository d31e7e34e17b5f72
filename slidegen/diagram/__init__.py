"""Diagrams written as text (mermaid, Graphviz DOT) laid out as native shapes in points.

Pure Python plus the `dot` program; no python-pptx. `layout_diagram` is the entry point: it
returns a DiagramShape (nodes and connectors) or a ChartShape (a mermaid `pie`) at its natural
size, top-left at (0, 0), for the planner to place by aspect; results are cached by content.
"""

from __future__ import annotations

import re

from slidegen.deck import ChartShape, DiagramShape
from slidegen.diagram.cache import cached
from slidegen.diagram.class_diagram import parse_class_diagram
from slidegen.diagram.dot import to_dot
from slidegen.diagram.er_diagram import parse_er_diagram
from slidegen.diagram.flowchart import parse_flowchart
from slidegen.diagram.gantt import layout_gantt
from slidegen.diagram.graphviz import GraphvizMissing, layout_graph, run_dot
from slidegen.diagram.pie import parse_pie
from slidegen.diagram.sequence import layout_sequence
from slidegen.diagram.state import parse_state
from slidegen.diagram.style import DiagramError, DiagramStyle, Measure
from slidegen.regex import lazy_compile

__all__ = ["DiagramError", "DiagramStyle", "GraphvizMissing", "can_turn", "layout_diagram",
           "mermaid_kind"]

_DIRECTIVE = lazy_compile(r"%%\{.*?\}%%", re.S)
_FRONT_MATTER = lazy_compile(r"\A\s*---\n.*?\n---\s*\n", re.S)
# mermaid diagram kinds this module does not draw (shown as code with a warning)
OTHER_KINDS = ("journey", "gitGraph",
               "mindmap", "timeline", "quadrantChart", "requirementDiagram", "C4Context",
               "sankey-beta", "xychart-beta", "block-beta", "packet-beta", "architecture-beta",
               "kanban", "radar-beta", "zenuml")


def mermaid_kind(source: str) -> str:
    """The diagram kind a mermaid block declares on its first line (`graph`, `pie`...)."""
    text = _FRONT_MATTER.sub("", _DIRECTIVE.sub("", source))
    for line in text.split("\n"):
        line = line.strip()
        if line and not line.startswith("%%"):
            return line.split()[0].rstrip(":;")
    return ""


TURNED = {"TB": "LR", "BT": "RL", "LR": "TB", "RL": "BT"}


def can_turn(source: str, notation: str) -> bool:
    """Whether the diagram has a more compact layout: flowcharts and state diagrams in the
    other direction (top-down ↔ left-right), sequence diagrams without the participants
    repeated at the bottom."""
    return notation == "mermaid" and mermaid_kind(source) in (
        "graph", "flowchart", "stateDiagram", "stateDiagram-v2", "sequenceDiagram",
        "classDiagram", "classDiagram-v2", "erDiagram")


def layout_diagram(source: str, notation: str, style: DiagramStyle, measure: Measure,
                   turned: bool = False) -> DiagramShape | ChartShape:
    """The diagram at its natural size; DiagramError says why it cannot be drawn. `turned`
    asks for the compact layout `can_turn` describes."""
    return cached(f"{notation}\n{turned}\n{source}", style,
                  lambda: _layout(source, notation, style, measure, turned))


def _layout(source: str, notation: str, style: DiagramStyle, measure: Measure,
            turned: bool = False) -> DiagramShape | ChartShape:
    if notation == "dot":
        return layout_graph(run_dot(source, style), style, measure, source, "Graph")
    body = _FRONT_MATTER.sub("", _DIRECTIVE.sub("", source))
    kind = mermaid_kind(source)
    if kind in ("graph", "flowchart", "flowchart-elk"):
        flow = parse_flowchart(body)
        if turned:
            flow.direction = TURNED[flow.direction]
        dot = to_dot(flow, style)
        return layout_graph(run_dot(dot, style), style, measure, source, "Flowchart")
    graphs = {"stateDiagram": (parse_state, "State diagram"),
              "stateDiagram-v2": (parse_state, "State diagram"),
              "classDiagram": (parse_class_diagram, "Class diagram"),
              "classDiagram-v2": (parse_class_diagram, "Class diagram"),
              "erDiagram": (parse_er_diagram, "Entity-relationship diagram")}
    if kind in graphs:
        read, name = graphs[kind]
        flow = read(body)
        if turned:
            flow.direction = TURNED[flow.direction]
        return layout_graph(run_dot(to_dot(flow, style), style), style, measure, source, name)
    if kind == "pie":
        return parse_pie(body, style, source)
    if kind == "sequenceDiagram":
        return layout_sequence(body, style, measure, source, mirror=not turned)
    if kind == "gantt":
        return layout_gantt(body, style, measure, source)
    if kind:
        raise DiagramError(f"mermaid '{kind}' diagrams are not drawn as shapes (flowcharts, "
                           "sequence, state, class and ER diagrams, pies and gantt charts are)")
    raise DiagramError("empty mermaid block: nothing to draw")
