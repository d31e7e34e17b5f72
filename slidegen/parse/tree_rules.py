"""Small rules the tree builder applies to tokens and finished blocks: a paragraph that is only
display math, a callout's heading as its title, captions under pictures, a paragraph's
attribute list, a footnote's text as one line."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from markdown_it.token import Token

from slidegen.document import (
    Attributes,
    Block,
    Callout,
    Code,
    Div,
    Heading,
    Image,
    Paragraph,
    Span,
    Table,
)
from slidegen.parse.attrs import size_of, token_attributes
from slidegen.parse.callouts import callout_kind_of
from slidegen.parse.markdown import _OVERSIZED
from slidegen.parse.math import MATH_INLINE_DISPLAY
from slidegen.parse.notes import _flatten
from slidegen.parse.tables import paragraph_text

__all__ = ["figure_caption", "float_content", "footnote_spans", "heading_as_title", "inline_at",
           "is_caption", "lone_formula", "with_attributes"]


def lone_formula(inline: Token | None) -> str | None:
    """A paragraph that is only `$$…$$` (kramdown's and Quarto's display math, with its
    `{#eq-x}` label read into it): its TeX, else None."""
    children = [c for c in (inline.children if inline else None) or []
                if not (c.type in ("text", "softbreak") and not c.content.strip())]
    if len(children) == 1 and children[0].type == MATH_INLINE_DISPLAY:
        return children[0].content.strip() or None
    return None


def heading_as_title(callout: Callout) -> None:
    """Quarto's `::: {.callout-note}` + `## Title`: the heading is the callout's title."""
    first = callout.blocks[0] if callout.blocks else None
    if not callout.title and isinstance(first, Heading) and first.text:
        callout.title = first.text
        callout.blocks.pop(0)


_SLIDE_FORMATS = {"pptx", "powerpoint", "revealjs", "beamer", "presentation"}


def not_for_slides(node: object) -> bool:
    """Quarto's conditional content that a deck does not show: `.content-visible` for other
    formats (`when-format="html"`), `.content-hidden` (for slides, or for all formats)."""
    if not isinstance(node, Div):
        return False
    values = node.attrs.values
    when, unless = ({f.strip().lower() for f in values.get(key, "").split(",") if f.strip()}
                    for key in ("when-format", "unless-format"))
    applies = (not when or bool(when & _SLIDE_FORMATS)) and not unless & _SLIDE_FORMATS
    if "content-visible" in node.attrs.classes:
        return not applies
    return "content-hidden" in node.attrs.classes and applies


def callout_around_list(frame: Any, token: Token, line: int) -> None:
    """kramdown's `{: .notice--danger}` under a list (its IAL): the list in a callout of that
    kind; `frame` is the list's, just opened."""
    attrs = token_attributes(token)
    kind = callout_kind_of(attrs.classes) if attrs else None
    if kind is not None:
        callout = Callout(kind=kind, blocks=[frame.node], line=line)
        frame.parent[-1] = callout
        frame.parent = callout.blocks


def div_with_title(attrs: Attributes, title: str, line: int) -> Div:
    """A div of no callout kind; its title (`::: details 정답`, VuePress) leads its content,
    in bold."""
    lead: list[Block] = [Paragraph(spans=[Span(title, bold=True)], line=line)] if title else []
    return Div(attrs=attrs, blocks=lead, line=line, title=title)


def titled_callout(node: object) -> bool:
    """A callout that says something with no body: Obsidian's `> [!tip] Title` is a box."""
    return isinstance(node, Callout) and bool(node.title.strip())


def is_caption(block: Block, image: Image) -> bool:
    """An all-italic line right under a picture, in the same paragraph: its caption."""
    return (isinstance(block, Paragraph) and not image.caption and not image.inline
            and block.line == image.line + 1 and "\n" not in paragraph_text(block)
            and all(span.italic for span in block.spans if span.text.strip()))


def figure_caption(blocks: list[Block], figure_start: int, caption_start: int) -> None:
    """`<figure><img …><figcaption>…</figcaption></figure>`: the caption's paragraph becomes
    the caption under the figure's one picture (with several, it stays a paragraph)."""
    images = [i for i in range(figure_start, caption_start) if isinstance(blocks[i], Image)]
    caption = blocks[caption_start:]
    if (len(images) == 1 and len(caption) == 1 and isinstance(caption[0], Paragraph)
            and not blocks[images[0]].caption):  # type: ignore[union-attr]
        blocks[images[0]] = replace(blocks[images[0]], caption=paragraph_text(caption[0]))
        del blocks[caption_start:]


_FLOATS: dict[str, type[Table] | type[Image] | type[Code]] = {
    "tbl": Table, "fig": Image, "lst": Code}


def float_content(div: Div, labels: dict[str, str]) -> list[Block] | None:
    """Quarto's float div (`::: {#tbl-x}` around one table, picture or listing, its last
    paragraph the caption): what it holds, captioned as Quarto shows it ("표 1: …"); None
    for any other div (a panel of several tables stays a div)."""
    target = div.attrs.id.lower()
    kind = _FLOATS.get(target.replace(":", "-").split("-", 1)[0])
    if kind is None or len(div.blocks) < 2 or not isinstance(div.blocks[-1], Paragraph):
        return None
    *content, last = div.blocks
    found = [block for block in content if isinstance(block, kind)]
    if len(found) != 1:
        return None
    text = paragraph_text(last)
    caption = f"{labels[target]}: {text}" if target in labels else text
    return [replace(block, caption=caption) if block is found[0] else block
            for block in content]


def tab_panels(div: Div) -> list[Block] | None:
    """Quarto's `::: {.panel-tabset}`: each heading inside is a tab's label, not a slide; it
    leads its tab's content in bold, as other tabs' labels do. None for any other div."""
    if "panel-tabset" not in div.classes:
        return None
    return [Paragraph(spans=[replace(s, bold=True) for s in b.spans], line=b.line)
            if isinstance(b, Heading) else b for b in div.blocks]


def footnote_spans(blocks: list[Block]) -> list[Span]:
    """A footnote's text as one line: its paragraphs' spans, anything else as plain text."""
    spans: list[Span] = []
    for block in blocks:
        if spans:
            spans.append(Span(" "))
        if isinstance(block, Paragraph):
            spans.extend(block.spans)
        else:
            spans.append(Span(_flatten([block]).replace("\n", " ")))
    return spans


def with_attributes(blocks: list[Block], attrs: Attributes, line: int) -> list[Block]:
    """A paragraph's IAL: sizes go to its pictures, a theme's callout class makes it a callout;
    other classes (`.align-center`, `.text-justify`...) are styling a slide does not need."""
    width, height = size_of(attrs)
    scheme = next((c for c in attrs.classes if c in ("light", "dark")), "")
    if width or height or scheme:
        blocks = [replace(b, width=width or b.width, height=height or b.height,
                          scheme=scheme or b.scheme)
                  if isinstance(b, Image) else b for b in blocks]
    kind = callout_kind_of(attrs.classes)
    if kind is None or not blocks:
        return blocks
    return [Callout(kind=kind, blocks=blocks, line=line)]


def inline_at(tokens: list[Token], i: int) -> Token | None:
    if i < len(tokens) and tokens[i].type in ("inline", _OVERSIZED):
        return tokens[i]
    return None
