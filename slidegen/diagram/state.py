"""Mermaid state diagrams (`stateDiagram`, `stateDiagram-v2`) read into the flowchart graph, so
Graphviz lays them out and they become native shapes like flowcharts: states are rounded boxes,
`[*]` the start dot and end bullseye, composite states clusters, `<<choice>>` a diamond and
`<<fork>>`/`<<join>>` a bar."""

from __future__ import annotations

import re

from slidegen.diagram.flowchart import (
    DIRECTIONS,
    Cluster,
    Flowchart,
    FlowEdge,
    FlowNode,
    clean_label,
    join_clusters,
)
from slidegen.diagram.style import DiagramError, statements
from slidegen.regex import lazy_compile

_TRANSITION = lazy_compile(r"^(\S+)\s*-->\s*(\S+?)\s*(?::\s*(.*))?$")
_ALIAS = lazy_compile(r'^state\s+"([^"]*)"\s+as\s+(\S+?)\s*(\{)?$')
_STEREOTYPE = lazy_compile(r"^state\s+(\S+)\s+<<(choice|fork|join)>>$")
_COMPOSITE = lazy_compile(r"^state\s+(\S+?)\s*\{$")
_DESCRIPTION = lazy_compile(r"^([\w.-]+)\s*:\s*(.+)$")
_NOTE = lazy_compile(r"^note\s+(?:left|right)\s+of\s+(\S+)\s*(?::\s*(.*))?$", re.I)
_BLACK = "#1F2933"
_RING = "#9AA5B1"


def parse_state(source: str) -> Flowchart:
    """The state diagram as a flowchart graph (nodes, transitions, composite states)."""
    flow = Flowchart()
    stack = [flow.root]
    in_note: list[str] | None = None
    for number, text in statements(source, "stateDiagram", ";"):
        if in_note is not None:
            if text.lower() == "end note":
                in_note = None
            continue
        if _statement(flow, stack, text, number) == "note":
            in_note = []
    join_clusters(flow, start="start:")
    return flow


def _add(flow: Flowchart, stack: list[Cluster], key: str, role: str = "") -> str:
    """The node for `key` in the current scope; `[*]` is a start or end dot of the scope."""
    scope = stack[-1]
    if key == "[*]":
        key = f"{role}:{scope.key or 'root'}"
        label, shape = "", role
        attrs = {"shape": "circle", "sg_geometry": "flowChartConnector", "fixedsize": "true",
                 "style": "filled", "fillcolor": _BLACK, "color": _BLACK,
                 "width": "0.22", "height": "0.22"}
        if role == "end":  # a bullseye: the dot in a light ring
            attrs.update({"width": "0.3", "height": "0.3", "color": _RING, "penwidth": "3"})
    else:
        label, shape, attrs = key, "round", {}
    if key not in flow.nodes:
        flow.nodes[key] = FlowNode(key, label, shape, attrs=attrs)
        scope.members.append(key)
    return key


def _statement(flow: Flowchart, stack: list[Cluster], text: str, number: int) -> str:
    if text == "}":
        if len(stack) > 1:
            stack.pop()
        return ""
    if text == "--":  # concurrent regions: drawn as one composite state
        return ""
    if text.startswith("direction "):
        flow.direction = DIRECTIONS.get(text.split()[1].upper(), flow.direction)
    elif text.startswith(("classDef ", "class ", "style ", "accTitle", "accDescr", "title")):
        from slidegen.diagram.flowchart import _statement as flow_statement

        flow_statement(flow, stack, text, number)
    elif m := _NOTE.match(text):
        return "" if m.group(2) else "note"  # notes are left off the diagram
    elif m := _STEREOTYPE.match(text):
        key = _add(flow, stack, m.group(1))
        node = flow.nodes[key]
        node.label = ""
        if m.group(2) == "choice":
            node.shape = "diamond"
            node.attrs = {"width": "0.35", "height": "0.35", "fixedsize": "true"}
        else:
            node.shape = "rect"
            bar = ("0.12", "0.9") if flow.direction in ("LR", "RL") else ("0.9", "0.12")
            node.attrs = {"width": bar[0], "height": bar[1], "fixedsize": "true",
                          "style": "filled", "fillcolor": _BLACK, "color": _BLACK}
    elif (alias := _ALIAS.match(text)) or (m := _COMPOSITE.match(text)):
        m = alias or m
        key = m.group(2) if alias else m.group(1)
        title = m.group(1) if alias else key
        opens = not alias or bool(m.group(3))
        if opens:
            cluster = Cluster(key, clean_label(title))
            stack[-1].children.append(cluster)
            stack.append(cluster)
        else:
            _add(flow, stack, key)
            flow.nodes[key].label = clean_label(title)
    elif m := _TRANSITION.match(text):
        tail = _add(flow, stack, m.group(1).split(":::")[0], "start")
        head = _add(flow, stack, m.group(2).split(":::")[0], "end")
        flow.edges.append(FlowEdge(tail, head, clean_label(m.group(3) or "")))
    elif m := _DESCRIPTION.match(text):
        key = _add(flow, stack, m.group(1))
        node = flow.nodes[key]
        node.label = clean_label(m.group(2)) if node.label == key else (
            f"{node.label}\n{clean_label(m.group(2))}")
    elif re.fullmatch(r"[\w.-]+", text):
        _add(flow, stack, text)
    else:
        raise DiagramError(f"mermaid state diagram: cannot read {text[:40]!r}", number)
    return ""
