"""From a note's headings to the deck's outline: which headings are sections, which are slides.

The slide level comes from the note's own structure (or `slide_level:` / `--slide-level`):
below the note's top heading level, pandoc's rule picks it, the highest level that is followed
directly by content somewhere; a note with one heading level has its slides there. A heading
above the slide level whose following headings go deeper is a section (a divider slide; its own
content, if any, a slide); one without deeper headings is a slide. Headings below the slide
level are sub-headings inside their slide, where a long slide is split. A note without
headings is one part that the planner cuts at `---`, bold lead lines and by fit.
"""

from __future__ import annotations

from dataclasses import field, replace
from itertools import pairwise
from typing import Literal

from slidegen.document import (
    Block,
    Document,
    Heading,
    Paragraph,
    Pause,
    SlideBreak,
    SlideOption,
    Span,
    SpeakerNotes,
)
from slidegen.plan.choices import heading_options
from slidegen.plan.divs import unwrap_divs
from slidegen.records import record
from slidegen.regex import lazy_compile

JEKYLL_DATE = lazy_compile(r"^\d{4}-\d{2}-\d{2}-")
NUMBERED = lazy_compile(r"^(\d{1,3})(?:\.\d{1,3})*[.)]?\s+(?=\S)")


@record
class Part:
    """One planned slide before layout: what it is called and what goes on it."""

    kind: Literal["section", "content"]
    title: list[Span]
    line: int
    kicker: str = ""
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    section_number: int = 0
    options: list[SlideOption] = field(default_factory=list)  # its own layout or background


@record
class Outline:
    """The note cut into its title, opening and sections, before slides are made."""

    title: str
    title_line: int | None
    intro_notes: list[str]
    intro_blocks: list[Block]
    parts: list[Part]
    slide_level: int = 1
    title_spans: list[Span] = field(default_factory=list)  # a heading's, formulas and all
    subtitle: str = ""  # a leading `#` heading that words the front matter's title otherwise

    @property
    def sections(self) -> list[Part]:
        return [p for p in self.parts if p.kind == "section"]


def build_outline(doc: Document) -> Outline:
    blocks = unwrap_divs(doc.blocks)
    lone = _lone_title(blocks)
    title, title_line, subtitle = _pick_title(doc, blocks)
    spans = lone.spans if lone is not None and lone not in blocks and not subtitle else []
    level = doc.meta.slide_level or infer_slide_level(blocks)
    # a heading deeper than the slide level before the first slide is part of the opening
    first_heading = next((i for i, b in enumerate(blocks)
                          if isinstance(b, Heading) and b.level <= level), len(blocks))
    intro_notes, intro_blocks = _split_intro(blocks[:first_heading])
    parts = _parts(blocks[first_heading:], level)
    return Outline(title, title_line, intro_notes, intro_blocks, parts, level, spans, subtitle)


def infer_slide_level(blocks: list[Block]) -> int:
    """The note's slide level: below its top heading level, the highest level followed directly
    by content (pandoc's rule); the top level when nothing deeper is, or when it is alone."""
    levels = sorted({b.level for b in blocks if isinstance(b, Heading)})
    if not levels:
        return 1
    direct = {block.level for block, after in pairwise([*blocks, None])
              if isinstance(block, Heading) and _is_content(after)}
    return next((level for level in levels[1:] if level in direct), levels[0])


def _is_content(block: Block | None) -> bool:
    return block is not None and not isinstance(block, Heading | SpeakerNotes | SlideBreak | Pause)


def _lone_title(blocks: list[Block]) -> Heading | None:
    headings = [b for b in blocks if isinstance(b, Heading)]
    top = [h for h in headings if h.level == 1]
    return headings[0] if headings and headings[0].level == 1 and len(top) == 1 else None


def _pick_title(doc: Document, blocks: list[Block]) -> tuple[str, int | None, str]:
    """Front matter title (an empty `title:` is none), else a lone leading `#` heading (then
    consumed), else the file name without a Jekyll post's date; and a subtitle.

    A lone leading `#` that repeats the front matter title is consumed too: it is the post's
    title written twice, not a section. One that words it otherwise (`title: HTTP 정리`,
    `# HTTP 프로토콜 기초`: MkDocs, VuePress and Obsidian pages show the heading) is the title
    slide's subtitle, where the note has none and sets no slide level: as a section it made a
    divider for the whole note and put its name above every slide.
    """
    lone = _lone_title(blocks)
    if doc.meta.title and doc.meta.title.strip():
        title = doc.meta.title.strip()
        if lone is not None and " ".join(lone.text.split()) == " ".join(title.split()):
            blocks.remove(lone)
        elif (lone is not None and not doc.meta.subtitle and not doc.meta.slide_level
              and not any(_is_content(b) for b in blocks[:blocks.index(lone)])):  # the page's
            blocks.remove(lone)
            return title, None, lone.text
        return title, None, ""
    if lone is not None:
        blocks.remove(lone)
        return lone.text, lone.line, ""
    stem = JEKYLL_DATE.sub("", doc.path.stem).replace("-", " ").replace("_", " ").strip()
    return stem or doc.path.stem or doc.path.name, None, ""


def heading_number(title: str) -> int | None:
    """The author's own number of a heading (`3. Keras` → 3), if it has one."""
    found = NUMBERED.match(title)
    return int(found.group(1)) if found else None


def _split_intro(blocks: list[Block]) -> tuple[list[str], list[Block]]:
    """What comes before the first heading: shown on a slide titled like the deck (body text
    never hides in notes), its prose also the title slide's notes, where presenters look for
    what to say as they open."""
    notes = [spans_text(b.spans) if isinstance(b, Paragraph) else b.text for b in blocks
             if isinstance(b, Paragraph | SpeakerNotes)]
    notes = [n for n in notes if n.strip()]
    shown = [b for b in blocks if not isinstance(b, SpeakerNotes)]
    while shown and isinstance(shown[0], SlideBreak | Pause):
        shown.pop(0)
    while shown and isinstance(shown[-1], SlideBreak | Pause):
        shown.pop()
    return notes, shown


def _parts(blocks: list[Block], slide_level: int) -> list[Part]:
    headings = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Heading)
                and b.level <= slide_level]
    parts: list[Part] = []
    section: Part | None = None
    section_level = 0
    for n, (index, heading) in enumerate(headings):
        end = headings[n + 1][0] if n + 1 < len(headings) else len(blocks)
        body = blocks[index + 1:end]
        following = headings[n + 1][1] if n + 1 < len(headings) else None
        has_children = following is not None and following.level > heading.level
        if section is not None and heading.level <= section_level:
            section = None
        if has_children and heading.level < slide_level:
            number = sum(1 for p in parts if p.kind == "section") + 1
            own = heading_number(heading.text)
            section = Part("section", _unnumbered(heading.spans) if own else heading.spans,
                           heading.line, section_number=own or number)
            section_level = heading.level
            parts.append(section)
            content = _content_part(heading, body, kicker="")
            if content.blocks:
                parts.append(content)
            else:
                section.notes.extend(content.notes)
            continue
        kicker = spans_text(section.title) if section is not None else ""
        part = _content_part(heading, body, kicker)
        if part.blocks or not has_children:
            parts.append(part)
    return parts


def _content_part(heading: Heading, body: list[Block], kicker: str) -> Part:
    part = Part("content", heading.spans, heading.line, kicker=kicker,
                options=heading_options(heading))
    for block in body:
        if isinstance(block, SpeakerNotes):
            part.notes.append(block.text)
        elif isinstance(block, SlideOption):
            part.options.append(block)
        else:
            part.blocks.append(block)
    while part.blocks and isinstance(part.blocks[-1], SlideBreak):
        part.blocks.pop()
    while part.blocks and isinstance(part.blocks[0], SlideBreak):
        part.blocks.pop(0)
    return part


def _unnumbered(spans: list[Span]) -> list[Span]:
    """A numbered heading's spans without its number, which the divider shows on its own."""
    if not spans:
        return spans
    first = replace(spans[0], text=NUMBERED.sub("", spans[0].text.lstrip(), count=1))
    return [first, *spans[1:]] if first.text.strip() or len(spans) > 1 else spans


def spans_text(spans: list[Span]) -> str:
    return "".join(s.text for s in spans).strip()
