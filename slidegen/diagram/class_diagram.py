"""Mermaid class diagrams (`classDiagram`) read into the flowchart graph, so Graphviz lays them
out and they become native shapes: a class is a box holding its name (and «stereotype») over
its members, relations are connectors with UML ends (inheritance and realization a triangle,
composition and aggregation a diamond, association and dependency an arrow; dashed for
`..`), multiplicities and labels on the connector, notes folded-corner boxes."""

from __future__ import annotations

import re

from slidegen.diagram.flowchart import (
    DIRECTIONS,
    Cluster,
    Flowchart,
    FlowEdge,
    FlowNode,
    clean_label,
)
from slidegen.diagram.style import DiagramError, statements
from slidegen.regex import lazy_compile

_NAME = r"`[^`]+`|[\w.~$-]+?"
_RELATION = lazy_compile(
    rf'^({_NAME})\s*(?:"([^"]*)"\s*)?(<\||\*|o|<)?(--|\.\.)(\|>|\*|o|>)?\s*'
    rf'(?:"([^"]*)"\s*)?({_NAME})\s*(?::\s*(.*))?$')
_CLASS = lazy_compile(rf'^class\s+({_NAME})(?:\["([^"]*)"\])?\s*(?::::[\w-]+)?\s*(\{{)?\s*(\}})?$')
_MEMBER = lazy_compile(rf"^({_NAME})\s*:\s*(.+)$")
_ANNOTATION = lazy_compile(rf"^<<\s*([^>]+?)\s*>>\s*({_NAME})?$")
_NOTE = lazy_compile(rf'^note\s+(?:for\s+({_NAME})\s+)?"(.*)"$')
_ENDS = {"<|": "triangle", "|>": "triangle", "*": "diamond", "o": "diamond", "<": "open",
         ">": "open", None: "none"}
_SKIPPED = ("classDef ", "cssClass ", "style ", "callback ", "click ", "link ", "accTitle",
            "accDescr", "title ")


def parse_class_diagram(source: str) -> Flowchart:
    """The class diagram as a flowchart graph (classes, relations, notes, namespaces)."""
    flow = Flowchart()
    members: dict[str, list[str]] = {}
    stereotypes: dict[str, str] = {}
    stack = [flow.root]
    open_class: str | None = None
    for number, text in statements(source, "classDiagram", ";"):
        if open_class is not None:
            if text == "}":
                open_class = None
            elif m := _ANNOTATION.match(text):
                stereotypes[open_class] = m.group(1)
            else:
                members[open_class].append(_member(text))
            continue
        open_class = _statement(flow, stack, members, stereotypes, text, number)
    for key, node in flow.nodes.items():
        if key in members:
            node.label = "\n".join(filter(None, [
                f"«{stereotypes[key]}»" if key in stereotypes else "", node.label,
                *members[key]]))
    return flow


def _statement(flow: Flowchart, stack: list[Cluster], members: dict[str, list[str]],
               stereotypes: dict[str, str], text: str, number: int) -> str | None:
    """One line outside a class body; the class whose `{` body opens here, if any."""
    if text.startswith("direction "):
        flow.direction = DIRECTIONS.get(text.split()[1].upper(), flow.direction)
    elif text.startswith(_SKIPPED):
        pass  # colours and interaction: the theme's colours are used
    elif m := re.match(rf"^namespace\s+({_NAME})\s*\{{$", text):
        cluster = Cluster(f"ns:{m.group(1)}", clean_label(m.group(1)))
        stack[-1].children.append(cluster)
        stack.append(cluster)
    elif text == "}":
        if len(stack) > 1:
            stack.pop()
    elif m := _CLASS.match(text):
        key = _add(flow, stack, members, m.group(1))
        if m.group(2):
            flow.nodes[key].label = clean_label(m.group(2))
        return key if m.group(3) and not m.group(4) else None
    elif m := _ANNOTATION.match(text):
        if m.group(2):
            stereotypes[_add(flow, stack, members, m.group(2))] = m.group(1)
    elif m := _NOTE.match(text):
        _note(flow, stack, members, m.group(1), m.group(2))
    elif m := _RELATION.match(text):
        _relation(flow, stack, members, m)
    elif m := _MEMBER.match(text):
        members[_add(flow, stack, members, m.group(1))].append(_member(m.group(2)))
    elif re.fullmatch(_NAME, text):
        _add(flow, stack, members, text)
    else:
        raise DiagramError(f"mermaid class diagram: cannot read {text[:40]!r}", number)
    return None


def _add(flow: Flowchart, stack: list[Cluster], members: dict[str, list[str]], name: str) -> str:
    written = name.strip("`")
    key = re.sub(r"~[^~]*~", "", written)  # `Repository~T~` is the class `Repository`
    if key not in flow.nodes:
        flow.nodes[key] = FlowNode(key, _generic(written), "rect")
        members[key] = []
        stack[-1].members.append(key)
    elif written != key:
        flow.nodes[key].label = _generic(written)
    return key


def _relation(flow: Flowchart, stack: list[Cluster], members: dict[str, list[str]],
              m: re.Match[str]) -> None:
    tail = _add(flow, stack, members, m.group(1))
    head = _add(flow, stack, members, m.group(7))
    label = clean_label(m.group(8) or "")
    multiplicity = " — ".join(filter(None, [m.group(2), m.group(6)]))  # tail's, then head's
    text = "\n".join(filter(None, [label, multiplicity]))
    flow.edges.append(FlowEdge(tail, head, text, "dotted" if m.group(4) == ".." else "solid",
                               head_end=_ENDS[m.group(5)], tail_end=_ENDS[m.group(3)]))


def _note(flow: Flowchart, stack: list[Cluster], members: dict[str, list[str]],
          target: str | None, text: str) -> None:
    key = f"note:{len(flow.nodes)}"
    flow.nodes[key] = FlowNode(key, clean_label(text.replace("\\n", "<br>")), "rect",
                               attrs={"shape": "note", "sg_geometry": "foldedCorner"})
    stack[-1].members.append(key)
    if target:
        flow.edges.append(FlowEdge(key, _add(flow, stack, members, target), "", "dotted",
                                   head_end="none"))


def _generic(name: str) -> str:
    """`List~int~` is written `List<int>`."""
    return re.sub(r"~([^~]*)~", r"<\1>", name)


def _member(text: str) -> str:
    """A member as UML shows it: generics in angle brackets, the `$` (static) and `*`
    (abstract) marks of mermaid's syntax left off."""
    text = _generic(text.strip())
    return re.sub(r"(\))[$*]|[$*]$", r"\1", text).strip()
