"""Hugo and Quarto shortcodes: `{{< name args >}}` and `{{% name args %}}`, on their own lines or
within a line, shown as Hugo's own theme (or Quarto) would show them.

Code shortcodes (`highlight`, `code`) become fences whose body is never read as Markdown;
`figure`/`img` become pictures with their captions; `youtube`, `vimeo`, `tweet`, `gist` a line
with the link; notice/alert/admonition shortcodes callouts; Quarto's `pagebreak` a new slide and
`include` the file's text; any other shortcode is dropped with a warning and the Markdown
between its tags is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from slidegen.document import (
    Attributes,
    Block,
    Callout,
    CodeImport,
    Image,
    NoteEmbed,
    Paragraph,
    SlideBreak,
    Span,
)
from slidegen.parse.attrs import pixels
from slidegen.parse.callouts import callout_kind_of_word
from slidegen.parse.caption_text import caption_text
from slidegen.parse.lines import line_text
from slidegen.parse.math import MATH_INLINE
from slidegen.read.video_pages import VIDEO_PAGES
from slidegen.records import record
from slidegen.regex import lazy_compile

__all__ = ["Shortcode", "inline_shortcode_text", "parse_shortcode", "shortcode_blocks",
           "shortcode_callout", "shortcode_opening", "shortcodes_plugin"]

_TAG = lazy_compile(r"\{\{([<%])-?\s*(/?)\s*([\w./-]+)((?:[^}\"'`]|\"[^\"]*\"|'[^']*'|`[^`]*`"
                    r"|\}(?!\}))*?)\s*-?([>%])\}\}")
_ARG = lazy_compile(r"""([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|(\S+))"""
                    r"""|"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)""")
# `](…)` holding `{{< ref "x" >}}`, `{{< relref >}}` or a theme's `{{< absURL "x" >}}`-like one
_URL_LINK = lazy_compile(r"\]\(\s*\{\{[<%]-?\s*((?:rel)?ref|(?:abs|rel)(?:lang)?url)\s+[\"']?"
                         r"([^\"'\s}]+)[\"']?\s*-?[>%]\}\}", re.I)

CODE = {"highlight", "code", "codeblock", "prism", "syntax"}
DIAGRAMS = {"mermaid": "mermaid", "graphviz": "dot", "dot": "dot"}  # theme shortcodes
MATH = {"katex", "math", "mathjax", "tex", "latex"}
# paired shortcodes whose title leads their content as a bold line (the argument names to read)
TITLED = {"details": ("summary", "title"), "expand": ("title",), "tab": ("name", "title", "header"),
          "collapse": ("title",), "accordion": ("title",), "spoiler": ("title",)}
# paired shortcodes that only arrange their content: unwrapped without a word
UNWRAPPED = {"tabs", "tabpane", "center", "rawhtml", "raw", "html", "section", "row", "col",
             "column", "card", "cards", "blocks/section", "grid", "div"}
COLUMN_BREAK = lazy_compile(r"^\s*<-{3,}>\s*$")  # hugo-book's `{{< columns >}}` separator
FIGURES = {"figure", "img", "image", "imgproc", "picture"}
CALLOUTS = {"notice", "alert", "admonition", "callout", "hint", "note", "tip", "info", "warning",
            "danger", "caution", "important", "attention"}
INLINE_TEXT = {"ref", "relref", "param", "kbd", "abbr", "mark", "sup", "sub"}


@record
class Shortcode:
    """One shortcode tag: its name, positional and named arguments, and whether it closes."""

    name: str
    args: list[str] = field(default_factory=list)
    named: dict[str, str] = field(default_factory=dict)
    closing: bool = False
    self_closed: bool = False

    def arg(self, *keys: str, position: int | None = None) -> str:
        for key in keys:
            if self.named.get(key):
                return self.named[key]
        if position is not None and position < len(self.args):
            return self.args[position]
        return ""

    def link(self) -> tuple[str, str] | None:
        """The text and URL a video or post embed stands for."""
        name = self.name.lower()
        first = self.arg("id", "src", position=0)
        if name in ("youtube", "vimeo") and first:
            label, page = VIDEO_PAGES[name]
            return label, page.format(first)
        if name in ("tweet", "x", "twitter"):
            user = self.arg("user", position=0 if len(self.args) > 1 else None)
            tweet = self.arg("id", position=len(self.args) - 1 if self.args else None)
            if tweet:
                return "Tweet", f"https://x.com/{user or 'i'}/status/{tweet}"
        if name == "gist" and len(self.args) >= 2:
            return "Gist", f"https://gist.github.com/{self.args[0]}/{self.args[1]}"
        if name == "instagram" and first:
            return "Instagram", f"https://www.instagram.com/p/{first}/"
        if name == "video" and first and first.startswith(("http://", "https://")):
            return "Video", first  # Quarto's `{{< video https://… >}}`
        return None


_ESCAPED = lazy_compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)


def unescaped_shortcodes(code: str) -> str:
    """Hugo shows `{{</* figure src="x" */>}}` (a shortcode written about, not run) as
    `{{< figure src="x" >}}`, in code as in text."""
    return _ESCAPED.sub(r"{{\1\2\3}}", code) if "/*" in code else code


def parse_shortcode(text: str) -> Shortcode | None:
    match = _TAG.fullmatch(text.strip())
    if not match:
        return None
    _, slash, name, rest, _ = match.groups()
    code = Shortcode(name=name, closing=bool(slash))
    body = rest.strip()
    if body.endswith("/"):
        code.self_closed = True
        body = body[:-1]
    for arg in _ARG.finditer(body):
        key, dq, sq, bq, bare, pos_dq, pos_bq, pos_bare = arg.groups()
        if key:
            code.named[key.lower()] = next(v for v in (dq, sq, bq, bare, "") if v is not None)
        else:
            code.args.append(next(v for v in (pos_dq, pos_bq, pos_bare, "") if v is not None))
    return code


def shortcodes_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("normalize", "shortcode_links", _ref_links)
    md.block.ruler.before("code", "shortcode", _block_shortcode,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("text", "shortcode_inline", _inline_shortcode)


def _ref_links(state: StateCore) -> None:
    """`[text]({{< ref "post.md" >}})`: a link to the post, written as its path; a picture or
    link through a URL shortcode (`{{< absURL "img/x.png" >}}`) is the site path it names."""
    if "{{" in state.src and "](" in state.src:
        state.src = _URL_LINK.sub(_url_path, state.src)


def _url_path(match: re.Match[str]) -> str:
    name, path = match.group(1).lower(), match.group(2)
    if name.endswith("url") and "://" not in path:
        path = "/" + path.lstrip("/")  # relative to the site's root, where `static/` is served
    return f"]({path}"


def _block_shortcode(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = line_text(state, start)
    if not text.startswith("{{") or (code := parse_shortcode(text)) is None:
        return False
    if silent:
        return True
    name = code.name.lower()
    close = None if code.closing or code.self_closed else _closing_line(state, start, end, name)
    if close is not None and (name in CODE or name in DIAGRAMS or name in MATH):
        body = state.getLines(start + 1, close, state.sCount[start], True)  # indents kept
        if name in MATH:  # `{{< katex display >}}`: a display formula
            token = state.push("math_block", "math", 0)
        else:
            token = state.push("fence", "code", 0)
            token.info = DIAGRAMS.get(name) or code.arg("lang", "language", position=0)
            token.markup = "```"
        token.content = body
        token.map = [start, close + 1]
        state.line = close + 1
        return True
    if name == "columns" and close is not None:
        _columns(state, start, close)
        return True
    token = state.push("shortcode", "", 0)
    token.map = [start, start + 1]
    token.meta = {"shortcode": code}
    if close is None:
        state.line = start + 1
        return True
    # a paired shortcode around Markdown: its content is parsed as blocks of its own
    token.type = "shortcode_open"
    token.nesting = 1
    old_parent, old_limit = state.parentType, state.lineMax
    state.parentType = "shortcode"  # type: ignore[assignment]
    state.lineMax = close
    state.md.block.tokenize(state, start + 1, close)
    state.parentType, state.lineMax = old_parent, old_limit
    closer = state.push("shortcode_close", "", -1)
    closer.meta = {"shortcode": code}
    state.line = close + 1
    return True


def _columns(state: StateBlock, start: int, close: int) -> None:
    """`{{< columns >}} a <---> b {{< /columns >}}` as the columns pandoc's fenced divs make
    (`:::: columns` / `::: column`), so the slide shows them side by side."""
    breaks = [n for n in range(start + 1, close) if COLUMN_BREAK.match(line_text(state, n))]
    bounds = list(zip([start + 1, *(b + 1 for b in breaks)], [*breaks, close], strict=True))
    outer = state.push("div_open", "div", 1)
    outer.meta = {"attrs": Attributes(classes=["columns"]), "title": ""}
    outer.map = [start, close + 1]
    old_limit = state.lineMax
    for first, last in bounds:
        inner = state.push("div_open", "div", 1)
        inner.meta = {"attrs": Attributes(classes=["column"]), "title": ""}
        inner.map = [first, last]
        state.lineMax = last
        state.md.block.tokenize(state, first, last)
        state.push("div_close", "div", -1)
    state.lineMax = old_limit
    state.push("div_close", "div", -1)
    state.line = close + 1


def _closing_line(state: StateBlock, start: int, end: int, name: str) -> int | None:
    """The line of `{{< /name >}}` at the same nesting of `name`, if there is one."""
    depth = 0
    for number in range(start + 1, end):
        found = parse_shortcode(line_text(state, number))
        if found is None or found.name.lower() != name or found.self_closed:
            continue
        if found.closing:
            if depth == 0:
                return number
            depth -= 1
        else:
            depth += 1
    return None


def _inline_shortcode(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{{", state.pos):
        return False
    match = _TAG.match(state.src, state.pos, state.posMax)
    if not match or (code := parse_shortcode(match.group(0))) is None:
        return False
    if code.name.lower() in MATH and _inline_formula(state, code, match.end(), silent):
        return True
    if not silent:
        token = state.push("shortcode_inline", "", 0)
        token.meta = {"shortcode": code}
    state.pos = match.end()
    return True


def _inline_formula(state: StateInline, code: Shortcode, start: int, silent: bool) -> bool:
    """`{{< katex >}}\\lambda{{< /katex >}}` within a line: a formula (its TeX was shown)."""
    closing = _TAG.search(state.src, start, state.posMax)
    shut = parse_shortcode(closing.group(0)) if closing else None
    if closing is None or shut is None or code.closing or code.self_closed or not (
            shut.closing and shut.name.lower() == code.name.lower()):
        return False
    if not silent:
        token = state.push(MATH_INLINE, "math", 0)
        token.content = state.src[start:closing.start()]
    state.pos = closing.end()
    return True


# --- what a shortcode becomes ----------------------------------------------------------------

Warn = Callable[[int | None, str], None]


def _silent(message: str) -> None:
    """For the alt text: the caption it repeats has warned already."""


def shortcode_blocks(code: Shortcode, line: int, warn: Warn) -> list[Block]:
    """The blocks a shortcode on a line of its own stands for; a warning when it is dropped."""
    name = code.name.lower()
    if code.closing:
        warn(line, f"closing shortcode {{{{< /{code.name} >}}}} without its opening: dropped")
        return []
    if name in FIGURES:
        src = code.arg("src", "source", "path", position=0)
        if not src:
            warn(line, f"{{{{< {code.name} >}}}} without src dropped: add src=\"...\"")
            return []
        def said(message: str) -> None:
            warn(line, message)

        return [Image(src=src, alt=caption_text(code.arg("alt", "title", "caption"), _silent),
                      line=line, title=code.arg("title"),
                      caption=caption_text(code.arg("caption", "title"), said),
                      width=pixels(code.arg("width")), height=pixels(code.arg("height")))]
    found = code.link()
    if found is not None:
        label, url = found
        return [Paragraph([Span(f"{label}: "), Span(url, link=url)], line)]
    if name == "pagebreak":  # Quarto: a new page, in a deck a new slide
        return [SlideBreak(line)]
    if name == "include" and code.args:  # Quarto: the file's text, as if written here
        return [NoteEmbed(target=code.args[0], heading="", line=line, spliced=True)]
    if name == "code-import":  # VitePress `<<< file`, VuePress `@[code](file)`
        first, last = (int(code.named.get(key) or 0) for key in ("first", "last"))
        return [CodeImport(code.args[0], line, code.arg("lang"), code.arg("region"),
                           (first or 1, last) if first or last else None, code.arg("title"))]
    if name in CODE:
        warn(line, f"{{{{< {code.name} >}}}} is never closed: its code is left out; "
             f"add {{{{< /{code.name} >}}}}")
        return []
    warn(line, f"shortcode {{{{< {code.name} >}}}} dropped (slidegen cannot show it): "
         "write its content out in Markdown")
    return []


def shortcode_opening(code: Shortcode, line: int, warn: Warn) -> Callout | Paragraph | None:
    """What a paired shortcode opens: a callout (its content goes in it), or a bold lead line
    with its title (details, expand, a tab) before its unwrapped content, or nothing; a
    shortcode slidegen does not know is warned about, its content kept."""
    callout = shortcode_callout(code, line)
    if callout is not None:
        return callout
    name = code.name.lower()
    lead = code.arg(*TITLED[name], position=0) if name in TITLED else ""
    if name == "expand":
        lead = lead or "Expand"
    if lead:
        return Paragraph([Span(lead, bold=True)], line)
    if name not in TITLED and name not in UNWRAPPED:
        warn(line, f"shortcode {{{{< {code.name} >}}}} dropped (slidegen cannot show it); the "
             "text inside it is kept")
    return None


def shortcode_callout(code: Shortcode, line: int) -> Callout | None:
    """`{{% notice tip %}}`, `{{< alert title="주의" color="warning" >}}`... as a callout."""
    name = code.name.lower()
    if name not in CALLOUTS:
        return None
    # its own words first: Hugo Book's `{{< hint warning >}}` is a warning, a bare `hint` a tip
    words = [code.arg("type", "style", "color", "context", "theme", "icon"), *code.args, name]
    kind = next((k for k in map(callout_kind_of_word, words) if k), "note")
    title = code.arg("title", "header", "heading")
    if not title and len(code.args) > 1 and not callout_kind_of_word(code.args[1]):
        title = code.args[1]
    return Callout(kind=kind, blocks=[], line=line, title=title)


def inline_shortcode_text(code: Shortcode, line: int, warn: Warn) -> tuple[str, str | None]:
    """(text, link) a shortcode within a line stands for; ("", None) when it shows nothing."""
    name = code.name.lower()
    if code.closing:
        return "", None
    if name in ("ref", "relref"):
        return code.arg("path", position=0), None
    if name == "param":  # one that had a value was replaced when the note was read
        key = code.arg("name", position=0)
        warn(line, f'{{{{< param "{key}" >}}}} dropped: neither the front matter nor the '
                   "site's params have it; write the value out")
        return "", None
    found = code.link()
    if found is not None:
        return found[1], found[1]
    if name in INLINE_TEXT and code.args:
        return code.args[0], None
    if name in TITLED:  # `{{< tab "TCP" >}} text {{< /tab >}}` on one line: "TCP: text"
        lead = code.arg(*TITLED[name], position=0)
        return (f"{lead}:" if lead else ""), None
    if name in UNWRAPPED or name in CALLOUTS:  # the text between the tags is kept
        return "", None
    warn(line, f"shortcode {{{{< {code.name} >}}}} within a line dropped: write it out")
    return "", None
