"""Quarto and pandoc-crossref references: `@fig-x`, `[@tbl-y]`, `[-@eq-z]`, `@fig:x`, shown
as their publisher shows them ("Figure 2", "표 1", a section's title), and bracketed citations
`[@key, p. 3]` as "(key, p. 3)".

Targets are numbered by kind in the order the note defines them (`{#fig-x}` after a picture,
a div, a table caption or a formula; `#| label: fig-x` in a code cell; `{#sec-x}` after a
heading), before the note is parsed: the table reaches the inline rule through markdown-it's
`env`. A reference to nothing is shown by its name, and the parser warns with its line.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from slidegen.parse.attrs import token_attributes
from slidegen.parse.citations import cite, works_of
from slidegen.read.bibliography import en_dash_ranges
from slidegen.regex import lazy_compile

__all__ = ["crossref_plugin", "crossref_targets"]

KINDS = {  # prefix: (English, Korean)
    "fig": ("Figure", "그림"), "tbl": ("Table", "표"), "eq": ("Equation", "식"),
    "lst": ("Listing", "코드"), "thm": ("Theorem", "정리"), "lem": ("Lemma", "보조정리"),
    "cor": ("Corollary", "따름정리"), "prp": ("Proposition", "명제"),
    "cnj": ("Conjecture", "추측"), "def": ("Definition", "정의"), "exm": ("Example", "예"),
    "exr": ("Exercise", "연습문제"), "sol": ("Solution", "풀이"), "rem": ("Remark", "참고"),
    "sec": ("Section", "절"),
}
_ID = r"(?:" + "|".join(KINDS) + r")[-:][\w:.-]*[\w]"
_DEFINED = lazy_compile(rf"\{{[^{{}}\n]*?#({_ID})|^[ \t]*#\|[ \t]*label:[ \t]*[\"']?({_ID})", re.M)
_SECTION = lazy_compile(r"^#{1,6}[ \t]+(.+?)[ \t]*\{[^{}\n]*?#(sec[-:][\w:.-]*\w)[^{}\n]*\}"
                        r"[ \t]*$", re.M)
_BARE = lazy_compile(rf"@({_ID})", re.I)
_BRACKET = lazy_compile(r"\[((?:[^\[\]\n]*?-?@[\w:.-]+[^\[\]\n]*?))\]")
_CITE = lazy_compile(r"(-?)@([\w:.-]*\w)")


# MyST: a figure, table, listing or formula directive whose `:name:` option names it
_MYST_NAMED = lazy_compile(r"^[ \t]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{(figure|table|list-table|"
                           r"code-block|code|math)\}[^\n]*\n(?:[ \t]*:[\w-]+:[^\n]*\n)*?"
                           r"[ \t]*:(?:name|label):[ \t]*(\S+)", re.M)
_MYST_KINDS = {"figure": "fig", "table": "tbl", "list-table": "tbl", "code-block": "lst",
               "code": "lst", "math": "eq"}


def crossref_targets(text: str, korean: bool) -> dict[str, str]:
    """Each target's label ("Figure 1", or a section's title), by its id, lower case."""
    labels: dict[str, str] = {}
    counts: dict[str, int] = {}
    defined = [(match.start(), (match.group(1) or match.group(2)).lower(), None)
               for match in _DEFINED.finditer(text)]
    if ":name:" in text or ":label:" in text:
        defined += [(match.start(), match.group(2).lower(), _MYST_KINDS[match.group(1)])
                    for match in _MYST_NAMED.finditer(text)]
    for _, target, named_kind in sorted(defined):
        kind = named_kind or re.split(r"[-:]", target, maxsplit=1)[0]
        if target in labels or kind == "sec":
            continue
        counts[kind] = counts.get(kind, 0) + 1
        name = KINDS[kind][1 if korean else 0]
        labels[target] = f"{name} ({counts[kind]})" if kind == "eq" else f"{name} {counts[kind]}"
    for match in _SECTION.finditer(text):
        labels.setdefault(match.group(2).lower(), match.group(1).strip())
    return labels


def crossref_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "crossref_bracket", _bracketed)
    md.inline.ruler.before("text", "crossref", _bare)
    md.inline.ruler.before("text", "equation_label", _equation_label)
    md.core.ruler.push("figure_numbers", _figure_numbers)


def _figure_numbers(state: StateCore) -> None:
    """`![잔차](r.png){#fig-resid}`: the picture's caption says its number ("그림 2: 잔차"),
    as Quarto's does; it is carried as the picture's title, which is shown as its caption."""
    labels: dict[str, str] = (state.env or {}).get("crossrefs", {})
    if not labels:
        return
    for token in state.tokens:
        for child in token.children or []:
            found = token_attributes(child) if child.type == "image" else None
            label = labels.get(found.id.lower()) if found and found.id else None
            if label and not child.attrGet("title"):
                alt = "".join(c.content for c in child.children or []).strip()
                child.attrSet("title", f"{label}: {alt}" if alt else label)


_EQUATION_ID = lazy_compile(r"\{#(eq[-:][\w:.-]*\w)[^{}\n]*\}")


def target_label(env: Any, target: str) -> str:
    """A numbered target's label ("Figure 2", "식 (3)", a section's title); "" for none."""
    labels = env.get("crossrefs") if isinstance(env, dict) else None
    return (labels or {}).get(target.lower(), "")


def target_number(env: Any, target: str) -> str:
    """The number a target's label ends with ("Figure 2" → "2", "식 (3)" → "3")."""
    label = target_label(env, target)
    return label.rsplit(" ", 1)[-1].strip("()") if label else ""


def _equation_label(state: StateInline, silent: bool) -> bool:
    """`$$ … $$ {#eq-x}`: the formula is numbered as its references say (a `\\tag`), and the
    attribute list is never text."""
    match = _EQUATION_ID.match(state.src, state.pos, state.posMax)
    formula = state.tokens[-1] if state.tokens and not state.pending.strip() else None
    if not match or formula is None or formula.type != "math_inline_double":
        return False
    if not silent:
        state.pending = ""  # the space between the formula and its label
        if number := target_number(state.env, match.group(1)):
            formula.content = f"{formula.content.rstrip()} \\tag{{{number}}}"
    state.pos = match.end()
    return True


def _label(state: StateInline, target: str, suppress: bool) -> tuple[str, str | None]:
    """The text for one reference, and the id when it has no target."""
    found = target_label(state.env, target)
    if not found:
        return target, target
    if suppress:  # `[-@fig-x]`: the number alone
        found = found.rsplit(" ", 1)[-1] if not target.lower().startswith("sec") else found
    return found, None


def _push(state: StateInline, text: str, missing: list[str]) -> None:
    token = state.push("crossref", "", 0)
    token.content = text
    token.meta = {"missing": missing}


def _bare(state: StateInline, silent: bool) -> bool:
    """`@fig-x` within text (not an e-mail address: no word character before it)."""
    if state.src[state.pos] != "@" or (state.pos and (state.src[state.pos - 1].isalnum()
                                                       or state.src[state.pos - 1] in "._-")):
        return False
    match = _BARE.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        text, missing = _label(state, match.group(1), False)
        _push(state, text, [missing] if missing else [])
    state.pos = match.end()
    return True


def _bracketed(state: StateInline, silent: bool) -> bool:
    """`[@fig-a]`, `[-@fig-a; @fig-b]`, and citations `[@key, p. 3]` as "(key, p. 3)"."""
    match = _BRACKET.match(state.src, state.pos, state.posMax)
    if not match or not _cites(state, match.group(1)):
        return False
    if match.end() < state.posMax and state.src[match.end()] in "(:[":
        return False  # a link or a reference definition, not a citation
    if not silent:
        parts, missing, unlisted, citation = [], [], [], False
        for piece in match.group(1).split(";"):
            found = _CITE.search(piece)
            if found and re.fullmatch(_ID, found.group(2), re.I):
                text, lost = _label(state, found.group(2), bool(found.group(1)))
                parts.append(text)
                missing += [lost] if lost else []
            else:
                citation = True
                parts.append(_cited(state, piece, unlisted))
        text = "; ".join(parts) if citation else ", ".join(parts)
        _push(state, f"({text})" if citation else text, missing)
        state.tokens[-1].meta["unlisted"] = unlisted
    state.pos = match.end()
    return True


def _cites(state: StateInline, inside: str) -> bool:
    """Whether a bracket's text cites: it starts with a key, or, in a note with a
    bibliography, each of its parts has one after a prefix (`[see @doe99, p. 3; @roe04]`)."""
    if re.match(r"\s*-?@", inside):
        return True
    return bool(works_of(state.env)) and all(_CITING.search(p) for p in inside.split(";"))


def _cited(state: StateInline, piece: str, unlisted: list[str]) -> str:
    """One citation of a bracket: its key as the bibliography names the work, and a page
    locator as pandoc's default style writes it (`@doe99, pp. 33-35` → "Doe 1999, 33–35")."""
    text = _CITE.sub(lambda m: _work(state, m, unlisted), piece).strip()
    if text == piece.strip() or not works_of(state.env):
        return text
    return _PAGES.sub(lambda m: ", " + en_dash_ranges(m.group(1)), text)


_CITING = lazy_compile(r"(?:^|\s)-?@\w")
_PAGES = lazy_compile(r",\s*(?:pp?|pages?)\.?\s+(\d[\w\s,–-]*)$")


def _work(state: StateInline, found: re.Match[str], unlisted: list[str]) -> str:
    """A cited work as the bibliography names it ("Doe 1999"), else its key (noted when the
    note has a bibliography)."""
    named = cite(state.env, found.group(2), bool(found.group(1)))
    if named is None and works_of(state.env):
        unlisted.append(found.group(2))
    return named or found.group(2)
