"""The block tree: a loop over markdown-it's flat block tokens with an explicit stack of open
containers (never recursion, so deeply nested input cannot overflow Python's stack)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field, replace
from typing import Literal

from markdown_it.token import Token

from slidegen.diagnostics import Diagnostics
from slidegen.document import (
    Attributes,
    Block,
    Callout,
    Div,
    Footnote,
    Heading,
    Image,
    ListBlock,
    ListItem,
    MathBlock,
    Paragraph,
    Pause,
    SlideBreak,
    SlideOption,
    SpeakerNotes,
    Table,
)
from slidegen.math import without_definitions
from slidegen.math.tex import Macros
from slidegen.parse import callouts
from slidegen.parse import tree_rules as rules
from slidegen.parse.attrs import token_attributes
from slidegen.parse.callouts import _CONTAINER_CALLOUTS, _alert, _as_callout
from slidegen.parse.code_blocks import code_block
from slidegen.parse.html_document import html_as_markdown, marks_as_tags
from slidegen.parse.inline import _chunks, _Inline
from slidegen.parse.inline_feed import feed as _feed
from slidegen.parse.limits import MAX_HEADING_CHARS, MAX_NESTING, MAX_PARAGRAPH_CHARS
from slidegen.parse.markdown import _NESTING_CUT
from slidegen.parse.math import MATH_BLOCKS, check_formula
from slidegen.parse.notes import _flatten
from slidegen.parse.shortcodes import Shortcode, shortcode_blocks, shortcode_opening
from slidegen.parse.tables import paragraph_text, read_table, table_caption
from slidegen.records import record


@record
class _Frame:
    """An open container: where its child blocks go, and what to do when it closes."""

    kind: Literal["root", "list", "item", "callout", "notes", "div", "unwrap", "footnote"]
    blocks: list  # type: ignore[type-arg]  # list[Block] or list[ListItem]
    node: object = None
    parent: list = field(default_factory=list)  # type: ignore[type-arg]
    html: str = ""  # the HTML element that opened it (`<div class="notice--info">`)


_CLOSERS = {"bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close",
            "div_close"}


class _TreeBuilder:
    def __init__(self, offset: int, diagnostics: Diagnostics,
                 macros: Macros | None = None, crossrefs: dict[str, str] | None = None,
                 reparse: Callable[[str], list[Token]] | None = None) -> None:
        self.offset = offset
        self.reparse = reparse  # Markdown to tokens, for HTML that stands for Markdown
        self.diagnostics = diagnostics
        self.macros = macros or {}
        self.crossrefs = crossrefs or {}  # labels of the note's numbered targets, by id
        self.root: list[Block] = []
        self.footnotes: list[Footnote] = []
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
            self._heading(token, rules.inline_at(tokens, i + 1), line)
            return i + 3
        if kind == "paragraph_open":
            self._paragraph(token, rules.inline_at(tokens, i + 1), line)
            return i + 3
        if kind == "html_block" and not self._html_callout(token.content, line):
            self._html(token.content, line, frame)
        elif kind in ("fence", "code_block"):
            frame.blocks.append(code_block(token, line, self.warn))
        elif kind in MATH_BLOCKS:
            tex = token.content.strip()
            if without_definitions(tex):  # definitions alone show nothing, as in MathJax
                check_formula(tex, True, line, self.macros, self.warn)
                frame.blocks.append(MathBlock(tex=tex, line=line))
        elif kind == "hr":
            frame.blocks.append(SlideBreak(line=line))
        elif kind == "table_open":
            return self._table(tokens, i, line)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            node = ListBlock(
                ordered=kind == "ordered_list_open", items=[], line=line,
                start=int(start) if isinstance(start, int | str) and str(start).isdigit() else 1,
            )
            self._push(_Frame("list", node.items, node), node)
            rules.callout_around_list(self.stack[-1], token, line)  # `{: .notice}` under the list
        elif kind == "list_item_open":
            item = ListItem(blocks=[], line=line)
            self._push(_Frame("item", item.blocks, item), item)
        elif kind == "blockquote_open":
            self._blockquote(tokens, i, line)
        elif kind == "div_open":
            self._open_div(token.meta, line)
        elif kind == "pause":
            frame.blocks.append(Pause(line=line))
        elif kind == "directive":
            self._directive(str(token.meta["name"]), str(token.meta["value"]), line)
        elif kind == "footnote_open":
            self._footnote(token, line)
        elif kind == "footnote_close":
            self._pop()
        elif kind == "dt_open":  # a definition list's term: a bold lead line
            self._term(rules.inline_at(tokens, i + 1), line)
            return i + 3
        elif kind == "obsidian_comment" and token.meta.get("unclosed"):
            self.warn(line, "'%%' comment is never closed: the rest of the note is hidden, as "
                      "Obsidian hides it; close it with '%%'")
        elif kind == "shortcode":
            self._add_blocks(frame, shortcode_blocks(token.meta["shortcode"], line, self.warn))
        elif kind == "shortcode_open":
            self._open_shortcode(token.meta["shortcode"], line)
        elif kind in _CLOSERS or kind == "shortcode_close":
            self._pop()
        return i + 1

    def _html(self, html: str, line: int, frame: _Frame) -> None:
        """HTML standing for Markdown (a list, a table) is read as it, one level deep only."""
        markdown = html_as_markdown(html) if self.reparse else None
        if markdown is None or self.reparse is None:
            self._add_blocks(frame, self._html_block(html, line))
            return
        reparse, self.reparse = self.reparse, None
        self.run([replace(t, map=None) for t in reparse(markdown)])
        self.reparse = reparse

    def _heading(self, token: Token, inline_token: Token | None, line: int) -> None:
        open_at = self._comment_columns()
        while open_at is not None and len(self.stack) > open_at:  # a heading ends them
            self._pop()
        frame = self.stack[-1]
        inline = _Inline(self.warn, line, single=True, macros=self.macros)
        _feed(inline, inline_token)
        title, *rest = _chunks(inline.spans(), MAX_HEADING_CHARS) or [[]]
        attrs = token_attributes(token) or Attributes()
        frame.blocks.append(Heading(level=int(token.tag[1:]), spans=title, line=line,
                                    attrs=attrs))
        if rest:
            self.warn(line, f"heading longer than {MAX_HEADING_CHARS:,} characters: the rest "
                      "continues as a paragraph under it; shorten the heading")
            spans = [replace(s, text=(" " if i and not j else "") + s.text)
                     for i, chunk in enumerate(rest) for j, s in enumerate(chunk)]
            frame.blocks.extend(Paragraph(spans=chunk, line=line)
                                for chunk in _chunks(spans, MAX_PARAGRAPH_CHARS))
        frame.blocks.extend(inline.finish())

    def _paragraph(self, token: Token, inline_token: Token | None, line: int) -> None:
        frame = self.stack[-1]
        if (formula := rules.lone_formula(inline_token)) is not None:
            if without_definitions(formula):  # definitions alone show nothing
                check_formula(formula, True, line, self.macros, self.warn)
                frame.blocks.append(MathBlock(tex=formula, line=line))
            return
        inline = _Inline(self.warn, line, macros=self.macros)
        _feed(inline, inline_token)
        blocks = inline.finish()
        attrs = token_attributes(token)
        if attrs:
            blocks = rules.with_attributes(blocks, attrs, line)
        self._add_blocks(frame, blocks)

    def _term(self, inline_token: Token | None, line: int) -> None:
        inline = _Inline(self.warn, line)
        _feed(inline, inline_token)
        for block in inline.finish():
            if isinstance(block, Paragraph):
                block.spans = [replace(span, bold=True) for span in block.spans]
            self.stack[-1].blocks.append(block)

    def _blockquote(self, tokens: list[Token], i: int, line: int) -> None:
        callout_kind, title = _alert(tokens, i)
        attrs = token_attributes(tokens[i])
        themed = callouts.callout_kind_of(attrs.classes) if attrs else None
        callout_kind = themed or callout_kind
        callout = Callout(kind=callout_kind, blocks=[], line=line, title=title)
        self._push(_Frame("callout", callout.blocks, callout), callout)

    def _footnote(self, token: Token, line: int) -> None:
        note = Footnote(label=str(token.meta.get("label") or token.meta.get("id", 0) + 1),
                        number=int(token.meta.get("id", 0)) + 1, spans=[], line=line)
        self.footnotes.append(note)
        self.stack.append(_Frame("footnote", [], note))

    def _open_div(self, meta: dict[str, object], line: int) -> None:
        """`::: notes` is speaker notes, `::: tip` (and the other callout names and theme
        callout classes) a callout, any other div a `Div` for the planner."""
        attrs = meta.get("attrs")
        if not isinstance(attrs, Attributes):
            attrs = Attributes()
        title = str(meta.get("title", ""))
        first = attrs.classes[0].lower() if attrs.classes else ""
        kind = _CONTAINER_CALLOUTS.get(first) or callouts.callout_kind_of(attrs.classes) or (
            "note" if meta.get("callout") else None)  # an admonition of a type of its own
        if first in ("notes", "speaker-notes"):
            notes = SpeakerNotes(text="", line=line)
            self._push(_Frame("notes", [], notes), notes)
        elif kind is not None:
            callout = Callout(kind=kind, blocks=[], line=line,
                              title=title or attrs.values.get("title", ""))
            self._push(_Frame("callout", callout.blocks, callout), callout)
        else:
            div = rules.div_with_title(attrs, title, line)
            self._push(_Frame("div", div.blocks, div), div)

    def _directive(self, name: str, value: str, line: int) -> None:
        """`<!-- columns -->` opens columns and their first column, `<!-- column -->` starts
        the next, `<!-- end columns -->` closes them; layout and background are options."""
        if name in ("layout", "background"):
            self.stack[-1].blocks.append(SlideOption(name, value, line))  # type: ignore[arg-type]
            return
        open_at = self._comment_columns()
        if name != "columns" and open_at is None:
            self.warn(line, f"<!-- {name.replace('-', ' ')} --> without <!-- columns --> "
                      "before it: ignored; start the columns with <!-- columns -->")
            return
        if name != "columns" and open_at is not None:
            keep = open_at if name == "end-columns" else open_at + 1
            while len(self.stack) > keep:
                self._pop()
            if name == "end-columns":
                return
        if name == "columns":
            div = Div(Attributes(classes=["columns"], flags=["comment-columns"]), [], line)
            self._push(_Frame("div", div.blocks, div), div)
        column = Div(Attributes(classes=["column"], flags=["comment-column"]), [], line)
        self._push(_Frame("div", column.blocks, column), column)

    def _comment_columns(self) -> int | None:
        """Where in the stack the innermost `<!-- columns -->` is open, if one is."""
        return next((n for n in range(len(self.stack) - 1, 0, -1)
                     if isinstance(self.stack[n].node, Div)
                     and "comment-columns" in self.stack[n].node.attrs.flags), None)

    def _html_callout(self, html: str, line: int) -> bool:
        """`<div class="notice--info" markdown="1">` … `</div>` (Minimal Mistakes) around
        Markdown: a callout of that kind; a one-line `<div class="notice">text</div>` too."""
        text = html.strip()
        closing = callouts.html_callout_closing(text)
        if closing:
            top = self.stack[-1]
            if top.html and top.html == closing:
                if top.html == "aside" and isinstance(top.node, Callout):
                    callouts.kind_from_icon(top.node)
                self._pop()
                return True
            return False
        opened = callouts.html_callout_opening(text)
        if opened is None:
            return False
        tag, kind, end, title = opened
        callout = Callout(kind=kind, blocks=[], line=line, title=title)
        rest = text[end:]
        if not rest:
            self._push(_Frame("callout", callout.blocks, callout, html=tag), callout)
            return True
        inner = rest[: -len(f"</{tag}>")] if rest.lower().endswith(f"</{tag}>") else rest
        self._push(_Frame("callout", callout.blocks, callout, html=tag), callout)
        self._html(inner, line, self.stack[-1])  # `{{ notice | markdownify }}`: its HTML
        if tag == "aside":
            callouts.kind_from_icon(callout)
        self._pop()
        return True

    def _open_shortcode(self, code: Shortcode, line: int) -> None:
        """A callout shortcode opens a callout; any other keeps its Markdown, unwrapped."""
        opened = shortcode_opening(code, line, self.warn)
        if isinstance(opened, Callout):
            self._push(_Frame("callout", opened.blocks, opened), opened)
            return
        if opened is not None:
            self.stack[-1].blocks.append(opened)
        self.stack.append(_Frame("unwrap", self.stack[-1].blocks))

    def _push(self, frame: _Frame, node: object) -> None:
        frame.parent = self.stack[-1].blocks
        frame.parent.append(node)
        self.stack.append(frame)

    def _pop(self) -> None:
        if len(self.stack) == 1:
            return
        frame = self.stack.pop()
        parent = frame.parent
        if frame.kind == "footnote":
            assert isinstance(frame.node, Footnote)
            frame.node.spans = rules.footnote_spans(frame.blocks)
            frame.node.line = getattr(frame.blocks[0], "line", frame.node.line) if frame.blocks \
                else frame.node.line
        elif frame.kind == "notes":
            assert isinstance(frame.node, SpeakerNotes)
            frame.node.text = _flatten(frame.blocks)
            if not frame.node.text and parent and parent[-1] is frame.node:
                parent.pop()
        elif parent and parent[-1] is frame.node and (rules.not_for_slides(frame.node) or (
                frame.kind in ("callout", "div") and not frame.blocks
                and not rules.titled_callout(frame.node))):
            parent.pop()  # a callout with only its title (`> [!tip] Title`) is kept
        elif (frame.kind == "div" and parent and parent[-1] is frame.node
              and isinstance(div := frame.node, Div)
              and (floated := rules.float_content(div, self.crossrefs)
                   or rules.tab_panels(div))):
            parent[-1:] = floated  # Quarto's `::: {#tbl-x}`: the table, captioned
        elif frame.kind == "callout" and isinstance(frame.node, Callout):
            rules.heading_as_title(frame.node)

    def _html_block(self, html: str, line: int) -> list[Block]:
        sink = _Inline(self.warn, line, macros=self.macros)
        feed = sink.html
        feed.base_line = line
        feed.feed(html := marks_as_tags(html))
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
        in_callout = any(f.kind in ("callout", "notes", "footnote") for f in self.stack)
        for block in blocks:
            first_of_item = frame.kind == "item" and not frame.blocks
            last = frame.blocks[-1] if frame.blocks else None
            if isinstance(last, Image) and rules.is_caption(block, last):  # Chirpy: `_caption_`
                frame.blocks[-1] = replace(last, caption=paragraph_text(block))
            elif isinstance(last, Table) and not last.caption and (
                    caption := table_caption(block, self.crossrefs)):
                frame.blocks[-1] = replace(last, caption=caption)
            elif isinstance(block, Paragraph) and not in_callout and not first_of_item:
                frame.blocks.append(_as_callout(block))
            else:
                frame.blocks.append(block)

    def _table(self, tokens: list[Token], i: int, line: int) -> int:
        def cell(token: Token) -> _Inline:
            inline = _Inline(self.warn, self._line(token), single=True, macros=self.macros)
            _feed(inline, token)
            return inline

        table, extra, end = read_table(tokens, i, line, cell)
        if warning := (tokens[i].meta or {}).get("warning"):
            self.warn(line, warning)
        blocks = self.stack[-1].blocks
        before = table_caption(blocks[-1], self.crossrefs) if blocks else ""
        if before:  # `Table: …` written above the table
            blocks.pop()
        blocks.append(replace(table, caption=before or (tokens[i].meta or {}).get("caption", "")))
        blocks.extend(extra)
        return end

