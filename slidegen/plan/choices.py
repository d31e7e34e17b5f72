"""A slide's own choices, which win over slidegen's: its layout and its background picture.

They come from a comment directive in the slide's body (`<!-- layout: section -->`,
`<!-- background: stars.jpg -->`) or from its heading's attributes
(`## Title {layout="two-content"}`, `## Title {.full}`, `{background-image="stars.jpg"}`).
A layout is one of slidegen's own (below, with their other spellings) or, on a template, one of
the template's layouts by name; any other name is reported with the names that exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from slidegen.document import Heading, SlideOption
from slidegen.records import record

BUILT_IN: dict[str, tuple[str, ...]] = {
    "content": ("title-and-content", "default", "auto"),
    "title-only": ("title-only",),
    "section": ("section-header", "divider"),
    "two-content": ("two-columns", "columns", "comparison"),
    "picture": ("full", "full-bleed", "image", "picture-only"),
}
_ALIASES = {alias: name for name, aliases in BUILT_IN.items() for alias in (name, *aliases)}


@record(frozen=True)
class SlideChoice:
    """What a slide asked for: a built-in layout, a template layout (its part), a background."""

    layout: str | None = None
    template_layout: str | None = None
    background: str | None = None


def normalised(name: str) -> str:
    """`Two Content`, `two_content`, `TWO-CONTENT` → `two-content`."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def built_in_on(template_layouts: dict[str, str]) -> dict[str, str]:
    """slidegen's layout names → the template's layout parts of the same name or alias."""
    by_name = {normalised(name): part for name, part in template_layouts.items()}
    found: dict[str, str] = {}
    for name, aliases in BUILT_IN.items():
        part = next((by_name[a] for a in (name, *aliases) if a in by_name), None)
        if part is not None:
            found[name] = part
    return found


def heading_options(heading: Heading) -> list[SlideOption]:
    """The choices a heading's attributes make: `{layout=...}`, `{.full}`, a background."""
    attrs = heading.attrs
    options: list[SlideOption] = []
    if attrs.values.get("layout"):
        options.append(SlideOption("layout", attrs.values["layout"], heading.line))
    elif "full" in attrs.classes or "full-bleed" in attrs.classes:
        options.append(SlideOption("layout", "picture", heading.line))
    if heading.background:
        options.append(SlideOption("background", heading.background, heading.line))
    return options


def resolve_choice(options: Sequence[SlideOption], template_layouts: dict[str, str],
                   warn: Callable[[int | None, str], None]) -> SlideChoice:
    """The slide's choice; the last of each kind wins. `template_layouts`: name → part."""
    layout = template_layout = background = None
    by_name = {normalised(name): part for name, part in template_layouts.items()}
    for option in options:
        if option.name == "background":
            background = option.value or None
            continue
        wanted = normalised(option.value)
        if wanted in by_name:
            template_layout, layout = by_name[wanted], _ALIASES.get(wanted)
        elif wanted in _ALIASES:
            layout, template_layout = _ALIASES[wanted], None
        else:
            names = [*BUILT_IN, *template_layouts]
            warn(option.line, f"layout {option.value!r} does not exist: slidegen chose one; "
                 f"use one of: {', '.join(names)}")
    return SlideChoice(layout, template_layout, background)
