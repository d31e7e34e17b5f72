"""From document blocks to layout units: the pieces a slide is filled with and split between.

A unit is what stays together: a paragraph, a top-level list item with its nested items, a callout,
a code block, a table, a picture. Units carry runs that already know their language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import field, replace
from functools import partial
from itertools import pairwise

from slidegen.deck import Equation, Run, TextParagraph
from slidegen.document import (
    Block,
    Callout,
    Code,
    Diagram,
    Div,
    Heading,
    Image,
    ListBlock,
    MathBlock,
    NoteEmbed,
    Paragraph,
    Pause,
    SlideBreak,
    Span,
    SpeakerNotes,
    Table,
)
from slidegen.hangul import lang_of
from slidegen.math import Macros, without_definitions
from slidegen.plan.units import (
    CalloutUnit,
    CodeUnit,
    Column,
    ColumnsUnit,
    EquationUnit,
    PictureUnit,
    TableUnit,
    TextUnit,
    Unit,
)
from slidegen.records import record
from slidegen.regex import lazy_compile

MAX_LEVEL = 4  # deeper nesting is drawn at this level: slides have no room for more indents

CALLOUT_LABELS = {
    "en": {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning",
           "caution": "Caution"},
    "ko": {"note": "참고", "tip": "팁", "important": "중요", "warning": "경고", "caution": "주의"},
    "ja": {"note": "注記", "tip": "ヒント", "important": "重要", "warning": "警告",
           "caution": "注意"},
    "zh": {"note": "注意", "tip": "提示", "important": "重要", "warning": "警告",
           "caution": "小心"},
}


def callout_labels(lang: str) -> dict[str, str]:
    """Callout labels in the note's language, so a Korean deck does not say "Note"."""
    return CALLOUT_LABELS.get(lang.split("-")[0].lower(), CALLOUT_LABELS["en"])


def language_of(default: str) -> Callable[[str], str]:
    """Korean where Hangul appears, the note's language otherwise."""
    return partial(lang_of, default=default)


@record
class UnitBuilder:
    """Turns blocks into units for one note: knows its language, images and code colours."""

    lang: Callable[[str], str]
    highlight: Callable[[str, str], list[list[Run]]]
    pictures: Callable[[Image], PictureUnit | None]  # None: left off (an inline icon)
    labels: dict[str, str] = field(default_factory=lambda: CALLOUT_LABELS["en"])
    notes: list[str] = field(default_factory=list)
    incremental: bool = False  # lists reveal item by item (front matter, --incremental)
    _click: int = 0  # the click the units made now appear on
    macros: Macros = field(default_factory=dict)
    diagrams: Callable[[Diagram], Unit] | None = None  # None: diagrams stay code

    def units(self, blocks: list[Block]) -> list[Unit]:
        """The units of one slide's blocks, each stamped with the click it appears on."""
        self._click = 0
        return list(self._units(blocks))

    def runs(self, spans: list[Span], bold: bool = False, italic: bool = False) -> list[Run]:
        return spans_to_runs(spans, self.lang, bold=bold, italic=italic, macros=self.macros)

    def _display(self, block: MathBlock) -> Unit:
        """A display formula: its equation, or its TeX as code when it cannot be converted."""
        from slidegen.math.equations import convert  # only notes with formulas

        equation = convert(block.tex, True, self.macros)
        if isinstance(equation, Equation):
            return EquationUnit(equation, block.line)
        return CodeUnit(self.highlight(block.tex, "latex"), "latex", block.line)

    def _display_paragraph(self, block: MathBlock) -> TextParagraph:
        """A display formula inside a list item or callout: a paragraph of its own."""
        return TextParagraph(self.runs([Span(block.tex, math="display")]), align="center")

    def _units(self, blocks: list[Block]) -> Iterator[Unit]:
        for block, after in pairwise([*blocks, None]):
            yield from self.block_units(block, after)

    def per_block(self, blocks: list[Block]) -> dict[int, list[Unit]]:
        """Each block's units, by the block's id: made once, reused while a slide is fitted."""
        self._click = 0
        return {id(block): list(self.block_units(block, after))
                for block, after in pairwise([*blocks, None])}

    def block_units(self, block: Block, after: Block | None) -> Iterator[Unit]:
        """The units of one block, each stamped with the click it appears on; `after` is the
        block that follows it (for lead-ins)."""
        if isinstance(block, Pause):
            self._click += 1
            return
        if isinstance(block, Div) and {"incremental", "nonincremental"} & set(block.classes):
            outer, self.incremental = self.incremental, "incremental" in block.classes
            try:
                yield from self._units(block.blocks)
            finally:
                self.incremental = outer
            return
        for unit in self._block_units(block, after):
            yield self._stamped(unit)

    def _stamped(self, unit: Unit) -> Unit:
        """The unit, shown from the current click (parts already given a click keep it)."""
        if isinstance(unit, TextUnit):
            unit.paragraphs[:] = [replace(para, click=para.click or self._click)
                                  for para in unit.paragraphs]
        elif not isinstance(unit, ColumnsUnit) and not unit.click:
            unit.click = self._click
        return unit

    def _block_units(self, block: Block, after: Block | None) -> Iterator[Unit]:
        if isinstance(block, Paragraph):
            runs = self.runs(block.spans)
            if runs:
                yield TextUnit([TextParagraph(runs)], block.line,
                               keep_with_next=is_lead_in(block, after))
        elif isinstance(block, Heading):
            runs = self.runs(block.spans, bold=True)
            if runs:
                yield TextUnit([TextParagraph(runs)], block.line, keep_with_next=True)
        elif isinstance(block, ListBlock):
            yield from self._list(block, level=0, reveal=self.incremental)
        elif isinstance(block, Callout):
            yield from self._callout(block)
        elif isinstance(block, Code):
            if block.caption:
                yield TextUnit([TextParagraph([Run(block.caption, lang=self.lang(block.caption),
                                                   code=True, bold=True)])],
                               block.line, keep_with_next=True)
            yield CodeUnit(self.highlight(block.text, block.language), block.language,
                           block.line)
        elif isinstance(block, Diagram):
            yield self.diagrams(block) if self.diagrams else self.diagram_code(block)
        elif isinstance(block, Table):
            if block.caption:  # above the table, as pandoc and Quarto place it
                yield TextUnit([TextParagraph([Run(block.caption, lang=self.lang(block.caption),
                                                   bold=True)])],
                               block.line, keep_with_next=True)
            yield TableUnit(
                [self.runs(cell) for cell in block.header],
                [[self.runs(cell) for cell in row] for row in block.rows],
                list(block.align), block.line,
                spans=[(s.row, s.column, s.rows, s.columns) for s in block.spans])
        elif isinstance(block, Image):
            if (picture := self.pictures(block)) is not None:
                yield picture
        elif isinstance(block, MathBlock):
            yield self._display(block)
        elif isinstance(block, SlideBreak):
            return  # a rule inside a list item or a div is a divider line: the page splits
            # at the note's own breaks (plan/chapters), never in the middle of an item
        elif isinstance(block, SpeakerNotes):
            self.notes.append(block.text)
        elif isinstance(block, Div) and "columns" in block.classes:
            yield from self._columns(block)
        elif isinstance(block, Div):
            yield from self._units(block.blocks)
        elif isinstance(block, NoteEmbed):  # not expanded (no vault): its name, as a line
            yield TextUnit([TextParagraph(self.runs([Span(block.target)]))], block.line)

    def diagram_code(self, block: Diagram) -> CodeUnit:
        """A diagram shown as its source: where it cannot be drawn."""
        return CodeUnit(self.highlight(block.source, block.notation), block.notation,
                        block.line)

    def _columns(self, div: Div) -> Iterator[Unit]:
        """A `columns` div's `column` children side by side; with fewer than two, its content
        simply flows (one column is the slide itself)."""
        columns = [Column(list(self._units(child.blocks)), _share(child.attrs.values.get("width")))
                   for child in div.blocks if isinstance(child, Div) and "column" in child.classes]
        loose = [b for b in div.blocks if not (isinstance(b, Div) and "column" in b.classes)]
        columns = [c for c in columns if c.units]
        if len(columns) >= 2:
            yield ColumnsUnit(columns, div.line)
        else:
            for column in columns:
                yield from column.units
        yield from self._units(loose)

    def _list(self, block: ListBlock, level: int, reveal: bool = False) -> Iterator[Unit]:
        """A top-level item and everything nested in it is one unit; pictures in it follow it;
        a display formula in it stands between the item's text before and after it. With
        `reveal`, each item (its sub-items with it) appears on a click of its own."""
        for n, item in enumerate(block.items):
            if reveal:
                self._click += 1
            paragraphs: list[TextParagraph | EquationUnit] = []
            extra: list[Unit] = []
            self._item(item.blocks, level, block.ordered, block.start + n, paragraphs, extra)
            text: list[TextParagraph] = []
            for piece in paragraphs:
                if isinstance(piece, EquationUnit):
                    if text:
                        yield TextUnit(text, item.line, keep_with_next=True)
                    text = []
                    yield piece
                else:
                    text.append(piece)
            if text:
                yield TextUnit(text, item.line)
            yield from extra

    def _item(self, blocks: list[Block], level: int, ordered: bool, number: int,
              paragraphs: list[TextParagraph | EquationUnit], extra: list[Unit]) -> None:
        shown_level = min(level, MAX_LEVEL)
        marker_used = False
        for sub in blocks:
            if isinstance(sub, Paragraph | Heading):
                runs = self.runs(sub.spans)
                if not runs:
                    continue
                if marker_used:
                    paragraphs.append(TextParagraph(runs, level=shown_level, bullet="none"))
                else:
                    paragraphs.append(TextParagraph(
                        runs, level=shown_level, bullet="number" if ordered else "bullet",
                        number=number if ordered else None))
                    marker_used = True
            elif isinstance(sub, ListBlock):
                for m, child in enumerate(sub.items):
                    self._item(child.blocks, level + 1, sub.ordered, sub.start + m,
                               paragraphs, extra)
            elif isinstance(sub, Callout):
                paragraphs.extend(replace(para, level=min(level + 1, MAX_LEVEL), bullet="none")
                                  for para in self._callout_paragraphs(sub))
            elif isinstance(sub, SpeakerNotes):
                self.notes.append(sub.text)
            elif isinstance(sub, MathBlock):
                display = self._display(sub)
                if isinstance(display, EquationUnit):
                    paragraphs.append(display)
                else:
                    paragraphs.append(replace(self._display_paragraph(sub), level=shown_level))
            else:
                extra.extend(self._units([sub]))

    def _callout(self, block: Callout) -> Iterator[Unit]:
        paragraphs = self._callout_paragraphs(block)
        if paragraphs:
            yield CalloutUnit(paragraphs, block.kind, block.line)
        for sub in block.blocks:
            if isinstance(sub, Image | Code | Diagram | Table):
                yield from self._units([sub])

    def _callout_paragraphs(self, block: Callout) -> list[TextParagraph]:
        paragraphs: list[TextParagraph] = []
        label = block.title or self.labels.get(block.kind, "")
        if label and block.kind != "quote":
            paragraphs.append(TextParagraph([Run(label, lang=self.lang(label), bold=True)]))
        for sub in block.blocks:
            if isinstance(sub, Paragraph | Heading):
                runs = self.runs(sub.spans, italic=block.kind == "quote")
                if runs:
                    paragraphs.append(TextParagraph(runs))
            elif isinstance(sub, ListBlock):
                for unit in self._list(sub, level=0):
                    if isinstance(unit, TextUnit):
                        paragraphs.extend(unit.paragraphs)
                    elif isinstance(unit, EquationUnit):  # within the callout's box
                        paragraphs.append(TextParagraph(
                            [Run(unit.equation.text, math=unit.equation)], align="center"))
            elif isinstance(sub, Callout):
                paragraphs.extend(self._callout_paragraphs(sub))
            elif isinstance(sub, MathBlock):
                paragraphs.append(self._display_paragraph(sub))
            elif isinstance(sub, SpeakerNotes):
                self.notes.append(sub.text)
        if block.kind == "quote" and block.title:  # `> [!quote] Knuth`: who said it
            by = f"— {block.title}"
            paragraphs.append(TextParagraph([Run(by, lang=self.lang(by))], align="right"))
        return paragraphs


LEAD_IN = lazy_compile(r"(?:[:：]|(?:다음|아래)(?:과|와) 같(?:다|습니다|음)[.。]?"
                       r"|as follows[.]?|below[.]?)$", re.IGNORECASE)
INTRODUCED = (ListBlock, Code, Table, Image, Callout)


def is_lead_in(block: Paragraph, after: Block | None) -> bool:
    """"로그인 페이지는 다음과 같다:" (or "...아래와 같다.", "...as follows") before a code
    block, table, list or picture: the two stay on one slide (keep-with-next)."""
    text = "".join(span.text for span in block.spans).rstrip()
    return isinstance(after, INTRODUCED) and bool(LEAD_IN.search(text))


def _share(width: str | None) -> float | None:
    """`40%`, `0.4` or `40` → 0.4; anything else (`auto`, `300px`) → None."""
    text = (width or "").strip()
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        return None
    share = value / 100 if text.endswith("%") or value > 1 else value
    return share if 0 < share <= 1 else None


def spans_to_runs(spans: list[Span], lang: Callable[[str], str], *, bold: bool = False,
                  italic: bool = False, links: bool = True,
                  macros: Macros | None = None) -> list[Run]:
    """Runs for a paragraph's spans, each with its language, trimmed at both ends.

    `$$…$$` among other text is drawn inline, as kramdown reads it; alone it is a display line.
    """
    alone = sum(1 for s in spans if s.text.strip()) == 1
    runs = [math_run(s, macros or {}, display=s.math == "display" and alone) if s.math else
            Run(s.text, lang=lang(s.text), bold=s.bold or bold, italic=s.italic or italic,
                code=s.code, strike=s.strike, link=s.link if links else None, mark=s.mark,
                script=s.script, footnote=s.footnote)
            for s in spans if s.text]
    return _trim(runs)


def math_run(span: Span, macros: Macros, display: bool) -> Run:
    """An equation run; a formula that cannot be converted shows as its TeX, in code type
    (the parser has warned about it)."""
    from slidegen.math.equations import convert  # only notes with formulas

    tex = without_definitions(span.text)
    equation = convert(tex, display, macros) if tex else None
    if isinstance(equation, Equation):
        return Run(equation.text, math=equation)
    delimiter = "$$" if span.math == "display" else "$"
    return Run(f"{delimiter}{tex}{delimiter}" if tex else "", code=True)


def _trim(runs: list[Run]) -> list[Run]:
    """Strip leading/trailing whitespace of a paragraph, which would only shift or wrap it."""
    while runs and not runs[0].text.strip() and runs[0].text != "\n" and not runs[0].math:
        runs.pop(0)
    while runs and not runs[-1].text.strip() and not runs[-1].math:
        runs.pop()
    if runs and not runs[0].math and (text := runs[0].text.lstrip(" \t")) != runs[0].text:
        runs[0] = replace(runs[0], text=text)
    if runs and not runs[-1].math and (text := runs[-1].text.rstrip()) != runs[-1].text:
        runs[-1] = replace(runs[-1], text=text)
    return runs
