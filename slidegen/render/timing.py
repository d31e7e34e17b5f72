"""Click-by-click reveal as PowerPoint build animations: the slide's `p:timing`.

Written the way PowerPoint writes an "Appear" entrance: a main sequence with one `p:par` per
click (`delay="indefinite"` waits for the click); in it, the first target's effect is a
`clickEffect` and the others on the same click are `withEffect`s. Each effect is a `p:set` of
`style.visibility` to `visible` on a shape (`p:spTgt`) or on one paragraph of it (`p:txEl` /
`p:pRg`), so sub-items appear with their parent. `p:bldLst` says how each shape builds:
`build="p"` for text shown paragraph by paragraph, `animBg` for text shapes shown whole,
`p:bldGraphic` for tables. The PDF shows the finished slide: exporters ignore timing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from lxml import etree

from slidegen.deck import CodeBlock, Shape, TableShape, TextBox
from slidegen.records import record
from slidegen.render.canvas import Canvas
from slidegen.render.xmlstr import qn

__all__ = ["Target", "reveal_targets", "write_timing"]

Build = Literal["paragraphs", "text", "graphic", "none"]


@record(frozen=True)
class Target:
    """What appears on a click: a shape (by its id), or one of its paragraphs."""

    click: int
    spid: int
    paragraph: int | None = None
    build: Build = "none"


def reveal_targets(shape: Shape, spids: list[int]) -> list[Target]:
    """What of a planned shape, drawn as the shapes `spids`, appears on which click."""
    if not spids:
        return []
    if isinstance(shape, TextBox) and not shape.click:
        return [Target(p.click, spids[-1], n, "paragraphs")
                for n, p in enumerate(shape.paragraphs) if p.click]
    if not shape.click:
        return []
    build: Build = ("text" if isinstance(shape, TextBox | CodeBlock)
                    else "graphic" if isinstance(shape, TableShape) else "none")
    return [Target(shape.click, spid, None, build) for spid in spids]


def write_timing(slide: Canvas, targets: Iterable[Target]) -> None:
    """Add `p:timing` for `targets` to the slide (nothing when there are none)."""
    ordered = sorted(targets, key=lambda t: (t.click, t.spid, t.paragraph or 0))
    if not ordered:
        return
    ids = iter(range(1, 100_000))
    timing = etree.Element(qn("p:timing"))
    root = _ctn(_el(_el(timing, "p:tnLst"), "p:par"), next(ids), dur="indefinite",
                restart="never", nodeType="tmRoot")
    seq = _el(_el(root, "p:childTnLst"), "p:seq", concurrent="1", nextAc="seek")
    main = _el(_ctn(seq, next(ids), dur="indefinite", nodeType="mainSeq"), "p:childTnLst")
    clicks = sorted({t.click for t in ordered})
    for click in clicks:
        outer = _ctn(_el(main, "p:par"), next(ids), fill="hold")
        _delay(outer, "indefinite")
        inner = _ctn(_el(_el(outer, "p:childTnLst"), "p:par"), next(ids), fill="hold")
        _delay(inner, "0")
        effects = _el(inner, "p:childTnLst")
        for n, target in enumerate(t for t in ordered if t.click == click):
            _appear(effects, target, "clickEffect" if n == 0 else "withEffect", ids)
    _prev_next(seq)
    _build_list(timing, ordered)
    _insert(slide.element, timing)


def _appear(parent: Any, target: Target, node_type: str, ids: Iterable[int]) -> None:
    counter = iter(ids)
    effect = _ctn(_el(parent, "p:par"), next(counter), presetID="1", presetClass="entr",
                  presetSubtype="0", fill="hold", grpId="0", nodeType=node_type)
    _delay(effect, "0")
    behaviour = _el(_el(_el(effect, "p:childTnLst"), "p:set"), "p:cBhvr")
    _delay(_ctn(behaviour, next(counter), dur="1", fill="hold"), "0")
    shape = _el(_el(behaviour, "p:tgtEl"), "p:spTgt", spid=str(target.spid))
    if target.paragraph is not None:
        index = str(target.paragraph)
        _el(_el(shape, "p:txEl"), "p:pRg", st=index, end=index)
    names = _el(behaviour, "p:attrNameLst")
    _el(names, "p:attrName").text = "style.visibility"
    _el(_el(behaviour.getparent(), "p:to"), "p:strVal", val="visible")


def _prev_next(seq: Any) -> None:
    """Clicking back and forth steps through the sequence (what PowerPoint writes)."""
    for lst, event in (("p:prevCondLst", "onPrev"), ("p:nextCondLst", "onNext")):
        cond = _el(_el(seq, lst), "p:cond", evt=event, delay="0")
        _el(_el(cond, "p:tgtEl"), "p:sldTgt")


def _build_list(timing: Any, targets: list[Target]) -> None:
    builds: dict[int, Build] = {}
    for target in targets:
        if target.build != "none":
            builds.setdefault(target.spid, target.build)
    if not builds:
        return
    lst = _el(timing, "p:bldLst")
    for spid, build in builds.items():
        if build == "graphic":
            _el(_el(lst, "p:bldGraphic", spid=str(spid), grpId="0"), "p:bldAsOne")
        elif build == "paragraphs":
            _el(lst, "p:bldP", spid=str(spid), grpId="0", build="p")
        else:
            _el(lst, "p:bldP", spid=str(spid), grpId="0", animBg="1")


def _insert(sld: Any, timing: Any) -> None:
    """`p:timing` goes after `p:clrMapOvr` and `p:transition`, before `p:extLst`."""
    old = sld.find(qn("p:timing"))
    if old is not None:
        sld.remove(old)
    ext = sld.find(qn("p:extLst"))
    if ext is not None:
        ext.addprevious(timing)
    else:
        sld.append(timing)


def _el(parent: Any, tag: str, **attrs: str) -> Any:
    return etree.SubElement(parent, qn(tag), attrs)


def _ctn(parent: Any, ctn_id: int, **attrs: str) -> Any:
    return _el(parent, "p:cTn", id=str(ctn_id), **attrs)


def _delay(ctn: Any, delay: str) -> None:
    _el(_el(ctn, "p:stCondLst"), "p:cond", delay=delay)
