"""Comment directives on a line of their own, for notes that are not written for pandoc:

- `<!-- columns -->`, `<!-- column -->`, `<!-- end columns -->`: columns side by side (the
  first column starts at `columns`, each `column` starts the next);
- `<!-- layout: NAME -->`: the slide's layout; `<!-- background: PICTURE -->`: its background;
  reveal.js' `<!-- .slide: data-background-image="x.png" -->` (HackMD's slide mode) too (a
  colour or transition there is for the web page and goes, as the comment would).

Other publishing tools ignore comments, so the note still reads the same on its site.
Token: `directive` (meta: `name`, `value`).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.parse.attrs import parse_attributes
from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

_DIRECTIVE = lazy_compile(
    r"<!--[ \t]*(?:(?P<flag>columns|column|end[ \t]*columns|/columns)"
    r"|(?P<name>layout|background|bg)[ \t]*:[ \t]*(?P<value>.*?))[ \t]*-->[ \t]*",
    re.I,
)


def directive_plugin(md: MarkdownIt) -> None:
    """Adds the directive rule ahead of raw HTML blocks (which would drop the comment)."""
    md.block.ruler.before("html_block", "comment_directive", _directive,
                          {"alt": ["paragraph", "reference", "blockquote"]})


def _directive(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    pos = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4 or state.src[pos:pos + 4] != "<!--":
        return False
    match = _DIRECTIVE.fullmatch(state.src[pos:state.eMarks[start]])
    if match is None:
        return _reveal_slide(state, start, pos, silent)
    if not silent:
        token = state.push("directive", "", 0)
        token.map = [start, start + 1]
        if match.group("flag"):
            flag = re.sub(r"[ \t/]+", "", match.group("flag").lower())
            token.meta = {"name": "end-columns" if flag == "endcolumns" else flag, "value": ""}
        else:
            name = match.group("name").lower()
            token.meta = {"name": "background" if name == "bg" else name,
                          "value": match.group("value").strip()}
    state.line = start + 1
    return True


_REVEAL_SLIDE = lazy_compile(r"<!--[ \t]*\.slide[ \t]*:(.*?)-->[ \t]*", re.I)
_ATX = lazy_compile(r"#{1,6}(?:[ \t]|$)")
_COLOUR = lazy_compile(r"#[0-9a-f]{3,8}|(?:rgba?|hsla?)\(.*\)|[a-z]+", re.I)


def _reveal_slide(state: StateBlock, start: int, pos: int, silent: bool) -> bool:
    """`<!-- .slide: data-background="bg.jpg" -->`: a background picture for the slide. The
    comment opens its slide, above the slide's heading: the heading is read first, so that
    the picture goes to the heading's slide, not the one before."""
    match = _REVEAL_SLIDE.fullmatch(state.src[pos:state.eMarks[start]])
    if match is None:
        return False
    if silent:
        return True
    state.line = start + 1
    values = parse_attributes(match.group(1)).values
    picture = values.get("data-background-image") or values.get("data-background", "")
    if not picture or _COLOUR.fullmatch(picture.strip()):
        return True
    heading = next((n for n in range(start + 1, state.lineMax) if not state.isEmpty(n)), None)
    if heading is not None and _ATX.match(line_text(state, heading)):
        state.md.block.tokenize(state, heading, heading + 1)
    token = state.push("directive", "", 0)
    token.map = [start, start + 1]
    token.meta = {"name": "background", "value": picture.strip()}
    return True
