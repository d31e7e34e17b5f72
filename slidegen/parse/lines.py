"""The one way block rules read a line of the note: its text without the indentation
markdown-it has already measured (`tShift`), as every block rule compares it."""

from __future__ import annotations

from markdown_it.rules_block import StateBlock

__all__ = ["line_text"]


def line_text(state: StateBlock, number: int) -> str:
    return state.src[state.bMarks[number] + state.tShift[number] : state.eMarks[number]]
