"""Mermaid entity-relationship diagrams (`erDiagram`) read into the flowchart graph: an entity
is a box with its name over its attributes (`name: type PK`), a relationship a connector
labelled with its name and both cardinalities (`1 — 0..N`), dashed when non-identifying."""

from __future__ import annotations

import re

from slidegen.diagram.flowchart import DIRECTIONS, Flowchart, FlowEdge, FlowNode, clean_label
from slidegen.diagram.style import DiagramError, statements
from slidegen.regex import lazy_compile

_ENTITY = r'"[^"]+"|[\w-]+(?:\[[^\]]*\])?'
_RELATION = lazy_compile(rf"^({_ENTITY})\s*(\|\||\|o|\}}o|\}}\||o\||o\{{|\|\{{)?(--|\.\.)"
                         rf"(\|\||o\||o\{{|\|\{{|\|o|\}}o|\}}\|)\s*({_ENTITY})\s*:\s*(.*)$")
_BODY = lazy_compile(rf"^({_ENTITY})\s*\{{$")
_ATTRIBUTE = lazy_compile(
    r'^([\w()\[\],.-]+)\s+([\w*-]+)((?:\s+(?:PK|FK|UK)\s*,?)*)\s*(?:"(.*)")?$')
CARDINALITY = {"||": "1", "|o": "0..1", "o|": "0..1", "}o": "0..N", "o{": "0..N",
               "}|": "1..N", "|{": "1..N"}
_SKIPPED = ("classDef ", "class ", "style ", "accTitle", "accDescr", "title ")


def parse_er_diagram(source: str) -> Flowchart:
    """The ER diagram as a flowchart graph (entities with attributes, relationships)."""
    flow = Flowchart()
    attributes: dict[str, list[str]] = {}
    open_entity: str | None = None
    for number, text in statements(source, "erDiagram", ";"):
        if open_entity is not None:
            if text == "}":
                open_entity = None
            elif m := _ATTRIBUTE.match(text):
                attributes[open_entity].append(_attribute(m))
            else:
                raise DiagramError(f"mermaid ER diagram: cannot read attribute {text[:40]!r}",
                                   number)
            continue
        open_entity = _statement(flow, attributes, text, number)
    for key, node in flow.nodes.items():
        node.label = "\n".join([node.label, *attributes[key]])
    return flow


def _statement(flow: Flowchart, attributes: dict[str, list[str]], text: str,
               number: int) -> str | None:
    """One line outside an entity's body; the entity whose `{` body opens here, if any."""
    if text.startswith("direction "):
        flow.direction = DIRECTIONS.get(text.split()[1].upper(), flow.direction)
    elif text.startswith(_SKIPPED):
        pass
    elif m := _BODY.match(text):
        return _add(flow, attributes, m.group(1))
    elif m := _RELATION.match(text):
        tail = _add(flow, attributes, m.group(1))
        head = _add(flow, attributes, m.group(5))
        left = CARDINALITY.get(m.group(2) or "||", "")
        right = CARDINALITY[m.group(4)]
        label = "\n".join(filter(None, [clean_label(m.group(6)), f"{left} — {right}"]))
        flow.edges.append(FlowEdge(tail, head, label, "dotted" if m.group(3) == ".." else "solid",
                                   head_end="none"))
    elif re.fullmatch(_ENTITY, text):
        _add(flow, attributes, text)
    else:
        raise DiagramError(f"mermaid ER diagram: cannot read {text[:40]!r}", number)
    return None


def _add(flow: Flowchart, attributes: dict[str, list[str]], written: str) -> str:
    """`CUSTOMER`, `"Line Item"` or `p[Person]` (an alias shown by its label)."""
    alias = re.fullmatch(r"([\w-]+)\[([^\]]*)\]", written)
    key = alias.group(1) if alias else written.strip('"')
    if key not in flow.nodes:
        flow.nodes[key] = FlowNode(key, clean_label(alias.group(2) if alias else key), "rect")
        attributes[key] = []
    elif alias:
        flow.nodes[key].label = clean_label(alias.group(2))
    if key not in flow.root.members:
        flow.root.members.append(key)
    return key


def _attribute(m: re.Match[str]) -> str:
    kind, name, keys, comment = m.groups()
    marks = " ".join(re.findall(r"PK|FK|UK", keys or ""))
    shown = f"{name}: {kind}" + (f" {marks}" if marks else "")
    return shown + (f" ({comment})" if comment else "")
