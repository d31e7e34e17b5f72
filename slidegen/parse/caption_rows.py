"""pandoc's `Table: caption` (or `: caption`) right under a pipe table, with no blank line
between: GitHub's table rule reads a line without pipes as one more row, so the caption came
out as the table's last row. Those rows become the paragraph after the table again, which
the tree reads as the table's caption (with its number, when it has an id)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["caption_rows_plugin"]

_QUOTED = re.compile(r"^(?:[ \t]*>)*")  # a quote's markers before a line's text
_CAPTION = re.compile(r"[ \t]*(?:[Tt]able:|:)[ \t]+\S")


def caption_rows_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "table_caption_rows", _caption_rows)


def _caption_rows(state: StateCore) -> None:
    tokens = state.tokens
    if not any(token.type == "table_close" for token in tokens):
        return
    lines = state.src.split("\n")
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.type == "table_close":
            _lift_caption(out, lines)
    state.tokens = out


def _lift_caption(tokens: list[Token], lines: list[str]) -> None:
    """Move the table's trailing pipe-less body rows, from a caption line on, after it."""
    body = next(n for n in range(len(tokens) - 1, -1, -1)
                if tokens[n].type in ("tbody_open", "table_open"))
    if tokens[body].type != "tbody_open" or tokens[-2].type != "tbody_close":
        return
    trailing: list[int] = []
    for n in range(len(tokens) - 3, body, -1):
        token = tokens[n]
        if token.type != "tr_open":
            continue
        if not token.map or token.map[0] >= len(lines) or "|" in lines[token.map[0]]:
            break
        trailing.insert(0, n)
    first = next((n for n in trailing if _CAPTION.match(_text(lines[_line(tokens[n])]))), None)
    if first is None:
        return
    start, stop = _line(tokens[first]), _line(tokens[trailing[-1]]) + 1
    del tokens[first:-2]
    if tokens[-3].type == "tbody_open":  # no row left in the body
        del tokens[-3:-1]
    level = tokens[-1].level
    text = "\n".join(_text(line) for line in lines[start:stop]).strip()
    tokens.extend([
        Token("paragraph_open", "p", 1, map=[start, stop], level=level, block=True),
        Token("inline", "", 0, map=[start, stop], level=level + 1, block=True, content=text,
              children=[]),
        Token("paragraph_close", "p", -1, level=level, block=True)])


def _text(line: str) -> str:
    return line[_QUOTED.match(line).end():]  # type: ignore[union-attr]


def _line(token: Token) -> int:
    return token.map[0] if token.map else 0
