"""Jekyll's Liquid removed as Jekyll would render it, except inside code, where it is literal.

slidegen does not run Liquid; every removal keeps newlines, so lines stay where they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from slidegen.diagnostics import Diagnostics

# `{{< x >}}` and `{{% x %}}` are Hugo shortcodes, left to the parser
_LIQUID = re.compile(r"(?<!\{)\{%-?\s*(\w*)(?:[^%]|%(?!\}))*?-?%\}|\{\{(?![<%]).*?\}\}")
_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_FENCE = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)*(`{3,}|~{3,})(.*)$")
_BACKTICKS = re.compile(r"`+")


@dataclass
class _LiquidState:
    """Where Liquid stripping is, line by line: inside raw, a comment or a code fence."""

    raw: bool = False
    comment: bool = False
    fence: str = ""  # the opening fence while inside fenced code


def strip_liquid(body: str, body_line: int, diagnostics: Diagnostics) -> str:
    """Remove Liquid the way Jekyll would render it, except inside code where text is literal.

    `{% raw %}`/`{% endraw %}` markers go (also inside code: Jekyll removes them there too,
    they are how authors escape code), their content stays; `{% comment %}` blocks go with
    their content; any other tag or `{{ output }}` is dropped with a warning.
    """
    if "{" not in body:
        return body
    state = _LiquidState()
    out: list[str] = []
    for index, line in enumerate(body.split("\n")):
        lineno = body_line + index
        if not state.comment and not state.raw and "highlight" in line:
            line = _highlight_fence(line, state)
        in_fence = bool(state.fence)
        if not state.comment:
            in_fence = _track_fence(_RAW_TAG.sub("", line), state)
        if "{" in line or state.comment:
            line = _liquid_line(line, lineno, state, in_fence, diagnostics)
        out.append(line)
    if state.comment:
        diagnostics.warn(
            None, "'{% comment %}' is never closed; dropped everything after it: "
            "add '{% endcomment %}'",
        )
    return "\n".join(out)


_HIGHLIGHT = re.compile(r"[ \t]*\{%-?\s*highlight\s+([\w+#.-]*)[^%]*-?%\}[ \t]*")
_END_HIGHLIGHT = re.compile(r"[ \t]*\{%-?\s*endhighlight\s*-?%\}[ \t]*")
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
            out.append(line[pos:start])
            pos = end
            state.raw = name == "raw"
            continue
        if state.raw or in_fence or any(a <= start < b for a, b in code):
            continue  # literal text
        out.append(line[pos:start])
        pos = end
        value = None if is_tag else _site_path(match.group(0), line[end : end + 1])
        if value is not None:
            out.append(value)  # `{{ site.baseurl }}/x.png`, `{{ "/x.png" | relative_url }}`
            continue
        if name == "comment":
            state.comment = True
            continue
        if name == "endcomment":
            continue
        shown = match.group(0) if len(match.group(0)) <= 60 else match.group(0)[:57] + "..."
        diagnostics.warn(
            lineno,
            f"Liquid {'tag' if is_tag else 'output'} {shown} dropped (slidegen does not run "
            "Liquid): write the content out in Markdown",
        )
    if not state.comment:
        out.append(line[pos:])
    return "".join(out)


_SITE_VARIABLE = re.compile(r"\{\{-?\s*(?:site\.(?:url|baseurl|github\.url)|base_path|"
                            r"site_url|baseurl)\s*-?\}\}")
_URL_FILTER = re.compile(r"\{\{-?\s*(['\"])(.*?)\1\s*\|\s*(?:relative_url|absolute_url|"
                         r"prepend:\s*site\.(?:baseurl|url))\s*-?\}\}")


def _site_path(output: str, after: str) -> str | None:
    """What a site-path output stands for in a note built offline: the path as written (the
    site's own files are mapped from it when pictures are found); None for other output, and
    for `{{ site.url }}` that does not start a path (prose: warned about as before)."""
    if _SITE_VARIABLE.fullmatch(output):
        return "" if after in ("/", "{") else None
    found = _URL_FILTER.fullmatch(output)
    return found.group(2) if found else None
