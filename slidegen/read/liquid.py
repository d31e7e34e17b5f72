"""Jekyll's Liquid rendered as far as a note needs it, except inside code, where it is literal.

slidegen runs no templates, but it does what a post's own Liquid usually amounts to: string
variables (`assign`, `capture`, `{{ page.title }}`), picture includes (`figure.html` and the
like) and site paths. Conditionals keep all their text (their tags go silently); loops and
other tags are dropped with a warning. Every removal keeps newlines, so lines stay where they
were.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import field
from typing import Any

from slidegen.diagnostics import Diagnostics
from slidegen.read.gitbook import gitbook_tag
from slidegen.read.hackmd import hackmd_embed
from slidegen.read.video_pages import VIDEO_PAGES
from slidegen.records import record
from slidegen.regex import lazy_compile

# `{{< x >}}` and `{{% x %}}` are Hugo shortcodes, left to the parser
_LIQUID = lazy_compile(r"(?<!\{)\{%-?\s*(\w*)(?:[^%]|%(?!\}))*?-?%\}|\{\{(?![<%]).*?\}\}")
_RAW_TAG = lazy_compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_FENCE = lazy_compile(r"^(?:[ \t]*>)*[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)*(`{3,}|~{3,})(.*)$")
_BACKTICKS = lazy_compile(r"`+")


@record
class _LiquidState:
    """Where Liquid stripping is, line by line: inside raw, a comment, a capture or a code
    fence; and the variables assigned so far (`page.*` from the front matter)."""

    raw: bool = False
    comment: bool = False
    fence: str = ""  # the opening fence while inside fenced code
    variables: dict[str, str] = field(default_factory=dict)
    capture: str = ""  # the variable a `{% capture %}` in progress fills
    captured: list[str] = field(default_factory=list)
    loops: int = 0  # `{% for %}` loops open: what they list is not shown (warned once each)
    page: dict[str, Any] = field(default_factory=dict)  # the front matter, for galleries


def strip_liquid(body: str, body_line: int, diagnostics: Diagnostics,
                 page: dict[str, Any] | None = None,
                 site: Mapping[str, object] | None = None) -> str:
    """Remove Liquid the way Jekyll would render it, except inside code where text is literal.

    `{% raw %}`/`{% endraw %}` markers go (also inside code: Jekyll removes them there too,
    they are how authors escape code), their content stays; `{% comment %}` blocks go with
    their content; any other tag or `{{ output }}` is dropped with a warning.
    """
    if "{" not in body:
        return body
    state = _LiquidState(variables={**_values("page", page or {}), **_values("site", site or {})},
                         page=page or {})
    out: list[str] = []
    for index, line in enumerate(body.split("\n")):
        lineno = body_line + index
        if not state.comment and not state.raw and "highlight" in line:
            line = _highlight_fence(line, state)
        in_fence = bool(state.fence)
        if not state.comment:
            in_fence = _track_fence(_RAW_TAG.sub("", line), state)
        if "{" in line or state.comment or state.capture:
            line = _liquid_line(line, lineno, state, in_fence, diagnostics)
        out.append(line)
    if state.comment:
        diagnostics.warn(
            None, "'{% comment %}' is never closed; dropped everything after it: "
            "add '{% endcomment %}'",
        )
    return "\n".join(out)


_HIGHLIGHT = lazy_compile(r"[ \t]*\{%-?\s*highlight\s+([\w+#.-]*)[^%]*-?%\}[ \t]*")
_END_HIGHLIGHT = lazy_compile(r"[ \t]*\{%-?\s*endhighlight\s*-?%\}[ \t]*")
HIGHLIGHT_FENCE = "~~~~~~"  # tildes: the code inside may hold backtick fences of its own


def _highlight_fence(line: str, state: _LiquidState) -> str:
    """`{% highlight python linenos %}` … `{% endhighlight %}` is Jekyll's fenced code."""
    if not state.fence:
        opened = _HIGHLIGHT.fullmatch(line)
        return f"{HIGHLIGHT_FENCE}{opened.group(1)}" if opened else line
    if state.fence == HIGHLIGHT_FENCE and _END_HIGHLIGHT.fullmatch(line):
        return HIGHLIGHT_FENCE
    return line


def _track_fence(line: str, state: _LiquidState) -> bool:
    """Update fenced-code state for this line; True when the line is part of a fence."""
    match = _FENCE.match(line)
    if state.fence:
        if match and match.group(1)[0] == state.fence[0] and len(match.group(1)) >= len(
            state.fence
        ) and not match.group(2).strip():
            state.fence = ""
        return True
    if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
        state.fence = match.group(1)
        return True
    return False


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Column ranges of inline code spans on one line (backtick runs of equal length)."""
    spans: list[tuple[int, int]] = []
    runs = list(_BACKTICKS.finditer(line))
    i = 0
    while i < len(runs):
        opener = runs[i]
        closer = next(
            (j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(opener.group())),
            None,
        )
        if closer is None:
            i += 1
            continue
        spans.append((opener.start(), runs[closer].end()))
        i = closer + 1
    return spans


def _liquid_line(
    line: str, lineno: int, state: _LiquidState, in_fence: bool, diagnostics: Diagnostics
) -> str:
    code = [] if in_fence else _code_spans(line)
    out: list[str] = []

    def emit(text: str) -> None:  # captured text is kept for its variable, not shown here
        (state.captured if state.capture else out).append(text)

    pos = 0
    for match in _LIQUID.finditer(line):
        start, end = match.span()
        is_tag = match.group(0).startswith("{%")
        name = (match.group(1) or "").lower() if is_tag else ""
        if state.comment:
            if name == "endcomment":
                state.comment = False
                pos = end
            continue
        if name in ("raw", "endraw"):
            emit(line[pos:start])
            pos = end
            state.raw = name == "raw"
            continue
        if state.raw or in_fence or any(a <= start < b for a, b in code):
            continue  # literal text
        emit(line[pos:start])
        pos = end
        value = _rendered(match.group(0), name, line[end : end + 1], state)
        if value is not None:
            emit(value)
            continue
        shown = match.group(0) if len(match.group(0)) <= 60 else match.group(0)[:57] + "..."
        if name in _LOOPS:
            state.loops += 1
            diagnostics.warn(lineno, f"Liquid loop {shown} dropped with what it lists (slidegen "
                             "does not run Liquid): write the list out in Markdown")
        elif not state.loops:  # inside a loop its own warning says it
            diagnostics.warn(
                lineno,
                f"Liquid {'tag' if is_tag else 'output'} {shown} dropped (slidegen does not "
                "run Liquid): write the content out in Markdown",
            )
    if not state.comment:
        emit(line[pos:])
        if state.capture:
            state.captured.append("\n")
    return "".join(out)


# tags whose text is kept as written (every branch of a conditional) while the tag goes
_SILENT = {"if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase",
           "endcomment", "break", "continue", "post_url", "link", "seo", "feed_meta"}
_LOOPS = {"for", "tablerow"}
_ASSIGN = lazy_compile(r"\{%-?\s*assign\s+([\w.-]+)\s*=\s*(.*?)\s*-?%\}", re.S)
_CAPTURE = lazy_compile(r"\{%-?\s*capture\s+([\w.-]+)\s*-?%\}")
_OUTPUT = lazy_compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)


def _rendered(tag: str, name: str, after: str, state: _LiquidState) -> str | None:
    """What a tag or output stands for ("" for a tag that shows nothing); None when slidegen
    cannot render it (the caller warns)."""
    if tag.startswith("{%") and gitbook_tag(tag) is not None:  # GitBook's: for the parser
        return tag
    if (embed := hackmd_embed(tag)) is not None:  # `{%youtube id %}`: a line with its link
        return embed
    if name == "comment":
        state.comment = True
        return ""
    if name == "capture" and (opened := _CAPTURE.fullmatch(tag)):
        state.capture, state.captured = opened.group(1), []
        return ""
    if name == "endcapture" and state.capture:  # its lines kept, for `| markdownify`
        state.variables[state.capture] = "".join(state.captured).strip()
        state.capture = ""
        return ""
    if name in _SILENT:
        return ""
    if name in ("endfor", "endtablerow"):
        state.loops = max(0, state.loops - 1)
        return ""
    if name == "assign" and (assigned := _ASSIGN.fullmatch(tag)):
        value = _expression(assigned.group(2), state.variables)
        if value is not None:
            state.variables[assigned.group(1)] = value
            return ""
        return None
    if name == "include":
        return _include(tag, state.page)
    if tag.startswith("{{"):
        site = _site_path(tag, after)
        if site is not None:
            return site  # `{{ site.baseurl }}/x.png`, `{{ "/x.png" | relative_url }}`
        output = _OUTPUT.fullmatch(tag)
        value = _expression(output.group(1), state.variables) if output else None
        return " ".join(value.split()) if value and "\n" in value else value  # one line
    return None


_LITERAL = lazy_compile(r"\"([^\"]*)\"|'([^']*)'|(-?\d+(?:\.\d+)?)$")
_PARTS = lazy_compile(r"""(?:"[^"]*"|'[^']*'|[^|"'])+""")  # split at `|`, never inside quotes
_FILTER = lazy_compile(r"(\w+)\s*(?::\s*(\"[^\"]*\"|'[^']*'|[\w.-]+))?")


def _values(prefix: str, mapping: Mapping[str, object], depth: int = 0) -> dict[str, str]:
    """`page.title`, `page.author.name`, `site.title`, dates as YYYY-MM-DD: what `{{ … }}`
    can show of the front matter and the site's `_config.yml`."""
    found: dict[str, str] = {}
    for key, value in mapping.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dt.datetime | dt.date):
            found[name] = value.isoformat(sep=" ") if isinstance(value, dt.datetime) \
                else value.isoformat()
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            found[name] = str(value)
        elif isinstance(value, Mapping) and depth < 2:
            found.update(_values(name, value, depth + 1))
    return found


def _date(value: str, verb: str, form: str) -> str | None:
    """Liquid's and Jekyll's date filters on a YYYY-MM-DD (HH:MM:SS) value."""
    try:
        when = dt.datetime.fromisoformat(value.strip()[:19])
    except ValueError:
        return None
    forms = {"date_to_string": "%d %b %Y", "date_to_long_string": "%d %B %Y",
             "date_to_xmlschema": "%Y-%m-%dT%H:%M:%S", "date": form or "%Y-%m-%d"}
    return when.strftime(forms[verb])


def _expression(text: str, variables: dict[str, str]) -> str | None:
    """A Liquid value with simple filters: a literal, a variable or `page.x`, then
    `| relative_url`, `| append: "x"`, `| prepend: "x"`, `| upcase`... None if unknown."""
    head, *filters = [part.strip() for part in _PARTS.findall(text)] or [""]
    literal = _LITERAL.fullmatch(head)
    value = next((g for g in literal.groups() if g is not None), "") if literal else (
        variables.get(head))
    if value is None:
        return None
    for item in filters:
        found = _FILTER.fullmatch(item)
        if not found:
            return None
        verb, argument = found.group(1), found.group(2) or ""
        operand = (argument[1:-1] if argument[:1] in "\"'" else variables.get(argument, ""))
        if verb in ("append", "prepend"):
            value = value + operand if verb == "append" else operand + value
        elif verb.startswith("date"):
            if verb not in ("date", "date_to_string", "date_to_long_string",
                            "date_to_xmlschema") or (value := _date(value, verb, operand)) is None:
                return None
        elif verb in ("upcase", "downcase", "capitalize"):
            value = {"upcase": value.upper(), "downcase": value.lower(),
                     "capitalize": value.capitalize()}[verb]
        elif verb == "markdownify":  # HTML on one line: the note's lines stay where they are
            from markdown_it import MarkdownIt

            value = " ".join(MarkdownIt("commonmark").render(value).split("\n")).strip()
        elif verb not in ("relative_url", "absolute_url", "escape", "strip"):
            return None
    return value


_INCLUDE = lazy_compile(r"\{%-?\s*include\s+([\w./-]+)(.*?)-?%\}", re.S)
_ARGUMENT = lazy_compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_PICTURE_KEYS = ("image_path", "image", "src", "url", "path", "file", "img")


def _include(tag: str, page: dict[str, Any]) -> str | None:
    """`{% include figure.html image_path="/x.png" alt="…" caption="…" %}` (Minimal Mistakes
    and most themes' picture includes) as a Markdown picture; a gallery as its pictures; the
    table of contents as nothing; None for other includes."""
    found = _INCLUDE.fullmatch(tag)
    if not found:
        return None
    name = found.group(1).removesuffix(".html")
    if name in ("toc", "anchor_headings"):
        return ""
    args = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
            for m in _ARGUMENT.finditer(found.group(2))}
    if name == "gallery":
        return _gallery(page.get(args.get("id") or "gallery"), args.get("caption", ""))
    if (video := _video(name, args)) is not None:
        return video
    src = next((args[k] for k in _PICTURE_KEYS if args.get(k)), "")
    if not src or ("/" not in src and "." not in src):
        return None
    alt = args.get("alt") or args.get("description") or args.get("title") or ""
    return _picture(alt, src, args.get("caption") or args.get("title") or "")


_VIDEO_FILE = lazy_compile(r"embed/(video|audio)|video|audio")


def _video(name: str, args: dict[str, str]) -> str | None:
    """A video include as a line with its link: Minimal Mistakes' `{% include video id="…"
    provider="youtube" %}`, Chirpy's `{% include embed/youtube.html id='…' %}` (and
    bilibili, twitch), a theme's `youtube.html`; Chirpy's `embed/video.html src='/x.mp4'`
    (a file: its title and name, to be played from the site). None for other includes."""
    provider = args.get("provider", "").lower() if name == "video" else \
        name.removeprefix("embed/").removesuffix("-player").removesuffix("player").lower()
    page = VIDEO_PAGES.get(provider)
    ident = args.get("id") or args.get("video_id") or args.get("url") or ""
    if page is not None and ident:
        url = ident if ident.startswith(("http://", "https://")) else page[1].format(ident)
        return f"{page[0]}: <{url}>"
    if _VIDEO_FILE.fullmatch(name) and (src := args.get("src") or args.get("url")):
        label = "Audio" if name.endswith("audio") else "Video"
        title = args.get("title", "").strip()
        return f"{label}: {title} ({src})" if title else f"{label}: {src}"
    return None


def _gallery(items: object, caption: str) -> str | None:
    """Minimal Mistakes' `{% include gallery id="name" caption="…" %}`: the pictures listed
    under that front matter key (`image_path`, `alt`, `title`), side by side on one line, the
    caption after them; None when the key lists none (the caller warns)."""
    pictures = []
    for item in items if isinstance(items, list) else []:
        src = item.get("image_path") or item.get("url") if isinstance(item, dict) else None
        if isinstance(src, str) and src.strip():
            alt = str(item.get("alt") or "").replace("]", "")
            pictures.append(_picture(alt, src.strip(), str(item.get("title") or "")))
    if not pictures:
        return None
    return " ".join(pictures) + (f"\n\n*{caption}*" if caption.strip() else "")


_LINK = lazy_compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = lazy_compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")


def _picture(alt: str, src: str, title: str) -> str:
    """A Markdown picture; its title (the caption under it) never closes its quotes early.
    Captions in includes are Markdown (`**mount** ([출처](url))`): shown as their text."""
    title = _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", title)).replace('"', "'")
    return f'![{alt}]({src} "{title}")' if title else f"![{alt}]({src})"


_SITE_VARIABLE = lazy_compile(r"\{\{-?\s*(?:site\.(?:url|baseurl|github\.url)|base_path|"
                              r"site_url|baseurl)\s*-?\}\}")


def _site_path(output: str, after: str) -> str | None:
    """`{{ site.baseurl }}` and the like, which start a path in a note built offline: nothing
    (the site's own files are mapped from the path when pictures are found); None for other
    output, and for `{{ site.url }}` that does not start a path (prose: warned about). A path
    through a URL filter (`{{ "/x.png" | relative_url }}`) is one of `_expression`'s values."""
    if _SITE_VARIABLE.fullmatch(output):
        return "" if after in ("/", "{") else None
    return None
