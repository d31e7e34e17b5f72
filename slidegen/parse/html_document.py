"""Notes whose body is HTML (a Tistory or WordPress post saved as it was published, an
Evernote export): headings, lists, tables, code and quotes read as the Markdown they stand for.

Read as raw HTML, such a block kept only its words: its `<h3>` was no heading, its `<ol>`
no list, its `<table>` lines of cells run together. A block holding any of those elements is
converted to Markdown (markdownify) and parsed like the rest of the note. Pictures and
figures stay HTML, so their `width`, `<figcaption>` and the rest are read as everywhere else.
"""

from __future__ import annotations

import re
from typing import Any

from slidegen.regex import lazy_compile

_STRUCTURE = lazy_compile(r"<(?:h[1-6]|ol|ul|li|table|pre|blockquote)[\s>]", re.IGNORECASE)


def html_as_markdown(html: str) -> str | None:
    """The Markdown an HTML block stands for, or None when it holds no element that
    Markdown writes differently (headings, lists, tables, code, quotes)."""
    if not _STRUCTURE.search(html):
        return None
    from bs4.exceptions import ParserRejectedMarkup

    try:
        return str(_converter().convert(marks_as_tags(html)))
    except (RecursionError, ParserRejectedMarkup):  # nested past Python's stack, or markup
        return None  # the stdlib's parser refuses (`<![` that opens nothing): read as HTML


_CONVERTER: Any = None


def _converter() -> Any:
    """One converter, made when a note first needs it (markdownify imports BeautifulSoup)."""
    global _CONVERTER
    if _CONVERTER is None:
        from markdownify import MarkdownConverter

        class _Converter(MarkdownConverter):  # type: ignore[misc]
            def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
                return str(el)  # as written: its size and attributes are read later

            def convert_figure(self, el: Any, text: str, parent_tags: set[str]) -> str:
                return f"\n\n{el}\n\n"  # with its <figcaption>, read as HTML

        _CONVERTER = _Converter(heading_style="ATX", bullets="-", escape_misc=False,
                                table_infer_header=True,
                                code_language_callback=_code_language)
    return _CONVERTER


def _code_language(el: Any) -> str:
    """`<pre class="bash">`, `<pre data-ke-language="python">`, `<code class="language-go">`."""
    for node in (el, el.find("code")):
        if node is None:
            continue
        named = node.get("data-ke-language") or node.get("data-language") or ""
        classes = [c.removeprefix("language-").removeprefix("lang-")
                   for c in node.get("class") or []]
        for word in (named, *classes):
            if word and re.fullmatch(r"[\w+#.-]{1,20}", word):
                return str(word)
    return ""


# Markdown's marks written inside HTML (`<p>**굵게** 문단</p>`): kramdown reads them where
# `parse_block_html` is on, CommonMark shows them. On a slide they would be syntax, so they
# become the tags they stand for; text in <code>, <pre>, <script> and <style> is left alone.
_PARTS = lazy_compile(r"(<!--.*?-->|<(/?)(\w+)[^>]*>)", re.DOTALL)
_LITERAL = {"code", "pre", "script", "style", "kbd", "samp", "math"}
_MARKS = lazy_compile(
    r"\*\*(?=\S)(?P<b>.+?)(?<=\S)\*\*|(?<![\w\\])__(?=\S)(?P<u>.+?)(?<=\S)__(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9*\\])\*(?=[^\s*])(?P<i>.+?)(?<=[^\s*\\])\*(?![A-Za-z0-9*])"
    r"|(?<![\\`])`(?P<c>[^`\n]+)`")
_TAG_OF = {"b": "strong", "u": "strong", "i": "em", "c": "code"}


def marks_as_tags(html: str) -> str:
    """`html` with `**x**`/`__x__` as <strong>, `*x*` as <em> and `` `x` `` as <code>."""
    if not any(mark in html for mark in ("**", "__", "*", "`")):
        return html
    out: list[str] = []
    literal = 0  # open elements whose text is shown as written
    pos = 0
    for tag in _PARTS.finditer(html):
        out.append(_marked(html[pos:tag.start()]) if not literal else html[pos:tag.start()])
        out.append(tag.group(0))
        if (tag.group(3) or "").lower() in _LITERAL and not tag.group(0).endswith("/>"):
            literal = max(0, literal + (-1 if tag.group(2) else 1))
        pos = tag.end()
    out.append(_marked(html[pos:]) if not literal else html[pos:])
    return "".join(out)


def _marked(text: str) -> str:
    def tagged(found: re.Match[str]) -> str:
        kind = found.lastgroup or "b"
        inner = found.group(kind)
        return f"<{_TAG_OF[kind]}>{_marked(inner) if kind != 'c' else inner}</{_TAG_OF[kind]}>"

    return _MARKS.sub(tagged, text) if text.strip() else text
