"""Paragraphs and runs as DrawingML, written element by element in schema order.

`<a:ea>`, `lang` on every run, bullets and auto-numbering are all written here, in the
`a:pPr`/`a:rPr` elements. Child order follows CT_TextParagraphProperties
(lnSpc, spcBef, spcAft, buClr, buSzPct, buFont, bu*) and CT_TextCharacterProperties (ln, fill,
effect, highlight, uLn, uFill, latin, ea, cs, sym, hlinkClick) so the files stay schema-valid.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from slidegen.contrast import contrast_ratio
from slidegen.deck import FontPair, Run, TextParagraph
from slidegen.indents import hang, text_start
from slidegen.records import record
from slidegen.regex import lazy_compile
from slidegen.render.geometry import Insets, emu
from slidegen.render.links import jump_xml
from slidegen.render.mathruns import math_defaults, math_xml
from slidegen.render.opc import RT_HYPERLINK
from slidegen.render.shapes import parse_fragment
from slidegen.render.xmlstr import FRAGMENT_NS, attr, qn, text

BULLET_CHARS = ("•", "–", "◦")
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
_BAD_XML = lazy_compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@record(frozen=True)
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


def code_colour_on(code_text: str, *fills: str) -> str | None:
    """Inline code's own colour where it reads on every fill it may stand on without its
    highlight (a callout, a table cell); None (the text's colour) where it would not."""
    return code_text if all(contrast_ratio(code_text, f) >= 4.5 for f in fills) else None


def set_body(tx_body: Any, insets: Insets, anchor: str = "top", wrap: bool = True) -> None:
    """Fixed insets, wrap on, anchor; `normAutofit` only as a safety net (the planner fits)."""
    key = (insets, anchor, wrap)
    made = _BODY_CACHE.get(key)
    if made is None:
        made = _BODY_CACHE[key] = parse_fragment(
            f"<a:txBody {FRAGMENT_NS}>{_body_props(insets, anchor, wrap)}</a:txBody>")[0]
    tx_body.replace(tx_body.find(qn("a:bodyPr")), copy.deepcopy(made))


_BODY_CACHE: dict[tuple[Insets, str, bool], Any] = {}


def _body_props(insets: Insets, anchor: str, wrap: bool) -> str:
    return (f'<a:bodyPr wrap="{"square" if wrap else "none"}" lIns="{emu(insets.left)}" '
            f'tIns="{emu(insets.top)}" rIns="{emu(insets.right)}" '
            f'bIns="{emu(insets.bottom)}" rtlCol="0" anchor="{_ANCHOR.get(anchor, "t")}">'
            "<a:normAutofit/></a:bodyPr>")


def body_xml(paragraphs: list[TextParagraph], style: TextStyle, part: Any, lang: str,
             insets: Insets, anchor: str = "top", wrap: bool = True) -> str:
    """A new text box's `p:txBody` as XML: its body properties (as `set_body` sets them) and
    its paragraphs (as `write_paragraphs` writes them)."""
    return (f"<p:txBody>{_body_props(insets, anchor, wrap)}<a:lstStyle/>"
            f"{paragraphs_xml(paragraphs, style, part, lang)}</p:txBody>")


def clear_paragraphs(tx_body: Any) -> None:
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)


def write_paragraphs(tx_body: Any, paragraphs: list[TextParagraph], style: TextStyle,
                     part: Any, default_lang: str = "en-US") -> None:
    """Replace the body's paragraphs with `paragraphs`."""
    clear_paragraphs(tx_body)
    xml = paragraphs_xml(paragraphs, style, part, default_lang)
    tx_body.extend(parse_fragment(f"<a:txBody {FRAGMENT_NS}>{xml}</a:txBody>"))


def paragraphs_xml(paragraphs: list[TextParagraph], style: TextStyle, part: Any,
                   default_lang: str = "en-US") -> str:
    """The paragraphs as `a:p` XML, numbering sequences kept (at least one paragraph).

    Paragraphs are written as strings and parsed once per shape: building them element by
    element through lxml costs several times as much, and a large deck is mostly text."""
    starts = _number_starts(paragraphs)
    if not paragraphs:
        paragraphs = [TextParagraph(runs=[])]
    return "".join(_paragraph(para, style, starts.get(index), part, default_lang)
                   for index, para in enumerate(paragraphs))


def _paragraph(para: TextParagraph, style: TextStyle, start: int | None, part: Any,
               default_lang: str) -> str:
    pieces = [_paragraph_props(para, style, start)]
    math = next((run for run in para.runs if run.math is not None), None)
    if math is not None:
        pieces.append(math_defaults(style.size, math.color or style.color,
                                    math.lang or default_lang, bool(math.bold or style.bold)))
    pieces.append("</a:pPr>")
    last_lang = default_lang
    for run in para.runs:
        pieces.append(math_xml(run) if run.math is not None else _run(run, style, part))
        last_lang = run.lang or last_lang
    # the end mark sizes empty lines, so it carries the size and typefaces too
    fonts = style.fonts
    pieces.append(f'<a:endParaRPr lang="{attr(last_lang)}" sz="{_size(style.size)}" dirty="0">'
                  f'<a:latin typeface="{attr(fonts.latin)}"/><a:ea typeface="{attr(fonts.ea)}"/>'
                  f'<a:cs typeface="{attr(fonts.latin)}"/></a:endParaRPr>')
    return f"<a:p>{''.join(pieces)}</a:p>"


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


def _paragraph_props(para: TextParagraph, style: TextStyle, start: int | None) -> str:
    """`a:pPr` and its children, left open for the paragraph's equation defaults."""
    key = (para.level, para.bullet, para.align, style.line_spacing, para.space_before,
           style.bullet_color, (start, style.size) if para.bullet == "number" else None)
    made = _PPR_CACHE.get(key)
    if made is None:
        if len(_PPR_CACHE) >= _CACHE_MAX:
            _PPR_CACHE.clear()
        made = _PPR_CACHE[key] = _build_paragraph_props(para, style, start)
    return made


_PPR_CACHE: dict[tuple[object, ...], str] = {}
_CACHE_MAX = 4096


def _build_paragraph_props(para: TextParagraph, style: TextStyle, start: int | None) -> str:
    level = max(0, min(8, para.level))
    room = hang(para.bullet, level, style.size)
    indent = "0" if para.bullet == "none" else str(-emu(room))
    head = (f'<a:pPr marL="{emu(text_start(para.bullet, level, style.size))}" indent="{indent}" '
            f'lvl="{level}" algn="{_ALIGN.get(para.align, "l")}">'
            f'<a:lnSpc><a:spcPct val="{round(style.line_spacing * 100000)}"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{round(max(0.0, para.space_before) * 100)}"/></a:spcBef>')
    if para.bullet == "none":
        return head + "<a:buNone/>"
    head += (f'<a:buClr><a:srgbClr val="{attr(style.bullet_color)}"/></a:buClr>'
             '<a:buSzPct val="100000"/>')
    if para.bullet == "number":
        return head + f'<a:buAutoNum type="arabicPeriod" startAt="{max(1, start or 1)}"/>'
    return head + f'<a:buChar char="{BULLET_CHARS[level % 3]}"/>'


def _size(points: float) -> str:
    return str(max(100, round(points * 100)))


def _run(run: Run, style: TextStyle, part: Any) -> str:
    """One `a:r` per line of the run's text, joined by `a:br` for embedded newlines."""
    props = _run_props(run, style, part)
    return f"<a:br>{props}</a:br>".join(f"<a:r>{props}<a:t>{text(line)}</a:t></a:r>"
                                       for line in clean_text(run.text).split("\n"))


def _run_props(run: Run, style: TextStyle, part: Any) -> str:
    if run.link:
        color = run.color or style.link_color
    elif run.code and style.code_color:
        color = run.color or style.code_color
    else:
        color = run.color or style.color
    highlight = style.code_highlight if run.code else _mark_colour(color) if run.mark else None
    fonts = style.code_fonts if run.code else style.fonts
    key = (run.lang or "en-US", _size(style.size), bool(run.bold or style.bold),
           bool(run.italic), bool(run.link), bool(run.strike), color, highlight, fonts.latin,
           fonts.ea, run.script)
    made = _RPR_CACHE.get(key)
    if made is None:
        if len(_RPR_CACHE) >= _CACHE_MAX:
            _RPR_CACHE.clear()
        made = _RPR_CACHE[key] = _build_run_props(run, key)
    if run.link and part is not None:
        r_id = part.relate_to(run.link, RT_HYPERLINK, external=True)
        return f'{made}<a:hlinkClick r:id="{attr(r_id)}"/></a:rPr>'
    if run.jump and part is not None:
        return f"{made}{jump_xml(run.jump)}</a:rPr>"
    return made + "</a:rPr>"


# Runs of one look share one `a:rPr`: its XML is made once (left open for a link).
_RPR_CACHE: dict[tuple[object, ...], str] = {}


def _build_run_props(run: Run, key: tuple[Any, ...]) -> str:
    lang, size, bold, _, _, _, color, highlight, latin, ea, _ = key
    flags = "".join((' b="1"' if bold else "", ' i="1"' if run.italic else "",
                     ' u="sng"' if run.link else "",
                     ' strike="sngStrike"' if run.strike else "",
                     (f' baseline="{"30000" if run.script == "super" else "-25000"}"'
                      if run.script else "")))
    marked = (f'<a:highlight><a:srgbClr val="{attr(highlight)}"/></a:highlight>'
              if highlight else "")
    return (f'<a:rPr lang="{attr(lang)}" sz="{size}"{flags} dirty="0">'
            f'<a:solidFill><a:srgbClr val="{attr(color)}"/></a:solidFill>{marked}'
            f'<a:latin typeface="{attr(latin)}"/><a:ea typeface="{attr(ea)}"/>'
            f'<a:cs typeface="{attr(latin)}"/>')


def _mark_colour(text_colour: str) -> str:
    """A marker-pen yellow under dark text, a deep amber under light text (dark themes)."""
    r, g, b = (int(text_colour[i : i + 2], 16) for i in (0, 2, 4))
    return "FFE567" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "7A5A00"


def with_size(style: TextStyle, size: float) -> TextStyle:
    return replace(style, size=size)
