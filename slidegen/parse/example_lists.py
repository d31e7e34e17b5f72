"""pandoc's example lists: items marked `(@)` or `(@label)`, numbered 1, 2, 3… across the whole
note however many lists they are in, and `(@label)` in the text shown as its item's number.

```
(@) 첫 번째 예문.
(@good) A good example.

As (@good) shows, …      → "As (2) shows, …"
```

CommonMark has no such marker, so without this rule the items stayed one paragraph with the
markers on the slide. The items become an ordered list that starts at the running number
(lines that follow an item without a marker, indented or not, continue it, up to a blank
line). Numbers are
given as the block rules meet the items, in the note's order; the labels reach the inline
rule, which runs after every block is read, through markdown-it's `env`, so a reference may
come before its item. A `(@label)` no item defines stays as written.
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

__all__ = ["example_list_plugin"]

_ITEM = lazy_compile(r"\(@([\w-]*)\)[ \t]+(?=\S)")
_REFERENCE = lazy_compile(r"\(@([\w-]+)\)")
_OTHER_BLOCK = lazy_compile(r"[ \t]*(?:#{1,6}[ \t]|```|~~~|[-*+][ \t]|\d{1,9}[.)][ \t]|>)")


def _numbers(env: Any) -> dict[str, Any]:
    """The note's example numbering: the last number given and the labels' numbers."""
    if not isinstance(env, dict):
        return {"last": 0, "labels": {}}
    return env.setdefault("example_lists", {"last": 0, "labels": {}})


def example_list(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start) or not _ITEM.match(line_text(state, start)):
        return False
    if silent:
        return True
    numbers = _numbers(state.env)
    items: list[tuple[str, int, int]] = []  # text, first line, last line + 1
    line = start
    while line < end and not state.isEmpty(line):
        text = line_text(state, line)
        found = _ITEM.match(text)
        if found:
            numbers["last"] += 1
            if found.group(1):
                numbers["labels"].setdefault(found.group(1), numbers["last"])
            items.append((text[found.end():].strip(), line, line + 1))
        elif not _OTHER_BLOCK.match(text):
            body, first, _ = items[-1]  # a line that continues the item above
            items[-1] = (f"{body}\n{text.strip()}", first, line + 1)
        else:
            break
        line += 1
    _push_list(state, items, numbers["last"] - len(items) + 1)
    state.line = line
    return True


def _push_list(state: StateBlock, items: list[tuple[str, int, int]], first: int) -> None:
    opened = state.push("ordered_list_open", "ol", 1)
    opened.map = [items[0][1], items[-1][2]]
    opened.markup = "(@)"
    if first != 1:
        opened.attrSet("start", str(first))
    for body, begin, stop in items:
        item = state.push("list_item_open", "li", 1)
        item.map, item.markup = [begin, stop], "(@)"
        paragraph = state.push("paragraph_open", "p", 1)
        paragraph.map, paragraph.hidden = [begin, stop], True  # a tight list
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = body, [begin, stop], []
        state.push("paragraph_close", "p", -1).hidden = True
        state.push("list_item_close", "li", -1)
    state.push("ordered_list_close", "ol", -1)


def example_reference(state: StateInline, silent: bool) -> bool:
    """At the `@` of `(@label)`: markdown-it's text rule stops there, not at the `(`, which
    is still waiting in `pending`."""
    if state.src[state.pos] != "@" or not state.pending.endswith("("):
        return False
    found = _REFERENCE.match(state.src, state.pos - 1)
    number = _numbers(state.env)["labels"].get(found.group(1)) if found else None
    if found is None or number is None:
        return False
    if not silent:
        state.pending = state.pending[:-1]
        state.push("text", "", 0).content = f"({number})"
    state.pos = found.end()
    return True


def example_list_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("list", "example_list", example_list,
                          {"alt": ["reference", "blockquote"]})  # after a blank line, as pandoc
    md.inline.ruler.before("link", "example_reference", example_reference)
