"""Obsidian's Markdown: `![[embeds]]`, `[[wikilinks|alias]]`, `==highlight==` and
`%%comments%%` (inline, or as blocks over several lines).

Each is a markdown-it rule; what an embed stands for (a picture, another note's text, a file
a slide cannot show) is decided here from its target's extension.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

__all__ = ["DRAWING_SUFFIXES", "IMAGE_EXTENSIONS", "embed_size", "obsidian_plugin", "split_embed",
           "wikilink_text"]

IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".avif", ".tif",
                    ".tiff", ".ico"}
DRAWING_SUFFIXES = (".excalidraw", ".excalidraw.md")  # Excalidraw plugin drawings: pictures
_EMBED = lazy_compile(r"!\[\[([^\[\]\n]+?)\]\]")
_LINK = lazy_compile(r"\[\[([^\[\]\n]+?)\]\]")


def obsidian_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("paragraph", "obsidian_comment", _block_comment,
                          {"alt": ["paragraph", "blockquote", "list"]})
    md.inline.ruler.before("image", "obsidian_embed", _embed)
    md.inline.ruler.before("link", "obsidian_link", _wikilink)
    md.inline.ruler.before("text", "obsidian_comment", _inline_comment)
    md.inline.ruler.before("text", "obsidian_mark", _mark)
    md.inline.ruler.before("text", "obsidian_block_id", _block_id)


def wikilink_text(target: str) -> str:
    """What Obsidian shows for `[[note]]`, `[[note|alias]]`, `[[note#Heading]]`, `[[#^block]]`."""
    target, _, alias = target.partition("|")
    if alias.strip():
        return alias.strip()
    page, _, heading = target.partition("#")
    page = page.strip().removesuffix(".md")
    heading = heading.strip().lstrip("^")
    if page and heading:
        return f"{page} > {heading}"
    return page or heading


def split_embed(target: str) -> tuple[str, str]:
    """`note#Heading|alias` → ("note", "Heading"); `x.png|300` → ("x.png", "300")."""
    path, _, rest = target.partition("|")
    page, _, heading = path.partition("#")
    return page.strip(), (heading or rest).strip()


def _embed(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("![[", state.pos):
        return False
    match = _EMBED.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("obsidian_embed", "", 0)
        token.content = match.group(1)
    state.pos = match.end()
    return True


def _wikilink(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _LINK.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("text", "", 0)
        token.content = wikilink_text(match.group(1))
    state.pos = match.end()
    return True


def _inline_comment(state: StateInline, silent: bool) -> bool:
    """`%%hidden%%` within a paragraph (it may run over several of its lines)."""
    if not state.src.startswith("%%", state.pos):
        return False
    end = state.src.find("%%", state.pos + 2, state.posMax)
    if end < 0:
        return False
    state.pos = end + 2
    return True


_BLOCK_ID = lazy_compile(r"\^[A-Za-z0-9-]+[ \t]*(?=\n|$)")


def _block_id(state: StateInline, silent: bool) -> bool:
    """` ^block-id` at the end of a line names the block for `![[note#^block-id]]`; Obsidian
    never shows it."""
    start = state.pos
    before = state.pending[-1:] if state.pending else state.src[start - 1 : start]
    if state.src[start] != "^" or (start and before not in (" ", "\t", "\n", "")):
        return False
    match = _BLOCK_ID.match(state.src[:state.posMax], start)
    if not match:
        return False
    if not silent:
        state.pending = state.pending.rstrip(" \t")
    state.pos = match.end()
    return True


def _mark(state: StateInline, silent: bool) -> bool:
    """`==text==`: highlighted; the text inside keeps its own formatting."""
    start = state.pos
    if not state.src.startswith("==", start) or start + 2 >= state.posMax:
        return False
    if state.src[start + 2] in " \t\n=":
        return False
    end = state.src.find("==", start + 2, state.posMax)
    while end > 0 and state.src[end - 1] in " \t\n":
        end = state.src.find("==", end + 2, state.posMax)
    if end < 0:
        return False
    if silent:  # a link's label being scanned: skip the mark (markdown-it needs pos moved)
        state.pos = end + 2
        return True
    state.push("mark_open", "mark", 1)
    old_max = state.posMax
    state.pos, state.posMax = start + 2, end
    state.md.inline.tokenize(state)
    state.posMax = old_max
    state.push("mark_close", "mark", -1)
    state.pos = end + 2
    return True


def _block_comment(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A `%%` that opens a line hides everything up to the next `%%`, blank lines included."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = line_text(state, start)
    if not first.startswith("%%"):
        return False
    if first.find("%%", 2) >= 0 and not first.rstrip().endswith("%%"):
        return False  # `%%note%% text`: an inline comment in a paragraph
    line = start
    if first.find("%%", 2) < 0:
        line = start + 1
        while line < end:
            text = line_text(state, line)
            if "%%" in text:
                break
            line += 1
    unclosed = line >= end  # Obsidian hides the rest of the note; so does slidegen, warning
    line = min(line, end - 1)
    if not silent:
        token = state.push("obsidian_comment", "", 0)
        token.map = [start, line + 1]
        token.meta = {"unclosed": unclosed}
    state.line = line + 1
    return True


_EMBED_SIZE = lazy_compile(r"(?:(.*?)\|)?\s*(\d+)(?:\s*x\s*(\d+))?\s*")


def embed_size(text: str) -> tuple[str, float | None, float | None]:
    """`![[x.png|300]]`, `|300x200`, `|alt|300`: the alt text and the size, in pixels."""
    match = _EMBED_SIZE.fullmatch(text)
    if not match:
        return text, None, None
    height = float(match.group(3)) if match.group(3) else None
    return (match.group(1) or "").strip(), float(match.group(2)) or None, height
