"""Callouts: `※` and `Note:`-style labelled paragraphs, `> [!KIND]` alerts, `::: kind`
containers."""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it.token import Token

from slidegen.document import Block, Callout, CalloutKind, Paragraph, Span
from slidegen.regex import lazy_compile

# `> [!KIND]` (GitHub alerts, plus Obsidian's callout names) → our callout kinds.
_ALERT_KINDS: dict[str, CalloutKind] = {
    "note": "note", "tip": "tip", "important": "important", "warning": "warning",
    "caution": "caution", "info": "note", "abstract": "note", "summary": "note",
    "todo": "note", "example": "note", "question": "note", "faq": "note", "help": "note",
    "hint": "tip", "success": "tip", "check": "tip", "done": "tip", "attention": "warning",
    "danger": "caution", "error": "caution", "bug": "caution", "failure": "caution",
    "quote": "quote", "cite": "quote",
}
_ALERT = lazy_compile(r"\s*\[!([\w-]+)\][+-]?[ \t]*(.*)")
# `::: tip` style containers become callouts; `::: notes` becomes speaker notes.
_CONTAINER_CALLOUTS: dict[str, CalloutKind] = {
    "note": "note", "info": "note", "tip": "tip", "important": "important",
    "warning": "warning", "caution": "caution", "danger": "caution", "success": "tip",
}
_LABELS: dict[str, CalloutKind] = {
    "note": "note", "참고": "note", "tip": "tip", "팁": "tip", "important": "important",
    "중요": "important", "warning": "warning", "주의": "warning", "caution": "caution",
}
# Theme classes that make a paragraph or quote a callout: Minimal Mistakes `.notice--info`,
# Chirpy `.prompt-tip`, Bootstrap-like `.alert-warning`, Quarto `.callout-note`.
_CLASS_KINDS: dict[str, CalloutKind] = {
    "": "note", "primary": "note", "info": "note", "note": "note", "tip": "tip",
    "success": "tip", "important": "important", "warning": "warning", "danger": "caution",
    "caution": "caution", "error": "caution",
}
# Notion exports a callout as `<aside>` whose text starts with its icon: the icon names the kind.
_EMOJI_KINDS: dict[str, CalloutKind] = {
    "💡": "tip", "✅": "tip", "✨": "tip", "ℹ": "note", "📝": "note", "📌": "important",
    "❗": "important", "‼": "important", "🔥": "important", "⚠": "warning", "🚧": "warning",
    "🚨": "caution", "⛔": "caution", "❌": "caution", "🚫": "caution", "💬": "quote",
}
_CALLOUT_CLASS = lazy_compile(r"(?:notice|prompt|alert|callout|admonition)(?:-{1,2}(\w+))?")


def callout_kind_of_word(word: str) -> CalloutKind | None:
    """A callout kind named by one word (`tip`, `warning`, `danger`, `info`...), if any."""
    word = word.lower().strip()
    return _CLASS_KINDS.get(word) or _ALERT_KINDS.get(word) if word else None


_CLASSED = "div|aside|section|p|blockquote"  # elements whose theme class makes them a callout
_HTML_OPEN = lazy_compile(
    rf"<({_CLASSED})\b[^>]*?\bclass\s*=\s*([\"'])(.*?)\2[^>]*>", re.I)
_HTML_CLOSE = lazy_compile(rf"</({_CLASSED}|admonition)\s*>", re.I)
_PLAIN_ASIDE = lazy_compile(r"<aside\s*>", re.I)
_ADMONITION = lazy_compile(r"<(admonition)\b([^>]*)>", re.I)  # MDX: Docusaurus' component
_ATTRIBUTE = lazy_compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def html_callout_opening(text: str) -> tuple[str, CalloutKind, int, str] | None:
    """An HTML tag that opens a callout: a theme's class (`<div class="notice--info">`),
    Notion's plain `<aside>` or `<Admonition type="tip" title="…">`; its tag name, the kind,
    where it ends and its title, else None."""
    found = _HTML_OPEN.match(text)
    if found:
        kind = callout_kind_of(found.group(3).split())
        return (found.group(1).lower(), kind, found.end(), "") if kind else None
    found = _ADMONITION.match(text)
    if found:
        attrs = {m.group(1).lower(): m.group(2) or m.group(3) for m in
                 _ATTRIBUTE.finditer(found.group(2))}
        kind = callout_kind_of_word(attrs.get("type", "")) or "note"
        return "admonition", kind, found.end(), attrs.get("title", "")
    found = _PLAIN_ASIDE.match(text)
    return ("aside", "note", found.end(), "") if found else None


def html_callout_closing(text: str) -> str | None:
    """The tag name of a closing tag that may end an HTML callout (`</div>`), else None."""
    found = _HTML_CLOSE.fullmatch(text)
    return found.group(1).lower() if found else None


def kind_from_icon(callout: Callout) -> None:
    """A Notion callout (`<aside>💡 text</aside>`) takes its kind from the icon its text starts
    with; the icon stays in the text."""
    first = callout.blocks[0] if callout.blocks else None
    if isinstance(first, Paragraph) and first.spans:
        callout.kind = _EMOJI_KINDS.get(first.spans[0].text.lstrip()[:1], callout.kind)


def callout_kind_of(classes: list[str]) -> CalloutKind | None:
    """The callout a theme's class names stand for (`notice--info` → note), if any."""
    for name in classes:
        match = _CALLOUT_CLASS.fullmatch(name.lower())
        if match:
            return _CLASS_KINDS.get(match.group(1) or "", "note")
    return None


_LABEL = lazy_compile(r"(note|참고|tip|팁|important|중요|warning|주의|caution)\s*[:：]\s*", re.I)


def _alert(tokens: list[Token], i: int) -> tuple[CalloutKind, str]:
    """Recognise `> [!NOTE]` (and Obsidian's `> [!tip] Title`); strip the marker line."""
    if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open":
        return "quote", ""
    inline = tokens[i + 2]
    children = inline.children or []
    if not children or children[0].type != "text":
        return "quote", ""
    match = _ALERT.fullmatch(children[0].content)
    if not match:
        return "quote", ""
    if len(children) > 1 and children[1].type not in ("softbreak", "hardbreak"):
        return "quote", ""
    children[0].content = ""
    name = match.group(1)
    title = match.group(2).strip()
    known = _ALERT_KINDS.get(name.lower())
    if known is None:  # any type is a callout in Obsidian: `> [!순서]` is titled by its type
        return "note", title or name
    return known, title


def _as_callout(paragraph: Paragraph) -> Paragraph | Callout:
    text = "".join(span.text for span in paragraph.spans)
    if text.startswith("※"):
        kind: CalloutKind = "note"
        title = ""
        cut = len(text) - len(text[1:].lstrip())
    else:
        match = _LABEL.match(text)
        if not match:
            return paragraph
        kind = _LABELS[match.group(1).lower()]
        title = match.group(1)
        cut = match.end()
    spans = _drop_chars(paragraph.spans, cut)
    body: list[Block] = [Paragraph(spans=spans, line=paragraph.line)] if spans else []
    return Callout(kind=kind, blocks=body, line=paragraph.line, title=title)


def _drop_chars(spans: list[Span], count: int) -> list[Span]:
    """Spans without their first `count` characters (a callout's label)."""
    out: list[Span] = []
    for span in spans:
        if count >= len(span.text):
            count -= len(span.text)
            continue
        text = span.text[count:]
        count = 0
        if not out:
            text = text.lstrip()
            if not text:
                continue
        out.append(replace(span, text=text))
    return out
