"""A flowchart graph (mermaid flowcharts, state, class and ER diagrams read into one) written
as DOT for Graphviz: shapes, colours and line styles travel as node and edge attributes, so
the Graphviz reader draws every kind alike."""

from __future__ import annotations

import re

from slidegen.diagram.flowchart import GEOMETRY, Cluster, Flowchart, cluster_name
from slidegen.diagram.style import DiagramStyle, parse_color, readable_text

GV_ENDS = {"arrow": "normal", "circle": "dot", "cross": "none", "none": "none",
           "triangle": "onormal", "diamond": "odiamond", "open": "vee"}  # the last: UML


def node_colors(flow: Flowchart, key: str, classes: list[str]) -> dict[str, str]:
    """A node's or cluster's CSS-like style: its classes' definitions, then its `style` line."""
    props: dict[str, str] = dict(flow.class_defs.get("default", {}))
    for name in classes:
        props.update(flow.class_defs.get(name, {}))
    props.update(flow.styles.get(key, {}))
    return props


def to_dot(flow: Flowchart, style: DiagramStyle) -> str:
    """The flowchart as a DOT graph whose attributes say how to draw each part."""
    out = [f"digraph G {{ rankdir={flow.direction}; compound=true;"]
    out.extend(_cluster_dot(flow, flow.root, style, depth=0))
    for n, edge in enumerate(flow.edges):
        attrs = {"label": edge.label, "sg_head": edge.head_end, "sg_tail": edge.tail_end,
                 "sg_stroke": edge.stroke, "sg_index": str(n)}
        if edge.stroke == "invisible":
            attrs["style"] = "invis"
        if color := parse_color(edge.style.get("stroke", "")):
            attrs["color"] = "#" + color
        attrs.update(edge.attrs)
        attrs["arrowhead"] = GV_ENDS[edge.head_end]
        if edge.tail_end != "none":
            attrs["dir"] = "both"
            attrs["arrowtail"] = GV_ENDS[edge.tail_end]
        out.append(f"{_quote(edge.tail)} -> {_quote(edge.head)} [{_attrs(attrs)}];")
    out.append("}")
    return "\n".join(out)


def _cluster_dot(flow: Flowchart, cluster: Cluster, style: DiagramStyle,
                 depth: int) -> list[str]:
    out: list[str] = []
    for key in cluster.members:
        node = flow.nodes[key]
        geometry, gv_shape = GEOMETRY.get(node.shape, ("rect", "box"))
        attrs = {"label": node.label, "shape": gv_shape, "sg_geometry": geometry}
        attrs.update(_colors(node_colors(flow, key, node.classes)))
        attrs.update(node.attrs)
        out.append(f"{_quote(key)} [{_attrs(attrs)}];")
    for child in cluster.children:
        attrs = {"label": child.title, "sg_key": child.key}
        attrs.update(_colors(node_colors(flow, child.key, child.classes)))
        out.append(f"subgraph {_quote(cluster_name(child.key))} {{")
        out.extend(f"{k}={_quote(v)};" for k, v in attrs.items())
        out.extend(_cluster_dot(flow, child, style, depth + 1))
        out.append("}")
    return out


def _colors(props: dict[str, str]) -> dict[str, str]:
    attrs: dict[str, str] = {}
    if fill := parse_color(props.get("fill", "")):
        attrs["fillcolor"] = "#" + fill
        attrs["style"] = "filled"
    if stroke := parse_color(props.get("stroke", "")):
        attrs["color"] = "#" + stroke
    if text := parse_color(props.get("color", "")):
        attrs["fontcolor"] = "#" + text
    elif fill:  # a fill of the note's own choosing: text that reads on it, not the theme's
        attrs["fontcolor"] = "#" + readable_text(fill, "1F2933")
    if width := re.match(r"[\d.]+", props.get("stroke-width", "")):
        attrs["penwidth"] = width.group(0)
    if props.get("stroke-dasharray"):
        attrs["style"] = ",".join(filter(None, [attrs.get("style"), "dashed"]))
    return attrs


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _attrs(attrs: dict[str, str]) -> str:
    return ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items())
