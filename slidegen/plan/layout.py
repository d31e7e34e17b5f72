"""Fitting a slide's units onto pages: wrap, then shrink to the theme's minimum, then continue.

A page is laid out in one of three ways: a single column (text, code, tables and wide pictures
stacked in source order), text beside pictures (pictures that are not wide), or pictures alone
(large, with captions). The font size chosen is the largest that needs no more pages than the
smallest size would.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import replace

from slidegen.deck import Box, Shape, TextParagraph
from slidegen.plan import picture_rows as rows
from slidegen.plan.blocks import (
    CalloutBlock,
    ClickedBlock,
    CodeBlockSized,
    EquationBlock,
    Placeable,
    TableBlock,
    TextBlock,
    least_height,
)
from slidegen.plan.region import Region
from slidegen.plan.splitting import (
    balanced_cut,
    carry_keep_with_next,
    cut_at,
    kept_with_next,
    piece_count,
    split_paragraphs,
    split_runs,
)
from slidegen.plan.textfit import TextMetrics
from slidegen.plan.units import (
    CalloutUnit,
    CodeUnit,
    ColumnsUnit,
    DiagramUnit,
    EquationUnit,
    TableUnit,
    TextUnit,
    Unit,
)
from slidegen.plan.visuals import WIDE, Visual, Visuals
from slidegen.records import record

__all__ = ["Layout", "Page"]
from slidegen.theme import Theme

MAX_PICTURES_PER_PAGE = 4
SPLIT_CODE_MIN_LINES = 8  # shorter code blocks move whole instead of splitting


@record
class Page:
    """The units one slide takes and the shapes they became."""

    units: list[Unit]
    shapes: list[Shape]


class Layout:
    """Lays out the content of one slide (and its continuations) for one theme."""

    def __init__(self, theme: Theme, metrics: TextMetrics, lang: Callable[[str], str]) -> None:
        self.theme = theme
        self.metrics = metrics
        self.lang = lang  # the note's language rule, for the captions layout writes
        self.gap = theme.margins.gap * 0.6
        self.visuals = Visuals(theme, metrics, lang, self.gap)

    def sizes(self) -> list[float]:
        s = self.theme.sizes
        out: list[float] = []
        size = s.body
        while size > s.min_body:
            out.append(size)
            size -= 1 if size <= 20 else 2
        out.append(s.min_body)
        return out

    def _scaled(self, base: float, minimum: float, body: float) -> float:
        return max(minimum, min(base, round(base * body / self.theme.sizes.body, 1)))

    def paginate(self, units: list[Unit], region: Region) -> tuple[list[Page], float]:
        """Pages of placed shapes, and the body size used, for units between forced breaks."""
        sizes = self.sizes()
        if units and (at_smallest := self.place(units, region, sizes[-1])) is not None:
            for size in sizes[:-1]:  # one page will do: at the largest size it fits at
                shapes = self.place(units, region, size)
                if shapes is not None:
                    return [Page(list(units), shapes)], size
            return [Page(list(units), at_smallest)], sizes[-1]
        smallest = self._pages(units, region, sizes[-1])
        for size in sizes[:-1]:
            pages = self._pages(units, region, size, limit=len(smallest))
            if pages is not None and len(pages) <= len(smallest):
                return pages, size
        return smallest, sizes[-1]

    def fits_one_page(self, units: list[Unit], region: Region, smallest: float) -> bool:
        """Whether `paginate` would put the units on one page at `smallest` or larger, found
        by placing them all at once (from the smallest size up) instead of paginating at
        every size: the question a long section asks of each way to group its parts."""
        return any(self.place(units, region, size) is not None
                   for size in reversed(self.sizes()) if size >= smallest)

    def _pages(self, units: list[Unit], region: Region, size: float,
               limit: int | None = None) -> list[Page] | None:
        pages: list[Page] = []
        current: list[Unit] = []
        queue = deque(units)
        while queue:
            unit = queue.popleft()
            if self.place([*current, unit], region, size) is not None:
                current.append(unit)
                continue
            if current and all(kept_with_next(u) for u in current) and (
                    pieces := self._split_after(current, unit, region, size)):
                queue.extendleft(reversed(pieces))  # a lead-in never ends a page alone
                continue
            if current:
                carried = carry_keep_with_next(current)
                if current:
                    pages.append(self._close(current, region, size))
                current = carried
                queue.appendleft(unit)
            elif (pieces := self._split(unit, region, size)) is not None:
                queue.extendleft(reversed(pieces))
            else:
                current = [unit]  # cannot be made smaller: it gets a page to itself
                pages.append(self._close(current, region, size))
                current = []
            if limit is not None and len(pages) > limit:
                return None
        if current:
            pages.append(self._close(current, region, size))
        return pages

    def _close(self, units: list[Unit], region: Region, size: float) -> Page:
        shapes = self.place(units, region, size)
        if shapes is None:
            shapes = self.place(units, region, size, force=True) or []
        return Page(list(units), shapes)

    # -- splitting ----------------------------------------------------------------------------

    def _split(self, unit: Unit, region: Region, size: float) -> list[Unit] | None:
        """Break a unit too big for an empty page into pieces, where that is allowed."""
        if isinstance(unit, TextUnit) and len(unit.paragraphs) > 1:
            head, tail = split_paragraphs(unit.paragraphs)
            return [TextUnit(head, unit.line), TextUnit(tail, unit.line)]
        if isinstance(unit, TextUnit | CalloutUnit) and len(unit.paragraphs) == 1:
            halves = split_runs(unit.paragraphs[0])
            if halves is None:
                return None
            if isinstance(unit, CalloutUnit):
                return [replace(unit, paragraphs=[half]) for half in halves]
            return [TextUnit([halves[0]], unit.line), TextUnit([halves[1]], unit.line)]
        if isinstance(unit, CalloutUnit) and len(unit.paragraphs) > 1:
            head, tail = split_paragraphs(unit.paragraphs)
            return [replace(unit, paragraphs=head), replace(unit, paragraphs=tail)]
        if isinstance(unit, CodeUnit) and len(unit.lines) >= 2:
            short = len(unit.lines) < SPLIT_CODE_MIN_LINES  # shrinks rather than splits
            if short and self.place([unit], region, self.theme.sizes.min_body) is not None:
                return None
            return list(cut_at(unit, self._balanced_cut(unit, len(unit.lines), region, size)))
        if isinstance(unit, TableUnit) and len(unit.rows) >= 2:
            return list(cut_at(unit, self._balanced_cut(unit, len(unit.rows), region, size)))
        return None

    def _split_after(self, current: list[Unit], unit: Unit, region: Region,
                     size: float) -> list[Unit] | None:
        """The head of a code block, table or long text that fits under `current` (a lead-in
        or sub-heading) and the rest: what is introduced starts on the same slide."""
        count = piece_count(unit)
        fits = 0
        for k in range(1, count):
            if self.place([*current, cut_at(unit, k)[0]], region, size) is None:
                break
            fits = k
        return list(cut_at(unit, fits)) if fits and fits >= min(3, count - 1) else None

    def _balanced_cut(self, unit: Unit, count: int, region: Region, size: float) -> int:
        return balanced_cut(count, lambda k: self.place([cut_at(unit, k)[0]], region, size)
                            is not None)

    # -- placing one page ---------------------------------------------------------------------

    def block(self, unit: Unit, size: float) -> Placeable:
        made = self._block(unit, size)
        click = getattr(unit, "click", 0)
        return ClickedBlock(made, click) if click else made

    def _block(self, unit: Unit, size: float) -> Placeable:
        s = self.theme.sizes
        if isinstance(unit, TextUnit):
            return TextBlock(unit.paragraphs, size, self.metrics, self.theme)
        if isinstance(unit, CalloutUnit):
            return CalloutBlock(unit.paragraphs, unit.kind, size, self.metrics, self.theme)
        if isinstance(unit, CodeUnit):
            return CodeBlockSized(unit.lines, unit.language, self._scaled(s.code, s.min_code, size),
                                  s.min_code, self.metrics)
        if isinstance(unit, TableUnit):
            return TableBlock(unit.header, unit.rows, unit.align,
                              self._scaled(s.table, s.min_table, size), self.metrics,
                              measured=unit.measured, spans=unit.spans)
        if isinstance(unit, EquationUnit):
            return EquationBlock(unit.equation, size, self.theme.colors.text)
        raise TypeError(f"no block for {type(unit).__name__}")

    def _blocks(self, units: list[Unit], size: float) -> list[Placeable]:
        """Consecutive text units share one text box, with paragraph spacing between them."""
        blocks: list[Placeable] = []
        text: list[TextParagraph] = []
        for unit in units:
            if isinstance(unit, TextUnit):
                text.extend(self.metrics.spaced(unit.paragraphs, size, first=not text))
                continue
            if text:
                blocks.append(TextBlock(text, size, self.metrics, self.theme))
                text = []
            if isinstance(unit, CalloutUnit):
                unit = replace(unit, paragraphs=self.metrics.spaced(unit.paragraphs, size))
            blocks.append(self.block(unit, size))
        if text:
            blocks.append(TextBlock(text, size, self.metrics, self.theme))
        return blocks

    def place(self, units: list[Unit], region: Region, size: float,
              force: bool = False) -> list[Shape] | None:
        if any(isinstance(u, ColumnsUnit) for u in units):
            return self._around_columns(units, region, size, force)
        pictures = [u for u in units if isinstance(u, Visual)]
        flow = [u for u in units if not isinstance(u, Visual)]
        if len(pictures) > MAX_PICTURES_PER_PAGE and not force:
            return None
        if not pictures:
            return self._stack(units, region, size, force)
        if not flow:
            return self.visuals.alone(pictures, region, size)
        if all(rows.aspect(e) >= WIDE for e in rows.grouped(pictures)) or len(pictures) > 2:
            return self._stack(units, region, size, force)
        return self._side_by_side(flow, pictures, region, size, force)

    def _around_columns(self, units: list[Unit], region: Region, size: float,
                        force: bool) -> list[Shape] | None:
        """What comes before the first columns, the columns, then the rest below them."""
        at = next(i for i, u in enumerate(units) if isinstance(u, ColumnsUnit))
        columns = units[at]
        assert isinstance(columns, ColumnsUnit)
        before, after = units[:at], units[at + 1:]
        shapes: list[Shape] = []
        top = region.y
        if before:
            placed = self.place(before, region, size, force)
            if placed is None:
                return None
            shapes.extend(placed)
            top = _bottom(placed, region.y) + self.gap
        below = 0.0
        if after:
            trial = self.place(after, region, size, force)
            if trial is None:
                return None
            below = _bottom(trial, region.y) - region.y + self.gap
        room = Region(region.x, top, region.w, region.y + region.h - top - below)
        if room.h < 1 and not force:
            return None
        placed = self._columns(columns, room, size, force)
        if placed is None:
            return None
        shapes.extend(placed)
        if after:
            bottom = _bottom(placed, top) + self.gap
            rest = self.place(after, Region(region.x, bottom, region.w,
                                            region.y + region.h - bottom), size, force)
            if rest is None:
                return None
            shapes.extend(rest)
        return shapes

    def _columns(self, unit: ColumnsUnit, region: Region, size: float,
                 force: bool) -> list[Shape] | None:
        """Each column in its own area, as wide as it asked (else an even share), top-aligned."""
        gap = self.theme.margins.gap
        room = region.w - gap * (len(unit.columns) - 1)
        asked = [c.width for c in unit.columns]
        free = [a for a in asked if a is None]
        left = max(0.0, 1.0 - sum(a for a in asked if a is not None))
        shares = [a if a is not None else (left / len(free) if left > 0.05 else 1 / len(asked))
                  for a in asked]
        if sum(shares) > 1.0:
            shares = [s / sum(shares) for s in shares]
        shapes: list[Shape] = []
        x = region.x
        for column, share in zip(unit.columns, shares, strict=True):
            w = room * share
            placed = self.place(column.units, Region(x, region.y, w, region.h), size, force)
            if placed is None:
                return None
            shapes.extend(placed)
            x += w + gap
        return shapes

    def _stack(self, units: list[Unit], region: Region, size: float,
               force: bool) -> list[Shape] | None:
        """One column in source order; pictures share what height the text leaves, and
        pictures written on one line (a gallery, `![a](x) ![b](y)`) stand side by side."""
        entries: list[Placeable | Visual | rows.Row] = []
        run: list[Unit] = []
        for unit in units:
            if isinstance(unit, Visual):
                entries.extend(self._blocks(run, size))
                run = []
                rows.add_visual(entries, unit)
            else:
                run.append(unit)
        entries.extend(self._blocks(run, size))
        if not force and sum(map(least_height, entries)) > region.h + 0.5:
            return None  # a long table or code block, known too tall before it is measured
        heights = [rows.caption_height(self.visuals, e) if isinstance(e, Visual | rows.Row)
                   else e.height(region.w) for e in entries]
        text_h = sum(heights) + self.gap * (len(entries) - 1)
        pics = [e for e in entries if isinstance(e, Visual | rows.Row)]
        wanted = [rows.size_of(self.visuals, p, region.w, region.h)[1] for p in pics]
        minimum = [p.min_height() if isinstance(p, DiagramUnit) else min(w, max(0.4 * region.h,
                   110.0)) for p, w in zip(pics, wanted, strict=True)]
        room = region.h - text_h
        if room + 0.5 < sum(minimum) and not force:
            return None
        scale = min(1.0, max(room, 0.0) / sum(wanted)) if pics and sum(wanted) else 1.0
        pic_heights = iter([w * scale for w in wanted])
        shapes: list[Shape] = []
        y = region.y
        for entry, h in zip(entries, heights, strict=True):
            if isinstance(entry, Visual | rows.Row):
                w, h2 = rows.size_of(self.visuals, entry, region.w, next(pic_heights))
                box = Box(region.x + (region.w - w) / 2, y, w, h2)
                shapes.extend(rows.shapes(self.visuals, entry, box, self.gap, region, h))
                y += h2 + self.gap + h
            else:
                shapes.extend(entry.place(region.x, y, region.w))
                y += h + self.gap
        return shapes

    def _side_by_side(self, flow: list[Unit], pictures: list[Visual], region: Region,
                      size: float, force: bool) -> list[Shape] | None:
        """Text on the left, pictures stacked on the right, each column as tall as the slide;
        pictures written on one line stand side by side in theirs."""
        visuals = self.visuals
        entries = rows.grouped(pictures)
        share = 0.36 if min(map(rows.aspect, entries)) < 0.8 else 0.44
        pic_w = region.w * share
        text_w = region.w - pic_w - self.theme.margins.gap
        blocks = self._blocks(flow, size)
        heights = [b.height(text_w) for b in blocks]
        if sum(heights) + self.gap * (len(blocks) - 1) > region.h + 0.5 and not force:
            return None
        shapes: list[Shape] = []
        y = region.y
        for block, h in zip(blocks, heights, strict=True):
            shapes.extend(block.place(region.x, y, text_w))
            y += h + self.gap
        captions = [rows.caption_height(visuals, e) for e in entries]
        slot = (region.h - self.gap * (len(entries) - 1)) / len(entries)
        sizes = [rows.size_of(visuals, e, pic_w, slot - c)
                 for e, c in zip(entries, captions, strict=True)]
        if not force and any(isinstance(e, DiagramUnit) and h + 0.5 < e.min_height()
                             for e, (_, h) in zip(entries, sizes, strict=True)):
            return None  # its text would be too small beside the text
        total = sum(h for _, h in sizes) + sum(captions) + self.gap * (len(sizes) - 1)
        y = region.y + max(0.0, (min(region.h, max(total, sum(heights))) - total) / 2)
        x0 = region.x + text_w + self.theme.margins.gap
        column = Box(x0, region.y, pic_w, region.h)
        for entry, (w, h), caption_h in zip(entries, sizes, captions, strict=True):
            box = Box(x0 + (pic_w - w) / 2, y, w, h)
            shapes.extend(rows.shapes(visuals, entry, box, self.gap, column, caption_h))
            y += h + self.gap + caption_h
        return shapes


def _bottom(shapes: list[Shape], top: float) -> float:
    return max((shape.box.bottom for shape in shapes), default=top)
