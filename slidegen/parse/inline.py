"""Inline content: markdown-it inline tokens and inline HTML become `Span`s; pictures and
notes found among them become blocks of their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath

from slidegen.document import (
    Block,
    Image,
    NoteEmbed,
    Paragraph,
    Span,
    SpeakerNotes,
)
from slidegen.math import without_definitions
from slidegen.math.tex import Macros
from slidegen.parse.attrs import colour_scheme, pixels
from slidegen.parse.extras import UNDEFINED_FOOTNOTE, with_emoji
from slidegen.parse.html import (
    _BLOCK_TAGS,
    _BOLD_TAGS,
    _CODE_TAGS,
    _ITALIC_TAGS,
    _SKIP_TAGS,
    _STRIKE_TAGS,
    _WARN_TAGS,
    _HtmlFeed,
    image_src,
)
from slidegen.parse.limits import (
    MAX_INLINE_CHARS,
    MAX_PARAGRAPH_CHARS,
    OVERSIZED_CHUNK_CHARS,
)
from slidegen.parse.math import check_formula
from slidegen.parse.notes import _NOTES_COMMENT, _clean_note_text
from slidegen.parse.obsidian import DRAWING_SUFFIXES, IMAGE_EXTENSIONS, embed_size, split_embed
from slidegen.parse.soft_breaks import SOFT_BREAK, join_soft_breaks
from slidegen.parse.tree_rules import figure_caption
from slidegen.policy.links import safe_link
from slidegen.regex import lazy_compile

Warn = Callable[[int | None, str], None]  # (line, message): a problem the person should fix

# `![alt](my pic.png)`: not CommonMark (spaces), but editors such as Typora write it.
_LOOSE_IMAGE = lazy_compile(r'!\[([^\[\]\n]*)\]\(([^()\n"]+?)(?:\s+"([^"\n]*)")?\s*\)')
_OBSIDIAN = lazy_compile(r"!\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
_WHITESPACE = lazy_compile(r"[ \t\n]+")

# bold, italic, code, strike, link, mark, script ("super"/"sub"), footnote label
_Fmt = tuple[bool, bool, bool, bool, str | None, bool, str | None, str | None]
_BREAK: _Fmt = (False, False, False, False, "\n", False, None, None)  # a hard line break
# marker formats of math pieces (no link is ever "\0..."): one piece per formula, never merged
_MATH: dict[str, _Fmt] = {mode: (False, False, False, False, f"\0{mode}", False, None, None)
                          for mode in ("inline", "display")}


class _Inline:
    """Collects inline text into spans; images, block-level HTML and notes cut it into blocks.

    In `single` mode (headings, table cells) everything stays in one run of spans and
    pictures/notes are collected in `blocks` to be placed after the owner.
    """

    def __init__(self, warn: Warn, line: int, single: bool = False,
                 macros: Macros | None = None) -> None:
        self.warn = warn
        self.macros = macros or {}  # the note's TeX macros, to check its formulas
        self.line = line
        self.single = single
        self.blocks: list[Block] = []
        self.notes: list[SpeakerNotes] = []
        self.pieces: list[tuple[_Fmt, list[str]]] = []
        self.start_line: int | None = None
        self.bold = self.italic = self.code = self.strike = self.mark = 0
        self.scripts: list[str] = []
        self.footnote: str | None = None
        self.links: list[str | None] = []
        self.skip: list[str] = []
        self.html = _HtmlFeed(self)
        # A picture cuts its paragraph only if it stands on a line of its own; one within a
        # line of text (an icon, a badge) follows the paragraph, which stays whole.
        self.on_line = False  # text on the current line so far
        self.alone: Image | None = None  # a picture with nothing after it on its line yet
        self.following: list[Image] = []  # pictures within lines of this paragraph
        self.figures: list[int] = []  # where each open <figure>'s blocks start
        self.caption_at: int | None = None  # where an open <figcaption>'s blocks start

    # text
    def text(self, text: str, code: bool = False) -> None:
        if self.skip or not text:
            return
        if not code and "![[" in text:
            pos = 0
            for match in _OBSIDIAN.finditer(text):
                self._loose_images(text[pos : match.start()])
                self.embed(match.group(0)[3:-2])
                pos = match.end()
            text = text[pos:]
        if code:
            self._add(text, code)
            return
        if "[^" in text and UNDEFINED_FOOTNOTE.search(text):
            shown = UNDEFINED_FOOTNOTE.search(text).group()  # type: ignore[union-attr]
            self.warn(self.line, f"footnote mark {shown} has no footnote text: left out; "
                           f"add a '{shown}: ...' line")
            text = UNDEFINED_FOOTNOTE.sub("", text)
        self._loose_images(with_emoji(text) if ":" in text else text)

    def _loose_images(self, text: str) -> None:
        pos = 0
        if "](" in text:
            for match in _LOOSE_IMAGE.finditer(text):
                self._add(text[pos : match.start()], False)
                self.image(match.group(2).strip(), match.group(1), match.group(3) or "")
                pos = match.end()
        self._add(text[pos:], False)

    def _add(self, text: str, code: bool) -> None:
        if not text:
            return
        if self.alone is not None:
            if text.split("\n", 1)[0].strip():  # text after it on its line
                self.following.append(replace(self.alone, inline=True))
                self.alone = None
            elif "\n" in text:  # its line ended
                self.flush()
        last_line = text.rsplit("\n", 1)
        if len(last_line) == 2:
            self.on_line = bool(last_line[1].strip())
        elif text.strip():
            self.on_line = True
        if self.start_line is None and text.strip():
            self.start_line = self.line
        link = self.links[-1] if self.links else None
        script = self.scripts[-1] if self.scripts else None
        fmt = (self.bold > 0, self.italic > 0, code or self.code > 0, self.strike > 0, link,
               self.mark > 0, script, self.footnote)
        if self.pieces and self.pieces[-1][0] == fmt:
            self.pieces[-1][1].append(text)
        else:
            self.pieces.append((fmt, [text]))

    def open_link(self, href: str) -> None:
        """A link's text follows; it is clickable only if the link policy keeps it."""
        link, dropped = safe_link(href)
        if dropped:
            self.warn(self.line, dropped)
        self.links.append(link)

    def math(self, tex: str, mode: str) -> None:
        """A formula: kept as its own piece, its TeX untouched."""
        if self.skip or not without_definitions(tex):
            return
        if self.alone is not None:
            self.following.append(replace(self.alone, inline=True))
            self.alone = None
        if self.start_line is None:
            self.start_line = self.line
        self.on_line = True
        check_formula(tex, mode == "display", self.line, self.macros, self.warn)
        self.pieces.append((_MATH[mode], [tex]))

    def soft_break(self) -> None:
        if self.alone is not None:
            self.flush()
        else:
            self._add(SOFT_BREAK, False)
        self.on_line = False

    def hard_break(self) -> None:
        if self.skip:
            return
        if self.alone is not None:
            self.flush()
        else:
            self.pieces.append((_BREAK, ["\n"]))
        self.on_line = False

    def image(self, src: str, alt: str, title: str, width: float | None = None,
              height: float | None = None, classes: list[str] | None = None) -> None:
        if self.skip:
            return
        if not src:
            self.warn(self.line, "image without a source dropped: add src=\"...\"")
            return
        src, scheme = colour_scheme(src, classes or [])
        image = Image(src=src, alt=alt.strip(), line=self.line, title=title.strip(),
                      width=width, height=height, scheme=scheme)
        if self.single:
            self._add(" ", False)
            self.blocks.append(image)
            return
        if self.alone is not None:  # the one before stood alone on its line
            self.flush()
        if self.on_line:
            self.following.append(replace(image, inline=True))
        else:
            self.alone = image

    def embed(self, target: str) -> None:
        """`![[...]]`: a picture, another note's text, or a file a slide cannot show."""
        path, rest = split_embed(target)
        suffix = PurePosixPath(path).suffix.lower()
        if suffix in IMAGE_EXTENSIONS or path.lower().endswith(DRAWING_SUFFIXES):
            alt, width, height = embed_size(rest)
            self.image(path, alt, "", width, height)
        elif suffix in ("", ".md"):
            self.split()
            self.blocks.append(NoteEmbed(target=path, heading=rest, line=self.line))
        else:
            self.warn(self.line, f"embedded file {path} cannot be shown on a slide: its "
                           "name is shown instead; add a screenshot or a link")
            self._add(path, False)

    def comment(self, data: str) -> None:
        match = _NOTES_COMMENT.match(data)
        if match:
            text = _clean_note_text(match.group(1))
            if text:
                self.notes.append(SpeakerNotes(text=text, line=self.line))

    def split(self) -> None:
        """A block boundary (`<p>`, `<div>`...): close the paragraph collected so far."""
        if self.single:
            self._add(" ", False)
        else:
            self.flush()

    def flush(self) -> None:
        """End the paragraph: its text, the pictures within its lines, then a picture that
        stood alone on its last line."""
        alone, self.alone = self.alone, None
        spans = self.spans()
        if spans:
            line = self.start_line or self.line
            total = sum(len(span.text) for span in spans)
            limit = OVERSIZED_CHUNK_CHARS if total > MAX_INLINE_CHARS else MAX_PARAGRAPH_CHARS
            chunks = _chunks(spans, limit)
            if len(chunks) > 1 and total <= MAX_INLINE_CHARS:  # longer ones were warned about
                self.warn(line, f"paragraph of {total:,} characters cut into {len(chunks)} "
                               "paragraphs: split it into shorter paragraphs")
            self.blocks.extend(Paragraph(spans=chunk, line=line) for chunk in chunks)
        self.blocks.extend(self.following)
        if alone is not None:
            self.blocks.append(alone)
        self.following = []
        self.pieces = []
        self.start_line = None
        self.on_line = False

    def spans(self) -> list[Span]:
        """The collected pieces as trimmed spans; [] when there is nothing but whitespace."""
        spans: list[Span] = []
        for fmt, parts in self.pieces:
            if fmt is _BREAK:
                spans.append(Span("\n"))
                continue
            if fmt in _MATH.values():
                mode = "inline" if fmt is _MATH["inline"] else "display"
                spans.append(Span(" ".join(parts).strip(), math=mode))  # type: ignore[arg-type]
                continue
            text = "".join(parts)
            if not fmt[2]:
                text = _WHITESPACE.sub(" ", text)
            bold, italic, code, strike, link, mark, script, footnote = fmt
            spans.append(Span(text, bold=bold, italic=italic, code=code, strike=strike, link=link,
                              mark=mark, script=script, footnote=footnote))  # type: ignore[arg-type]
        join_soft_breaks(spans)
        while spans and not spans[0].text.strip():
            spans.pop(0)
        while spans and not spans[-1].text.strip():
            spans.pop()
        if not spans:
            return []
        spans[0].text = spans[0].text.lstrip()
        spans[-1].text = spans[-1].text.rstrip()
        return spans

    def finish(self) -> list[Block]:
        if not self.single:
            self.flush()
        return [*self.blocks, *self.notes]

    # HTML tags, from either inline HTML tokens or an HTML block
    def start_tag(self, tag: str, attrs: dict[str, str | None]) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.append(tag)
            return
        if tag in _WARN_TAGS:
            self.warn(
                self.line,
                f"embedded <{tag}> dropped (slides cannot show it): add a screenshot image "
                "or a link instead",
            )
        if tag in _SKIP_TAGS:
            self.skip.append(tag)
        elif tag == "img":
            self.image(image_src(attrs), attrs.get("alt") or "", attrs.get("title") or "",
                       pixels(attrs.get("width")), pixels(attrs.get("height")) or (
                           24.0 if attrs.get("data-size") == "line" else None),  # GitBook's icon
                       (attrs.get("class") or "").split())
        elif tag == "br":
            self.hard_break()
        elif tag == "a":
            self.open_link(attrs.get("href") or "")
        elif tag == "summary":  # <details><summary>: the summary leads, bold
            self.split()
            self.bold += 1
        elif tag == "tabitem":  # MDX `<TabItem label="macOS">`: the label leads, bold
            self.split()
            self.bold += 1
            self._add(attrs.get("label") or attrs.get("value") or "", False)
            self.bold -= 1
            self.split()
        elif tag in ("figure", "figcaption"):
            self.split()
            if tag == "figure":
                self.figures.append(len(self.blocks))
            else:
                self.caption_at = len(self.blocks)
        elif tag in _BLOCK_TAGS:
            self.split()
        elif tag in ("td", "th"):
            self._add(" ", False)
        else:
            self._format(tag, 1)

    def end_tag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag == "a":
            if self.links:
                self.links.pop()
        elif tag == "summary":
            self.bold = max(0, self.bold - 1)
            self.split()
        elif tag in ("figure", "figcaption"):
            self.split()
            if tag == "figure" and self.figures:
                self.figures.pop()
            elif tag == "figcaption" and self.figures and self.caption_at is not None:
                figure_caption(self.blocks, self.figures[-1], self.caption_at)
                self.caption_at = None
        elif tag in _BLOCK_TAGS:
            self.split()
        else:
            self._format(tag, -1)

    def _format(self, tag: str, step: int) -> None:
        if tag in _BOLD_TAGS:
            self.bold = max(0, self.bold + step)
        elif tag in _ITALIC_TAGS:
            self.italic = max(0, self.italic + step)
        elif tag in _CODE_TAGS:
            self.code = max(0, self.code + step)
        elif tag in _STRIKE_TAGS:
            self.strike = max(0, self.strike + step)
        elif tag == "mark":
            self.mark = max(0, self.mark + step)
        elif tag in ("sup", "sub"):
            if step > 0:
                self.scripts.append("super" if tag == "sup" else "sub")
            elif self.scripts:
                self.scripts.pop()


def _chunks(spans: list[Span], limit: int) -> list[list[Span]]:
    """Cut spans into runs of at most about `limit` characters, at a space where there is one."""
    if sum(len(span.text) for span in spans) <= limit:
        return [spans]
    chunks: list[list[Span]] = []
    current: list[Span] = []
    size = 0
    for span in spans:
        text = span.text
        while size + len(text) > limit:
            room = limit - size
            cut = text.rfind(" ", 0, room + 1)
            if cut <= 0:
                cut = room if room > 0 else 0
            if cut > 0:
                current.append(replace(span, text=text[:cut]))
            text = text[cut:].lstrip(" ")
            if current:
                chunks.append(current)
            current, size = [], 0
        if text:
            current.append(replace(span, text=text))
            size += len(text)
    if current:
        chunks.append(current)
    return [chunk for chunk in chunks if "".join(s.text for s in chunk).strip()]
