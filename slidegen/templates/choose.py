"""Which layout each slide kind uses: by placeholder types (names are localised, so they only
break ties), and a warning for every kind that has to make do with another layout."""

from __future__ import annotations

from slidegen.templates.model import TITLE_TYPES, Layout

SLIDE_KINDS = ("title", "section", "agenda", "content")
COMMON_NAMES = {
    "title": ("title slide", "title", "cover"),
    "section": ("section header", "section", "divider"),
    "agenda": ("title and content", "agenda", "content"),
    "content": ("title and content", "title only", "content"),
}
WANTED = {
    "title": "a layout with a centred title placeholder, usually named 'Title Slide'",
    "section": "a layout with a title and one text placeholder, usually named 'Section Header'",
    "agenda": "a layout with a title and one content placeholder, usually 'Title and Content'",
    "content": "a layout with a title placeholder, usually named 'Title and Content'",
}
FALLBACK = 5  # tiers from here on are another kind's layout


def _tier(kind: str, layout: Layout, height: float) -> int | None:
    """How well a layout suits a slide kind, by its placeholders: 0 best, None never. A
    content area is a body placeholder at least a third of the slide high (a section
    header's text placeholder is a line or two)."""
    types = layout.content_types
    if any(t.endswith(":vert") for t in types):
        return None
    titles = [t for t in types if t in TITLE_TYPES]
    rest = [t for t in types if t not in TITLE_TYPES]
    body = layout.body
    one_body = rest in (["obj"], ["body"]) and body is not None and (
        body.kind == "obj" or body.box.h >= height / 3)
    if kind == "title":
        if "ctrTitle" in titles and len(rest) <= 1:
            return 0
        if titles == ["title"] and rest == ["subTitle"]:
            return 1
    elif kind == "section":
        if titles == ["title"] and rest == ["body"]:
            return 1 if one_body else 0
    elif kind in ("agenda", "content"):
        if titles == ["title"] and one_body:
            return 0
        if kind == "content" and titles == ["title"] and not rest:
            return 1
        if kind == "content" and not types:
            return 2
    if titles == ["title"] and not rest:
        return FALLBACK
    if titles == ["title"] and len(rest) == 1 and rest[0] in ("obj", "body"):
        return FALLBACK + 1
    if not types:
        return FALLBACK + 2
    return None


def _name_rank(kind: str, name: str) -> int:
    name = name.strip().lower()
    for rank, common in enumerate(COMMON_NAMES[kind]):
        if name == common:
            return rank
    for rank, common in enumerate(COMMON_NAMES[kind]):
        if common in name:
            return 10 + rank
    return 99


def choose_layouts(layouts: list[Layout], source: str,
                   height: float) -> tuple[dict[str, str], list[str]]:
    """Layout part per slide kind, and the warnings for kinds that fell back."""
    chosen: dict[str, str] = {}
    warnings: list[str] = []
    for kind in SLIDE_KINDS:
        ranked = sorted(
            ((tier, _name_rank(kind, layout.name), n, layout)
             for n, layout in enumerate(layouts)
             if (tier := _tier(kind, layout, height)) is not None),
            key=lambda item: item[:3])
        if ranked:
            tier, _, _, layout = ranked[0]
        else:
            tier, layout = 9, min(layouts, key=lambda lt: len(lt.content_types))
        chosen[kind] = layout.part
        if tier >= FALLBACK:
            warnings.append(f"template {source} has no layout for {kind} slides "
                            f"({WANTED[kind]}); using '{layout.name}' instead")
    return chosen, warnings
