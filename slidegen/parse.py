"""Parse a note's Markdown body into the `slidegen.document` tree.

markdown-it-py does the Markdown; this module turns its flat token stream into blocks with
a loop and an explicit stack (never recursion, so deeply nested input cannot overflow
Python's stack), and reduces raw HTML to text and pictures with the stdlib `HTMLParser`,
which never raises on broken HTML. Every block carries its line in the original file.

Conventions (what `plan` can rely on):
- Images never sit inside a paragraph: `![a](s)`, `<img>` anywhere and `![[f.png|alt]]`
  become `Image` blocks between the paragraph pieces around them.
- A paragraph starting with `※` becomes `Callout("note")` without the `※`; one starting
  with `Note:`/`참고:` (also Tip:/Warning:/Caution:/Important:/주의:) becomes a callout of
  that kind whose `title` is the label as written, without the label in the text. The
  first paragraph of a list item (its bullet text) is never turned into a callout, nor is a
  paragraph that is already inside a callout.
- `<!-- notes: ... -->`, `<!-- note: ... -->` and `::: notes` give `SpeakerNotes`; other
  comments and `<script>`/`<style>` content are dropped; `<iframe>`, `<video>` and other
  embeds are dropped with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from slidegen.diagnostics import Diagnostics
from slidegen.document import (
    Block,
    Callout,
    CalloutKind,
    Code,
    Document,
    Heading,
    Image,
    ListBlock,
    ListItem,
    Paragraph,
    SlideBreak,
    Span,
    SpeakerNotes,
    Table,
)
from slidegen.read import Source, meta_from_front_matter

__all__ = ["parse_document"]

# markdown-it stops nesting here (its own guard against deep input); a slide cannot show
# more than a handful of levels anyway. Deeper content is reported and left out.
MAX_NESTING = 40
# markdown-it's inline pass can take seconds on a huge paragraph full of `*` or `[`; a
# paragraph this long is never slide text, so it is only read as HTML (for its pictures).
MAX_INLINE_CHARS = 100_000
_OVERSIZED = "inline_oversized"
# Laying out a paragraph costs time in proportion to its length for every slide it spills
# onto; a paragraph longer than this is cut into several (at a space) so that a megabyte of
# text costs seconds, not minutes.
MAX_PARAGRAPH_CHARS = 10_000
OVERSIZED_CHUNK_CHARS = 2_000  # for paragraphs past MAX_INLINE_CHARS (formatting already lost)
MAX_HEADING_CHARS = 200  # a title longer than this continues as a paragraph under it
MAX_CODE_LINE_CHARS = 10_000  # a longer code line is a minified blob: cut, with a warning

# `> [!KIND]` (GitHub alerts, plus Obsidian's callout names) → our callout kinds.
_ALERT_KINDS: dict[str, CalloutKind] = {
    "note": "note", "tip": "tip", "important": "important", "warning": "warning",
    "caution": "caution", "info": "note", "abstract": "note", "summary": "note",
    "todo": "note", "example": "note", "question": "note", "faq": "note", "help": "note",
    "hint": "tip", "success": "tip", "check": "tip", "done": "tip", "attention": "warning",
    "danger": "caution", "error": "caution", "bug": "caution", "failure": "caution",
    "quote": "quote", "cite": "quote",
}
_ALERT = re.compile(r"\s*\[!(\w+)\][+-]?[ \t]*(.*)")
# `::: tip` style containers become callouts; `::: notes` becomes speaker notes.
_CONTAINER_CALLOUTS: dict[str, CalloutKind] = {
    "note": "note", "info": "note", "tip": "tip", "important": "important",
    "warning": "warning", "caution": "caution", "danger": "caution",
}
_LABELS: dict[str, CalloutKind] = {
    "note": "note", "참고": "note", "tip": "tip", "팁": "tip", "important": "important",
    "중요": "important", "warning": "warning", "주의": "warning", "caution": "caution",
}
_LABEL = re.compile(r"(note|참고|tip|팁|important|중요|warning|주의|caution)\s*[:：]\s*", re.I)
# `![alt](my pic.png)`: not CommonMark (spaces), but editors such as Typora write it.
_LOOSE_IMAGE = re.compile(r'!\[([^\[\]\n]*)\]\(([^()\n"]+?)(?:\s+"([^"\n]*)")?\s*\)')
_OBSIDIAN = re.compile(r"!\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
_WHITESPACE = re.compile(r"[ \t\n]+")
_STRAY_LT = re.compile(r"<(?![A-Za-z/!?])")
_NOTES_COMMENT = re.compile(r"\s*notes?\s*:(.*)", re.I | re.S)

_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "svg", "math",
              "iframe", "object", "video", "audio", "canvas", "select", "textarea"}
_WARN_TAGS = {"iframe", "object", "embed", "video", "audio", "canvas"}
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
              "source", "track", "wbr", "param"}
_BLOCK_TAGS = {"p", "div", "center", "section", "article", "header", "footer", "main", "nav",
               "aside", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
               "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "blockquote", "pre",
               "hr", "details", "summary", "address", "fieldset", "form", "picture"}
_BOLD_TAGS = {"b", "strong"}
_ITALIC_TAGS = {"i", "em", "cite", "var", "dfn"}
_CODE_TAGS = {"code", "kbd", "samp", "tt"}
_STRIKE_TAGS = {"s", "del", "strike"}


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"linkify": False, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    # Keep link and image targets as the author wrote them (markdown-it would percent-encode
    # `이미지.png`); `validateLink` still refuses `javascript:` and similar.
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    md.core.ruler.before("inline", "oversized_inline", _mark_oversized)
    container_plugin(md, "notes")
    for name in _CONTAINER_CALLOUTS:
        container_plugin(md, name)
    first_rule = md.block.ruler.get_all_rules()[0]
    md.block.ruler.before(first_rule, _NESTING_CUT, _cut_deep_blocks)
    return md


_NESTING_CUT = "nesting_cut"
# Lists and quotes open two levels (list + item) or one; cut two levels before markdown-it's
# own limit, which would otherwise skip everything up to the end of the document.
_CUT_LEVEL = MAX_NESTING - 2


def _cut_deep_blocks(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Past the nesting limit, skip only this container's lines (not the rest of the note).

    markdown-it at `maxNesting` sets the line to the end of its range, and for a list that
    range is the rest of the document; this rule runs first and consumes lines up to the next
    blank line instead, so the container closes where its indentation ends.
    """
    if silent or state.level < _CUT_LEVEL:
        return False
    line = start + 1
    while line < end and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent:
        line += 1
    token = state.push(_NESTING_CUT, "", 0)
    token.map = [start, line]
    state.line = line
    return True


def _as_written(url: str) -> str:
    return url.strip()


def _mark_oversized(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and len(token.content) > MAX_INLINE_CHARS:
            token.type = _OVERSIZED


_MD = _markdown()


def parse_document(source: Source, diagnostics: Diagnostics) -> Document:
    """Parse `source.text` into a `Document`; bad Markdown/HTML never raises, it warns."""
    tokens = _MD.parse(source.text)
    builder = _TreeBuilder(source.body_line, diagnostics)
    builder.run(tokens)
    return Document(
        path=source.path, meta=meta_from_front_matter(source.front_matter), blocks=builder.root
    )


# --- inline content ---------------------------------------------------------------------------

_Fmt = tuple[bool, bool, bool, bool, str | None]  # bold, italic, code, strike, link
_BREAK: _Fmt = (False, False, False, False, "\n")  # marker format of a hard line break


class _Inline:
    """Collects inline text into spans; images, block-level HTML and notes cut it into blocks.

    In `single` mode (headings, table cells) everything stays in one run of spans and
    pictures/notes are collected in `blocks` to be placed after the owner.
    """

    def __init__(self, tree: _TreeBuilder, line: int, single: bool = False) -> None:
        self.tree = tree
        self.line = line
        self.single = single
        self.blocks: list[Block] = []
        self.notes: list[SpeakerNotes] = []
        self.pieces: list[tuple[_Fmt, list[str]]] = []
        self.start_line: int | None = None
        self.bold = self.italic = self.code = self.strike = 0
        self.links: list[str | None] = []
        self.skip: list[str] = []
        self.html = _HtmlFeed(self)

    # text
    def text(self, text: str, code: bool = False) -> None:
        if self.skip or not text:
            return
        if not code and "![[" in text:
            pos = 0
            for match in _OBSIDIAN.finditer(text):
                self._loose_images(text[pos : match.start()])
                alt = (match.group(2) or "").strip()
                self.image(match.group(1).strip(), "" if alt.isdigit() else alt, "")
                pos = match.end()
            text = text[pos:]
        if code:
            self._add(text, code)
        else:
            self._loose_images(text)

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
        if self.start_line is None and text.strip():
            self.start_line = self.line
        link = self.links[-1] if self.links else None
        fmt = (self.bold > 0, self.italic > 0, code or self.code > 0, self.strike > 0, link)
        if self.pieces and self.pieces[-1][0] == fmt:
            self.pieces[-1][1].append(text)
        else:
            self.pieces.append((fmt, [text]))

    def hard_break(self) -> None:
        if not self.skip:
            self.pieces.append((_BREAK, ["\n"]))

    def image(self, src: str, alt: str, title: str) -> None:
        if self.skip:
            return
        if not src:
            self.tree.warn(self.line, "image without a source dropped: add src=\"...\"")
            return
        self.split()
        self.blocks.append(Image(src=src, alt=alt.strip(), line=self.line, title=title.strip()))

    def comment(self, data: str) -> None:
        match = _NOTES_COMMENT.match(data)
        if match:
            text = _clean_note_text(match.group(1))
            if text:
                self.notes.append(SpeakerNotes(text=text, line=self.line))

    def split(self) -> None:
        """A block boundary (image, `<p>`, `<div>`...): close the paragraph collected so far."""
        if self.single:
            self._add(" ", False)
        else:
            self.flush()

    def flush(self) -> None:
        spans = self.spans()
        if spans:
            line = self.start_line or self.line
            total = sum(len(span.text) for span in spans)
            limit = OVERSIZED_CHUNK_CHARS if total > MAX_INLINE_CHARS else MAX_PARAGRAPH_CHARS
            chunks = _chunks(spans, limit)
            if len(chunks) > 1 and total <= MAX_INLINE_CHARS:  # longer ones were warned about
                self.tree.warn(line, f"paragraph of {total:,} characters cut into {len(chunks)} "
                               "paragraphs: split it into shorter paragraphs")
            self.blocks.extend(Paragraph(spans=chunk, line=line) for chunk in chunks)
        self.pieces = []
        self.start_line = None

    def spans(self) -> list[Span]:
        """The collected pieces as trimmed spans; [] when there is nothing but whitespace."""
        spans: list[Span] = []
        for fmt, parts in self.pieces:
            if fmt is _BREAK:
                spans.append(Span("\n"))
                continue
            text = "".join(parts)
            if not fmt[2]:
                text = _WHITESPACE.sub(" ", text)
            bold, italic, code, strike, link = fmt
            spans.append(Span(text, bold=bold, italic=italic, code=code, strike=strike, link=link))
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
            self.tree.warn(
                self.line,
                f"embedded <{tag}> dropped (slides cannot show it): add a screenshot image "
                "or a link instead",
            )
        if tag in _SKIP_TAGS:
            self.skip.append(tag)
        elif tag == "img":
            src = (attrs.get("src") or attrs.get("data-src") or "").strip()
            self.image(src, attrs.get("alt") or "", attrs.get("title") or "")
        elif tag == "br":
            self.hard_break()
        elif tag == "a":
            self.links.append((attrs.get("href") or "").strip() or None)
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


def _clean_note_text(text: str) -> str:
    lines = [line.strip() for line in text.strip().split("\n")]
    return "\n".join(lines).strip()


class _HtmlFeed(HTMLParser):
    """Forwards HTML events to an `_Inline`; with `base_line` set it also tracks lines."""

    def __init__(self, sink: _Inline) -> None:
        super().__init__(convert_charrefs=True)
        self.sink = sink
        self.base_line: int | None = None

    def feed(self, data: str) -> None:
        """Feed HTML; in long input a `<` that opens no tag is escaped first (HTMLParser
        rescans such text, which is quadratic)."""
        if len(data) > 10_000:
            data = _STRAY_LT.sub("&lt;", data)
        super().feed(data)

    def _at(self) -> None:
        if self.base_line is not None:
            self.sink.line = self.base_line + self.getpos()[0] - 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._at()
        self.sink.start_tag(tag, dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._at()
        self.sink.start_tag(tag, dict(attrs))
        if tag not in _VOID_TAGS:
            self.sink.end_tag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._at()
        self.sink.end_tag(tag)

    def handle_data(self, data: str) -> None:
        self._at()
        self.sink.text(data)

    def handle_comment(self, data: str) -> None:
        self._at()
        self.sink.comment(data)


# --- block tree -------------------------------------------------------------------------------


@dataclass
class _Frame:
    """An open container: where its child blocks go, and what to do when it closes."""

    kind: Literal["root", "list", "item", "callout", "notes"]
    blocks: list  # type: ignore[type-arg]  # list[Block] or list[ListItem]
    node: object = None
    parent: list = field(default_factory=list)  # type: ignore[type-arg]


_CLOSERS = {"bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close"}


class _TreeBuilder:
    def __init__(self, offset: int, diagnostics: Diagnostics) -> None:
        self.offset = offset
        self.diagnostics = diagnostics
        self.root: list[Block] = []
        self.stack: list[_Frame] = [_Frame("root", self.root)]
        self.last_line = offset

    def warn(self, line: int | None, message: str) -> None:
        self.diagnostics.warn(line, message)

    def _line(self, token: Token) -> int:
        if token.map:
            self.last_line = token.map[0] + self.offset
        return self.last_line

    def run(self, tokens: list[Token]) -> None:
        deepest = next((t for t in tokens if t.type == _NESTING_CUT), None)
        if deepest is not None:
            self.warn(
                self._line(deepest),
                f"lists/quotes nested deeper than {MAX_NESTING // 2} levels: the deeper part "
                "is left out; flatten the nesting",
            )
        i = 0
        while i < len(tokens):
            i = self._step(tokens, i)

    def _step(self, tokens: list[Token], i: int) -> int:
        token = tokens[i]
        kind = token.type
        line = self._line(token)
        frame = self.stack[-1]
        if kind == "heading_open":
            inline = _Inline(self, line, single=True)
            self._feed(inline, _inline_at(tokens, i + 1))
            title, *rest = _chunks(inline.spans(), MAX_HEADING_CHARS) or [[]]
            frame.blocks.append(Heading(level=int(token.tag[1:]), spans=title, line=line))
            if rest:
                self.warn(line, f"heading longer than {MAX_HEADING_CHARS:,} characters: the rest "
                          "continues as a paragraph under it; shorten the heading")
                spans = [replace(s, text=(" " if i and not j else "") + s.text)
                         for i, chunk in enumerate(rest) for j, s in enumerate(chunk)]
                frame.blocks.extend(Paragraph(spans=chunk, line=line)
                                    for chunk in _chunks(spans, MAX_PARAGRAPH_CHARS))
            frame.blocks.extend(inline.finish())
            return i + 3
        if kind == "paragraph_open":
            inline = _Inline(self, line)
            self._feed(inline, _inline_at(tokens, i + 1))
            self._add_blocks(frame, inline.finish())
            return i + 3
        if kind == "html_block":
            self._add_blocks(frame, self._html_block(token.content, line))
        elif kind in ("fence", "code_block"):
            language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
            text = token.content[:-1] if token.content.endswith("\n") else token.content
            if len(text) > MAX_CODE_LINE_CHARS and any(
                len(code_line) > MAX_CODE_LINE_CHARS for code_line in text.split("\n")
            ):
                text = "\n".join(code_line[:MAX_CODE_LINE_CHARS] for code_line in text.split("\n"))
                self.warn(line, f"code lines longer than {MAX_CODE_LINE_CHARS:,} characters were "
                          "cut: wrap them")
            frame.blocks.append(Code(text=text, language=language, line=line))
        elif kind == "hr":
            frame.blocks.append(SlideBreak(line=line))
        elif kind == "table_open":
            return self._table(tokens, i, line)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            node = ListBlock(
                ordered=kind == "ordered_list_open", items=[], line=line,
                start=int(start) if isinstance(start, (int, str)) and str(start).isdigit() else 1,
            )
            self._push(_Frame("list", node.items, node), node)
        elif kind == "list_item_open":
            item = ListItem(blocks=[], line=line)
            self._push(_Frame("item", item.blocks, item), item)
        elif kind == "blockquote_open":
            callout_kind, title = self._alert(tokens, i)
            callout = Callout(kind=callout_kind, blocks=[], line=line, title=title)
            self._push(_Frame("callout", callout.blocks, callout), callout)
        elif kind.startswith("container_") and kind.endswith("_open"):
            name = kind[len("container_") : -len("_open")]
            if name == "notes":
                notes = SpeakerNotes(text="", line=line)
                self._push(_Frame("notes", [], notes), notes)
            else:
                callout = Callout(kind=_CONTAINER_CALLOUTS[name], blocks=[], line=line)
                self._push(_Frame("callout", callout.blocks, callout), callout)
        elif kind in _CLOSERS or (kind.startswith("container_") and kind.endswith("_close")):
            self._pop()
        return i + 1

    def _push(self, frame: _Frame, node: object) -> None:
        frame.parent = self.stack[-1].blocks
        frame.parent.append(node)
        self.stack.append(frame)

    def _pop(self) -> None:
        if len(self.stack) == 1:
            return
        frame = self.stack.pop()
        parent = frame.parent
        if frame.kind == "notes":
            assert isinstance(frame.node, SpeakerNotes)
            frame.node.text = _flatten(frame.blocks)
            if not frame.node.text and parent and parent[-1] is frame.node:
                parent.pop()
        elif frame.kind == "callout" and not frame.blocks and parent and parent[-1] is frame.node:
            parent.pop()

    def _feed(self, sink: _Inline, inline: Token | None) -> None:
        """Walk one inline token's children into `sink`."""
        if inline is None:
            return
        if inline.type == _OVERSIZED:
            self.warn(
                sink.line,
                f"paragraph of {len(inline.content):,} characters: Markdown formatting in it is "
                "ignored; split it into shorter paragraphs",
            )
            sink.html.feed(inline.content)
            sink.html.close()
            return
        for child in inline.children or []:
            kind = child.type
            if kind in ("text", "text_special"):
                sink.text(child.content)
            elif kind == "softbreak":
                sink.text(" ")
                sink.line += 1
            elif kind == "hardbreak":
                sink.hard_break()
                sink.line += 1
            elif kind == "code_inline":
                sink.text(child.content, code=True)
            elif kind in ("strong_open", "strong_close"):
                sink.bold = max(0, sink.bold + (1 if kind.endswith("open") else -1))
            elif kind in ("em_open", "em_close"):
                sink.italic = max(0, sink.italic + (1 if kind.endswith("open") else -1))
            elif kind in ("s_open", "s_close"):
                sink.strike = max(0, sink.strike + (1 if kind.endswith("open") else -1))
            elif kind == "link_open":
                sink.links.append(str(child.attrGet("href") or "") or None)
            elif kind == "link_close":
                if sink.links:
                    sink.links.pop()
            elif kind == "image":
                alt = "".join(c.content for c in child.children or [] if c.type != "softbreak")
                sink.image(str(child.attrGet("src") or ""), alt, str(child.attrGet("title") or ""))
            elif kind == "html_inline":
                sink.html.feed(child.content)
                sink.line += child.content.count("\n")

    def _html_block(self, html: str, line: int) -> list[Block]:
        sink = _Inline(self, line)
        feed = sink.html
        feed.base_line = line
        feed.feed(html)
        rest = feed.rawdata.strip()
        if rest.startswith("<"):
            where = line + html[: len(html) - len(feed.rawdata)].count("\n")
            shown = rest if len(rest) <= 40 else rest[:37] + "..."
            if rest[1:4].lower() == "img":
                quotes = ('"' if rest.count('"') % 2 else "") + ("'" if rest.count("'") % 2 else "")
                feed.feed(quotes + ">")
                self.warn(where, f"unfinished HTML tag {shown!r} read as if closed: add '>'")
            else:
                feed.rawdata = ""
                self.warn(where, f"unfinished HTML tag {shown!r} dropped: close it with '>'")
        feed.close()
        return sink.finish()

    def _add_blocks(self, frame: _Frame, blocks: list[Block]) -> None:
        """Append paragraph pieces, turning `※`/`Note:` paragraphs into callouts."""
        in_callout = any(f.kind in ("callout", "notes") for f in self.stack)
        for block in blocks:
            first_of_item = frame.kind == "item" and not frame.blocks
            if isinstance(block, Paragraph) and not in_callout and not first_of_item:
                frame.blocks.append(_as_callout(block))
            else:
                frame.blocks.append(block)

    def _alert(self, tokens: list[Token], i: int) -> tuple[CalloutKind, str]:
        """Recognise `> [!NOTE]` (and Obsidian's `> [!tip] Title`); strip the marker line."""
        if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open":
            return "quote", ""
        inline = tokens[i + 2]
        children = inline.children or []
        if not children or children[0].type != "text":
            return "quote", ""
        match = _ALERT.fullmatch(children[0].content)
        if not match or match.group(1).lower() not in _ALERT_KINDS:
            return "quote", ""
        if len(children) > 1 and children[1].type not in ("softbreak", "hardbreak"):
            return "quote", ""
        children[0].content = ""
        return _ALERT_KINDS[match.group(1).lower()], match.group(2).strip()

    def _table(self, tokens: list[Token], i: int, line: int) -> int:
        header: list[list[Span]] = []
        rows: list[list[list[Span]]] = []
        align: list[Literal["left", "center", "right"] | None] = []
        extra: list[Block] = []
        row: list[list[Span]] = []
        in_head = False
        j = i + 1
        while j < len(tokens) and tokens[j].type != "table_close":
            token = tokens[j]
            kind = token.type
            if kind == "thead_open":
                in_head = True
            elif kind == "tbody_open":
                in_head = False
            elif kind == "tr_open":
                row = []
            elif kind == "th_open" and in_head:
                style = str(token.attrGet("style") or "")
                found = re.search(r"text-align:\s*(left|center|right)", style)
                align.append(found.group(1) if found else None)  # type: ignore[arg-type]
            elif kind == "inline":
                cell = _Inline(self, self._line(token), single=True)
                self._feed(cell, token)
                row.append(cell.spans())
                extra.extend(cell.finish())
            elif kind == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(row)
            j += 1
        self.stack[-1].blocks.append(Table(header=header, rows=rows, line=line, align=align))
        self.stack[-1].blocks.extend(extra)
        return j + 1


def _inline_at(tokens: list[Token], i: int) -> Token | None:
    if i < len(tokens) and tokens[i].type in ("inline", _OVERSIZED):
        return tokens[i]
    return None


def _as_callout(paragraph: Paragraph) -> Paragraph | Callout:
    text = "".join(span.text for span in paragraph.spans)
    if text.startswith("※"):
        kind: CalloutKind = "note"
        title = ""
        cut = len(text) - len(text[1:].lstrip())
    else:
        match = _LABEL.match(text)
        if not match:
            return paragraph
        kind = _LABELS[match.group(1).lower()]
        title = match.group(1)
        cut = match.end()
    spans = _drop_chars(paragraph.spans, cut)
    body: list[Block] = [Paragraph(spans=spans, line=paragraph.line)] if spans else []
    return Callout(kind=kind, blocks=body, line=paragraph.line, title=title)


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


def _drop_chars(spans: list[Span], count: int) -> list[Span]:
    """Spans without their first `count` characters (a callout's label)."""
    out: list[Span] = []
    for span in spans:
        if count >= len(span.text):
            count -= len(span.text)
            continue
        text = span.text[count:]
        count = 0
        if not out:
            text = text.lstrip()
            if not text:
                continue
        out.append(Span(text, span.bold, span.italic, span.code, span.strike, span.link))
    return out


def _flatten(blocks: list[Block]) -> str:
    """Speaker-notes text of blocks: formatting dropped, list items as "- " lines."""
    lines: list[str] = []
    work: list[tuple[object, str]] = [(block, "") for block in reversed(blocks)]
    while work:
        block, indent = work.pop()
        if isinstance(block, (Paragraph, Heading)):
            text = "".join(span.text for span in block.spans)
            lines.extend(indent + part.strip() for part in text.split("\n"))
        elif isinstance(block, Code):
            lines.extend(indent + part for part in block.text.split("\n"))
        elif isinstance(block, SpeakerNotes):
            lines.append(indent + block.text)
        elif isinstance(block, Callout):
            work.extend((child, indent) for child in reversed(block.blocks))
        elif isinstance(block, ListBlock):
            for number, item in reversed(list(enumerate(block.items, start=block.start))):
                marker = f"{number}. " if block.ordered else "- "
                work.append((("item", marker, item), indent))
        elif isinstance(block, tuple):
            _, marker, item = block
            assert isinstance(item, ListItem)
            children = list(item.blocks)
            head = ""
            if children and isinstance(children[0], Paragraph):
                head = "".join(span.text for span in children.pop(0).spans).replace("\n", " ")
            lines.append(indent + marker + head.strip())
            work.extend((child, indent + "  ") for child in reversed(children))
        elif isinstance(block, Table):
            for row in [block.header, *block.rows]:
                cells = ("".join(span.text for span in cell) for cell in row)
                lines.append(indent + " | ".join(cells))
    return "\n".join(line.rstrip() for line in lines).strip("\n")
