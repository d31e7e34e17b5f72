"""GitBook's block tags on lines of their own (`read/gitbook` says which tags are GitBook's),
shown as GitBook shows them, in the tokens the other dialects' rules make:

- `{% hint style="warning" %}` … `{% endhint %}`: a callout of that kind (a `callout-*` div),
  its Markdown parsed as blocks, a heading in it its title;
- `{% tabs %}`/`{% tab title="Python" %}`: each tab's content led by its title in bold
  (Hugo's tab tokens), a changelog update by its date; steppers, content references and
  API descriptions: their content;
- `{% code title="client.py" %}` around a fence: the code captioned with its title;
- `{% embed url="…" %}caption{% endembed %}`: a line with the link, then the caption (an
  integration's `{% @figma/embed url="…" %}` too);
- `{% columns %}`/`{% column %}`: columns side by side (pandoc's `columns` divs);
- `{% file src="…" %}`, `{% swagger method="get" path="/x" %}` (and `openapi`): a line
  naming the file, or the method and path, then what the tag holds;
- `{% include "../.gitbook/includes/x.md" %}`: that file's text, spliced in.

A closing tag without its opening shows nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.document import Attributes
from slidegen.parse.attrs import token_attributes
from slidegen.parse.lines import line_text
from slidegen.parse.shortcodes import Shortcode
from slidegen.read.gitbook import PAIRED, GitbookTag, gitbook_tag
from slidegen.regex import lazy_compile

__all__ = ["gitbook_plugin"]


def gitbook_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("code", "gitbook", _gitbook_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _gitbook_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = line_text(state, start)
    if not text.startswith("{%") or (tag := gitbook_tag(text)) is None:
        return False
    if silent:
        return True
    close = _closing_line(state, start, end, tag.name) if tag.name in PAIRED else None
    inner = (start + 1, close if close is not None else start + 1)
    _SHOWN.get(tag.name, _unwrapped)(state, tag, start, inner)
    state.line = (close if close is not None else start) + 1
    return True


def _closing_line(state: StateBlock, start: int, end: int, name: str) -> int | None:
    """The line of `{% endname %}` at the same nesting, if there is one."""
    depth = 0
    for number in range(start + 1, end):
        found = gitbook_tag(line_text(state, number)) if "{%" in line_text(state, number) \
            else None
        if found is None or found.name not in (name, f"end{name}"):
            continue
        if found.name == name:
            depth += 1
        elif depth == 0:
            return number
        else:
            depth -= 1
    return None


Inner = tuple[int, int]  # the lines between a tag and its closing tag


def _blocks(state: StateBlock, inner: Inner) -> None:
    """The Markdown between a tag and its closing tag, parsed as blocks."""
    first, last = inner
    if first >= last:
        return
    old_limit = state.lineMax
    state.lineMax = last
    state.md.block.tokenize(state, first, last)
    state.lineMax = old_limit


def _unwrapped(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    """Tags that only arrange their content (tabs, steppers, content references), and
    closing tags on their own: the content, without a word."""
    _blocks(state, inner)


def _div(classes: list[str], values: dict[str, str] | None = None) -> Callable[
        [StateBlock, GitbookTag, int, Inner], None]:
    def shown(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
        token = state.push("div_open", "div", 1)
        token.meta = {"attrs": Attributes(classes=list(classes), values=dict(values or {})),
                      "title": ""}
        token.map = [start, inner[1] + 1]
        _blocks(state, inner)
        state.push("div_close", "div", -1)
    return shown


def _hint(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    """A hint is a callout of its style: `callout-info`, `callout-success`... (the theme
    classes callouts are read from)."""
    style = re.sub(r"[^\w-]", "", tag.arg("style").lower()) or "info"
    _div([f"callout-{style}"])(state, tag, start, inner)


def _column(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    width = tag.arg("width")
    _div(["column"], {"width": width} if width else None)(state, tag, start, inner)


def _tab(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    """A tab as Hugo's `{{< tab "Python" >}}`: its title leads its content, in bold; a
    changelog's `{% update date="2024-05-01" %}` is led by its date the same way."""
    code = Shortcode(name="tab", named={"title": tag.arg("title") or tag.arg("date")})
    token = state.push("shortcode_open", "", 1)
    token.map = [start, start + 1]
    token.meta = {"shortcode": code}
    _blocks(state, inner)
    state.push("shortcode_close", "", -1).meta = {"shortcode": code}


def _code(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    """The code inside, captioned with the tag's title (as a fence's `title=` is)."""
    first_token = len(state.tokens)
    _blocks(state, inner)
    title = tag.arg("title")
    for token in state.tokens[first_token:]:
        if title and token.type in ("fence", "code_block"):
            old = token_attributes(token)
            attrs = Attributes(values={"title": title})
            token.meta = {**(token.meta or {}), "attrs": old.merged(attrs) if old else attrs}


_EMBED_SITES = {"youtube.com": "YouTube", "youtu.be": "YouTube", "vimeo.com": "Vimeo",
                "github.com": "GitHub", "gist.github.com": "Gist", "figma.com": "Figma",
                "codepen.io": "CodePen", "loom.com": "Loom", "twitter.com": "Tweet",
                "x.com": "Tweet", "drive.google.com": "Google Drive"}


def _embed(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    """A line with the link (labelled by its site, as video lines are), then the caption."""
    url = tag.arg("url")
    if url:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        label = _EMBED_SITES.get(host) or _EMBED_SITES.get(host.partition(".")[2]) or "Link"
        _line(state, start, f"{label}: <{url}>" if " " not in url else f"{label}: {url}")
    _blocks(state, inner)


def _file(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    """A line naming the file (it is for download, not for a slide), then its caption."""
    name = PurePosixPath(tag.arg("src")).name or tag.arg("src")
    _line(state, start, f"File: {_escaped(name)}")
    _blocks(state, inner)


def _operation(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    """`{% swagger method="get" path="/users/{id}" summary="…" %}` (or `openapi`): the method
    and path in code, its summary, then its description, parameters and responses."""
    method, path = tag.arg("method").upper(), tag.arg("path")
    words = [f"**{_escaped(method)}**" if method else "", _code_span(path) if path else "",
             f"— {_escaped(tag.arg('summary'))}" if tag.arg("summary") else ""]
    if not method and not path and tag.arg("src"):
        words = [f"API: {_escaped(PurePosixPath(tag.arg('src')).name)}"]
    if any(words):
        _line(state, start, " ".join(word for word in words if word))
    _blocks(state, inner)


def _parameter(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    """A parameter: its name in code, where and what it is, then its description."""
    facts = [tag.arg("in"), tag.arg("type"), "required" if tag.arg("required") == "true" else ""]
    said = ", ".join(_escaped(fact) for fact in facts if fact)
    _line(state, start, " ".join(filter(None, [_code_span(tag.arg("name")),
                                               f"({said})" if said else ""])))
    _blocks(state, inner)


def _response(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    status, said = tag.arg("status"), tag.arg("description")
    _line(state, start, " ".join(filter(None, [f"**{_escaped(status)}**" if status else "",
                                               _escaped(said)])))
    _blocks(state, inner)


def _include(state: StateBlock, tag: GitbookTag, start: int, inner: Inner) -> None:
    """Reusable content: the file's text, as Quarto's `{{< include >}}` splices it."""
    token = state.push("shortcode", "", 0)
    token.map = [start, start + 1]
    token.meta = {"shortcode": Shortcode(name="include", args=[tag.path])}


_SHOWN: dict[str, Callable[[StateBlock, GitbookTag, int, Inner], None]] = {
    "hint": _hint, "tab": _tab, "update": _tab, "code": _code, "embed": _embed,
    "integration": _embed, "file": _file,
    "columns": _div(["columns"]), "column": _column, "swagger": _operation,
    "openapi": _operation, "openapi-operation": _operation, "swagger-parameter": _parameter,
    "swagger-response": _response, "include": _include,
}


def _line(state: StateBlock, start: int, markdown: str) -> None:
    """A paragraph of one line of Markdown, for a tag that stands for a line of text."""
    if not markdown.strip():
        return
    state.push("paragraph_open", "p", 1).map = [start, start + 1]
    inline = state.push("inline", "", 0)
    inline.content = markdown
    inline.map = [start, start + 1]
    inline.children = []
    state.push("paragraph_close", "p", -1)


_PUNCTUATION = lazy_compile(r"([!-/:-@\[-`{-~])")


def _escaped(text: str) -> str:
    """Text from a tag's argument, shown as written (its punctuation is not Markdown)."""
    return _PUNCTUATION.sub(r"\\\1", text)


def _code_span(text: str) -> str:
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks} {text} {ticks}" if text.startswith("`") or text.endswith("`") else \
        f"{ticks}{text}{ticks}"
