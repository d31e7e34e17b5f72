"""A heading's content becomes slides: one when it fits, else split by its own structure.

A part that does not fit at a comfortable size is cut into chapters at its sub-headings (or
bold lead lines); neighbouring chapters that fit together share a slide, and each slide after
the opening is titled by its chapter's head with the part's title small above it. Only a page
break inside one block (a long code listing, table or paragraph) numbers its slides "(k/n)".
"""

from __future__ import annotations

from dataclasses import field, replace

from slidegen.deck import Run, Slide
from slidegen.diagnostics import Diagnostics
from slidegen.document import Block
from slidegen.plan.chapters import Chapter, at_breaks, by_structure
from slidegen.plan.content import UnitBuilder
from slidegen.plan.diagrams import warn_small_diagrams
from slidegen.plan.layout import Layout, Page
from slidegen.plan.region import Region
from slidegen.plan.reveal import renumbered
from slidegen.plan.slides import SlideMaker
from slidegen.plan.units import PictureUnit, Unit
from slidegen.records import record


@record
class PagePlanner:
    """Plans the content slides of one deck."""

    maker: SlideMaker
    layout: Layout
    builder: UnitBuilder
    diagnostics: Diagnostics
    made: dict[int, list[Unit]] = field(default_factory=dict)  # the current part's units

    def content_slides(self, title_runs: list[Run], kicker: str, blocks: list[Block],
                       notes: list[str], line: int | None, cut_at_leads: bool = False,
                       ) -> list[Slide]:
        """The slides of one heading's content (or of a note without headings, which is cut
        at every bold lead line); the notes go with the first."""
        self.builder.notes = []
        self.made = self.builder.per_block(blocks)  # also collects the blocks' speaker notes
        notes = [*notes, *self.builder.notes]
        slides: list[Slide] = []
        for run in at_breaks(blocks) or [[]]:
            slides.extend(self._slides(title_runs, kicker, run, line, cut_at_leads))
        if slides and notes:
            slides[0] = replace(slides[0], notes="\n\n".join(notes))
        return slides

    @property
    def comfortable(self) -> float:
        """Below this body size a slide that can be split by its structure is split."""
        sizes = self.maker.theme.sizes
        return (sizes.body + sizes.min_body) / 2

    def _units(self, blocks: list[Block]) -> list[Unit]:
        """The blocks' units (a `---` inside a list item or quote makes none: it only ends it)."""
        return [unit for block in blocks for unit in self.made.get(id(block), [])]

    def _body(self, title_runs: list[Run], kicker: str) -> Region:
        _, _, top = self.maker.title_area(title_runs, kicker)
        region = self.maker.content_region()
        return Region(region.x, top, region.w, region.y + region.h - top)

    def _fits(self, title_runs: list[Run], kicker: str, blocks: list[Block]) -> bool:
        return self.layout.fits_one_page(self._units(blocks), self._body(title_runs, kicker),
                                         self.comfortable)

    def _slides(self, title_runs: list[Run], kicker: str, blocks: list[Block],
                line: int | None, cut_at_leads: bool) -> list[Slide]:
        chapters = by_structure(blocks)
        structured = len(chapters) > 1 or (chapters and chapters[0].head is not None)
        if not structured or (not cut_at_leads and self._fits(title_runs, kicker, blocks)):
            return self._pages(title_runs, kicker, self._units(blocks), line)
        name = "".join(r.text for r in title_runs)
        slides: list[Slide] = []
        for group in self._groups(title_runs, kicker, name, chapters, not cut_at_leads):
            first = group[0]
            runs = self.maker.span_runs(first.title) if first.head is not None else title_runs
            small = name if first.head is not None else kicker
            inner = first.blocks + [b for c in group[1:] for b in c.all_blocks()]
            slides.extend(self._slides(runs, small, inner, first.line or line, False))
        return slides

    def _groups(self, title_runs: list[Run], kicker: str, name: str, chapters: list[Chapter],
                join: bool) -> list[list[Chapter]]:
        """Neighbouring chapters that fit on one slide together, when `join`."""
        groups: list[list[Chapter]] = []
        for chapter in chapters:
            if join and groups:
                group = groups[-1]
                head = group[0]
                runs = self.maker.span_runs(head.title) if head.head is not None else title_runs
                small = name if head.head is not None else kicker
                blocks = head.blocks + [b for c in [*group[1:], chapter] for b in c.all_blocks()]
                if self._fits(runs, small, blocks):
                    group.append(chapter)
                    continue
            groups.append([chapter])
        return groups

    def _pages(self, title_runs: list[Run], kicker: str, units: list[Unit],
               line: int | None) -> list[Slide]:
        maker, layout = self.maker, self.layout
        title = "".join(r.text for r in title_runs)
        body = self._body(title_runs, kicker)
        pages, size = layout.paginate(units, body)
        if size < maker.theme.sizes.body and units:
            self.diagnostics.warn(line, f"slide '{title}': text shrunk to {size:g} pt to fit")
        if len(pages) > 1:
            self.diagnostics.warn(line, f"slide '{title}' is too long for one slide: continued "
                                  f"on {len(pages)} slides; split the section to choose the "
                                  "breaks")
        slides: list[Slide] = []
        for page, (k, n) in zip(pages or [None], _numbers(pages) or [(0, 1)], strict=True):
            runs = title_runs
            if n > 1:
                runs = [*title_runs, Run(f" ({k}/{n})", lang=title_runs[-1].lang, bold=True)]
            title_box, kicker_box, page_top = maker.title_area(runs, kicker)
            shapes = page.shapes if page else []
            if page and page_top != body.y and shapes:
                region = maker.content_region()
                page_body = Region(body.x, page_top, body.w, region.y + region.h - page_top)
                shapes = layout.place(page.units, page_body, size, force=True) or shapes
            warn_small_diagrams(shapes, maker.theme, title, line, self.diagnostics)
            slides.append(Slide("content", title_box, renumbered(list(shapes)), kicker=kicker_box,
                                source_line=line, layout=maker.layout_of("content")))
        return slides


def _numbers(pages: list[Page]) -> list[tuple[int, int]]:
    """(k, n) for each page: n > 1 only across pages that one block runs over."""
    runs: list[list[int]] = []
    for index, page in enumerate(pages):
        if runs and _same_block(pages[index - 1], page):
            runs[-1].append(index)
        else:
            runs.append([index])
    return [(k + 1, len(run)) for run in runs for k in range(len(run))]


def _same_block(before: Page, after: Page) -> bool:
    if not before.units or not after.units:
        return False
    a, b = before.units[-1], after.units[0]
    return type(a) is type(b) and not isinstance(a, PictureUnit) and a.line == b.line
