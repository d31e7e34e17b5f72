"""pandoc's table captions where other rules took them. `Table: caption` (or `: caption`)
right under a pipe table, with no blank line between: GitHub's table rule reads a line
without pipes as one more row, so the caption came out as the table's last row; and
`: caption` over a table, under a paragraph: the definition-list rule made a term and its
definition of them. Both become paragraphs again, which the tree reads as the table's
caption (with its number, when it has an id)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from slidegen.regex import lazy_compile

__all__ = ["caption_rows_plugin"]

_QUOTED = lazy_compile(r"^(?:[ \t]*>)*")  # a quote's markers before a line's text
_CAPTION = lazy_compile(r"[ \t]*(?:[Tt]able:|:)[ \t]+\S")


def caption_rows_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "table_caption_rows", _caption_rows)
    md.core.ruler.after("table_caption_rows", "table_caption_terms", _caption_terms)


_TERM = ["dl_open", "dt_open", "inline", "dt_close", "dd_open", "paragraph_open", "inline",
         "paragraph_close"]


def _caption_terms(state: StateCore) -> None:
    """`: caption` under a paragraph (or under another table's caption) and over a table:
    the definition-list rule reads the two as a term and its definition (taking in an
    indented table too), pandoc as a paragraph and the table's caption. A one-term list
    right above a table, or holding just its definition and a table, becomes the two
    paragraphs again (the second with its `:`), which the tree reads as captions."""
    tokens = state.tokens
    for n in range(len(tokens) - len(_TERM) - 2, -1, -1):
        found = tokens[n:n + len(_TERM)]
        if [t.type for t in found] != _TERM or not found[0].map or not found[4].map:
            continue
        after = n + len(_TERM)
        if tokens[after].type == "table_open":  # the table inside the definition
            close = next(k for k in range(after, len(tokens)) if tokens[k].type == "table_close")
            inner = tokens[after:close + 1]
        else:
            close, inner = after - 1, []
        ends = [t.type for t in tokens[close + 1:close + 4]]
        over_table = ends == ["dd_close", "dl_close", "table_open"]
        holds_table = bool(inner) and ends[:2] in (["dd_close", "dl_close"],
                                                   ["dd_close", "dt_open"])
        if not (over_table or holds_table):
            continue
        level, term_at = found[0].level, found[0].map[0]
        for token in inner:
            token.level -= 2
        ended = ends[1] == "dl_close"
        rest = [] if ended else [found[0]]  # more terms under the table: the list goes on
        tokens[n:close + (3 if ended else 2)] = [
            *_paragraph(found[2].content, [term_at, term_at + 1], level),
            *_paragraph(": " + found[6].content, found[4].map, level), *inner, *rest]


def _paragraph(text: str, where: list[int], level: int) -> list[Token]:
    return [Token("paragraph_open", "p", 1, map=where, level=level, block=True),
            Token("inline", "", 0, map=where, level=level + 1, block=True, content=text,
                  children=[]),
            Token("paragraph_close", "p", -1, level=level, block=True)]


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
    text = "\n".join(_text(line) for line in lines[start:stop]).strip()
    tokens.extend(_paragraph(text, [start, stop], tokens[-1].level))


def _text(line: str) -> str:
    return line[_QUOTED.match(line).end():]  # type: ignore[union-attr]


def _line(token: Token) -> int:
    return token.map[0] if token.map else 0
