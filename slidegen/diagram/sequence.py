"""Mermaid sequence diagrams, laid out by hand: they are a grid. Participants are columns wide
enough for the messages between them; every message, note and block edge is a row."""

from __future__ import annotations

import re
from dataclasses import field
from itertools import pairwise

from slidegen.deck import Box, DiagramEdge, DiagramNode, DiagramShape
from slidegen.diagram.flowchart import clean_label
from slidegen.diagram.style import DiagramError, DiagramStyle, Measure, parse_color
from slidegen.records import record
from slidegen.regex import lazy_compile

_PARTICIPANT = lazy_compile(r"^(?:create\s+)?(participant|actor)\s+(.+?)(?:\s+as\s+(.+))?$")
_ARROWS = ("<<-->>", "<<->>", "-->>", "->>", "--x", "-x", "--)", "-)", "-->", "->")
_MESSAGE = lazy_compile(
    r"^(?P<a>[^:]+?)\s*(?P<arrow>" + "|".join(re.escape(a) for a in _ARROWS)
    + r")\s*(?P<mod>[+-]?)\s*(?P<b>[^:]+?)\s*(?::(?P<text>.*))?$")
_NOTE = lazy_compile(r"^note\s+(right of|left of|over)\s+([^:]+?)\s*:(.*)$", re.I)
_BLOCKS = ("loop", "alt", "opt", "par", "critical", "break", "rect", "box")
_DIVIDERS = ("else", "and", "option")
PAD = 0.55  # of the text size: padding inside boxes
GAP = 1.6  # of the text size: least space between neighbouring participant boxes
BAR = 0.6  # of the text size: width of an activation bar


@record
class _Actor:
    key: str
    label: str
    actor: bool = False
    index: int = 0


@record
class _Event:
    kind: str  # message, note, open, divider, close, activate, deactivate
    text: str = ""
    a: str = ""
    b: str = ""
    arrow: str = ""
    mod: str = ""
    where: str = ""
    line: int = 0


@record
class _Sequence:
    actors: dict[str, _Actor] = field(default_factory=dict)
    events: list[_Event] = field(default_factory=list)
    autonumber: bool = False

    def actor(self, key: str, label: str | None = None, is_actor: bool = False) -> _Actor:
        key = key.strip().strip('"')
        if key not in self.actors:
            self.actors[key] = _Actor(key, clean_label(label or key), is_actor, len(self.actors))
        elif label is not None:
            self.actors[key].label = clean_label(label)
            self.actors[key].actor = self.actors[key].actor or is_actor
        return self.actors[key]


def parse_sequence(source: str) -> _Sequence:
    seq = _Sequence()
    open_blocks: list[str] = []  # kinds of the blocks open; a `box` of participants draws nothing
    lines = source.split("\n")
    started = False
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("%%"):
            continue
        if not started:
            started = text.startswith("sequenceDiagram")
            continue
        word = text.split()[0]
        lower = word.lower()
        if m := _PARTICIPANT.match(text):
            seq.actor(m.group(2), m.group(3), m.group(1) == "actor")
        elif lower == "autonumber":
            seq.autonumber = True
        elif lower in ("activate", "deactivate"):
            seq.events.append(_Event(lower, a=seq.actor(text.split(None, 1)[1]).key,
                                     line=number))
        elif m := _NOTE.match(text):
            keys = [seq.actor(k).key for k in m.group(2).split(",")]
            seq.events.append(_Event("note", clean_label(m.group(3)), keys[0], keys[-1],
                                     where=m.group(1).lower(), line=number))
        elif lower in _BLOCKS:
            open_blocks.append(lower)
            if lower != "box":
                seq.events.append(_Event("open", clean_label(text[len(word):]), where=lower,
                                         line=number))
        elif lower in _DIVIDERS:
            seq.events.append(_Event("divider", clean_label(text[len(word):]), line=number))
        elif lower == "end":
            if open_blocks and open_blocks.pop() != "box":
                seq.events.append(_Event("close", line=number))
        elif lower in ("title", "accTitle:", "accDescr:", "title:", "destroy", "links", "link",
                       "properties", "details"):
            continue
        elif m := _MESSAGE.match(text):
            a, b = seq.actor(m.group("a")).key, seq.actor(m.group("b")).key
            seq.events.append(_Event("message", clean_label(m.group("text") or ""), a, b,
                                     m.group("arrow"), m.group("mod"), line=number))
        else:
            raise DiagramError(f"mermaid sequence diagram: cannot read {text[:40]!r}", number)
    if not seq.actors:
        raise DiagramError("mermaid sequence diagram without participants")
    return seq


def layout_sequence(source: str, style: DiagramStyle, measure: Measure, original: str,
                    mirror: bool = True) -> DiagramShape:
    """The sequence diagram at its natural size, in points; `mirror` repeats the participant
    boxes at the bottom (mermaid's default), left off where height is short."""
    return _Layout(parse_sequence(source), style, measure, mirror).run(original)


class _Layout:
    def __init__(self, seq: _Sequence, style: DiagramStyle, measure: Measure,
                 mirror: bool = True) -> None:
        self.seq = seq
        self.mirror = mirror
        self.s = style
        self.measure = measure
        self.size = style.size
        self.line_h = style.size * 1.3
        self.nodes: list[DiagramNode] = []
        self.frames: list[DiagramNode] = []
        self.edges: list[DiagramEdge] = []

    def text_w(self, text: str) -> float:
        return max((self.measure(line, self.size) for line in text.split("\n")), default=0.0)

    def text_h(self, text: str) -> float:
        return (text.count("\n") + 1) * self.line_h if text else 0.0

    # -- columns ---------------------------------------------------------------------------

    def columns(self) -> list[float]:
        actors = list(self.seq.actors.values())
        pad = self.size * PAD
        self.head_w = [max(self.text_w(a.label) + 2 * pad, self.size * 4) for a in actors]
        need = [(self.head_w[i] + self.head_w[i + 1]) / 2 + self.size * GAP
                for i in range(len(actors) - 1)]
        right_extra = 0.0
        number = 0
        for event in self.seq.events:
            width = 0.0
            if event.kind == "message":
                number += 1
                width = self.text_w(self._label(event, number)) + self.size * 2
            elif event.kind == "note":
                width = self.text_w(event.text) + 2 * pad + self.size
            i, j = self._index(event.a), self._index(event.b)
            if event.kind == "note" and event.where != "over":
                i = j = i
                if event.where == "right of" and i < len(need):
                    need[i] = max(need[i], width + self.head_w[i] / 2)
                elif event.where == "right of":
                    right_extra = max(right_extra, width)
                elif i > 0:
                    need[i - 1] = max(need[i - 1], width + self.head_w[i] / 2)
                continue
            lo, hi = min(i, j), max(i, j)
            if event.kind == "message" and lo == hi:  # to itself: the label goes right
                if lo < len(need):
                    need[lo] = max(need[lo], width + self.size * 2)
                else:
                    right_extra = max(right_extra, width + self.size * 2)
            elif hi > lo and width > sum(need[lo:hi]):
                need[hi - 1] += width - sum(need[lo:hi])
        xs = [self.head_w[0] / 2 + self.size]
        for gap in need:
            xs.append(xs[-1] + gap)
        self.width = xs[-1] + self.head_w[-1] / 2 + self.size + right_extra
        self.left_extra = 0.0
        return xs

    def _index(self, key: str) -> int:
        return self.seq.actors[key].index if key in self.seq.actors else 0

    def _label(self, event: _Event, number: int) -> str:
        return f"{number}. {event.text}" if self.seq.autonumber else event.text

    # -- rows ------------------------------------------------------------------------------

    def run(self, source: str) -> DiagramShape:
        xs = self.columns()
        actors = list(self.seq.actors.values())
        pad = self.size * PAD
        head_h = max(self.text_h(a.label) for a in actors) + 2 * pad
        y = head_h + self.size * 0.6
        active: dict[str, list[float]] = {a.key: [] for a in actors}
        bars: list[tuple[str, float, float, int]] = []
        blocks: list[dict[str, object]] = []
        number = 0
        for event in self.seq.events:
            if event.kind == "message":
                number += 1
                y = self._message(event, number, xs, y, active, bars)
            elif event.kind == "note":
                y = self._note(event, xs, y)
            elif event.kind == "activate":
                active[event.a].append(y)
            elif event.kind == "deactivate" and active[event.a]:
                bars.append((event.a, active[event.a].pop(), y, len(active[event.a])))
            elif event.kind == "open":
                blocks.append({"kind": event.where, "text": event.text, "top": y,
                               "cols": set(), "dividers": [], "depth": len(blocks)})
                y += self.text_h(event.text or " ") + self.size * 0.3
            elif event.kind == "divider" and blocks:
                blocks[-1]["dividers"].append((y, event.text))  # type: ignore[union-attr]
                y += self.text_h(event.text or " ") + self.size * 0.2
            elif event.kind == "close" and blocks:
                y += self.size * 0.2
                self._frame(blocks.pop(), xs, y)
                y += self.size * 0.4
            if event.kind in ("message", "note") and blocks:
                for block in blocks:
                    block["cols"].update({self._index(event.a), self._index(event.b)})  # type: ignore[attr-defined]
        while blocks:
            self._frame(blocks.pop(), xs, y)
        for key, starts in active.items():
            bars.extend((key, start, y, level) for level, start in enumerate(starts))
        bottom = y + self.size * 0.3
        self._actors(actors, xs, head_h, bottom, bars)
        height = bottom + (head_h if self.mirror else 0.0)
        nodes = tuple(self.frames + self.nodes)
        return DiagramShape(Box(0.0, 0.0, round(self.width, 2), round(height, 2)), nodes,
                            tuple(self.edges), self.size, source, "Sequence diagram")

    def _message(self, event: _Event, number: int, xs: list[float], y: float,
                 active: dict[str, list[float]], bars: list[tuple[str, float, float, int]]
                 ) -> float:
        label = self._label(event, number)
        label_h = self.text_h(label)
        i, j = self._index(event.a), self._index(event.b)
        line_y = y + label_h + self.size * 0.15
        arrow = event.arrow
        dashed = arrow.startswith("--") or arrow.startswith("<<--")
        head = ("arrow" if arrow.endswith(")")
                else "none" if arrow in ("->", "-->") or arrow.endswith("x") else "triangle")
        tail = "triangle" if arrow.startswith("<<") else "none"
        half = self.size * BAR / 2
        x0 = xs[i] + (half if active[event.a] else 0) * (1 if j >= i else -1)
        if i == j:
            loop = self.size * 1.8
            drop = self.size * 0.9
            points = ((x0, line_y), (x0 + loop, line_y), (x0 + loop, line_y + drop),
                      (x0 + half if active[event.a] else x0, line_y + drop))
            self._label_node(label, xs[i] + self.size * 0.4, y, "left")
            self.edges.append(DiagramEdge(polyline_path(points), self.s.edge, head=head, tail=tail,
                                          dashed=dashed))
            line_y += drop
        else:
            x1 = xs[j] - (half if active[event.b] or event.mod == "+" else 0) * (1 if j > i else -1)
            self._label_node(label, (xs[i] + xs[j]) / 2, y, "center")
            self.edges.append(DiagramEdge(polyline_path(((x0, line_y), (x1, line_y))), self.s.edge,
                                          head=head, tail=tail, dashed=dashed))
            if arrow.endswith("x"):
                d = self.size * 0.55
                self.nodes.append(DiagramNode(f"cross:{number}",
                                              Box(x1 - d / 2, line_y - d / 2, d, d),
                                              "mathMultiply", "", self.s.edge, self.s.edge, None))
        if event.mod == "+":
            active[event.b].append(line_y)
        elif event.mod == "-" and active[event.a]:
            bars.append((event.a, active[event.a].pop(), line_y, len(active[event.a])))
        return line_y + self.size * 0.6

    def _label_node(self, text: str, x: float, y: float, align: str) -> None:
        if not text:
            return
        w = self.text_w(text) + self.size * 0.4
        left = x - w / 2 if align == "center" else x
        self.nodes.append(DiagramNode(f"label:{len(self.nodes)}",
                                      Box(left, y, w, self.text_h(text)), "rect", text,
                                      self.s.text, None, None, align="center"))

    def _note(self, event: _Event, xs: list[float], y: float) -> float:
        pad = self.size * PAD
        w = self.text_w(event.text) + 2 * pad
        h = self.text_h(event.text) + 2 * pad
        i, j = sorted((self._index(event.a), self._index(event.b)))
        if event.where == "over":
            span = xs[j] - xs[i]
            w = max(w, span + self.size * 2)
            left = (xs[i] + xs[j]) / 2 - w / 2
        elif event.where == "right of":
            left = xs[i] + self.size * 0.6
        else:
            left = xs[i] - self.size * 0.6 - w
        self.nodes.append(DiagramNode(f"note:{len(self.nodes)}", Box(left, y, w, h),
                                      "foldedCorner", event.text, self.s.text, self.s.note_fill,
                                      self.s.frame_line))
        return y + h + self.size * 0.4

    def _frame(self, block: dict[str, object], xs: list[float], bottom: float) -> None:
        cols = sorted(block["cols"]) or [0]  # type: ignore[call-overload]
        margin = self.size * max(0.5, 1.6 - 0.4 * int(block["depth"]))  # type: ignore[call-overload]
        left = xs[cols[0]] - max(self.head_w[cols[0]] / 2, self.size * 2) - margin / 2 + \
            self.size * 0.4 * int(block["depth"])  # type: ignore[call-overload]
        right = xs[cols[-1]] + max(self.head_w[cols[-1]] / 2, self.size * 2) + margin / 2 - \
            self.size * 0.4 * int(block["depth"])  # type: ignore[call-overload]
        left, right = max(0.0, left), min(self.width, right)
        top = float(block["top"])  # type: ignore[arg-type]
        kind, text = str(block["kind"]), str(block["text"])
        n = len(self.frames)
        if kind in ("rect", "box"):
            fill = parse_color(text) or self.s.frame_fill
            self.frames.insert(0, DiagramNode(f"frame:{n}", Box(left, top, right - left,
                                                                  bottom - top), "rect", "",
                                              self.s.text, fill, None))
            return
        self.frames.append(DiagramNode(f"frame:{n}", Box(left, top, right - left, bottom - top),
                                       "rect", "", self.s.text, None, self.s.frame_line))
        tab_w = self.text_w(kind) + self.size
        self.frames.append(DiagramNode(f"tab:{n}", Box(left, top, tab_w, self.line_h),
                                       "snip1Rect", kind, self.s.text, self.s.frame_fill,
                                       self.s.frame_line, bold=True))
        if text:
            self.frames.append(DiagramNode(f"condition:{n}", Box(
                left + tab_w + self.size * 0.3, top, self.text_w(f"[{text}]") + self.size * 0.8,
                self.text_h(text)), "rect", f"[{text}]", self.s.text, None, None))
        for y, label in block["dividers"]:  # type: ignore[attr-defined]
            self.edges.append(DiagramEdge(polyline_path(((left, y), (right, y))), self.s.frame_line,
                                          head="none", dashed=True))
            if label:
                self.frames.append(DiagramNode(f"else:{n}:{y}", Box(
                    left + self.size * 0.4, y, self.text_w(f"[{label}]") + self.size * 0.8,
                    self.text_h(label)), "rect", f"[{label}]", self.s.text, None, None))

    def _actors(self, actors: list[_Actor], xs: list[float], head_h: float, bottom: float,
                bars: list[tuple[str, float, float, int]]) -> None:
        for actor, x, w in zip(actors, xs, self.head_w, strict=True):
            geometry = "roundRect" if actor.actor else "rect"
            ends = (("head", 0.0), ("foot", bottom)) if self.mirror else (("head", 0.0),)
            for where, top in ends:
                self.nodes.append(DiagramNode(f"{where}:{actor.key}",
                                              Box(x - w / 2, top, w, head_h), geometry,
                                              actor.label, self.s.text, self.s.fill,
                                              self.s.line, bold=actor.actor))
            self.edges.insert(0, DiagramEdge(
                polyline_path(((x, head_h), (x, bottom))), self.s.frame_line, f"head:{actor.key}",
                f"foot:{actor.key}" if self.mirror else None, 2, 0, "none", width=1.0,
                dashed=True))
        half = self.size * BAR / 2
        for key, start, end, level in bars:
            x = xs[self._index(key)] + level * half
            self.nodes.append(DiagramNode(f"active:{key}:{start}",
                                          Box(x - half, start, 2 * half, max(end - start, 4.0)),
                                          "rect", "", self.s.text, self.s.frame_fill,
                                          self.s.line))


def polyline_path(points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
    """A polyline as cubic Bézier points (each segment straight)."""
    out = [points[0]]
    for a, b in pairwise(points):
        out.extend([(a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3),
                    (a[0] + 2 * (b[0] - a[0]) / 3, a[1] + 2 * (b[1] - a[1]) / 3), b])
    return tuple((round(x, 2), round(y, 2)) for x, y in out)
