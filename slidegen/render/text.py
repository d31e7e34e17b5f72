"""Paragraphs and runs as DrawingML, written element by element in schema order.

python-pptx has no API for `<a:ea>`, `lang` on every run, bullets or auto-numbering, so the
`a:pPr`/`a:rPr` elements are built here directly. Child order follows CT_TextParagraphProperties
(lnSpc, spcBef, spcAft, buClr, buSzPct, buFont, bu*) and CT_TextCharacterProperties (ln, fill,
effect, highlight, uLn, uFill, latin, ea, cs, sym, hlinkClick) so the files stay schema-valid.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from slidegen.deck import FontPair, Run, TextParagraph
from slidegen.render.geometry import BULLET_HANG, INDENT_PER_LEVEL, Insets, emu
from slidegen.render.links import mark_jump
from slidegen.render.mathruns import add_math, math_defaults
from slidegen.render.shapes import qn

BULLET_CHARS = ("•", "–", "◦")
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


@dataclass(frozen=True)
class TextStyle:
    """What a run inherits from its box: size, typefaces, colours."""

    size: float
    fonts: FontPair
    color: str
    code_fonts: FontPair
    link_color: str
    bullet_color: str
    bold: bool = False
    line_spacing: float = 1.0
    code_highlight: str | None = None
    code_color: str | None = None


def clean_text(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (lxml refuses them)."""
    return _BAD_XML.sub("", text)


def lang_of(text: str, default: str) -> str:
    """ko-KR when the text has Hangul, else `default`."""
    return "ko-KR" if _HANGUL.search(text) else default



def code_colour_on(code_text: str, *fills: str) -> str | None:
    """Inline code's own colour where it reads on every fill it may stand on without its
    highlight (a callout, a table cell); None (the text's colour) where it would not."""
    from slidegen.theme import contrast_ratio

    return code_text if all(contrast_ratio(code_text, f) >= 4.5 for f in fills) else None


def set_body(tx_body: Any, insets: Insets, anchor: str = "top", wrap: bool = True) -> None:
    """Fixed insets, wrap on, anchor; `normAutofit` only as a safety net (the planner fits)."""
    body_pr = tx_body.find(qn("a:bodyPr"))
    for key in list(body_pr.attrib):
        del body_pr.attrib[key]
    for child in list(body_pr):
        body_pr.remove(child)
    body_pr.set("wrap", "square" if wrap else "none")
    body_pr.set("lIns", str(emu(insets.left)))
    body_pr.set("tIns", str(emu(insets.top)))
    body_pr.set("rIns", str(emu(insets.right)))
    body_pr.set("bIns", str(emu(insets.bottom)))
    body_pr.set("rtlCol", "0")
    body_pr.set("anchor", _ANCHOR.get(anchor, "t"))
    etree.SubElement(body_pr, qn("a:normAutofit"))


def clear_paragraphs(tx_body: Any) -> None:
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)


def write_paragraphs(tx_body: Any, paragraphs: list[TextParagraph], style: TextStyle,
                     part: Any, default_lang: str = "en-US") -> None:
    """Replace the body's paragraphs with `paragraphs`, numbering sequences kept."""
    clear_paragraphs(tx_body)
    starts = _number_starts(paragraphs)
    if not paragraphs:
        paragraphs = [TextParagraph(runs=[])]
    for index, para in enumerate(paragraphs):
        p = etree.SubElement(tx_body, qn("a:p"))
        _paragraph_props(p, para, style, starts.get(index))
        last_lang = default_lang
        math = next((run for run in para.runs if run.math is not None), None)
        if math is not None:
            math_defaults(p[0], style.size, math.color or style.color, math.lang or default_lang,
                          bool(math.bold or style.bold))
        for run in para.runs:
            if run.math is not None:
                add_math(p, run)
            else:
                add_run(p, run, style, part)
            last_lang = run.lang or last_lang
        # the end mark sizes empty lines, so it carries the size and typefaces too
        end = etree.SubElement(p, qn("a:endParaRPr"))
        end.set("lang", last_lang)
        end.set("sz", _size(style.size))
        end.set("dirty", "0")
        etree.SubElement(end, qn("a:latin")).set("typeface", style.fonts.latin)
        etree.SubElement(end, qn("a:ea")).set("typeface", style.fonts.ea)
        etree.SubElement(end, qn("a:cs")).set("typeface", style.fonts.latin)


def _number_starts(paragraphs: list[TextParagraph]) -> dict[int, int]:
    """startAt for every numbered paragraph: the first number of the sequence it continues.

    PowerPoint continues a sequence across deeper paragraphs and breaks it when `startAt`
    differs, so items 1, 2, 3 all carry startAt=1 and a list resumed at 5 carries 5.
    """
    starts: dict[int, int] = {}
    open_seq: dict[int, tuple[int, int]] = {}  # level -> (startAt, last number)
    for index, para in enumerate(paragraphs):
        level = max(0, para.level)
        for deeper in [lv for lv in open_seq if lv > level]:
            del open_seq[deeper]
        if para.bullet != "number":
            open_seq.pop(level, None)
            continue
        seq = open_seq.get(level)
        number = para.number if para.number is not None else (seq[1] + 1 if seq else 1)
        start = seq[0] if seq and number == seq[1] + 1 else number
        open_seq[level] = (start, number)
        starts[index] = start
    return starts


def _paragraph_props(p: Any, para: TextParagraph, style: TextStyle, start: int | None) -> None:
    """`a:pPr`, copied when a paragraph of the same look was written before."""
    key = (para.level, para.bullet, para.align, style.line_spacing, para.space_before,
           style.bullet_color, start if para.bullet == "number" else None)
    cached = _PPR_CACHE.get(key)
    if cached is not None:
        p.append(copy.deepcopy(cached))
        return
    p_pr = _build_paragraph_props(p, para, style, start)
    if len(_PPR_CACHE) >= _RPR_CACHE_MAX:
        _PPR_CACHE.clear()
    _PPR_CACHE[key] = copy.deepcopy(p_pr)


_PPR_CACHE: dict[tuple[object, ...], Any] = {}


def _build_paragraph_props(p: Any, para: TextParagraph, style: TextStyle,
                           start: int | None) -> Any:
    level = max(0, min(8, para.level))
    p_pr = etree.SubElement(p, qn("a:pPr"))
    hang = BULLET_HANG if para.bullet != "none" or level > 0 else 0.0
    p_pr.set("marL", str(emu(INDENT_PER_LEVEL * level + hang)))
    p_pr.set("indent", "0" if para.bullet == "none" else str(-emu(BULLET_HANG)))
    p_pr.set("lvl", str(level))
    p_pr.set("algn", _ALIGN.get(para.align, "l"))
    ln = etree.SubElement(etree.SubElement(p_pr, qn("a:lnSpc")), qn("a:spcPct"))
    ln.set("val", str(round(style.line_spacing * 100000)))
    before = etree.SubElement(etree.SubElement(p_pr, qn("a:spcBef")), qn("a:spcPts"))
    before.set("val", str(round(max(0.0, para.space_before) * 100)))
    if para.bullet == "none":
        etree.SubElement(p_pr, qn("a:buNone"))
        return p_pr
    bu_clr = etree.SubElement(etree.SubElement(p_pr, qn("a:buClr")), qn("a:srgbClr"))
    bu_clr.set("val", style.bullet_color)
    etree.SubElement(p_pr, qn("a:buSzPct")).set("val", "100000")
    if para.bullet == "number":
        auto = etree.SubElement(p_pr, qn("a:buAutoNum"))
        auto.set("type", "arabicPeriod")
        auto.set("startAt", str(max(1, start or 1)))
    else:
        etree.SubElement(p_pr, qn("a:buChar")).set("char", BULLET_CHARS[level % 3])
    return p_pr


def _size(points: float) -> str:
    return str(max(100, round(points * 100)))


def add_run(p: Any, run: Run, style: TextStyle, part: Any) -> None:
    """One `a:r` per line of the run's text, joined by `a:br` for embedded newlines."""
    lines = clean_text(run.text).split("\n")
    for n, line in enumerate(lines):
        if n:
            _run_props(etree.SubElement(p, qn("a:br")), run, style, part)
        r = etree.SubElement(p, qn("a:r"))
        _run_props(r, run, style, part)
        etree.SubElement(r, qn("a:t")).text = line


# Runs of one look share one `a:rPr`: it is built once and copied after that (a copy of the
# small tree is several times faster than building it element by element on a large deck).
_RPR_CACHE: dict[tuple[object, ...], Any] = {}
_RPR_CACHE_MAX = 4096


def _run_props(parent: Any, run: Run, style: TextStyle, part: Any) -> None:
    if run.link:
        color = run.color or style.link_color
    elif run.code and style.code_color:
        color = run.color or style.code_color
    else:
        color = run.color or style.color
    highlight = style.code_highlight if run.code else _mark_colour(color) if run.mark else None
    fonts = style.code_fonts if run.code else style.fonts
    linked = bool(run.link and part is not None)
    jump = run.jump if part is not None and not linked else None
    key = (run.lang or "en-US", _size(style.size), bool(run.bold or style.bold),
           bool(run.italic), bool(run.link), bool(run.strike), color, highlight, fonts.latin,
           fonts.ea, run.script)
    cached = None if linked or jump else _RPR_CACHE.get(key)
    if cached is not None:
        parent.append(copy.deepcopy(cached))
        return
    r_pr = etree.SubElement(parent, qn("a:rPr"))
    r_pr.set("lang", key[0])
    r_pr.set("sz", key[1])
    if key[2]:
        r_pr.set("b", "1")
    if run.italic:
        r_pr.set("i", "1")
    if run.link:
        r_pr.set("u", "sng")
    if run.strike:
        r_pr.set("strike", "sngStrike")
    if run.script:
        r_pr.set("baseline", "30000" if run.script == "super" else "-25000")
    r_pr.set("dirty", "0")
    etree.SubElement(etree.SubElement(r_pr, qn("a:solidFill")), qn("a:srgbClr")).set("val", color)
    if highlight:
        hl = etree.SubElement(r_pr, qn("a:highlight"))
        etree.SubElement(hl, qn("a:srgbClr")).set("val", highlight)
    etree.SubElement(r_pr, qn("a:latin")).set("typeface", fonts.latin)
    etree.SubElement(r_pr, qn("a:ea")).set("typeface", fonts.ea)
    etree.SubElement(r_pr, qn("a:cs")).set("typeface", fonts.latin)
    if linked:
        r_id = part.relate_to(run.link, RT.HYPERLINK, is_external=True)
        etree.SubElement(r_pr, qn("a:hlinkClick")).set(qn("r:id"), r_id)
        return
    if jump:
        mark_jump(etree.SubElement(r_pr, qn("a:hlinkClick")), jump)
        return
    if len(_RPR_CACHE) >= _RPR_CACHE_MAX:
        _RPR_CACHE.clear()
    _RPR_CACHE[key] = copy.deepcopy(r_pr)


def _mark_colour(text_colour: str) -> str:
    """A marker-pen yellow under dark text, a deep amber under light text (dark themes)."""
    r, g, b = (int(text_colour[i : i + 2], 16) for i in (0, 2, 4))
    return "FFE567" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "7A5A00"


def with_size(style: TextStyle, size: float) -> TextStyle:
    return replace(style, size=size)
