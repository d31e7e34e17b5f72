"""The conservation check: every word of the note reaches the deck, and no markup reaches a slide.

It compares the words of the parsed note (every block, speaker notes included: those must
reach the notes) with the words of the planned deck (every slide's text, pictures' alt text
and speaker notes), and scans every slide's visible text for syntax left over from a dialect
that was not interpreted. Pictures' own words are checked by the image stage, not here.

`LEAKED_MARKUP` is the one list of leftovers: a parser rule added for a new construct should
add the pattern of its syntax here, so that the check (and every test that runs it) proves
the syntax never shows.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator

from slidegen.deck import CodeBlock, Deck, Run, Slide
from slidegen.document import Block, Document, Heading, Image, Span, SpeakerNotes
from slidegen.records import record
from slidegen.regex import lazy_compile

WORD = lazy_compile(r"\w+")

LEAKED_MARKUP: dict[str, re.Pattern[str]] = {
    "emphasis '**'": lazy_compile(r"\*\*"),
    "emphasis '__'": lazy_compile(r"(?<!\w)__(?=[^\s_])|(?<=[^\s_])__(?!\w)"),
    "kramdown attribute list '{:'": lazy_compile(r"\{:"),
    "Liquid tag '{%'": lazy_compile(r"\{%|%\}"),
    "Hugo shortcode '{{<' / '{{%'": lazy_compile(r"\{\{[<%]|[>%]\}\}"),
    "Obsidian link '[[ ]]'": lazy_compile(r"\[\[[^\]]*\]\]"),
    "Obsidian comment '%%'": lazy_compile(r"%%"),
    "highlight '=='": lazy_compile(r"==[^=\s](?:[^=]*[^=\s])?=="),
    "fenced div ':::'": lazy_compile(r"(?m)^\s*:::"),
    "footnote mark '[^'": lazy_compile(r"\[\^[^\]\s]+\]"),
    "math '$$'": lazy_compile(r"\$\$"),
    "diagram syntax ('-->', '->>', 'digraph {')": lazy_compile(
        r"-->|->>|\b(?:di)?graph\s+\w*\s*\{|\bsequenceDiagram\b|\bstateDiagram"),
    "TeX command": lazy_compile(r"\\(?:frac|sqrt|sum|int|alpha|beta|theta|lambda|mathbf|mathrm"
                                r"|left|right|begin|end|cdot|times|le|ge)\b"),
    "HTML tag": lazy_compile(r"</?[a-z][a-z0-9-]*(?:\s+[^<>]*)?/?>"),  # not List<T>
    "heading mark '#'": lazy_compile(r"^#{1,6}\s"),
    "image syntax '![...]('": lazy_compile(r"!\[[^\]]*\]\("),
    "link syntax '](...)'": lazy_compile(r"\]\((?:https?:|/|\.)[^)\s]*\)"),
    "cross-reference '@fig-'": lazy_compile(r"(?<![\w.])@(?:fig|tbl|eq|sec|lst)[-:]\w"),
    "admonition or tab '!!!' / '===' (MkDocs)": lazy_compile(r"(?m)^\s*(?:!!!|\?\?\?|===)\s"),
    "block '/// name' (MkDocs)": lazy_compile(r"(?m)^\s*/{3,}[ \t]*[A-Za-z][\w-]*"),
    "critic mark '{++' / '{--' (MkDocs)": lazy_compile(r"\{(?:\+\+|--|~~|==|>>)"),
}


@record(frozen=True)
class Finding:
    """One word group lost, or one leftover of markup shown, with the note line it comes from."""

    kind: str  # "lost" or "markup"
    line: int | None
    text: str

    def message(self) -> str:
        if self.kind == "lost":
            return f"text not on any slide or in the speaker notes: {self.text!r}"
        return f"markup shown on a slide: {self.text}"


def check_deck(doc: Document, deck: Deck) -> list[Finding]:
    """Lost words (by note line) and markup leftovers (by slide line), in note order."""
    return [*lost_words(doc, deck), *leaked_markup(deck, doc)]


def lost_words(doc: Document, deck: Deck) -> list[Finding]:
    shown = [text for slide in deck.slides for text in slide_texts(slide, alt=True)]
    shown += [slide.notes for slide in deck.slides]
    words = {_key(w) for text in shown for w in WORD.findall(text)}
    joined = "".join("".join(WORD.findall(text)) for text in shown).casefold()
    lost: dict[int | None, list[str]] = {}
    for line, text in note_texts(doc.blocks):
        for word in WORD.findall(text):
            key = _key(word)
            if key not in words and key not in joined and word not in lost.get(line, []):
                lost.setdefault(line, []).append(word)
    return [Finding("lost", line, " ".join(found[:12]) + (" …" if len(found) > 12 else ""))
            for line, found in lost.items()]


def _key(word: str) -> str:
    """Words compared without case, numbers without leading zeros (a divider shows `## 1.` as
    "01")."""
    return (word.lstrip("0") or "0") if word.isdigit() else word.casefold()


def leaked_markup(deck: Deck, doc: Document | None = None) -> list[Finding]:
    """Leftovers on slides, each at the note line that holds it (else its slide's line)."""
    sources = list(note_texts(doc.blocks)) if doc is not None else []
    findings: list[Finding] = []
    for number, slide in enumerate(deck.slides, 1):
        for text in slide_texts(slide):
            for name, pattern in LEAKED_MARKUP.items():
                if found := pattern.search(text):
                    line = next((n for n, source in sources if found.group() in source),
                                slide.source_line)
                    where = f"slide {number}: {name} in {_excerpt(text, found.start())!r}"
                    findings.append(Finding("markup", line, where))
    return findings


def _excerpt(text: str, at: int) -> str:
    start = max(0, at - 20)
    return ("…" if start else "") + text[start:at + 30].replace("\n", " ")


def note_texts(blocks: list[Block]) -> Iterator[tuple[int | None, str]]:
    """(line, text) of every block and what it holds, pictures left out."""
    stack: list[tuple[object, int | None]] = [(b, None) for b in reversed(blocks)]
    while stack:
        node, line = stack.pop()
        line = getattr(node, "line", line)
        if isinstance(node, Image):
            continue
        if isinstance(node, SpeakerNotes | Span):
            yield line, node.text
        elif isinstance(node, str) and node.strip():
            yield line, node
        elif isinstance(node, list):
            stack.extend((item, line) for item in reversed(node))
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            for name in reversed(_field_names(type(node))):
                if name in ("text", "spans", "blocks", "items", "header", "rows",
                            "title") or isinstance(node, Heading):
                    stack.append((getattr(node, name), line))


def slide_texts(slide: Slide, alt: bool = False) -> list[str]:
    """The text of each paragraph, cell and line on a slide (code left out unless `alt`:
    code may show any syntax); with `alt`, pictures' alt text and code too."""
    texts: list[str] = []
    for shape in [slide.title, slide.kicker, *slide.shapes]:
        if shape is None or (isinstance(shape, CodeBlock) and not alt):
            continue
        texts.extend(_texts(shape, alt))
    return texts


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """A model class's field names (dataclasses.fields builds them anew on every call)."""
    return tuple(field.name for field in dataclasses.fields(kind))


def _texts(shape: object, alt: bool) -> list[str]:
    """Paragraph-like groups of runs anywhere in a shape (any shape kind, present or future)."""
    out: list[str] = []
    stack: list[object] = [shape]
    while stack:
        node = stack.pop()
        if isinstance(node, list) and node and all(isinstance(r, Run) for r in node):
            # an equation is shown as itself: its TeX counts as shown, never as leaked markup
            out.append("".join(r.math.tex if alt and r.math else r.text
                               for r in node if alt or not r.code))
        elif isinstance(node, list | tuple):
            stack.extend(reversed(node))
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            for name in _field_names(type(node)):
                value = getattr(node, name)
                if name in ("alt", "source", "text", "tex") and isinstance(value, str):
                    if alt:
                        out.append(value)
                elif not isinstance(value, str | int | float | bool | bytes) and value is not None:
                    stack.append(value)
    return out
