"""Pandoc fenced divs: `::: name`, `::: {.class #id key="v"}` ... `:::`, nested to any depth.

A fence is three or more colons. One followed by a name or attribute braces opens a div; a
bare one closes the innermost open div, whatever its length (pandoc's rule, so both
`:::: columns` / `::: column` and equal-length nesting work). Fences inside fenced code do
not count. An unclosed div runs to the end of its container, as pandoc reads it.

Tokens: `div_open` (meta: `attrs`, an `Attributes`, and `title`) and `div_close`.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.document import Attributes
from slidegen.parse.attrs import parse_attributes
from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

_OPEN = lazy_compile(
    r":{3,}[ \t]*(?P<spec>\{[^{}]*\}|[^\s{}:][^{}]*?|[\w-]+[ \t]+\{[^{}]*\}[^{}]*?)"
    r"[ \t]*:*[ \t]*")
# HackMD's `:::spoiler {state="open"} Title`: a name, attributes, then the title
_NAMED_ATTRIBUTES = lazy_compile(r"([\w-]+)[ \t]+\{([^{}]*)\}[ \t]*(.*)")
_CLOSE = lazy_compile(r":{3,}[ \t]*")
_BRACKET_TITLE = lazy_compile(r"([\w-]+)(\[)(.*)\]")
_CODE_FENCE = lazy_compile(r"(`{3,}|~{3,})")


def div_plugin(md: MarkdownIt) -> None:
    """Adds the fenced div rule, ahead of fenced code and paragraphs."""
    md.block.ruler.before("fence", "fenced_div", _fenced_div,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _fenced_div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    pos = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4 or state.src[pos:pos + 3] != ":::":
        return False
    opening = _OPEN.fullmatch(line_text(state, start))
    if opening is None:
        return False
    if silent:
        return True
    close, closed = _closing_line(state, start, end)
    push_div(state, _meta(opening.group("spec")), (start + 1, close), [start, close])
    state.line = close + 1 if closed else close
    return True


def push_div(state: StateBlock, meta: dict[str, object], body: tuple[int, int],
             lines: list[int]) -> None:
    """A `div_open` token with `meta`, the Markdown of the `body` lines parsed as its blocks
    (as a fenced div's: nothing after them is read), and its `div_close`."""
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "fenced_div"  # type: ignore[assignment]
    state.lineMax = body[1]
    token = state.push("div_open", "div", 1)
    token.block = True
    token.markup = ":::"
    token.meta = meta
    token.map = lines
    state.md.block.tokenize(state, *body)
    token = state.push("div_close", "div", -1)
    token.block = True
    token.markup = ":::"
    state.parentType, state.lineMax = old_parent, old_max


def _closing_line(state: StateBlock, start: int, end: int) -> tuple[int, bool]:
    """Where the div opened at `start` ends, and whether a closing fence ends it (else its
    container or the document does)."""
    depth = 0
    code: str | None = None
    line = start + 1
    while line < end:
        text = line_text(state, line)
        if text and state.sCount[line] < state.blkIndent:
            return line, False  # the container this div sits in ended
        indented = state.sCount[line] - state.blkIndent >= 4
        fence = _CODE_FENCE.match(text)
        if code is not None:
            if fence and fence.group(1)[0] == code[0] and len(fence.group(1)) >= len(code) \
                    and not text[len(fence.group(1)):].strip():
                code = None
        elif fence and not indented:
            code = fence.group(1)
        elif not indented and _CLOSE.fullmatch(text):
            if depth == 0:
                return line, True
            depth -= 1
        elif not indented and _OPEN.fullmatch(text):
            depth += 1
        line += 1
    return end, False


def _meta(spec: str) -> dict[str, object]:
    """`{.a #b k=v}` or `name words`: the attributes, and the words after a bare name (a
    title, as in `::: tip Remember this`, or Docusaurus' `:::tip[Remember this]`)."""
    if spec.startswith("{"):
        return {"attrs": parse_attributes(spec[1:-1]), "title": ""}
    named = _NAMED_ATTRIBUTES.fullmatch(spec)
    if named:
        attrs = parse_attributes(named.group(2))
        return {"attrs": Attributes(attrs.id, [named.group(1).lower(), *attrs.classes],
                                    attrs.values, attrs.flags), "title": named.group(3).strip()}
    bracketed = _BRACKET_TITLE.fullmatch(spec)
    name, _, title = (bracketed.groups() if bracketed else spec.partition(" "))
    return {"attrs": Attributes(classes=[name.lower()]), "title": title.strip()}
