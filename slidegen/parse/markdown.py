"""The markdown-it parser: CommonMark plus tables, strikethrough, TeX math, pandoc fenced
divs and pauses, and custom rules: CJK-friendly emphasis, kramdown's reading of HTML tag
lines and of tables without a delimiter row, pandoc's simple, multiline and grid tables and line
blocks, HTML headings, and rules that cut over-deep
nesting and set aside oversized paragraphs."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore

from slidegen.parse.attrs import attributes_plugin
from slidegen.parse.caption_rows import caption_rows_plugin
from slidegen.parse.citations import citation_plugin
from slidegen.parse.cjk_emphasis import cjk_friendly_plugin
from slidegen.parse.crossrefs import crossref_plugin
from slidegen.parse.directives import directive_plugin
from slidegen.parse.divs import div_plugin
from slidegen.parse.example_lists import example_list_plugin
from slidegen.parse.extras import extras_plugin
from slidegen.parse.gitbook import gitbook_plugin
from slidegen.parse.grid_table import grid_table_plugin
from slidegen.parse.html_headings import html_headings_plugin
from slidegen.parse.html_lines import html_lines_plugin
from slidegen.parse.image_size import image_size_plugin
from slidegen.parse.includes import includes_plugin
from slidegen.parse.inserted import inserted_plugin
from slidegen.parse.kramdown_extensions import kramdown_extensions_plugin
from slidegen.parse.kramdown_table import kramdown_table_plugin
from slidegen.parse.limits import MAX_INLINE_CHARS, MAX_NESTING
from slidegen.parse.line_block import line_block_plugin
from slidegen.parse.math import math_plugin
from slidegen.parse.mdx import mdx_plugin
from slidegen.parse.mkdocs import mkdocs_plugin
from slidegen.parse.multiline_table import multiline_table_plugin
from slidegen.parse.myst import myst_plugin
from slidegen.parse.obsidian import obsidian_plugin
from slidegen.parse.pause import pause_plugin
from slidegen.parse.pymdown_blocks import pymdown_blocks_plugin
from slidegen.parse.quote_tags import quote_tags_plugin
from slidegen.parse.reveal_fragments import reveal_fragments_plugin
from slidegen.parse.reveal_notes import reveal_notes_plugin
from slidegen.parse.shortcodes import shortcodes_plugin
from slidegen.parse.simple_table import simple_table_plugin
from slidegen.parse.toc_marker import toc_marker_plugin

_OVERSIZED = "inline_oversized"


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"linkify": False, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    # Keep link and image targets as the author wrote them (markdown-it would percent-encode
    # `이미지.png`). Every target is parsed, so that `[text](javascript:…)` is a link, not
    # its syntax on a slide: policy.links decides which stay clickable (with a warning).
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    md.validateLink = _any_link  # type: ignore[method-assign]
    md.core.ruler.before("inline", "oversized_inline", _mark_oversized)
    math_plugin(md)
    kramdown_extensions_plugin(md)
    crossref_plugin(md)
    citation_plugin(md)
    mkdocs_plugin(md)
    pymdown_blocks_plugin(md)
    attributes_plugin(md)
    caption_rows_plugin(md)  # after "block", before the attributes read from paragraphs
    shortcodes_plugin(md)
    gitbook_plugin(md)
    div_plugin(md)
    myst_plugin(md)  # before the divs: `:::{note}` is a directive
    includes_plugin(md)  # before the directives: `<!--@include: …-->` is no comment
    directive_plugin(md)
    pause_plugin(md)
    md.use(cjk_friendly_plugin).use(html_lines_plugin).use(kramdown_table_plugin)
    md.use(simple_table_plugin).use(multiline_table_plugin).use(grid_table_plugin)
    md.use(line_block_plugin).use(example_list_plugin)
    md.use(reveal_notes_plugin).use(reveal_fragments_plugin)
    md.use(image_size_plugin).use(inserted_plugin).use(quote_tags_plugin).use(toc_marker_plugin)
    md.use(html_headings_plugin).use(mdx_plugin)
    obsidian_plugin(md)
    extras_plugin(md)
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


def _any_link(url: str) -> bool:
    return True


def _as_written(url: str) -> str:
    return url.strip()


def _mark_oversized(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and len(token.content) > MAX_INLINE_CHARS:
            token.type = _OVERSIZED


_MD = _markdown()
