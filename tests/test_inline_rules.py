"""The parser's own rules keep markdown-it's contract, and ordinary input never stops a build:
each case here stopped one with an internal error (found by fuzzing the dialects' rules)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.rules_inline import StateInline

from slidegen.diagnostics import Diagnostics
from slidegen.parse import parse_document
from slidegen.parse.markdown import _markdown
from slidegen.read import read_source
from slidegen.read.bibliography import Work

# Text each of the project's inline rules (and markdown-it's) may meet, at every position.
CORPUS = ["==m== x", "{numref}`a` b", "[@k, p. 3]", "@k says", "(@a) x", "$x$ y", "\\(x\\)",
          '{{< ref "x" >}}', "%%c%%", "![[a.png]]", "[[x]]", "`c`", "<b>x</b>", ":smile:",
          "++i++", "{==x==}", "H~2~O", "^a^", "{#id}", "~~s~~", "*e*", "{% raw %}",
          "{::comment}x{:/comment}", "{: .c}", "^block", "<!-- x -->", "{{% x %}}", "&amp;",
          "[^1]", "^[inline]", "[text]{.mark}", "<kbd>x</kbd>", "@fig-a", "{eq}`m`",
          "{math}`x`", "$$x$$", "{++x++}", "{~~a~>b~~}", "{>>c<<}", "a--b", "<![x"]
ENV = {"works": {"k": Work("k", (("Doe", "J"),), "2001", "T")},
       "crossrefs": {"fig-a": "Figure 1"}, "example_lists": {"last": 1, "labels": {"a": 1}}}


def test_an_inline_rule_that_matches_while_a_label_is_scanned_moves_on() -> None:
    """markdown-it scans a link's label with each rule in silent mode and stops with "inline
    rule didn't increment state.pos" at one that says yes without moving: `[==x==](y)`,
    `<![==m==`, `[a [b]{.mark}](x)`."""
    md = _markdown()
    names = md.inline.ruler.get_active_rules()
    stuck = []
    for text in CORPUS:
        for pos in range(len(text)):
            for name, rule in zip(names, md.inline.ruler.getRules(""), strict=True):
                state = StateInline(text, md, dict(ENV), [])
                state.pos = pos
                if rule(state, True) and state.pos == pos:
                    stuck.append((name, text, pos))
    assert stuck == []


@pytest.mark.parametrize(("body", "warned"), [
    ("Text with a mark[^9] here.\n", "footnote mark [^9] has no footnote text"),
    ("<![==m== and [a [text]{.mark} b](https://x.org) and [==x==](https://y.org)\n", None),
    ("<table><tr><td>x</td></tr></table><![](/a.png)\n\nand <![[a.png]] here\n", None),
    ('see {{< figure src="a.png" caption="**b**" >}} here\n', None),
])
def test_ordinary_input_is_parsed_not_an_internal_error(tmp_path: Path, body: str,
                                                       warned: str | None) -> None:
    note = tmp_path / "note.md"
    note.write_text("## S\n\n" + body, encoding="utf-8")
    diagnostics = Diagnostics(str(note))
    doc = parse_document(read_source(note, diagnostics), diagnostics)
    assert doc.blocks
    messages = [d.message for d in diagnostics.items]
    assert (warned is None) or any(warned in m for m in messages), messages
