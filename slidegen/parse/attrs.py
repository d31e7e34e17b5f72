"""Attribute lists: kramdown `{: #id .class key="value"}` (block and span IALs, `{:toc}`) and
pandoc `{#id .class key=value}` after headings, images, links and code spans.

They say how the publishing tool should style a block; on a slide they are never text. A core
rule runs between markdown-it's block and inline stages: it takes IAL lines off paragraphs and
headings and hangs an `Attributes` on the token they belong to (`token.meta["attrs"]`); an
inline rule does the same for span IALs after an image, link or code span.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from slidegen.document import Attributes
from slidegen.regex import lazy_compile

__all__ = ["attributes_plugin", "parse_attributes", "pixels", "size_of", "token_attributes"]

_PART = lazy_compile(r"""\s*(?:([#.])([^\s#.}="']+)"""
                     r"""|([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s}]*))|(\S+))""")
# a line that is only an IAL: `{: .notice}`, `{:toc}`, `{:.x}`; `{::...}` extensions too,
# but not an opening `{::comment}` or `{::nomarkdown}` left unclosed (kramdown_extensions keeps
# the text after it and warns)
_IAL_LINE = lazy_compile(r"[ \t]*\{:(?!:)([^{}\n]*)\}[ \t]*")
_EXTENSION_LINE = lazy_compile(r"[ \t]*\{::(?!comment\}|nomarkdown\})[^{}\n]*/?\}[ \t]*"
                               r"|[ \t]*\{:/[^{}\n]*\}[ \t]*")
# pandoc heading attributes: `{#id .class key=val}`, `{-}`, `{.unnumbered}`
_TRAILING = lazy_compile(
    r"[ \t]*\{(:?)[ \t]*((?:[#.][^\s{}]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s{}]+)"
    r"|-)(?:[ \t]+(?:[#.][^\s{}]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s{}]+)))*)"
    r"[ \t]*\}[ \t]*$")
_KRAMDOWN_TRAILING = lazy_compile(r"[ \t]*\{:(?!:)([^{}\n]*)\}[ \t]*$")
_SPAN_KRAMDOWN = lazy_compile(r"\{:(?!:)([^{}\n]*)\}")
_SPAN_PANDOC = lazy_compile(r"\{[ \t]*((?:[#.][^\s{}]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s{}]+))"
                            r"(?:[ \t]+(?:[#.][^\s{}]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s{}]+)))*)"
                            r"[ \t]*\}")
_CLOSERS = {"paragraph_close", "heading_close", "blockquote_close", "bullet_list_close",
            "ordered_list_close", "table_close", "fence", "code_block", "html_block"}


def parse_attributes(text: str) -> Attributes:
    """`#id .a .b key="v" w=300 toc` → Attributes; unknown words are kept as flags."""
    attrs = Attributes()
    for match in _PART.finditer(text):
        sigil, name, key, dq, sq, bare, word = match.groups()
        if sigil == "#":
            attrs.id = name
        elif sigil == ".":
            attrs.classes.append(name)
        elif key:
            attrs.values[key.lower()] = next(v for v in (dq, sq, bare, "") if v is not None)
        elif word:
            attrs.flags.append(word.strip("{}:").lower())
    return attrs


def size_of(attrs: Attributes) -> tuple[float | None, float | None]:
    """The display size an attribute list asks for: `width`/`height` (kramdown, pandoc,
    `<img>`) or Chirpy's `w`/`h`, in CSS pixels."""
    values = attrs.values
    return (pixels(values.get("width") or values.get("w")),
            pixels(values.get("height") or values.get("h")))


_MODE_ONLY = lazy_compile(r"#gh-(light|dark)-mode-only$")


def colour_scheme(src: str, classes: list[str]) -> tuple[str, str]:
    """A picture drawn for one colour scheme, and its path: Chirpy's `{: .light}` and
    `{: .dark}`, GitHub's `x.png#gh-dark-mode-only` (the fragment is not part of the file)."""
    if found := _MODE_ONLY.search(src):
        return src[: found.start()], found.group(1)
    return src, next((c for c in classes if c in ("light", "dark")), "")


def pixels(value: str | None) -> float | None:
    """`300`, `300px`, `300.5` → 300.0; `50%`, `auto`, `10em` → None (no fixed size)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*", value or "")
    number = float(match.group(1)) if match else 0.0
    return number if number > 0 else None


def token_attributes(token: Token) -> Attributes | None:
    found = token.meta.get("attrs") if token.meta else None
    return found if isinstance(found, Attributes) else None


def _attach(token: Token, attrs: Attributes) -> None:
    if token.meta is None:
        token.meta = {}
    old = token_attributes(token)
    token.meta["attrs"] = old.merged(attrs) if old else attrs


def attributes_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "block_attributes", _block_attributes)
    md.inline.ruler.before("text", "span_attributes", _span_attributes)
    md.inline.ruler.before("link", "bracketed_span", _bracketed_span)
    md.inline.ruler2.push("span_attributes_attach", _attach_span_attributes)


# --- block IALs -------------------------------------------------------------------------------

def _block_attributes(state: StateCore) -> None:
    tokens = state.tokens
    lines = state.src.split("\n")
    drop: set[int] = set()
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            _table_row(tokens, i, drop)
        if token.type != "inline" or i == 0:
            continue
        opener = tokens[i - 1]
        if opener.type == "heading_open":
            _heading(opener, token)
        elif opener.type == "paragraph_open":
            _paragraph(tokens, i, lines, drop)
    if drop:
        state.tokens = [t for n, t in enumerate(tokens) if n not in drop]


def _heading(opener: Token, inline: Token) -> None:
    kramdown = _KRAMDOWN_TRAILING.search(inline.content)
    match = kramdown or _TRAILING.search(inline.content)
    if match and (match.start() > 0 or not kramdown):  # `## {background-image=…}`
        text = match.group(1) if kramdown else match.group(2)
        inline.content = inline.content[: match.start()].rstrip()
        _attach(opener, parse_attributes(text))


def _paragraph(tokens: list[Token], i: int, lines: list[str], drop: set[int]) -> None:
    inline = tokens[i]
    rows = inline.content.split("\n")
    head: list[Attributes] = []
    while rows and (_IAL_LINE.fullmatch(rows[0]) or _EXTENSION_LINE.fullmatch(rows[0])):
        found = _IAL_LINE.fullmatch(rows.pop(0))
        if found:
            head.append(parse_attributes(found.group(1)))
    tail: list[Attributes] = []
    while rows and (_IAL_LINE.fullmatch(rows[-1]) or _EXTENSION_LINE.fullmatch(rows[-1])):
        found = _IAL_LINE.fullmatch(rows.pop())
        if found:
            tail.insert(0, parse_attributes(found.group(1)))
    if not head and not tail and len(rows) == len(inline.content.split("\n")):
        return
    inline.content = "\n".join(rows)
    attrs = _merge([*head, *tail])
    if not rows:  # the paragraph was only attribute lists: they belong to a neighbour
        drop.update((i - 1, i, i + 1))
        target = _previous_block(tokens, i - 1) or _next_block(tokens, i + 2)
        if target is not None:
            _attach(target, attrs)
        return
    if tail and _lazy_line(tokens, i, lines):
        quote = _enclosing(tokens, i - 1, "blockquote_open")
        listed = _outer_list(tokens, i - 1)
        if quote is not None:  # `> text` then `{: .prompt-tip}`: the IAL is the quote's
            _attach(quote, _merge(tail))
            attrs = _merge(head)
        elif listed is not None and "toc" not in attrs.flags:  # `- item` + `{: .notice}`
            _attach(listed, _merge(tail))
            attrs = _merge(head)
    if "toc" in attrs.flags and (item := _enclosing(tokens, i - 1, "list_item_open")):
        _drop_list(tokens, tokens.index(item), drop)
        return
    _attach(tokens[i - 1], attrs)


def _table_row(tokens: list[Token], i: int, drop: set[int]) -> None:
    """kramdown's `{: .table-striped}` right under a pipe table is read as one more row (a
    line without pipes continues a table): the table's attributes, not an empty row."""
    end = next(j for j in range(i, len(tokens)) if tokens[j].type == "tr_close")
    cells = [t.content.strip() for t in tokens[i:end] if t.type == "inline"]
    found = _IAL_LINE.fullmatch(cells[0]) if cells else None
    if found is None or any(cells[1:]) or tokens[end + 1].type != "tbody_close":
        return
    drop.update(range(i, end + 1))
    table = next(tokens[j] for j in range(i, -1, -1) if tokens[j].type == "table_open")
    _attach(table, parse_attributes(found.group(1)))


def _merge(found: list[Attributes]) -> Attributes:
    attrs = Attributes()
    for part in found:
        attrs = attrs.merged(part)
    return attrs


def _lazy_line(tokens: list[Token], i: int, lines: list[str]) -> bool:
    """The paragraph's last source line does not start with `>`: a lazy continuation line."""
    mapping = tokens[i].map
    if not mapping or mapping[1] - 1 >= len(lines):
        return False
    return not lines[mapping[1] - 1].lstrip().startswith(">")


def _previous_block(tokens: list[Token], opener: int) -> Token | None:
    """The block that ends just before `tokens[opener]` at its nesting level (its opening
    token for containers)."""
    level = tokens[opener].level
    j = opener - 1
    if j < 0 or tokens[j].level != level or tokens[j].type not in _CLOSERS:
        return None
    closer = tokens[j]
    if closer.nesting == 0:
        return closer
    depth = 0
    while j >= 0:
        depth += tokens[j].nesting
        if depth == 0:
            return tokens[j]
        j -= 1
    return None


def _next_block(tokens: list[Token], index: int) -> Token | None:
    if index < len(tokens) and tokens[index].nesting >= 0:
        return tokens[index]
    return None


def _enclosing(tokens: list[Token], opener: int, kind: str) -> Token | None:
    level = tokens[opener].level
    for j in range(opener - 1, -1, -1):
        if tokens[j].level < level and tokens[j].nesting == 1:
            if tokens[j].type == kind:
                return tokens[j]
            level = tokens[j].level
            if tokens[j].type not in ("list_item_open", "bullet_list_open",
                                      "ordered_list_open", "blockquote_open"):
                return None
    return None


def _outer_list(tokens: list[Token], opener: int) -> Token | None:
    """The outermost list a paragraph is in, through list items only."""
    level, found = tokens[opener].level, None
    for j in range(opener - 1, -1, -1):
        if tokens[j].nesting == 1 and tokens[j].level < level:
            level = tokens[j].level
            if tokens[j].type in ("bullet_list_open", "ordered_list_open"):
                found = tokens[j]
            elif tokens[j].type != "list_item_open":
                break
    return found


def _drop_list(tokens: list[Token], item: int, drop: set[int]) -> None:
    """`* TOC` + `{:toc}`: the generated table of contents; the whole list goes."""
    start = item - 1
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        drop.add(j)
        if depth == 0:
            break


# --- span IALs --------------------------------------------------------------------------------

def _span_attributes(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "{":
        return False
    rest = state.src[state.pos : state.posMax]
    match = _SPAN_KRAMDOWN.match(rest)
    text = match.group(1) if match else None
    if match is None:
        last = state.tokens[-1] if state.tokens else None
        if last is None or last.type not in ("image", "link_close", "code_inline"):
            return False
        match = _SPAN_PANDOC.match(rest)
        if match is None:
            return False
        text = match.group(1)
    if not silent:
        token = state.push("span_attributes", "", 0)
        token.meta = {"attrs": parse_attributes(text or "")}
    state.pos += match.end()
    return True


def _bracketed_span(state: StateInline, silent: bool) -> bool:
    """pandoc `[text]{.mark}`: the text, highlighted for `.mark`; other classes are styling."""
    if state.src[state.pos] != "[":
        return False
    end = state.md.helpers.parseLinkLabel(state, state.pos, True)
    if end < 0:
        return False
    match = _SPAN_PANDOC.match(state.src, end + 1, state.posMax)
    if match is None:
        return False
    if silent:  # inside a link's label being scanned: skip the span (pos must move)
        state.pos = match.end()
        return True
    attrs = parse_attributes(match.group(1))
    marked = bool({"mark", "highlight"} & set(attrs.classes))
    if marked:
        state.push("mark_open", "mark", 1)
    old_max = state.posMax
    state.pos, state.posMax = state.pos + 1, end
    state.md.inline.tokenize(state)
    state.posMax = old_max
    if marked:
        state.push("mark_close", "mark", -1)
    state.pos = match.end()
    return True


def _attach_span_attributes(state: StateInline) -> None:
    """Hang each span IAL on the image or link just before it, then drop it."""
    kept: list[Token] = []
    for token in state.tokens:
        if token.type != "span_attributes":
            kept.append(token)
            continue
        attrs = token_attributes(token)
        target = kept[-1] if kept else None
        if target is not None and target.type == "link_close":
            target = next((t for t in reversed(kept) if t.type == "link_open"), None)
        if target is not None and attrs is not None and target.type != "text":
            _attach(target, attrs)
    state.tokens[:] = kept
