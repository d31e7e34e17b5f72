"""HackMD's and CodiMD's other diagram blocks, written for js-sequence-diagrams (```` ```sequence
````) and flowchart.js (```` ```flow ````), read as the Mermaid diagrams they say the same
thing as, so they are drawn as shapes like any Mermaid diagram (they were shown as code)."""

from __future__ import annotations

import re
from itertools import pairwise

from slidegen.regex import lazy_compile

__all__ = ["as_mermaid"]


def as_mermaid(language: str, source: str) -> str | None:
    """The Mermaid text for a `sequence` or `flow` block; None for other languages, or when
    the block holds nothing those tools would draw."""
    name = language.lower()
    lines = [line.strip() for line in source.split("\n") if line.strip()]
    if name == "sequence":
        body = [_sequence_line(line) for line in lines]
        header = "sequenceDiagram"
    elif name == "flow":
        body = _flow_lines(lines)
        header = "flowchart TD"
    else:
        return None
    shown = [line for line in body if line]
    return "\n".join([header, *(f"    {line}" for line in shown)]) if shown else None


# js-sequence-diagrams' arrows → Mermaid's: `->` solid with a head, `-->` dashed, `->>`
# and `-->>` with an open head
_ARROWS = {"->": "->>", "-->": "-->>", "->>": "-)", "-->>": "--)"}
_MESSAGE = lazy_compile(r"(?P<a>[^:>-][^:]*?)\s*(?P<arrow>-->>|->>|-->|->)\s*(?P<b>[^:]+?)\s*"
                        r":\s*(?P<text>.*)")
_TITLE = lazy_compile(r"title\s*:\s*(.*)", re.I)
_NOTE = lazy_compile(r"note\s+(left of|right of|over)\s+([^:]+?)\s*:\s*(.*)", re.I)
_PARTICIPANT = lazy_compile(r"participant\s+(.+)", re.I)


def _sequence_line(line: str) -> str:
    if found := _TITLE.fullmatch(line):
        return f"title {found.group(1)}"
    if found := _NOTE.fullmatch(line):
        return f"Note {found.group(1).lower()} {found.group(2)}: {_breaks(found.group(3))}"
    if found := _PARTICIPANT.fullmatch(line):
        return f"participant {found.group(1).strip(chr(34))}"
    if found := _MESSAGE.fullmatch(line):
        arrow = _ARROWS[found.group("arrow")]
        return f"{found.group('a')}{arrow}{found.group('b')}: {_breaks(found.group('text'))}"
    return ""


def _breaks(text: str) -> str:
    return text.replace("\\n", "<br/>")


# flowchart.js node types → Mermaid shapes, around the quoted label
_SHAPES = {"start": ('(["', '"])'), "end": ('(["', '"])'), "operation": ('["', '"]'),
           "subroutine": ('[["', '"]]'), "condition": ('{"', '"}'),
           "inputoutput": ('[/"', '"/]'), "parallel": ('["', '"]')}
_NODE = lazy_compile(r"([\w-]+)=>(\w+)\s*:\s*(.*)")
_LINK = lazy_compile(r":>\S*(?:\[\w+\])?$")  # `:>http://…[blank]`: a link on the page
_STATE = lazy_compile(r"\|\w+$")  # `|past`, `|approved`: its colour state
_STEP = lazy_compile(r"([\w-]+)(?:\(([^)]*)\))?")


def _flow_lines(lines: list[str]) -> list[str]:
    nodes, edges = [], []
    for line in lines:
        if found := _NODE.fullmatch(line):
            key, kind, text = found.groups()
            text = _STATE.sub("", _LINK.sub("", text.strip())).strip().replace('"', "'")
            left, right = _SHAPES.get(kind.lower(), ('["', '"]'))
            nodes.append(f"{key}{left}{_breaks(text)}{right}")
        elif "->" in line:
            edges.extend(_flow_edges(line))
    return nodes + edges


def _flow_edges(line: str) -> list[str]:
    """`cond(yes, right)->c2->e`: one Mermaid edge per step, `yes`/`no` as its label (the
    direction words only place the arrow on the page)."""
    found = [_STEP.fullmatch(part.strip()) for part in line.split("->")]
    steps = [step for step in found if step is not None]
    if len(steps) != len(found):
        return []
    out = []
    for here, there in pairwise(steps):
        words = [w.strip() for w in (here.group(2) or "").split(",") if w.strip()]
        label = next((w for w in words if w not in ("left", "right", "top", "bottom")), "")
        arrow = f"-->|{label}|" if label else "-->"
        out.append(f"{here.group(1)} {arrow} {there.group(1)}")
    return out
