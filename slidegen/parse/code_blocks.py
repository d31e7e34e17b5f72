"""A fenced or indented code block → `Code`, or a `Diagram` for mermaid/dot fences: the
fence's language and caption in every dialect's spelling, Quarto cell options and code
annotations left off, over-long lines cut with a warning; Obsidian query blocks kept as
their code with a warning."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.token import Token

from slidegen.document import DIAGRAM_LANGUAGES, Attributes, Code, Diagram
from slidegen.parse.attrs import parse_attributes, token_attributes
from slidegen.parse.limits import MAX_CODE_LINE_CHARS


def code_block(token: Token, line: int, warn: Callable[[int | None, str], None]) -> Code | Diagram:
    language, caption = _code_info(token)
    text = token.content[:-1] if token.content.endswith("\n") else token.content
    if token.info.startswith("{") and not token.info.startswith("{."):
        text = _without_cell_options(text)
    text = _CODE_ANNOTATION.sub("", text)
    if len(text) > MAX_CODE_LINE_CHARS and any(
        len(code_line) > MAX_CODE_LINE_CHARS for code_line in text.split("\n")
    ):
        text = "\n".join(code_line[:MAX_CODE_LINE_CHARS] for code_line in text.split("\n"))
        warn(line, f"code lines longer than {MAX_CODE_LINE_CHARS:,} characters were "
             "cut: wrap them")
    notation = DIAGRAM_LANGUAGES.get(language.lower())
    if language.lower() in _QUERIES:
        warn(line, f"Obsidian '{language}' block shown as its code: slidegen "
             "cannot run it; paste its result into the note to show that instead")
    if notation is not None and token.type == "fence":
        return Diagram(source=text, notation=notation, line=line)  # type: ignore[arg-type]
    return Code(text=text, language=language, line=line, caption=caption)


# Obsidian plugins' query blocks: their result exists only inside Obsidian
_QUERIES = {"dataview", "dataviewjs", "query", "tasks"}
# Quarto's code annotations: `x = 1 # <1>` is explained by item 1 of the list after the block
_CODE_ANNOTATION = re.compile(r"[ \t]*(?:#|//|--|%|;|<!--)[ \t]*<\d+>[ \t]*(?:-->)?[ \t]*$",
                              re.M)


def _without_cell_options(code: str) -> str:
    """A Quarto/R Markdown cell (```` ```{python} ````) without its `#| echo: true` options."""
    lines = code.split("\n")
    while lines and lines[0].lstrip().startswith("#|"):
        lines.pop(0)
    return "\n".join(lines)


def _code_info(token: Token) -> tuple[str, str]:
    """A fence's language and caption: ```` ```python ````, pandoc ```` ```{.python} ````,
    Quarto ```` ```{python} ````, and a following `{: file="app.py"}` (Chirpy)."""
    info = token.info.strip()
    language = info.split(maxsplit=1)[0] if info else ""
    attrs = token_attributes(token) or Attributes()
    if info.startswith("{"):
        inner = info.strip("{}").strip()
        found = parse_attributes(inner)
        language = found.classes[0] if found.classes else (found.flags or [""])[0]
        attrs = attrs.merged(found)
    caption = next((attrs.values[key] for key in ("file", "filename", "title", "caption")
                    if attrs.values.get(key)), "")
    return language.lstrip("."), caption
