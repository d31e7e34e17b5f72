"""A fenced or indented code block → `Code`, or a `Diagram` for mermaid/dot fences: the
fence's language and caption in every dialect's spelling, Quarto cell options and code
annotations left off, over-long lines cut with a warning; Obsidian query blocks kept as
their code with a warning; an R cell that only includes a picture is that `Image`."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.token import Token

from slidegen.document import DIAGRAM_LANGUAGES, Attributes, Code, Diagram, Image
from slidegen.parse.attrs import parse_attributes, token_attributes
from slidegen.parse.hackmd_diagrams import as_mermaid
from slidegen.parse.limits import MAX_CODE_LINE_CHARS
from slidegen.parse.shortcodes import unescaped_shortcodes
from slidegen.regex import lazy_compile


def code_block(token: Token, line: int,
               warn: Callable[[int | None, str], None]) -> Code | Diagram | Image:
    language, caption = _code_info(token)
    text = token.content[:-1] if token.content.endswith("\n") else token.content
    if token.info.startswith("{") and not token.info.startswith("{."):
        options, text = _cell_options(text)
        picture = _included_picture(text, token.info + "\n" + options, line)
        if picture is not None:
            return picture
    text = unescaped_shortcodes(_CODE_ANNOTATION.sub("", text))
    if "[!code" in text:
        text = _CODE_MARK.sub(_marked, text)
    if len(text) > MAX_CODE_LINE_CHARS and any(
        len(code_line) > MAX_CODE_LINE_CHARS for code_line in text.split("\n")
    ):
        text = "\n".join(code_line[:MAX_CODE_LINE_CHARS] for code_line in text.split("\n"))
        warn(line, f"code lines longer than {MAX_CODE_LINE_CHARS:,} characters were "
             "cut: wrap them")
    notation = DIAGRAM_LANGUAGES.get(language.lower())
    if token.type == "fence" and (mermaid := as_mermaid(language, text)) is not None:
        return Diagram(source=mermaid, notation="mermaid", line=line)  # HackMD's sequence, flow
    if language.lower() in _QUERIES:
        warn(line, f"Obsidian '{language}' block shown as its code: slidegen "
             "cannot run it; paste its result into the note to show that instead")
    if notation is not None and token.type == "fence":
        return Diagram(source=text, notation=notation, line=line)  # type: ignore[arg-type]
    return Code(text=text, language=language, line=line, caption=caption)


# Obsidian plugins' query blocks: their result exists only inside Obsidian
_QUERIES = {"dataview", "dataviewjs", "query", "tasks"}
# Quarto's code annotations: `x = 1 # <1>` is explained by item 1 of the list after the block
_CODE_ANNOTATION = lazy_compile(r"[ \t]*(?:#|//|--|%|;|<!--)[ \t]*<\d+>[ \t]*(?:-->)?[ \t]*$",
                                re.M)


# VitePress: `x = 1 // [!code ++]` marks a line added, removed, highlighted or focused
_CODE_MARK = lazy_compile(r"^(.*?)[ \t]*(?://|#|--|<!--|/\*)[ \t]*\[!code[ \t]+"
                          r"(\+\+|--|highlight|hl|focus|error|warning|word:[^\]]*)\][ \t]*"
                          r"(?:-->|\*/)?[ \t]*$", re.M)


def _marked(found: re.Match[str]) -> str:
    """A marked line without its marker; added and removed lines keep a diff's + and -."""
    sign = {"++": "+ ", "--": "- "}.get(found.group(2), "")
    return sign + found.group(1)


def _cell_options(code: str) -> tuple[str, str]:
    """A Quarto/R Markdown cell (```` ```{python} ````): its `#| echo: true` option lines, and
    its code without them."""
    lines = code.split("\n")
    options = []
    while lines and lines[0].lstrip().startswith("#|"):
        options.append(lines.pop(0))
    return "\n".join(options), "\n".join(lines)


_INCLUDE_GRAPHICS = lazy_compile(r"\s*(?:knitr::)?include_graphics\(\s*[\"']([^\"']+)[\"']"
                                 r"[^()]*\)\s*")
_FIGURE_CAPTION = lazy_compile(r"""fig[.-]cap\s*[:=]\s*(?:"([^"]*)"|'([^']*)'|([^,}\n]+))""")


def _included_picture(code: str, options: str, line: int) -> Image | None:
    """An R cell that only calls `knitr::include_graphics("x.png")` shows that picture on the
    page (its code rarely: `echo=FALSE`), captioned by `fig.cap`/`fig-cap`."""
    found = _INCLUDE_GRAPHICS.fullmatch(code)
    if found is None:
        return None
    caption = _FIGURE_CAPTION.search(options)
    text = next((g for g in caption.groups() if g is not None), "").strip() if caption else ""
    return Image(src=found.group(1), alt=text, line=line, caption=text)


_LANGUAGE = lazy_compile(r"[\w#+.-]*")
_TITLE = lazy_compile(r"""\btitle=(?:"([^"]+)"|'([^']+)'|([^\s"']+))|^\[([^\]]+)\]""")


def _code_info(token: Token) -> tuple[str, str]:
    """A fence's language and caption: ```` ```python ````, pandoc ```` ```{.python} ````,
    Quarto ```` ```{python} ````, and a following `{: file="app.py"}` (Chirpy)."""
    info = token.info.strip()
    first, _, rest = info.partition(" ")
    # `js{3,5-7}`, `ts:line-numbers`, HackMD's `c=` (line numbers): the language before them
    language = _LANGUAGE.match(first).group()  # type: ignore[union-attr]
    attrs = token_attributes(token) or Attributes()
    if rest and (named := _TITLE.search(rest)):  # `py title="train.py"`, VitePress `sh [npm]`
        attrs = attrs.merged(Attributes(values={"title": next(g for g in named.groups() if g)}))
    if info.startswith("{"):
        inner = info.strip("{}").strip()
        found = parse_attributes(inner)
        language = found.classes[0] if found.classes else (found.flags or [""])[0]
        attrs = attrs.merged(found)
    caption = next((attrs.values[key] for key in ("file", "filename", "title", "caption")
                    if attrs.values.get(key)), "")
    return language.lstrip("."), caption
