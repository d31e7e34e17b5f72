"""Mermaid `pie` charts read into categories and values, for a native PowerPoint chart."""

from __future__ import annotations

from slidegen.deck import Box, ChartShape
from slidegen.diagram.flowchart import clean_label
from slidegen.diagram.style import DiagramError, DiagramStyle
from slidegen.regex import lazy_compile

_SLICE = lazy_compile(r'^\s*"((?:[^"\\]|\\.)*)"\s*:\s*([-+]?[\d.]+(?:[eE][-+]?\d+)?)\s*$')
NATURAL = (480.0, 330.0)  # points: the chart's size before it is placed by aspect


def parse_pie(source: str, style: DiagramStyle, original: str) -> ChartShape:
    """The pie's title, labels and values; a slice that is not a positive number is an error."""
    title = ""
    show_values = False
    labels: list[str] = []
    values: list[float] = []
    started = False
    for number, raw in enumerate(source.split("\n"), start=1):
        text = raw.strip()
        if not text or text.startswith("%%"):
            continue
        if not started:
            words = text.split(None, 1)
            started = words[0] == "pie"
            rest = words[1] if len(words) > 1 else ""
            if rest.startswith("showData"):
                show_values = True
                rest = rest[len("showData"):].strip()
            if rest.startswith("title"):
                title = clean_label(rest[len("title"):])
            continue
        if text.startswith("title"):
            title = clean_label(text[len("title"):])
        elif text == "showData":
            show_values = True
        elif text.startswith(("accTitle", "accDescr")):
            continue
        elif m := _SLICE.match(text):
            value = float(m.group(2))
            if value < 0:
                raise DiagramError(f"mermaid pie: slice '{m.group(1)}' has a negative value",
                                   number)
            labels.append(clean_label(m.group(1)))
            values.append(value)
        else:
            raise DiagramError(f'mermaid pie: expected a slice such as "Label" : 42, got '
                               f"{text[:40]!r}", number)
    if not values or sum(values) <= 0:
        raise DiagramError("mermaid pie without slices to draw")
    return ChartShape(Box(0.0, 0.0, *NATURAL), "pie", title, tuple(labels), tuple(values),
                      style.size, original, show_values)
