"""Pictures written on one line of a note (`![a](x) ![b](y)`, a Minimal Mistakes gallery)
stand side by side in a column of text, at one height, as a web page shows them, instead of
one under another (three landscape pictures under a paragraph did not fit, and the last went
to a slide of its own)."""

from __future__ import annotations

from slidegen.deck import Box, Shape
from slidegen.plan.blocks import Placeable
from slidegen.plan.units import PictureUnit
from slidegen.plan.visuals import Visual, Visuals, label
from slidegen.records import record


@record
class Row:
    """Pictures written on one line of the note."""

    pictures: list[PictureUnit]


def add_visual(entries: list[Placeable | Visual | Row], unit: Visual) -> None:
    """`unit` as an entry of its own, or into the row of the picture before it when both
    were written on the same line."""
    last = entries[-1] if entries else None
    if isinstance(unit, PictureUnit) and isinstance(last, PictureUnit) and last.line == unit.line:
        entries[-1] = Row([last, unit])
    elif isinstance(unit, PictureUnit) and isinstance(last, Row) and \
            last.pictures[-1].line == unit.line:
        last.pictures.append(unit)
    else:
        entries.append(unit)


def grouped(pictures: list[Visual]) -> list[Visual | Row]:
    """The pictures, those written on one line as one row."""
    entries: list[Placeable | Visual | Row] = []
    for pic in pictures:
        add_visual(entries, pic)
    return entries  # type: ignore[return-value]  # only pictures were added


def aspect(entry: Visual | Row) -> float:
    """A picture's aspect; a row's, as one wide picture."""
    return sum(p.aspect for p in entry.pictures) if isinstance(entry, Row) else entry.aspect


def caption_height(visuals: Visuals, entry: Visual | Row) -> float:
    """Room under the entry for its caption, or the row's captions (one line)."""
    if not isinstance(entry, Row):
        return visuals.caption_height(entry)
    return visuals.caption_room(any(label(p) for p in entry.pictures))


def caption_of(entry: Visual | Row, pic: Visual) -> str:
    """A picture's caption; in a row, as among pictures alone: its caption, title or alt."""
    return label(pic) if isinstance(entry, Row) else getattr(pic, "caption", "")


def size_of(visuals: Visuals, entry: Visual | Row, max_w: float,
            max_h: float) -> tuple[float, float]:
    """A picture's size, or a row's: its pictures at one height, side by side."""
    if not isinstance(entry, Row):
        return visuals.size(entry, max_w, max_h)
    gaps = visuals.gap * (len(entry.pictures) - 1)
    aspects = sum(p.aspect for p in entry.pictures)
    h = min([max_h, (max_w - gaps) / aspects,
             *(visuals.size(p, max_w, max_h)[1] for p in entry.pictures)])
    return round(h * aspects + gaps, 2), round(h, 2)


def boxes(entry: Visual | Row, box: Box, gap: float) -> list[tuple[Visual, Box]]:
    """Where each picture of the entry goes in its box."""
    if not isinstance(entry, Row):
        return [(entry, box)]
    out: list[tuple[Visual, Box]] = []
    x = box.x
    for pic in entry.pictures:
        w = round(box.h * pic.aspect, 2)
        out.append((pic, Box(x, box.y, w, box.h)))
        x += w + gap
    return out


def shapes(visuals: Visuals, entry: Visual | Row, box: Box, gap: float, column: Box,
           caption_h: float) -> list[Shape]:
    """The entry's pictures in `box`, each followed by its caption: under the picture in a
    row, else centred across the column (`column`'s x and width)."""
    out: list[Shape] = []
    for pic, place in boxes(entry, box, gap):
        out.append(visuals.shape(pic, place))
        if text := caption_of(entry, pic):
            under = place if isinstance(entry, Row) else column
            out.append(visuals.caption_box(
                pic, Box(under.x, box.bottom + 2, under.w, caption_h), text))
    return out
