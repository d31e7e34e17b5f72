"""Citations of the works a note's bibliography lists (`read.bibliography`): `[@doe99, p. 3]`
reads "(Doe 1999, p. 3)", `[-@doe99]` "(1999)", `@doe99 says` "Doe (1999) says", and the
works cited close the note under "References" ("참고 문헌" in a Korean note), as pandoc's
citeproc writes them. A key the bibliography does not list keeps its name, with a warning.

The works reach the inline rules through markdown-it's `env`; each rule notes the keys it
cites, in order, for the works cited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from slidegen.document import Block, Heading, ListBlock, ListItem, Paragraph, Span
from slidegen.read.bibliography import CITATION_KEY, Work, citation, entry, in_text

__all__ = ["citation_plugin", "cite", "works_cited", "works_of"]

WORKS = "works"  # env key: the bibliography's works by key
CITED = "cited"  # env key: the keys cited so far, in order
_HEADINGS = ("references", "bibliography", "works cited", "참고 문헌", "참고문헌")


def works_of(env: Any) -> Mapping[str, Work]:
    """The note's bibliography, by key (empty for a note without one)."""
    return (env.get(WORKS) if isinstance(env, dict) else None) or {}


def cite(env: Any, key: str, suppress: bool) -> str | None:
    """The citation of `key` ("Doe 1999", or "1999" with the author suppressed), noted as
    cited; None when the bibliography does not list it."""
    work = works_of(env).get(key)
    if work is None:
        return None
    cited = env.setdefault(CITED, [])
    if key not in cited:
        cited.append(key)
    return work.when if suppress else citation(work)


def _in_text(state: StateInline, silent: bool) -> bool:
    """`@doe99` in a sentence, for a key the bibliography lists (an e-mail address or a
    handle it does not list stays text)."""
    pos = state.pos
    if state.src[pos] != "@" or (pos and (state.src[pos - 1].isalnum()
                                          or state.src[pos - 1] in "._-[")):
        return False
    found = CITATION_KEY.match(state.src, pos, state.posMax)
    works = works_of(state.env)
    if not found or found.group(1) not in works:
        return False
    if not silent:
        cite(state.env, found.group(1), False)
        state.push("text", "", 0).content = in_text(works[found.group(1)])
    state.pos = found.end()
    return True


def citation_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("text", "citation_in_text", _in_text)


def works_cited(env: Mapping[str, Any], blocks: list[Block], korean: bool,
                line: int) -> list[Block]:
    """The works cited, in author order, under a "References" heading: the note's own when it
    ends with one (pandoc fills it), else a new one at its sections' level."""
    keys = env.get(CITED) or []
    works = works_of(env)
    if not keys:
        return []
    last = blocks[-1] if blocks else None
    added: list[Block] = []
    if not (isinstance(last, Heading) and last.text.strip().lower() in _HEADINGS):
        levels = [b.level for b in blocks if isinstance(b, Heading)]
        top = min(levels, default=2)
        level = 2 if top == 1 and levels.count(1) == 1 else top  # under the one title: sections'
        added.append(Heading(level, [Span("참고 문헌" if korean else "References")], line))
    ordered = sorted((works[k] for k in keys), key=lambda w: (
        [family.lower() for family, _ in w.authors] or [w.title.lower()], w.year))
    items = []
    for work in ordered:
        before, container, after = entry(work)
        spans = [Span(before)] + ([Span(container, italic=True)] if container else [])
        spans += [Span(after)] if after else []
        items.append(ListItem([Paragraph(spans, line)], line))
    return [*added, ListBlock(ordered=False, items=items, line=line)]
