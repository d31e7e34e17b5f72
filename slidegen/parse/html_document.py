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
    try:
        return str(_converter().convert(html))
    except RecursionError:  # elements nested past Python's stack: read as HTML, flat
        return None


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
