"""Graphviz lays diagrams out (`dot -Tjson`); its answer becomes native shapes and glued
connectors in points, top-left origin. Node sizes come from Graphviz measuring the labels with
the deck's own fonts, so the shapes fit their text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

from slidegen.deck import Box, DiagramEdge, DiagramNode, DiagramShape
from slidegen.diagram.sites import nearest_site
from slidegen.diagram.style import DiagramError, DiagramStyle, Measure, parse_color

DOT_TIMEOUT = 30.0  # seconds; a huge graph is better shown as code than waited for
PACKAGE = "graphviz"

# Graphviz node shape -> DrawingML preset
PRESETS = {
    "box": "rect", "rect": "rect", "rectangle": "rect", "square": "rect", "ellipse": "ellipse",
    "oval": "ellipse", "circle": "ellipse", "doublecircle": "ellipse", "point": "ellipse",
    "diamond": "flowChartDecision", "Mdiamond": "flowChartDecision",
    "hexagon": "flowChartPreparation", "cylinder": "flowChartMagneticDisk",
    "parallelogram": "flowChartInputOutput", "trapezium": "trapezoid",
    "invtrapezium": "flowChartManualOperation", "note": "foldedCorner", "tab": "rect",
    "folder": "rect", "box3d": "rect", "component": "rect", "house": "pentagon",
    "octagon": "octagon", "triangle": "triangle", "Msquare": "rect", "record": "rect",
    "Mrecord": "roundRect", "star": "star5", "cds": "homePlate", "larrow": "leftArrow",
    "rarrow": "rightArrow",
}
BARE = {"plaintext", "plain", "none", "underline"}
# Graphviz arrow shape -> DrawingML line end
ARROWS = {"normal": "triangle", "inv": "triangle", "vee": "arrow", "open": "arrow",
          "dot": "oval", "odot": "oval", "invdot": "oval", "diamond": "diamond",
          "odiamond": "diamond", "ediamond": "diamond", "empty": "triangle", "onormal": "triangle",
          "halfopen": "arrow", "box": "diamond", "obox": "diamond", "crow": "arrow",
          "none": "none", "tee": "none", "curve": "arrow"}
MERMAID_ENDS = {"arrow": "triangle", "circle": "oval", "cross": "none", "none": "none",
                "triangle": "triangle", "diamond": "diamond", "open": "arrow"}
CROSS_SIZE = 0.55  # of the label size: the `x` end of a mermaid link


class GraphvizMissing(DiagramError):
    """Graphviz's `dot` is not on the PATH."""


def run_dot(dot_source: str, style: DiagramStyle) -> dict[str, Any]:
    """Graphviz's layout of a DOT graph, as its JSON output."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(f"Graphviz is not installed: install the '{PACKAGE}' package "
                              "(apt-get install graphviz) to draw diagrams")
    size = f"{style.size:g}"
    command = [dot, "-Tjson", f"-Gfontname={style.font}", f"-Nfontname={style.font}",
               f"-Efontname={style.font}", f"-Gfontsize={size}", f"-Nfontsize={size}",
               f"-Efontsize={size}", "-Gnodesep=0.35", "-Granksep=0.45", "-Gpad=0.06",
               "-Nmargin=0.16,0.07", "-Nshape=box", "-Gcharset=UTF-8",
               # straight edges: a glued connector is drawn straight between its shapes by
               # LibreOffice whatever path it holds, and by PowerPoint once a shape moves
               "-Gsplines=line"]
    try:
        done = subprocess.run(command, input=dot_source.encode("utf-8"), capture_output=True,
                              timeout=DOT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise DiagramError(f"Graphviz took more than {DOT_TIMEOUT:g} s: simplify the "
                           "diagram") from exc
    if done.returncode != 0 or not done.stdout.strip():
        raise DiagramError(*_dot_error(done.stderr.decode("utf-8", "replace")))
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise DiagramError(f"Graphviz gave no layout ({exc})") from exc


def _dot_error(stderr: str) -> tuple[str, int]:
    first = next((line for line in stderr.splitlines() if line.strip()), "no output")
    m = re.search(r"line (\d+)", first)
    message = re.sub(r"^Error:\s*(<stdin>:\s*)?", "", first).strip()
    return f"Graphviz could not read the graph: {message}", int(m.group(1)) if m else 0


def layout_graph(data: dict[str, Any], style: DiagramStyle, measure: Measure, source: str,
                 name: str) -> DiagramShape:
    """Graphviz's JSON layout as a diagram in points, top-left origin."""
    x0, y0, x1, y1 = (float(v) for v in data.get("bb", "0,0,0,0").split(","))
    reader = _Reader(style, measure, y1, x0)
    objects = data.get("objects", [])
    clusters = sorted((o for o in objects if ("bb" in o and "nodes" in o) or _is_cluster(o)),
                      key=lambda o: -_area(o["bb"]))
    framed = [reader.cluster(o) for o in clusters]
    frames = {str(o.get("name", "")): frame for o, (frame, _) in zip(clusters, framed,
                                                                     strict=True)}
    nodes = [frame for frame, _ in framed] + [title for _, title in framed if title]
    placed = {i: reader.node(o) for i, o in enumerate(objects) if "pos" in o and "bb" not in o}
    nodes.extend(n for n in placed.values() if n is not None)
    edges: list[DiagramEdge] = []
    directed = bool(data.get("directed", True))
    for edge in data.get("edges", []):
        drawn = reader.edge(edge, placed, frames, directed)
        if drawn is not None:
            edges.append(drawn[0])
            nodes.extend(drawn[1])
    box = Box(0.0, 0.0, round(x1 - x0, 2), round(y1 - y0, 2))
    return DiagramShape(box, tuple(nodes), tuple(edges), style.size, source, name)


def _is_cluster(obj: dict[str, Any]) -> bool:
    return "bb" in obj and str(obj.get("name", "")).startswith("cluster")


def _area(bb: str) -> float:
    x0, y0, x1, y1 = (float(v) for v in bb.split(","))
    return (x1 - x0) * (y1 - y0)


def graph_label(obj: dict[str, Any], fallback: str = "") -> str:
    """A Graphviz label as plain lines: escapes resolved, HTML-like markup dropped."""
    text = str(obj.get("label", "\\N"))
    if text.startswith("<") and text.endswith(">"):
        text = re.sub(r"<br\s*/?>", "\n", text[1:-1], flags=re.I)
        text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("\\N", fallback).replace("\\G", "")
    text = re.sub(r"\\[nlr]", "\n", text)
    text = re.sub(r"\\(.)", r"\1", text)
    if str(obj.get("shape", "")) in ("record", "Mrecord"):
        text = re.sub(r"\s*\|\s*", "\n", text.replace("{", "").replace("}", ""))
        text = re.sub(r"<[^>]*>", "", text)
    return text.strip("\n")


class _Reader:
    """Turns Graphviz objects into diagram nodes and edges, flipping y (Graphviz's goes up)."""

    def __init__(self, style: DiagramStyle, measure: Measure, top: float, left: float) -> None:
        self.style = style
        self.measure = measure
        self.top = top
        self.left = left

    def point(self, x: float, y: float) -> tuple[float, float]:
        return round(x - self.left, 2), round(self.top - y, 2)

    def cluster(self, obj: dict[str, Any]) -> tuple[DiagramNode, DiagramNode | None]:
        """A subgraph's frame, and its title as a label of its own at the top (the frame holds
        no text, so the nodes inside it never sit in two text boxes)."""
        x0, y0, x1, y1 = (float(v) for v in obj["bb"].split(","))
        left, top = self.point(x0, y1)
        s = self.style
        styles = str(obj.get("style", ""))
        fill = parse_color(str(obj.get("fillcolor", obj.get("bgcolor", "")))) if (
            "filled" in styles or "bgcolor" in obj) else None
        line = parse_color(str(obj.get("pencolor", obj.get("color", ""))))
        fill = fill or parse_color(str(obj.get("color", ""))) if "filled" in styles else fill
        key = f"cluster:{obj.get('sg_key', obj.get('name', ''))}"
        frame = DiagramNode(key, Box(left, top, round(x1 - x0, 2), round(y1 - y0, 2)), "rect",
                            "", s.text, fill or s.frame_fill, line or s.frame_line, 1.0,
                            "dashed" in styles or "dotted" in styles)
        title = graph_label(obj)
        if not title:
            return frame, None
        color = parse_color(str(obj.get("fontcolor", ""))) or s.text
        if "lp" in obj:
            return frame, self._label(title, str(obj["lp"]), f"title:{key}", color, None)
        w = max(self.measure(line, s.size) for line in title.split("\n")) + s.size * 0.5
        return frame, DiagramNode(f"title:{key}", Box(left + (x1 - x0 - w) / 2, top, w,
                                                      s.size * 1.3), "rect", title, color)

    def node(self, obj: dict[str, Any]) -> DiagramNode | None:
        styles = str(obj.get("style", ""))
        if "invis" in styles:
            return None
        x, y = (float(v) for v in str(obj["pos"]).split(",")[:2])
        w = float(obj.get("width", 0.75)) * 72
        h = float(obj.get("height", 0.5)) * 72
        cx, cy = self.point(x, y)
        shape = str(obj.get("shape", "box"))
        geometry = str(obj.get("sg_geometry", "")) or PRESETS.get(shape, "rect")
        if "rounded" in styles and geometry == "rect":
            geometry = "roundRect"
        s = self.style
        fill: str | None = s.fill
        line: str | None = parse_color(str(obj.get("color", ""))) or s.line
        if "filled" in styles:
            fill = parse_color(str(obj.get("fillcolor", obj.get("color", "")))) or s.fill
        if shape in BARE:
            fill, line = None, None
        text = "" if shape == "point" else graph_label(obj, str(obj.get("name", "")))
        if shape == "point":
            fill = line
        text_color = parse_color(str(obj.get("fontcolor", ""))) or s.text
        return DiagramNode(str(obj.get("name", "")), Box(round(cx - w / 2, 2),
                                                          round(cy - h / 2, 2), round(w, 2),
                                                          round(h, 2)),
                           geometry, text, text_color, fill, line,
                           _pen(obj, 1.0), "dashed" in styles or "dotted" in styles)

    def edge(self, edge: dict[str, Any], placed: dict[int, DiagramNode | None],
             frames: dict[str, DiagramNode],
             directed: bool) -> tuple[DiagramEdge, list[DiagramNode]] | None:
        """A connector glued to the nodes it joins, or to a frame where it is clipped at one
        (`lhead`/`ltail` with compound=true)."""
        styles = str(edge.get("style", ""))
        if "invis" in styles or "pos" not in edge:
            return None
        points, start_tip, end_tip = self._spline(str(edge["pos"]))
        if len(points) < 2:
            return None
        head_end, tail_end = self._ends(edge, directed, start_tip, end_tip)
        tail = frames.get(str(edge.get("ltail", ""))) or placed.get(int(edge.get("tail", -1)))
        head = frames.get(str(edge.get("lhead", ""))) or placed.get(int(edge.get("head", -1)))
        s = self.style
        color = parse_color(str(edge.get("color", "")).split(":")[0]) or s.edge
        stroke = str(edge.get("sg_stroke", ""))
        width = _pen(edge, 2.5 if stroke == "thick" else 1.25)
        extra: list[DiagramNode] = []
        if str(edge.get("sg_head", "")) == "cross":
            extra.append(self._cross(points[-1], color, f"cross:{edge.get('_gvid', '')}"))
        if str(edge.get("sg_tail", "")) == "cross":
            extra.append(self._cross(points[0], color, f"cross-tail:{edge.get('_gvid', '')}"))
        drawn = DiagramEdge(
            tuple(points), color,
            tail.key if tail else None, head.key if head else None,
            _site(tail, points[0]), _site(head, points[-1]), head_end, tail_end, width,
            "dashed" in styles or "dotted" in styles or stroke == "dotted")
        label = graph_label(edge) if edge.get("label") else ""
        if label and "lp" in edge:
            extra.append(self._label(label, str(edge["lp"]), f"label:{edge.get('_gvid', '')}",
                                     parse_color(str(edge.get("fontcolor", ""))) or s.text,
                                     s.background))
        return drawn, extra

    def _spline(self, pos: str) -> tuple[list[tuple[float, float]], tuple[float, float] | None,
                                         tuple[float, float] | None]:
        start_tip = end_tip = None
        points: list[tuple[float, float]] = []
        for token in pos.split():
            parts = token.split(",")
            if parts[0] in ("e", "s"):
                tip = self.point(float(parts[1]), float(parts[2]))
                if parts[0] == "e":
                    end_tip = tip
                else:
                    start_tip = tip
            else:
                points.append(self.point(float(parts[0]), float(parts[1])))
        if start_tip is not None and points:
            points = [start_tip, *_third_points(start_tip, points[0]), *points]
        if end_tip is not None and points:
            points = [*points, *_third_points(points[-1], end_tip), end_tip]
        return points, start_tip, end_tip

    def _ends(self, edge: dict[str, Any], directed: bool, start_tip: Any,
              end_tip: Any) -> tuple[str, str]:
        if "sg_head" in edge:
            return (MERMAID_ENDS.get(str(edge["sg_head"]), "none"),
                    MERMAID_ENDS.get(str(edge.get("sg_tail", "none")), "none"))
        head = ARROWS.get(str(edge.get("arrowhead", "normal")), "triangle")
        tail = ARROWS.get(str(edge.get("arrowtail", "normal")), "triangle")
        direction = str(edge.get("dir", "forward" if directed else "none"))
        return (head if direction in ("forward", "both") or end_tip else "none",
                tail if direction in ("back", "both") or start_tip else "none")

    def _cross(self, at: tuple[float, float], color: str, key: str) -> DiagramNode:
        d = self.style.size * CROSS_SIZE
        return DiagramNode(key, Box(at[0] - d / 2, at[1] - d / 2, d, d), "mathMultiply", "",
                           color, color, None)

    def _label(self, text: str, lp: str, key: str, color: str,
               fill: str | None) -> DiagramNode:
        x, y = (float(v) for v in lp.split(",")[:2])
        cx, cy = self.point(x, y)
        lines = text.split("\n")
        size = self.style.size
        w = max(self.measure(line, size) for line in lines) + size * 0.5
        h = len(lines) * size * 1.3
        return DiagramNode(key, Box(round(cx - w / 2, 2), round(cy - h / 2, 2), round(w, 2),
                                    round(h, 2)), "rect", text, color, fill)


def _pen(obj: dict[str, Any], default: float) -> float:
    try:
        return max(0.25, min(8.0, float(obj["penwidth"]))) if "penwidth" in obj else default
    except ValueError:
        return default


def _third_points(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    """Control points that make a cubic segment from `a` to `b` a straight line."""
    return [(round(a[0] + (b[0] - a[0]) / 3, 2), round(a[1] + (b[1] - a[1]) / 3, 2)),
            (round(a[0] + 2 * (b[0] - a[0]) / 3, 2), round(a[1] + 2 * (b[1] - a[1]) / 3, 2))]


def _site(node: DiagramNode | None, point: tuple[float, float]) -> int:
    if node is None:
        return 0
    b = node.box
    return nearest_site(node.geometry, (b.x, b.y, b.w, b.h), point)
