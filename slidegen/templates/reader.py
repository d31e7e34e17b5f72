"""Read a template for planning, with zipfile and lxml only: slide size, colour and font
schemes, each layout's placeholders (box and inherited text look) and its artwork.

Text looks are inherited the way PowerPoint inherits them: the master's text styles (title,
body, other), then the master's placeholder of that type, then the layout's placeholder.
"""

from __future__ import annotations

from dataclasses import fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from slidegen.deck import Box
from slidegen.diagnostics import SlidegenError
from slidegen.templates.choose import choose_layouts
from slidegen.templates.colors import A, P, Palette, color_map
from slidegen.templates.model import Artwork, Layout, Placeholder, Template, TextLook
from slidegen.templates.package import TemplatePackage

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
EMU_PER_PT = 12700
MIN_SIZE, MAX_SIZE = 914400, 51206400  # EMU: the schema's limits for a slide side
FULL_SLIDE = 0.95  # a shape this much of the slide's width and height is a background
_ALIGN = {"l": "left", "ctr": "center", "r": "right", "just": "left", "dist": "left"}
_ANCHOR = {"t": "top", "ctr": "middle", "b": "bottom"}
_STYLE_OF = {"title": "titleStyle", "ctrTitle": "titleStyle", "dt": "otherStyle",
             "ftr": "otherStyle", "sldNum": "otherStyle", "hdr": "otherStyle"}


def read_template(path: str | Path) -> Template:
    """The template at `path`, read once per file version (size and time stamp)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise SlidegenError(str(path), None, f"cannot read the template "
                            f"({exc.strerror or exc}); check the path") from None
    return _read(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _read(path: str, size: int, mtime: int) -> Template:
    return _Reader(TemplatePackage(Path(path))).template()


def clean_package(path: str | Path) -> bytes:
    """The template as a plain .pptx with no slides and no macros (what the renderer opens)."""
    read_template(path)  # refuse an unusable file with the reader's message first
    return TemplatePackage(Path(path)).clean_package()


class _Reader:
    def __init__(self, pkg: TemplatePackage) -> None:
        self.pkg = pkg
        self.name = pkg.path.name

    def refuse(self, message: str) -> SlidegenError:
        return SlidegenError(str(self.pkg.path), None, message)

    def template(self) -> Template:
        pres = self.pkg.xml(self.pkg.main)
        width, height, size_type = self._size(pres)
        masters = [self.pkg.rels(self.pkg.main).get(el.get(R_ID, ""), ("", ""))[1]
                   for el in pres.iter(f"{P}sldMasterId")]
        masters = [m for m in masters if m and self.pkg.has(m)]
        if not masters:
            raise self.refuse("the template has no slide master; save it from PowerPoint "
                              "(View > Slide Master) as .potx")
        layouts: list[Layout] = []
        first: dict[str, Any] = {}
        for master in masters:
            info = self._master(master, width, height)
            first = first or info
            layouts.extend(self._layouts(master, info, width, height))
        if not layouts:
            raise self.refuse("the template's slide master has no layouts; add layouts in "
                              "PowerPoint (View > Slide Master) and save it again")
        palette: Palette = first["palette"]
        chosen, warnings = choose_layouts(layouts, self.name, height)
        return Template(
            path=str(self.pkg.path), width=width, height=height, size_type=size_type,
            colors=dict(palette.scheme), major=first["major"], minor=first["minor"],
            master_background=first["background"], title_look=first["styles"]["titleStyle"],
            body_look=first["styles"]["bodyStyle"], layouts=tuple(layouts), chosen=chosen,
            warnings=tuple(warnings))

    def _size(self, pres: Any) -> tuple[float, float, str | None]:
        size = pres.find(f"{P}sldSz")
        if size is None:
            return 720.0, 540.0, None  # PowerPoint's default when the element is missing
        try:
            cx, cy = int(size.get("cx", "")), int(size.get("cy", ""))
        except ValueError:
            cx = cy = 0
        if not (MIN_SIZE <= cx <= MAX_SIZE and MIN_SIZE <= cy <= MAX_SIZE):
            raise self.refuse(f"the template's slide size ({size.get('cx')} x "
                              f"{size.get('cy')} EMU) is not a valid size; set it in "
                              "PowerPoint (Design > Slide Size) and save it again")
        return cx / EMU_PER_PT, cy / EMU_PER_PT, size.get("type")

    # -- masters ----------------------------------------------------------------------------

    def _master(self, part: str, width: float, height: float) -> dict[str, Any]:
        root = self.pkg.xml(part)
        theme = next(iter(self.pkg.related(part, "theme")), None)
        theme_root = self.pkg.xml(theme) if theme else None
        scheme, major, minor = _theme_schemes(theme_root)
        palette = Palette(scheme, color_map(root.find(f"{P}clrMap")))
        fonts = {"+mj-lt": major[0], "+mn-lt": minor[0], "+mj-ea": major[1],
                 "+mn-ea": minor[1]}
        styles = {}
        for tag in ("titleStyle", "bodyStyle", "otherStyle"):
            el = root.find(f"{P}txStyles/{P}{tag}")
            base = TextLook(color=palette.color(_el("a:schemeClr", val="tx1")))
            styles[tag] = _merge(base, _look(el, palette, fonts))
        info = {"root": root, "palette": palette, "fonts": fonts, "styles": styles,
                "major": major, "minor": minor}
        info["background"] = _background(root, palette)
        info["placeholders"] = {ph.kind: (ph, el) for ph, el in self._placeholders(
            root, palette, fonts, styles, {}, width, height)}
        info["artwork"] = _artwork(root, palette, width, height)
        return info

    def _layouts(self, master: str, info: dict[str, Any], width: float,
                 height: float) -> list[Layout]:
        root = info["root"]
        rels = self.pkg.rels(master)
        out = []
        for entry in root.iter(f"{P}sldLayoutId"):
            part = rels.get(entry.get(R_ID, ""), ("", ""))[1]
            if not part or not self.pkg.has(part):
                continue
            out.append(self._layout(part, info, width, height))
        return out

    def _layout(self, part: str, info: dict[str, Any], width: float, height: float) -> Layout:
        root = self.pkg.xml(part)
        palette = info["palette"].with_map(color_map(root.find(f"{P}clrMapOvr")))
        c_sld = root.find(f"{P}cSld")
        name = c_sld.get("name", "") if c_sld is not None else ""
        placeholders = tuple(ph for ph, _ in self._placeholders(
            root, palette, info["fonts"], info["styles"], info["placeholders"], width, height))
        own = _background(root, palette)
        background = own or info["background"]
        artwork: list[Artwork] = []
        if root.get("showMasterSp", "1") not in ("0", "false"):
            artwork.extend(info["artwork"])
        artwork.extend(_artwork(root, palette, width, height))
        for art in list(artwork):
            if art.box.w >= FULL_SLIDE * width and art.box.h >= FULL_SLIDE * height:
                artwork.remove(art)  # a full-slide shape is the background the text is on
                background = art.fill
        return Layout(name=name, part=part, placeholders=placeholders, artwork=tuple(artwork),
                      background=background, own_background=own is not None)

    def _placeholders(self, root: Any, palette: Palette, fonts: dict[str, str],
                      styles: dict[str, TextLook], inherited: dict[str, tuple[Placeholder, Any]],
                      width: float, height: float) -> list[tuple[Placeholder, Any]]:
        out = []
        for sp in root.iterfind(f"{P}cSld/{P}spTree/{P}sp"):
            ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
            if ph is None:
                continue
            kind = ph.get("type", "obj")
            try:
                idx = int(ph.get("idx", "0"))
            except ValueError:
                idx = 0
            parent_kind = kind if kind in ("title", "dt", "ftr", "sldNum") else (
                "title" if kind == "ctrTitle" else "body")
            parent = inherited.get(parent_kind)
            look = parent[0].look if parent else styles[_STYLE_OF.get(kind, "bodyStyle")]
            look = _merge(look, _look(sp.find(f"{P}txBody/{A}lstStyle"), palette, fonts))
            body_pr = sp.find(f"{P}txBody/{A}bodyPr")
            anchor = _ANCHOR.get(body_pr.get("anchor", "")) if body_pr is not None else None
            if anchor:
                look = replace(look, anchor=anchor)
            box = _box(sp.find(f"{P}spPr/{A}xfrm")) or (parent[0].box if parent else None)
            if box is None:
                continue
            vertical = body_pr is not None and body_pr.get("vert", "horz") != "horz"
            if parent and not vertical and body_pr is None:
                vertical = parent[0].vertical
            c_nv = sp.find(f"{P}nvSpPr/{P}cNvPr")
            out.append((Placeholder(kind, idx, _clip(box, width, height), look, vertical,
                                    c_nv.get("name", "") if c_nv is not None else ""), sp))
        return out


def _el(tag: str, **attrs: str) -> Any:
    el = etree.Element(f"{A}{tag.split(':')[1]}")
    for key, value in attrs.items():
        el.set(key, value)
    return el


def _theme_schemes(root: Any) -> tuple[dict[str, str], tuple[str, str], tuple[str, str]]:
    scheme: dict[str, str] = {}
    if root is None:
        return scheme, ("", ""), ("", "")
    plain = Palette({})
    for slot in root.iterfind(f"{A}themeElements/{A}clrScheme/*"):
        value = plain.color(slot)
        if value:
            scheme[etree.QName(slot).localname] = value
    faces = []
    for tag in ("majorFont", "minorFont"):
        el = root.find(f"{A}themeElements/{A}fontScheme/{A}{tag}")
        latin = el.find(f"{A}latin") if el is not None else None
        ea = el.find(f"{A}ea") if el is not None else None
        hangul = el.find(f"{A}font[@script='Hang']") if el is not None else None
        ea_face = (hangul.get("typeface", "") if hangul is not None else "") or (
            ea.get("typeface", "") if ea is not None else "")
        faces.append((latin.get("typeface", "") if latin is not None else "", ea_face))
    return scheme, faces[0], faces[1]


def _look(style: Any, palette: Palette, fonts: dict[str, str]) -> TextLook:
    """The first level of a list style (`a:lstStyle`, `p:titleStyle`…)."""
    if style is None:
        return TextLook()
    level = style.find(f"{A}lvl1pPr")
    if level is None:
        return TextLook()
    props = level.find(f"{A}defRPr")
    out = TextLook(align=_ALIGN.get(level.get("algn", "")))
    if props is None:
        return out
    size = props.get("sz")
    latin = props.find(f"{A}latin")
    ea = props.find(f"{A}ea")
    return replace(
        out,
        size=int(size) / 100 if size and size.isdigit() else None,
        bold=props.get("b") in ("1", "true"),
        caps=props.get("cap") in ("all", "small"),
        color=palette.color(props.find(f"{A}solidFill")),
        latin=_face(latin, fonts), ea=_face(ea, fonts))


def _face(el: Any, fonts: dict[str, str]) -> str | None:
    if el is None:
        return None
    face = el.get("typeface", "")
    return fonts.get(face, face) or None


def _merge(base: TextLook, over: TextLook) -> TextLook:
    changes = {f.name: getattr(over, f.name) for f in fields(over)
               if getattr(over, f.name) not in (None, False)}
    return replace(base, **changes)


def _box(xfrm: Any) -> Box | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find(f"{A}off"), xfrm.find(f"{A}ext")
    if off is None or ext is None:
        return None
    try:
        return Box(int(off.get("x", "0")) / EMU_PER_PT, int(off.get("y", "0")) / EMU_PER_PT,
                   int(ext.get("cx", "0")) / EMU_PER_PT, int(ext.get("cy", "0")) / EMU_PER_PT)
    except ValueError:
        return None


def _clip(box: Box, width: float, height: float) -> Box:
    x0, y0 = max(0.0, box.x), max(0.0, box.y)
    x1, y1 = min(width, box.right), min(height, box.bottom)
    return Box(x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0))


def _background(root: Any, palette: Palette) -> str | None:
    bg = root.find(f"{P}cSld/{P}bg")
    if bg is None:
        return None
    ref = bg.find(f"{P}bgRef")
    if ref is not None:
        return palette.color(ref)
    fill = palette.fill(bg.find(f"{P}bgPr"))
    return fill[1] if fill else None


def _artwork(root: Any, palette: Palette, width: float, height: float) -> list[Artwork]:
    """Shapes that are not placeholders, with the colour they paint when it is one."""
    out = []
    tree = root.find(f"{P}cSld/{P}spTree")
    for el in tree if tree is not None else ():
        kind = etree.QName(el).localname
        if kind == "sp":
            if el.find(f"{P}nvSpPr/{P}nvPr/{P}ph") is not None:
                continue
            art = _shape(el, palette)
        elif kind == "pic":
            art = ("picture", None, _box(el.find(f"{P}spPr/{A}xfrm")))
        elif kind == "grpSp":
            art = ("group", None, _box(el.find(f"{P}grpSpPr/{A}xfrm")))
        elif kind == "graphicFrame":
            art = ("frame", None, _box(el.find(f"{P}xfrm")))
        else:
            continue
        if art is None or art[2] is None:
            continue
        name_el = el.find(f"./*/{P}cNvPr")
        box = _clip(art[2], width, height)
        if box.w > 0 and box.h > 0:
            out.append(Artwork(box, art[0], art[1],
                               name_el.get("name", "") if name_el is not None else ""))
    return out


def _shape(sp: Any, palette: Palette) -> tuple[str, str | None, Box | None] | None:
    sp_pr = sp.find(f"{P}spPr")
    fill = palette.fill(sp_pr)
    if fill is None:
        ref = sp.find(f"{P}style/{A}fillRef")
        if ref is not None and ref.get("idx", "0") not in ("0", ""):
            fill = ("solid", palette.color(ref))
    text = "".join(t.text or "" for t in sp.iter(f"{A}t")).strip()
    line = sp_pr.find(f"{A}ln") if sp_pr is not None else None
    lined = line is not None and line.find(f"{A}noFill") is None and len(line)
    box = _box(sp_pr.find(f"{A}xfrm")) if sp_pr is not None else None
    if fill is not None and fill[0] == "picture":
        return "picture", None, box
    if fill is not None and fill[0] in ("solid", "gradient"):
        return ("text" if text else "shape"), fill[1], box
    if text or lined:
        return ("text" if text else "shape"), None, box
    return None
