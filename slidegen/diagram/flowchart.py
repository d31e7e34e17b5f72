"""Mermaid flowcharts (`graph`/`flowchart`) read into a small graph, then written as DOT for
Graphviz to lay out. Shapes, colours and line styles travel as node and edge attributes, so the
Graphviz reader draws mermaid and DOT diagrams alike."""

from __future__ import annotations

import html
import re
from dataclasses import field
from itertools import pairwise

from slidegen.diagram.style import DiagramError
from slidegen.records import record
from slidegen.regex import lazy_compile

DIRECTIONS = {"TD": "TB", "TB": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}

# opener, closer, mermaid shape name; longest openers first
_SHAPES = (
    ("(((", ")))", "double-circle"), ("((", "))", "circle"), ("([", "])", "stadium"),
    ("[[", "]]", "subroutine"), ("[(", ")]", "cylinder"), ("{{", "}}", "hexagon"),
    ("[/", "/]", "lean-right"), ("[\\", "\\]", "lean-left"), ("[/", "\\]", "trapezoid"),
    ("[\\", "/]", "inv-trapezoid"), ("[", "]", "rect"), ("(", ")", "round"),
    ("{", "}", "diamond"), (">", "]", "flag"),
)
# mermaid shape -> (DrawingML preset, Graphviz shape used to size it)
GEOMETRY = {
    "rect": ("rect", "box"), "round": ("roundRect", "box"),
    "stadium": ("flowChartTerminator", "box"), "subroutine": ("flowChartPredefinedProcess", "box"),
    "cylinder": ("flowChartMagneticDisk", "cylinder"), "circle": ("ellipse", "circle"),
    "double-circle": ("ellipse", "doublecircle"), "diamond": ("flowChartDecision", "diamond"),
    "hexagon": ("flowChartPreparation", "hexagon"), "lean-right": ("flowChartInputOutput", "box"),
    "lean-left": ("flowChartInputOutput", "box"), "trapezoid": ("trapezoid", "trapezium"),
    "inv-trapezoid": ("flowChartManualOperation", "invtrapezium"), "flag": ("homePlate", "box"),
}
_ID = r"[^\s\[\](){}<>|&;:\"'=.-]+(?:[.-](?![-.=>ox]*[-.=>])[^\s\[\](){}<>|&;:\"'=.-]+)*"
_NODE_ID = lazy_compile(_ID)
_CLASS_SUFFIX = lazy_compile(r":::([\w-]+)")
# `-- text -->`, `== text ==>`, `-. text .->`
_TEXT_LINK = lazy_compile(
    r"\s*([<ox])?(--|==|-\.)(?![->=.])\s*(.+?)\s*(-{2,}|={2,}|\.+-)([>ox])?(?=[\s\w\"'\[(]|$)")
_LINK = lazy_compile(r"\s*([<ox])?(-{2,}|={2,}|-\.+-|~{3,})([>ox])?(?:\s*\|([^|]*)\|)?")
_ENDS = {">": "arrow", "o": "circle", "x": "cross", "<": "arrow"}


@record
class FlowNode:
    key: str
    label: str
    shape: str = "rect"
    classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)  # DOT attributes that win


@record
class FlowEdge:
    tail: str
    head: str
    label: str = ""
    stroke: str = "solid"  # solid, dotted, thick, invisible
    head_end: str = "arrow"  # arrow, circle, cross, none
    tail_end: str = "none"
    style: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)  # DOT attributes that win


@record
class Cluster:
    key: str
    title: str
    members: list[str] = field(default_factory=list)
    children: list[Cluster] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)


@record
class Flowchart:
    direction: str = "TB"
    nodes: dict[str, FlowNode] = field(default_factory=dict)
    edges: list[FlowEdge] = field(default_factory=list)
    root: Cluster = field(default_factory=lambda: Cluster("", ""))
    class_defs: dict[str, dict[str, str]] = field(default_factory=dict)
    styles: dict[str, dict[str, str]] = field(default_factory=dict)


def clean_label(text: str) -> str:
    """A mermaid label as plain lines: quotes, `<br>`, markdown marks and entities resolved."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == "`":  # markdown string: bold/italic marks
        text = re.sub(r"(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1", r"\2", text[1:-1])
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)
    text = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)
    text = re.sub(r"#([a-z]+);", r"&\1;", text)
    text = re.sub(r"\bfa:fa-[\w-]+\s*", "", text)  # Font Awesome icons need the web font
    return "\n".join(part.strip() for part in html.unescape(text).split("\n")).strip()


def parse_flowchart(source: str) -> Flowchart:
    """The flowchart a mermaid `graph`/`flowchart` block describes."""
    flow = Flowchart()
    stack = [flow.root]
    header_seen = False
    for number, raw in _logical_lines(source):
        for statement in _statements(raw):
            if not header_seen:
                words = statement.split()
                flow.direction = DIRECTIONS.get(words[1].upper(), "TB") if len(words) > 1 else "TB"
                header_seen = True
                continue
            _statement(flow, stack, statement, number)
    join_clusters(flow)
    return flow


def _logical_lines(source: str) -> list[tuple[int, str]]:
    """Lines, a label left open at a line's end (a multi-line markdown string) joined with
    the lines that close it by `<br>`."""
    out: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for number, line in enumerate(source.split("\n"), start=1):
        if pending is not None:
            pending = (pending[0], pending[1] + "<br>" + line.strip())
        else:
            pending = (number, line)
        text = pending[1]
        if text.count('"') % 2 == 0 and text.count("`") % 2 == 0:
            out.append(pending)
            pending = None
    if pending is not None:
        out.append(pending)
    return out


def join_clusters(flow: Flowchart, start: str = "") -> None:
    """A link to or from a subgraph (a composite state) goes to its `start` node or its first
    node, clipped at its frame: Graphviz joins nodes, not clusters."""
    clusters = {c.key: c for c in _walk(flow.root)}
    for key, cluster in clusters.items():
        inner = f"{start}{key}" if start and f"{start}{key}" in flow.nodes else next(
            iter(cluster.members), None)
        if inner is None or key not in flow.nodes:
            continue
        del flow.nodes[key]
        for holder in [flow.root, *clusters.values()]:
            if key in holder.members:
                holder.members.remove(key)
        for edge in flow.edges:  # Graphviz clips these at the frame (compound=true)
            if edge.tail == key:
                edge.tail = inner
                edge.attrs["ltail"] = cluster_name(key)
            if edge.head == key:
                edge.head = inner
                edge.attrs["lhead"] = cluster_name(key)



def _statements(line: str) -> list[str]:
    line = line.strip()
    if not line or line.startswith("%%"):
        return []
    parts, depth, quote, start = [], 0, False, 0
    for i, ch in enumerate(line):
        if ch == '"':
            quote = not quote
        elif not quote and ch in "[({":
            depth += 1
        elif not quote and ch in "])}":
            depth = max(0, depth - 1)
        elif ch == ";" and not quote and depth == 0:
            parts.append(line[start:i])
            start = i + 1
    parts.append(line[start:])
    return [p.strip() for p in parts if p.strip()]


def _statement(flow: Flowchart, stack: list[Cluster], text: str, number: int) -> None:
    word = text.split(maxsplit=1)[0]
    rest = text[len(word):].strip()
    if word == "subgraph":
        cluster = _cluster(rest, len(flow.root.children) + sum(1 for _ in _walk(flow.root)))
        stack[-1].children.append(cluster)
        stack.append(cluster)
    elif word == "end" and not rest:
        if len(stack) > 1:
            stack.pop()
    elif word == "direction":
        if len(stack) == 1:
            flow.direction = DIRECTIONS.get(rest.upper(), flow.direction)
    elif word == "classDef":
        names, _, props = rest.partition(" ")
        for name in names.split(","):
            flow.class_defs[name.strip()] = _props(props)
    elif word == "class":
        keys, _, name = rest.rpartition(" ")
        for key in keys.split(","):
            key = key.strip()
            if key in flow.nodes:
                flow.nodes[key].classes.append(name.strip())
            for cluster in _walk(flow.root):
                if cluster.key == key:
                    cluster.classes.append(name.strip())
    elif word == "style":
        key, _, props = rest.partition(" ")
        flow.styles.setdefault(key, {}).update(_props(props))
    elif word == "linkStyle":
        which, _, props = rest.partition(" ")
        style = _props(props)
        indexes = (range(len(flow.edges)) if which == "default"
                   else [int(i) for i in which.split(",") if i.strip().isdigit()])
        for i in indexes:
            if i < len(flow.edges):
                flow.edges[i].style.update(style)
    elif word in ("click", "accTitle", "accDescr", "accTitle:", "accDescr:", "title"):
        return
    else:
        _chain(flow, stack[-1], text, number)


def _walk(cluster: Cluster):  # type: ignore[no-untyped-def]
    for child in cluster.children:
        yield child
        yield from _walk(child)


def _cluster(rest: str, count: int) -> Cluster:
    m = re.match(r"^(" + _ID + r")\s*\[(.*)\]\s*$", rest)
    if m:
        return Cluster(m.group(1), clean_label(m.group(2)))
    if rest.startswith('"'):
        title = clean_label(rest)
        return Cluster(f"subgraph{count}", title)
    key = rest.strip() or f"subgraph{count}"
    return Cluster(key, clean_label(rest) if rest else "")


def _props(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in re.split(r"[,;]", text):
        key, sep, value = part.partition(":")
        if sep:
            out[key.strip().lower()] = value.strip()
    return out


def _chain(flow: Flowchart, cluster: Cluster, text: str, number: int) -> None:
    """`A[x] --> B & C -->|y| D`: node groups joined by links."""
    pos = 0
    groups: list[list[str]] = []
    links: list[FlowEdge] = []
    while True:
        group, pos = _node_group(flow, cluster, text, pos, number)
        groups.append(group)
        if pos >= len(text):
            break
        link, pos = _link(text, pos, number)
        links.append(link)
    for (tails, heads), link in zip(pairwise(groups), links, strict=True):
        for tail in tails:
            for head in heads:
                flow.edges.append(FlowEdge(tail, head, link.label, link.stroke, link.head_end,
                                           link.tail_end))


def _node_group(flow: Flowchart, cluster: Cluster, text: str, pos: int,
                number: int) -> tuple[list[str], int]:
    keys: list[str] = []
    while True:
        key, pos = _node(flow, cluster, text, pos, number)
        keys.append(key)
        m = re.compile(r"\s*&\s*").match(text, pos)
        if not m:
            return keys, pos
        pos = m.end()


def _node(flow: Flowchart, cluster: Cluster, text: str, pos: int,
          number: int) -> tuple[str, int]:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    m = _NODE_ID.match(text, pos)
    if not m:
        shown = text[pos:pos + 20] or text
        raise DiagramError(f"mermaid flowchart: expected a node at {shown!r}", number)
    key = m.group(0)
    pos = m.end()
    node = flow.nodes.get(key)
    if node is None:
        node = flow.nodes[key] = FlowNode(key, key)
        if not any(key in c.members for c in _walk(flow.root)):
            cluster.members.append(key)
    elif cluster is not flow.root and key not in cluster.members:
        for other in _walk(flow.root):
            if key in other.members:
                other.members.remove(key)
        flow.root.members = [k for k in flow.root.members if k != key]
        cluster.members.append(key)
    for opener, closer, shape in _SHAPES:
        if not text.startswith(opener, pos):
            continue
        end = _closing(text, pos + len(opener), closer)
        if end < 0:
            continue
        node.label = clean_label(text[pos + len(opener):end])
        node.shape = shape
        pos = end + len(closer)
        break
    if m := _CLASS_SUFFIX.match(text, pos):
        node.classes.append(m.group(1))
        pos = m.end()
    return key, pos


def _closing(text: str, start: int, closer: str) -> int:
    """Where `closer` ends a label that starts at `start` (quoted labels may hold anything)."""
    rest = text[start:].lstrip()
    if rest.startswith('"'):
        quote_end = text.find('"', start + (len(text[start:]) - len(rest)) + 1)
        if quote_end >= 0 and text.startswith(closer, quote_end + 1):
            return quote_end + 1
    return text.find(closer, start)


def _link(text: str, pos: int, number: int) -> tuple[FlowEdge, int]:
    m = _LINK.match(text, pos)
    text_link = _TEXT_LINK.match(text, pos)  # `-- text -->`
    if text_link and (m is None or (m.group(2) in ("--", "==") and m.group(3) is None)):
        left, opener, label, body, right = text_link.groups()
        return _edge(left, opener + body, right, clean_label(label)), text_link.end()
    if not m:
        shown = text[pos:pos + 20]
        raise DiagramError(f"mermaid flowchart: expected a link such as '-->' at {shown!r}",
                           number)
    left, body, right, label = m.groups()
    return _edge(left, body, right, clean_label(label or "")), m.end()


def _edge(left: str | None, body: str, right: str | None, label: str) -> FlowEdge:
    stroke = ("invisible" if body.startswith("~") else "thick" if "=" in body
              else "dotted" if "." in body else "solid")
    return FlowEdge("", "", label, stroke, _ENDS.get(right or "", "none"),
                    _ENDS.get(left or "", "none"))


def cluster_name(key: str) -> str:
    """The DOT name of a subgraph drawn as a frame (Graphviz frames `cluster*` subgraphs)."""
    return f"cluster_{key}"
