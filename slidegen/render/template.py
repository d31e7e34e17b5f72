"""Decks built on a company's own .pptx/.potx: its masters, layouts, size, fonts and colours.

Rule for the look (documented in the README under Templates):

- The template's slide size is always kept; the planner plans for it (`template_theme`).
- With no theme chosen, the theme is *derived from the template*: title/body fonts from its
  font scheme (East Asian faces fall back to the default theme's Korean-capable ones when the
  template names none), colours from its colour scheme (dk1/lt1/dk2/accent1/hlink), and each
  slide keeps the master's background. Colours that would be unreadable (< 4.5:1) are replaced.
- A theme chosen explicitly (`--theme`, front matter `theme:`) wins for fonts and colours and
  paints its background; the template still gives the masters, layouts and size.

Slide kinds map onto layouts by placeholder types first and common names second:
title → a centred-title layout ("Title Slide"), section → title + one body ("Section Header"),
agenda → title + one content area ("Title and Content"), content → title only ("Title Only"),
else "Title and Content", else "Blank". A kind with no fitting layout gets a fallback and a
warning. The planned title goes into the layout's title placeholder (moved to the planned box)
so it stays editable as a real title; unused placeholders are removed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from slidegen.deck import TextBox
from slidegen.diagnostics import SlidegenError
from slidegen.render.geometry import emu
from slidegen.theme import Colors, FontPair, Fonts, Theme, contrast_ratio, with_slide_size

__all__ = [
    "TemplateDeck",
    "choose_layouts",
    "open_template",
    "template_size",
    "template_theme",
]

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_CT = ("application/vnd.openxmlformats-officedocument.presentationml."
                    "presentation.main+xml")
EMU_PER_PT = 12700
_FRAME_TYPES = {"dt", "ftr", "sldNum", "hdr", "sldImg"}  # drawn by us or not content
TITLE_TYPES = {"title", "ctrTitle"}
SLIDE_KINDS = ("title", "section", "agenda", "content")
COMMON_NAMES = {
    "title": ("title slide", "title", "cover"),
    "section": ("section header", "section", "divider"),
    "agenda": ("title and content", "agenda", "content"),
    "content": ("title only", "title and content", "content", "blank"),
}
WANTED = {
    "title": "a layout with a centred title placeholder, usually named 'Title Slide'",
    "section": "a layout with a title and one text placeholder, usually named 'Section Header'",
    "agenda": "a layout with a title and one content placeholder, usually 'Title and Content'",
    "content": "a layout with a title placeholder, usually named 'Title Only'",
}


def _read_package(path: Path) -> bytes:
    """The file's bytes, with a .potx main part relabelled so python-pptx opens it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SlidegenError(str(path), None, f"cannot read the template ({exc.strerror or exc}); "
                            "check the path") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            types = src.read("[Content_Types].xml").decode("utf-8")
            if _TEMPLATE_CT not in types:
                return data
            fixed = types.replace(_TEMPLATE_CT, _PRESENTATION_CT)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for item in src.infolist():
                    body = fixed.encode() if item.filename == "[Content_Types].xml" else (
                        src.read(item.filename))
                    dst.writestr(item, body)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError):
        raise SlidegenError(str(path), None, "not a PowerPoint file (.pptx or .potx); "
                            "save the template from PowerPoint and try again") from None


def template_size(path: str | Path) -> tuple[float, float]:
    """The template's slide size in points (width, height), read without building anything."""
    path = Path(path)
    data = _read_package(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = etree.fromstring(z.read("ppt/presentation.xml"))
    except KeyError:
        raise SlidegenError(str(path), None, "not a PowerPoint presentation or template "
                            "(no ppt/presentation.xml)") from None
    size = root.find(f"{_P}sldSz")
    if size is None:
        return 720.0, 540.0  # PowerPoint's default when the element is missing: 4:3
    return int(size.get("cx")) / EMU_PER_PT, int(size.get("cy")) / EMU_PER_PT


# -- the theme a template implies --------------------------------------------------------------


def _scheme(path: Path) -> tuple[dict[str, str], dict[str, tuple[str, str]], str | None]:
    """Colour scheme slots, major/minor (latin, ea) faces and the master's solid background."""
    return _scheme_of(Presentation(io.BytesIO(_read_package(path))))


def _scheme_of(prs: Any) -> tuple[dict[str, str], dict[str, tuple[str, str]], str | None]:
    master = prs.slide_master
    theme_root = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    colors: dict[str, str] = {}
    scheme = theme_root.find(f"{_A}themeElements/{_A}clrScheme")
    for slot in scheme if scheme is not None else []:
        name = etree.QName(slot).localname
        for child in slot:
            value = child.get("val") if etree.QName(child).localname == "srgbClr" else (
                child.get("lastClr"))
            if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
                colors[name] = value.upper()
    fonts: dict[str, tuple[str, str]] = {}
    for tag in ("majorFont", "minorFont"):
        el = theme_root.find(f"{_A}themeElements/{_A}fontScheme/{_A}{tag}")
        if el is not None:
            latin = el.find(f"{_A}latin")
            ea = el.find(f"{_A}ea")
            hangul = el.find(f"{_A}font[@script='Hang']")
            ea_face = (hangul.get("typeface") if hangul is not None else "") or (
                ea.get("typeface") if ea is not None else "")
            fonts[tag] = (latin.get("typeface", "") if latin is not None else "", ea_face or "")
    return colors, fonts, _background_of(master._element, colors)


def _background_of(element: Any, colors: dict[str, str]) -> str | None:
    """The background colour a slide master or layout sets itself (RRGGBB), or None: it sets
    none (it shows its master's), or not one colour (a picture: its text colour is left as
    it is). A theme style reference counts as its colour."""
    bg = element.find(f"{_P}cSld/{_P}bg")
    if bg is None:
        return None
    fill = bg.find(f"{_P}bgPr/{_A}solidFill")
    if fill is None:
        fill = bg.find(f"{_P}bgRef")
    if fill is None or not len(fill):
        return None
    child = fill[0]
    kind = etree.QName(child).localname
    if kind == "srgbClr":
        return child.get("val", "").upper() or None
    if kind == "schemeClr":
        value = child.get("val", "")
        return colors.get({"bg1": "lt1", "bg2": "lt2", "tx1": "dk1", "tx2": "dk2"}.get(value,
                                                                                      value))
    return None


READABLE = 4.5  # WCAG contrast for body text


def _readable(candidates: list[str | None], background: str, fallback: str) -> str:
    for color in candidates:
        if color and contrast_ratio(color, background) >= READABLE:
            return color
    return fallback


def _mix(a: str, b: str, amount: float) -> str:
    """`amount` of colour b blended into colour a."""
    ca = [int(a[i:i + 2], 16) for i in (0, 2, 4)]
    cb = [int(b[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(ca, cb, strict=True))


def _derived_colors(base: Colors, scheme: dict[str, str], bg: str | None) -> Colors:
    background = bg or scheme.get("lt1") or base.background
    light = contrast_ratio("000000", background) >= contrast_ratio("FFFFFF", background)
    ink = "000000" if light else "FFFFFF"
    text = _readable([scheme.get("dk1"), scheme.get("lt1"), base.text], background, ink)
    title = _readable([scheme.get("dk2"), scheme.get("accent1"), text], background, text)
    accent = scheme.get("accent1") or base.accent
    link = _readable([scheme.get("hlink"), accent], background, text)
    header = _readable([scheme.get("dk2"), accent], "FFFFFF", "1F2933") if light else accent
    header_text = _readable(["FFFFFF", background, "000000"], header, ink)
    return replace(
        base, background=background, text=text, title=title, accent=accent, link=link,
        muted=_readable([_mix(text, background, 0.35)], background, text),
        code_background=_mix(background, text, 0.06), code_text=text,
        callout=_mix(background, accent, 0.10), callout_text=text,
        table_header=header, table_header_text=header_text,
        table_stripe=_mix(background, text, 0.04), plate="FFFFFF",
    )


def template_theme(path: str | Path, theme: Theme | None) -> Theme:
    """The theme to plan with on this template: `theme` (explicitly chosen) on the template's
    slide size, or, when None, a theme derived from the template's fonts and colours."""
    path = Path(path)
    width, height = template_size(path)
    if theme is not None:
        return replace(with_slide_size(theme, width, height), template=str(path))
    default = Theme()
    scheme, faces, bg = _scheme(path)
    major = faces.get("majorFont", ("", ""))
    minor = faces.get("minorFont", ("", ""))
    fonts = Fonts(
        title=FontPair(major[0] or default.fonts.title.latin, major[1] or default.fonts.title.ea),
        body=FontPair(minor[0] or default.fonts.body.latin, minor[1] or default.fonts.body.ea),
        code=default.fonts.code,
    )
    colors = _derived_colors(default.colors, scheme, bg)
    dark = contrast_ratio("FFFFFF", colors.background) > contrast_ratio("000000",
                                                                        colors.background)
    derived = replace(default, name=f"template {path.name}", fonts=fonts, colors=colors,
                      draw_background=False, template=str(path), dark=dark,
                      code_style="github-dark" if dark else "xcode",
                      source=str(path))
    return with_slide_size(derived, width, height)


# -- choosing layouts --------------------------------------------------------------------------


def _placeholder_types(layout: Any) -> list[str]:
    """Types of the content placeholders (date, footer, number left out); 'vert' marks vertical."""
    types = []
    for sp in layout.placeholders:
        ph = sp._element.find(f".//{_P}nvPr/{_P}ph")
        if ph is None:
            continue
        kind = ph.get("type", "obj")
        if kind in _FRAME_TYPES:
            continue
        body_pr = sp._element.find(f".//{_A}bodyPr")
        vertical = body_pr is not None and body_pr.get("vert", "horz") not in ("horz",)
        types.append(f"{kind}:vert" if vertical else kind)
    return sorted(types)


def _tier(kind: str, types: list[str]) -> int | None:
    """How well a layout with these placeholder types suits a slide kind: 0 best, None never."""
    if any(t.endswith(":vert") for t in types):
        return None
    titles = [t for t in types if t in TITLE_TYPES]
    rest = [t for t in types if t not in TITLE_TYPES]
    if kind == "title":
        if "ctrTitle" in titles:
            return 0
    elif kind == "section":
        if titles == ["title"] and rest == ["body"]:
            return 0
    elif kind == "agenda":
        if titles == ["title"] and rest in (["obj"], ["body"]):
            return 0
    elif kind == "content":
        if titles == ["title"] and not rest:
            return 0
        if titles == ["title"] and rest in (["obj"], ["body"]):
            return 1
        if not types:
            return 2
        return None
    if titles == ["title"] and not rest:  # the fallback for title, section and agenda
        return 5
    if not types:
        return 6
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


@dataclass
class LayoutChoice:
    """Which template layout each slide kind uses, and what was missing."""

    layouts: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def choose_layouts(prs: Any, source: str = "template") -> LayoutChoice:
    """The layout for each slide kind, and a warning for every kind that had to fall back."""
    choice = LayoutChoice()
    candidates = [(layout, _placeholder_types(layout)) for master in prs.slide_masters
                  for layout in master.slide_layouts]
    for kind in SLIDE_KINDS:
        ranked = sorted(
            ((tier, _name_rank(kind, layout.name), n, layout)
             for n, (layout, types) in enumerate(candidates)
             if (tier := _tier(kind, types)) is not None),
            key=lambda item: item[:3])
        if ranked:
            tier, _, _, layout = ranked[0]
        else:
            tier, layout = 9, min((lt for lt, _ in candidates),
                                  key=lambda lt: len(_placeholder_types(lt)))
        choice.layouts[kind] = layout
        if tier >= 5:
            choice.warnings.append(
                f"template {source} has no layout for {kind} slides ({WANTED[kind]}); "
                f"using '{layout.name}' instead")
    return choice


# -- building on a template --------------------------------------------------------------------


def remove_slides(prs: Any) -> int:
    """Delete the template's own slides: their ids, the relationships to their parts (so the
    parts, their notes and media are not written), and section/custom-show lists naming them."""
    id_list = prs.slides._sldIdLst
    removed = 0
    for sld_id in list(id_list.sldId_lst):
        prs.part.rels.pop(sld_id.rId)
        id_list.remove(sld_id)
        removed += 1
    root = prs.part._element
    for ext_list in root.findall(f"{_P}extLst"):
        for ext in list(ext_list):
            if ext.find("{http://schemas.microsoft.com/office/powerpoint/2010/main}sectionLst") \
                    is not None:
                ext_list.remove(ext)
    for shows in root.findall(f"{_P}custShowLst"):
        root.remove(shows)
    return removed


def open_template(path: str | Path) -> TemplateDeck:
    """The template as a presentation with no slides, and its layout per slide kind."""
    path = Path(path)
    try:
        prs = Presentation(io.BytesIO(_read_package(path)))
    except (ValueError, KeyError) as exc:
        raise SlidegenError(str(path), None, f"cannot open the template ({exc}); save it from "
                            "PowerPoint as .pptx or .potx") from None
    removed = remove_slides(prs)
    return TemplateDeck(prs, choose_layouts(prs, path.name), removed, _scheme_of(prs)[0])


@dataclass
class TemplateDeck:
    """A template opened for building on: its layouts chosen, its example slides removed."""

    presentation: Any
    choice: LayoutChoice
    removed_slides: int = 0
    scheme: dict[str, str] = field(default_factory=dict)  # colour slot -> RRGGBB

    def layout_for(self, kind: str) -> Any:
        return self.choice.layouts.get(kind) or self.choice.layouts["content"]

    def theme_for(self, kind: str, theme: Theme) -> Theme:
        """`theme` for a slide of this kind: with colours made for its layout's own
        background where the theme's text could not be read on it (a dark section header in
        a light template). A theme that paints every slide's background needs none."""
        if theme.draw_background:
            return theme
        background = _background_of(self.layout_for(kind)._element, self.scheme)
        colors = theme.colors
        if background is None or min(contrast_ratio(colors.text, background),
                                     contrast_ratio(colors.title, background)) >= READABLE:
            return theme
        return replace(theme, colors=_derived_colors(colors, self.scheme, background))


def title_placeholder(slide: Any) -> Any | None:
    for shape in slide.placeholders:
        ph = shape._element.find(f".//{_P}nvPr/{_P}ph")
        if ph is not None and ph.get("type", "obj") in TITLE_TYPES:
            return shape
    return None


def subtitle_placeholder(slide: Any) -> Any | None:
    for shape in slide.placeholders:
        ph = shape._element.find(f".//{_P}nvPr/{_P}ph")
        if ph is not None and ph.get("type") == "subTitle":
            return shape
    return None


def fill_placeholder(shape: Any, tb: TextBox, name: str, write: Any) -> Any:
    """Move a cloned placeholder to the planned box and write the planned text into it;
    `write(tx_body)` writes the paragraphs the way the renderer does for text boxes."""
    b = tb.box
    shape.left, shape.top, shape.width, shape.height = emu(b.x), emu(b.y), emu(b.w), emu(b.h)
    shape.name = name
    tx_body = shape.text_frame._txBody
    write(tx_body)
    # the layout may set all-caps or small caps; the planner measured the text as written
    for props in tx_body.iter(f"{_A}rPr", f"{_A}endParaRPr"):
        props.set("cap", "none")
    return shape


def remove_empty_placeholders(slide: Any, keep: set[int]) -> None:
    """Placeholders we did not fill would show 'Click to add text' in PowerPoint: drop them."""
    for shape in list(slide.placeholders):
        if shape.shape_id not in keep:
            shape._element.getparent().remove(shape._element)
