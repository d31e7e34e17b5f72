"""A table-of-contents marker on a line of its own: HackMD's and Python-Markdown's `[TOC]`,
VuePress' and VitePress' `[[toc]]`, GitLab's `[[_TOC_]]`. The site fills it in with the
page's headings; a deck has its own agenda, so the marker shows nothing (it showed as text,
or as a slide whose only word was "toc")."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

__all__ = ["toc_marker_plugin"]

_MARKER = lazy_compile(r"\[TOC\]|\[\[_?toc_?\]\]", re.I)


def toc_marker_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("paragraph", "toc_marker", _toc_marker)


def _toc_marker(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    first = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4 or state.src[first:first + 1] != "[":
        return False
    if not _MARKER.fullmatch(line_text(state, start).rstrip()):
        return False
    if not silent:
        state.line = start + 1
    return True
