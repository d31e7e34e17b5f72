"""Brackets in MathML rows: each bracketed stretch found and kept as one group (Office
Math draws it as one `m:d` that grows with its content), `\\left … \\right` and plain pairs
alike."""

from __future__ import annotations

from typing import Any

from slidegen.records import record

MML = "{http://www.w3.org/1998/Math/MathML}"


@record
class Brackets:
    """An opening bracket, what it encloses, and its closing one (scripted or not, or none)."""

    opening: str
    inner: list[Any]
    closing: Any | None


_PAIRS = {"(": ")", "[": "]", "{": "}", "\u27e8": "\u27e9", "\u230a": "\u230b",
          "\u2308": "\u2309", "|": "|", "\u2016": "\u2016"}


def bracket_char(node: Any) -> str:
    """The bracket character a node is (or carries scripts on), else ""."""
    if local_name(node) in ("msub", "msup", "msubsup") and len(node):
        node = node[0]
    if local_name(node) != "mo" or len(node):
        return ""
    text = text_of(node).strip()
    return text if text in _PAIRS or text in _PAIRS.values() else ""


def grouped(nodes: list[Any]) -> list[Any]:
    """Nodes with each bracketed stretch as one `Brackets` (m:d in Office Math).

    `\\left( … \\right)` and plain `( … )` alike; a closing bracket with scripts, as in
    `(x)_i`, carries them for the whole group. An opening bracket left alone (`\\left\\{` of
    cases) encloses the rest of its row.
    """
    out: list[Any] = []
    i = 0
    while i < len(nodes):
        char = bracket_char(nodes[i])
        if char in _PAIRS and local_name(nodes[i]) == "mo":
            close = _closing(nodes, i, char)
            if close is not None:
                out.append(Brackets(char, nodes[i + 1 : close], nodes[close]))
                i = close + 1
                continue
            if is_fence(nodes[i], "prefix"):
                out.append(Brackets(char, nodes[i + 1 :], None))
                break
        out.append(nodes[i])
        i += 1
    return out


def _closing(nodes: list[Any], start: int, opening: str) -> int | None:
    closing = _PAIRS[opening]
    fence = is_fence(nodes[start], "prefix")
    depth = 0
    for j in range(start + 1, len(nodes)):
        node = nodes[j]
        if fence:
            scripted = local_name(node) in ("msub", "msup", "msubsup") and len(node)
            if is_fence(node, "prefix"):
                depth += 1
            elif is_fence(node[0] if scripted else node, "postfix"):
                if depth == 0:
                    return j
                depth -= 1
            continue
        char = bracket_char(node)
        if char == closing and (depth == 0 or opening == closing):
            return j
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
    return None


def local_name(node: Any) -> str:
    tag = getattr(node, "tag", None)
    tag = tag if isinstance(tag, str) else ""
    return tag[len(MML):] if tag.startswith(MML) else tag


def text_of(node: Any) -> str:
    return "".join(node.itertext())


def is_fence(node: Any, form: str) -> bool:
    return (local_name(node) == "mo" and node.get("fence") == "true"
            and node.get("form") == form)
