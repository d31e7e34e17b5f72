"""Comment directives on a line of their own, for notes that are not written for pandoc:

- `<!-- columns -->`, `<!-- column -->`, `<!-- end columns -->`: columns side by side (the
  first column starts at `columns`, each `column` starts the next);
- `<!-- layout: NAME -->`: the slide's layout; `<!-- background: PICTURE -->`: its background.

Other publishing tools ignore comments, so the note still reads the same on its site.
Token: `directive` (meta: `name`, `value`).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_DIRECTIVE = re.compile(
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
        return False
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
