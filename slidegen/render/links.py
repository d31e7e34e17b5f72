"""Links from one slide to another (`ppaction://hlinksldjump`): agenda items to their section
dividers, a combined deck's agenda to each note.

A link may point forward, to a slide not drawn yet (the agenda comes before its sections), so
a run's `a:hlinkClick` is first written with the target's anchor in place of a relationship id;
once every slide exists, `resolve_jumps` relates each linking slide to its target slide and
puts the real id in. A link whose anchor names no slide is removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from slidegen.render.canvas import Canvas
from slidegen.render.opc import RT_SLIDE
from slidegen.render.xmlstr import attr, qn

__all__ = ["JUMP_ACTION", "jump_xml", "resolve_jumps"]

JUMP_ACTION = "ppaction://hlinksldjump"
_PENDING = "jump:"  # r:id prefix of a link whose target is not resolved yet


def jump_xml(anchor: str) -> str:
    """An `a:hlinkClick` jumping to the slide named `anchor`, resolved later."""
    return f'<a:hlinkClick r:id="{attr(_PENDING + anchor)}" action="{JUMP_ACTION}"/>'


def resolve_jumps(slides: Iterable[Canvas], anchors: Mapping[str, Any]) -> None:
    """Give each pending jump on `slides` a relationship to the slide part its anchor names."""
    for slide in slides:
        for hlink in slide.element.iter(qn("a:hlinkClick")):
            r_id = hlink.get(qn("r:id"), "")
            if not r_id.startswith(_PENDING):
                continue
            target = anchors.get(r_id[len(_PENDING):])
            if target is None or target is slide.part:
                hlink.getparent().remove(hlink)
                continue
            hlink.set(qn("r:id"), slide.part.relate_to(target, RT_SLIDE))
