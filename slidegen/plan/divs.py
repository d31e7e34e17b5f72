"""Fenced divs the planner gives a meaning to, and the unwrapping of all others.

`columns` (with `column` children) and `incremental` / `nonincremental` shape a slide; a div of
any other class (`::: {.content-visible}`, `::: aside`, a site's own classes) has no meaning on
a slide, so its content takes its place, as if the fences were not there.
"""

from __future__ import annotations

from slidegen.document import Block, Div

KNOWN_DIVS = frozenset({"columns", "incremental", "nonincremental"})


def meaning(div: Div) -> str | None:
    """The class of `div` the planner acts on, if it has one."""
    return next((c for c in div.classes if c in KNOWN_DIVS), None)


def unwrap_divs(blocks: list[Block]) -> list[Block]:
    """`blocks` with every div of no known meaning replaced by its content, at any depth
    outside known divs (a `column` is kept inside its `columns`)."""
    out: list[Block] = []
    work: list[Block] = list(reversed(blocks))
    while work:
        block = work.pop()
        if not isinstance(block, Div):
            out.append(block)
        elif meaning(block) is None:
            work.extend(reversed(block.blocks))
        elif meaning(block) == "columns":
            inside: list[Block] = []
            for child in block.blocks:
                if isinstance(child, Div) and "column" in child.classes:
                    inside.append(_unwrapped_inside(child))
                else:
                    inside.extend(unwrap_divs([child]))
            out.append(_with_blocks(block, inside))
        else:
            out.append(_unwrapped_inside(block))
    return out


def _unwrapped_inside(div: Div) -> Div:
    return _with_blocks(div, unwrap_divs(div.blocks))


def _with_blocks(div: Div, blocks: list[Block]) -> Div:
    return Div(div.attrs, blocks, div.line, div.title)
