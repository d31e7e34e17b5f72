"""Mermaid `gantt` charts as native shapes: each task a bar on a time axis, labelled on the
left under its section's name, milestones as diamonds, a few dated grid lines.

Tasks are read as mermaid reads them: tags (`done`, `active`, `crit`, `milestone`), an id, a
start (a date, `after id`, or the previous task's end) and an end (a date, a length such as
`3d`, `2w` or `12h`, or `until id`). `dateFormat` is read for the day.js tokens notes use
(YYYY, MM, DD, HH, mm, ss); `axisFormat` for the tick labels (strftime, as mermaid's is).
`excludes` is not applied: the bars span calendar time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import field

from slidegen.deck import Box, DiagramEdge, DiagramNode, DiagramShape
from slidegen.diagram.flowchart import clean_label
from slidegen.diagram.sequence import polyline_path
from slidegen.diagram.style import DiagramError, DiagramStyle, Measure
from slidegen.records import record
from slidegen.regex import lazy_compile

_LENGTH = lazy_compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|M|y)")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400,
          "M": 30 * 86400, "y": 365 * 86400}
_DAYJS = (("YYYY", "%Y"), ("YY", "%y"), ("MM", "%m"), ("DD", "%d"), ("HH", "%H"),
          ("mm", "%M"), ("ss", "%S"))
_TAGS = ("done", "active", "crit", "milestone")
_SKIPPED = {"gantt", "todayMarker", "excludes", "includes", "weekday", "tickInterval",
            "accTitle", "accDescr", "accTitle:", "accDescr:", "inclusiveEndDates", "topAxis",
            "displayMode"}
CHART_WIDTH = 26.0  # of the text size: the time axis's length at the chart's natural size


@record
class _Task:
    name: str
    section: str
    start: dt.datetime
    end: dt.datetime
    tags: set[str] = field(default_factory=set)


def layout_gantt(source: str, style: DiagramStyle, measure: Measure,
                 original: str) -> DiagramShape:
    title, axis_format, tasks = _read(source)
    return _draw(title, axis_format, tasks, style, measure, original)


def _read(source: str) -> tuple[str, str, list[_Task]]:
    title, axis_format, date_format, section = "", "", "%Y-%m-%d", ""
    tasks: list[_Task] = []
    by_id: dict[str, _Task] = {}
    for number, raw in enumerate(source.split("\n"), start=1):
        text = raw.strip()
        word = text.split(None, 1)[0] if text else ""
        rest = text[len(word):].strip()
        if not text or text.startswith("%%") or word in _SKIPPED:
            continue
        if word == "title":
            title = clean_label(rest)
        elif word == "dateFormat":
            date_format = _strptime_format(rest)
        elif word == "axisFormat":
            axis_format = rest
        elif word == "section":
            section = clean_label(rest)
        elif ":" in text:
            name, meta = text.split(":", 1)
            previous = tasks[-1].end if tasks else None
            task, key = _task(clean_label(name), section, meta, date_format, previous, by_id,
                              number)
            tasks.append(task)
            if key:
                by_id[key] = task
        else:
            raise DiagramError(f"mermaid gantt: cannot read {text[:40]!r}", number)
    if not tasks:
        raise DiagramError("mermaid gantt without tasks to draw")
    return title, axis_format, tasks


def _task(name: str, section: str, meta: str, date_format: str, previous: dt.datetime | None,
          by_id: dict[str, _Task], number: int) -> tuple[_Task, str]:
    items = [item.strip() for item in meta.split(",") if item.strip()]
    tags = {item for item in items if item in _TAGS}
    items = [item for item in items if item not in _TAGS]
    key = items.pop(0) if len(items) == 3 else ""
    end_item = items.pop() if items else "1d"
    start_item = items.pop() if items else ""
    if start_item.startswith("after "):
        befores = [by_id[k].end for k in start_item[6:].split() if k in by_id]
        if not befores:
            raise DiagramError(f"mermaid gantt: '{start_item}' names no task above", number)
        start = max(befores)
    elif start_item:
        start = _date(start_item, date_format, number)
    elif previous is not None:
        start = previous
    else:
        raise DiagramError(f"mermaid gantt: task '{name}' has no start date", number)
    if end_item.startswith("until "):
        ends = [by_id[k].start for k in end_item[6:].split() if k in by_id]
        end = min(ends) if ends else start
    elif length := _LENGTH.fullmatch(end_item):
        try:
            end = start + dt.timedelta(seconds=float(length.group(1)) * _UNITS[length.group(2)])
        except OverflowError:  # past the year 9999
            raise DiagramError(f"mermaid gantt: task '{name}' is too long ({end_item})",
                               number) from None
    else:
        end = _date(end_item, date_format, number)
    return _Task(name, section, start, max(start, end), tags), key


def _strptime_format(dayjs: str) -> str:
    out = dayjs.strip()
    for token, code in _DAYJS:
        out = out.replace(token, code)
    return out


def _date(text: str, date_format: str, number: int) -> dt.datetime:
    try:
        return dt.datetime.strptime(text, date_format)
    except ValueError:
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            raise DiagramError(f"mermaid gantt: cannot read the date {text[:30]!r}",
                               number) from None


def _draw(title: str, axis_format: str, tasks: list[_Task], style: DiagramStyle,
          measure: Measure, original: str) -> DiagramShape:
    size = style.size
    row = size * 1.9
    rows: list[tuple[str, _Task | None]] = []
    section = ""
    for task in tasks:
        if task.section and task.section != section:
            rows.append((task.section, None))  # its name, bold, over its tasks
        section = task.section
        rows.append((task.name, task))
    label_w = max(measure(text, size) for text, _ in rows) + size * 1.2
    axis_w = size * CHART_WIDTH
    first = min(t.start for t in tasks)
    last = max(t.end for t in tasks)
    span = max((last - first).total_seconds(), 1.0)

    def x(when: dt.datetime) -> float:
        return label_w + (when - first).total_seconds() / span * axis_w

    top = size * 2.2 if title else size * 0.4
    nodes: list[DiagramNode] = []
    edges: list[DiagramEdge] = []
    if title:
        nodes.append(DiagramNode("title", Box(0, 0, label_w + axis_w, size * 1.8), "rect", title,
                                 style.text, bold=True))
    for index, (text, task) in enumerate(rows):
        y = top + index * row
        nodes.append(DiagramNode(f"label{index}", Box(0, y, label_w - size * 0.4, row), "rect",
                                 text, style.text, align="left", bold=task is None))
        if task is not None:
            nodes.append(_bar(task, index, x, y, row, style))
    bottom = top + len(rows) * row
    for n, when in enumerate(_ticks(first, last)):
        at = x(when)
        edges.append(DiagramEdge(polyline_path(((at, top), (at, bottom))), style.frame_line,
                                 head="none", width=0.75, dashed=True))
        label = when.strftime(axis_format or _axis_format(first, last))
        width = measure(label, size * 0.85) + size
        nodes.append(DiagramNode(f"tick{n}", Box(at - width / 2, bottom + size * 0.2, width,
                                                 size * 1.4), "rect", label, style.text))
    return DiagramShape(Box(0.0, 0.0, label_w + axis_w + size, bottom + size * 1.8),
                        tuple(nodes), tuple(edges), size, original, "Gantt chart")


def _bar(task: _Task, index: int, place: Callable[[dt.datetime], float], y: float,
         row: float, style: DiagramStyle) -> DiagramNode:
    """The task's bar (`place`: a moment to points on the time axis), or a milestone's
    diamond; a finished task lighter, a critical one outlined, an active one dashed."""
    height = row * 0.62
    if "milestone" in task.tags:
        at = place(task.start)
        return DiagramNode(f"task{index}", Box(at - height / 2, y + (row - height) / 2, height,
                                               height), "diamond", "", style.text,
                           fill=style.edge, line=style.edge)
    left, right = place(task.start), place(task.end)
    fill = style.frame_fill if "done" in task.tags else style.fill
    line = style.edge if "crit" in task.tags else style.line
    return DiagramNode(f"task{index}", Box(left, y + (row - height) / 2, max(right - left, 2.0),
                                           height), "rect", "", style.text, fill=fill, line=line,
                       line_width=2.0 if "crit" in task.tags else 1.0,
                       dashed="active" in task.tags)


def _ticks(first: dt.datetime, last: dt.datetime) -> list[dt.datetime]:
    """About five evenly spaced moments from the first task's start to the last one's end."""
    count = 4
    step = (last - first) / count
    return [first + step * n for n in range(count + 1)]


def _axis_format(first: dt.datetime, last: dt.datetime) -> str:
    if (last - first) < dt.timedelta(days=2):
        return "%H:%M"
    return "%m-%d" if first.year == last.year else "%Y-%m-%d"
