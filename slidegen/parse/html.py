"""Raw HTML through the stdlib `HTMLParser` (which never raises on broken HTML): the tags
that matter, and the events forwarded to an `HtmlSink` (the inline parser)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Protocol

from slidegen.regex import lazy_compile

_STRAY_LT = lazy_compile(r"<(?![A-Za-z/!?])")
# `<![` that opens no CDATA section (`<![[note]]`): HTMLParser raises on it, so it is text
_NOT_CDATA = lazy_compile(r"<!\[(?!CDATA\[)")

_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "svg", "math",
              "iframe", "object", "video", "audio", "canvas", "select", "textarea"}
_WARN_TAGS = {"iframe", "object", "embed", "video", "audio", "canvas"}
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
              "source", "track", "wbr", "param"}
_BLOCK_TAGS = {"p", "div", "center", "section", "article", "header", "footer", "main", "nav",
               "aside", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
               "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "blockquote", "pre",
               "hr", "details", "summary", "address", "fieldset", "form", "picture"}
_BOLD_TAGS = {"b", "strong"}
_ITALIC_TAGS = {"i", "em", "cite", "var", "dfn"}
_CODE_TAGS = {"code", "kbd", "samp", "tt"}
_STRIKE_TAGS = {"s", "del", "strike"}

# A Vue page's bound source (VuePress, VitePress): `:src="$withBase('/logo.png')"` or
# `v-bind:src="'/logo.png'"`, a string the site serves at its root.
_BOUND_SRC = lazy_compile(r"""\s*(?:\$?withBase\(\s*)?(['"`])([^'"`]+)\1\s*\)?\s*""")


def image_src(attrs: dict[str, str | None]) -> str:
    """An `<img>`'s source: `src`, a lazy loader's `data-src`, or a Vue binding of a string."""
    src = (attrs.get("src") or attrs.get("data-src") or "").strip()
    bound = attrs.get(":src") or attrs.get("v-bind:src") or ""
    if not src and (match := _BOUND_SRC.fullmatch(bound)):
        return match.group(2).strip()
    return src


class HtmlSink(Protocol):
    """What the feed forwards HTML events to; `line` is kept current when lines are tracked."""

    line: int

    def start_tag(self, tag: str, attrs: dict[str, str | None]) -> None: ...

    def end_tag(self, tag: str) -> None: ...

    def text(self, text: str) -> None: ...

    def comment(self, data: str) -> None: ...


class _HtmlFeed(HTMLParser):
    """Forwards HTML events to an `HtmlSink`; with `base_line` set it also tracks lines."""

    def __init__(self, sink: HtmlSink) -> None:
        super().__init__(convert_charrefs=True)
        self.sink = sink
        self.base_line: int | None = None

    def feed(self, data: str) -> None:
        """Feed HTML; in long input a `<` that opens no tag is escaped first (HTMLParser
        rescans such text, which is quadratic)."""
        if len(data) > 10_000:
            data = _STRAY_LT.sub("&lt;", data)
        if "<![" in data:
            data = _NOT_CDATA.sub("&lt;![", data)
        super().feed(data)

    def _at(self) -> None:
        if self.base_line is not None:
            self.sink.line = self.base_line + self.getpos()[0] - 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._at()
        self.sink.start_tag(tag, dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._at()
        self.sink.start_tag(tag, dict(attrs))
        if tag not in _VOID_TAGS:
            self.sink.end_tag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._at()
        self.sink.end_tag(tag)

    def handle_data(self, data: str) -> None:
        self._at()
        self.sink.text(data)

    def handle_comment(self, data: str) -> None:
        self._at()
        self.sink.comment(data)
