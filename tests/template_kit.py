"""Templates shaped like the ones people are given at work and school, made with python-pptx
and lxml into a test's tmp dir: a title band on the master, artwork on the left of the title
and section layouts with their placeholders on the right, a dark section layout, 4:3, 16:9
and 16:10 sizes, footer/date/number placeholders, localised layout names in another order,
and each package kind (.pptx, .potx, .pptm, .potm with a macro part). Also unusable files.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Pt

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": A, "p": P, "r": R}
MAIN_TYPES = {
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ".potx": "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    ".pptm": "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    ".potm": "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
}
SIZES = {"4:3": (720, 540), "16:9": (960, 540), "16:10": (960, 600)}
DEFAULT_NAMES = ["Title Slide", "Title and Content", "Section Header", "Two Content",
                 "Comparison", "Title Only", "Blank", "Content with Caption",
                 "Picture with Caption", "Title and Vertical Text", "Vertical Title and Text"]
PORTUGUESE = ["Slide de Título", "Título e Conteúdo", "Cabeçalho da Seção", "Duas Partes de "
              "Conteúdo", "Comparação", "Somente Título", "Em branco", "Conteúdo com Legenda",
              "Imagem com Legenda", "Título e Texto Vertical", "Título Vertical e Texto"]
FRENCH = ["Diapositive de titre", "Titre et contenu", "En-tête de section", "Deux contenus",
          "Comparaison", "Titre seul", "Vide", "Contenu avec légende", "Image avec légende",
          "Titre et texte vertical", "Titre vertical et texte"]


@dataclass
class Design:
    """What a template looks like; `make_template` builds it."""

    size: str = "16:9"
    names: list[str] = field(default_factory=lambda: list(DEFAULT_NAMES))
    band: str | None = None  # colour of a band across the top of the master, title inside
    title_font: str = "Noto Serif CJK KR"
    body_font: str = "Noto Sans CJK KR"
    title_color: str | None = None  # the master title style's colour (None: scheme tx1)
    title_size: int | None = None  # the master title style's size in points (None: 44)
    artwork_left: bool = False  # title and section layouts: artwork left, placeholders right
    dark_section: str | None = None  # the section layout's own background colour
    section_text: str | None = None  # the section layout's title colour (None: inherited)
    logo: bool = False  # a small logo picture bottom-right of the master
    title_over_logo: bool = False  # the title placeholder runs on under the logo (a mistake)
    content_card: str | None = None  # a light card behind the content layout's body, its colour
    reverse_layouts: bool = False  # layouts listed in another order
    scheme: dict[str, str] = field(default_factory=lambda: {
        "dk1": "262626", "lt1": "FFFFFF", "dk2": "1F3864", "lt2": "E7E6E6",
        "accent1": "2E75B6", "hlink": "0563C1"})


def _png(size: tuple[int, int], colour: tuple[int, int, int], shapes: bool = True) -> bytes:
    img = Image.new("RGB", size, colour)
    if shapes:
        draw = ImageDraw.Draw(img)
        w, h = size
        for n in range(5):
            draw.ellipse((w * n / 6, h * n / 7, w * n / 6 + w / 3, h * n / 7 + h / 4),
                         fill=(255 - 30 * n, 180, 60 + 30 * n))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _scale_xfrms(root: etree._Element, fx: float, fy: float) -> None:
    for off in root.iter(f"{{{A}}}off"):
        off.set("x", str(round(int(off.get("x")) * fx)))
        off.set("y", str(round(int(off.get("y")) * fy)))
    for ext in root.iter(f"{{{A}}}ext"):
        if ext.get("cx") is not None:
            ext.set("cx", str(round(int(ext.get("cx")) * fx)))
            ext.set("cy", str(round(int(ext.get("cy")) * fy)))


def _xfrm(sp: etree._Element, box: tuple[float, float, float, float]) -> None:
    sp_pr = sp.find("p:spPr", NS)
    xfrm = sp_pr.find("a:xfrm", NS)
    if xfrm is None:
        xfrm = etree.Element(f"{{{A}}}xfrm")
        sp_pr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    x, y, w, h = (int(Pt(v)) for v in box)
    etree.SubElement(xfrm, f"{{{A}}}off", x=str(x), y=str(y))
    etree.SubElement(xfrm, f"{{{A}}}ext", cx=str(w), cy=str(h))


def _placeholders(root: etree._Element) -> dict[str, etree._Element]:
    out = {}
    for sp in root.iterfind("p:cSld/p:spTree/p:sp", NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is not None:
            out.setdefault(ph.get("type", "obj") if ph.get("type") else f"idx{ph.get('idx')}",
                           sp)
    return out


def _rect(tree: etree._Element, shape_id: int, name: str, box: tuple[float, ...],
          colour: str) -> None:
    x, y, w, h = (int(Pt(v)) for v in box)
    sp = etree.fromstring(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/>'
        f'<a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        f'</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p>'
        f'</p:txBody></p:sp>')
    tree.insert(2, sp)  # behind the placeholders


def _picture(part, tree: etree._Element, shape_id: int, name: str, box: tuple[float, ...],
             png: bytes) -> None:
    _, r_id = part.get_or_add_image_part(io.BytesIO(png))
    x, y, w, h = (int(Pt(v)) for v in box)
    pic = etree.fromstring(
        f'<p:pic xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvPicPr>'
        f'<p:cNvPr id="{shape_id}" name="{name}" descr=""/><p:cNvPicPr><a:picLocks noGrp="1" '
        f'noChangeAspect="1"/></p:cNvPicPr><p:nvPr userDrawn="1"/></p:nvPicPr><p:blipFill>'
        f'<a:blip r:embed="{r_id}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>'
        f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom '
        f'prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
    tree.insert(2, pic)


def _style_colour(level: etree._Element, colour: str, font: str | None = None) -> None:
    """Set colour (and typeface) in an lvl1pPr's defRPr, children in schema order."""
    props = level.find("a:defRPr", NS)
    if props is None:
        props = etree.SubElement(level, f"{{{A}}}defRPr")
    for child in list(props):
        if etree.QName(child).localname in ("solidFill", "latin", "noFill", "gradFill"):
            props.remove(child)
    fill = etree.Element(f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=colour)
    props.insert(0, fill)
    if font:
        latin = etree.Element(f"{{{A}}}latin", typeface=font)
        after = [c for c in props if etree.QName(c).localname in ("solidFill", "effectLst",
                                                                   "highlight", "uLn", "uFill")]
        (after[-1].addnext(latin) if after else props.insert(0, latin))


def _lst_style(sp: etree._Element) -> etree._Element:
    body = sp.find("p:txBody", NS)
    lst = body.find("a:lstStyle", NS)
    if lst is None:
        lst = etree.Element(f"{{{A}}}lstStyle")
        body.find("a:bodyPr", NS).addnext(lst)
    level = lst.find("a:lvl1pPr", NS)
    if level is None:
        level = etree.SubElement(lst, f"{{{A}}}lvl1pPr")
    return level


def make_template(path: Path, design: Design) -> Path:
    """Build `design` at `path`; the suffix picks the package kind (.pptx/.potx/.pptm/.potm)."""
    prs = Presentation()
    width, height = SIZES[design.size]
    fx, fy = width / 720, height / 540
    prs.slide_width, prs.slide_height = Pt(width), Pt(height)
    pres = prs.part._element
    size = pres.find("p:sldSz", NS)
    size.attrib.pop("type", None)
    if design.size == "4:3":
        size.set("type", "screen4x3")
    elif design.size == "16:10":
        size.set("type", "screen16x10")
    master = prs.slide_master
    m_root = master._element
    _scale_xfrms(m_root.find("p:cSld", NS), fx, fy)
    layouts = list(prs.slide_layouts)
    for layout in layouts:
        _scale_xfrms(layout._element.find("p:cSld", NS), fx, fy)
    _theme(master, design)
    title_style = m_root.find("p:txStyles/p:titleStyle/a:lvl1pPr", NS)
    _style_colour(title_style, design.title_color or design.scheme["dk1"], design.title_font)
    title_style.set("algn", "l")
    if design.title_size:
        title_style.find("a:defRPr", NS).set("sz", str(design.title_size * 100))
    tree = m_root.find("p:cSld/p:spTree", NS)
    ids = 100
    if design.band:
        band_h = 0.17 * height
        _rect(tree, ids, "Title Band", (0, 0, width, band_h), design.band)
        title_w = width - (72 if design.title_over_logo else 160) * fx
        _xfrm(_placeholders(m_root)["title"], (36 * fx, 8, title_w, band_h - 16))
        body = _placeholders(m_root)["body"]
        _xfrm(body, (36 * fx, band_h + 18, width - 72 * fx, height - band_h - 70))
    if design.logo and design.band:  # in the band's right end; titles stop short of it
        ids += 1
        band_h = 0.17 * height
        _picture(master.part, tree, ids, "Logo", (width - 100, band_h / 2 - 15, 76, 30),
                 _png((152, 60), (235, 235, 240), shapes=False))
        logo, band = tree[2], tree[3]
        band.addnext(logo)  # drawn on the band, not hidden under it
    for name, layout in zip(design.names, layouts, strict=True):
        layout._element.find("p:cSld", NS).set("name", name)
        _layout(layout, DEFAULT_NAMES[layouts.index(layout)], design, width, height)
    if design.reverse_layouts:
        id_list = m_root.find("p:sldLayoutIdLst", NS)
        entries = list(id_list)
        for entry in entries:
            id_list.remove(entry)
        for entry in reversed(entries):
            id_list.append(entry)
    slide = prs.slides.add_slide(layouts[1])  # an example slide the deck must not keep
    slide.shapes.title.text = "EXAMPLE SLIDE"
    buffer = io.BytesIO()
    prs.save(buffer)
    _write_kind(buffer.getvalue(), path)
    return path


def _theme(master, design: Design) -> None:
    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    scheme = root.find("a:themeElements/a:clrScheme", NS)
    for slot, value in design.scheme.items():
        el = scheme.find(f"a:{slot}", NS)
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{{{A}}}srgbClr", val=value)
    fonts = root.find("a:themeElements/a:fontScheme", NS)
    fonts.find("a:majorFont/a:latin", NS).set("typeface", design.title_font)
    fonts.find("a:minorFont/a:latin", NS).set("typeface", design.body_font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _layout(layout, kind: str, design: Design, width: float, height: float) -> None:
    root = layout._element
    phs = _placeholders(root)
    tree = root.find("p:cSld/p:spTree", NS)
    band_h = 0.17 * height
    if design.band and "title" in phs and kind not in ("Title Slide", "Section Header"):
        title_w = width - (72 if design.title_over_logo else 160) * width / 720
        _xfrm(phs["title"], (36 * width / 720, 8, title_w, band_h - 16))
        if "idx1" in phs and kind in ("Title and Content",):
            _xfrm(phs["idx1"], (36 * width / 720, band_h + 18, width - 72 * width / 720,
                                height - band_h - 70))
    if design.band and kind in ("Title Slide", "Section Header"):
        root.set("showMasterSp", "0")  # the cover and dividers hide the band
    right = (width / 2 + 24, width / 2 - 60)
    if design.artwork_left and kind == "Title Slide":
        _picture(layout.part, tree, 200, "Cover Art", (0, 0, width / 2, height),
                 _png((480, 540), (30, 60, 110)))
        _xfrm(phs["ctrTitle"], (right[0], height * 0.25, right[1], height * 0.3))
        _xfrm(phs["subTitle"], (right[0], height * 0.58, right[1], height * 0.22))
    if design.artwork_left and kind == "Section Header":
        _rect(tree, 201, "Divider Panel", (0, 0, width * 0.45, height), "C55A11")
        _picture(layout.part, tree, 202, "Divider Art", (width * 0.05, height * 0.2,
                                                         width * 0.35, height * 0.6),
                 _png((300, 300), (197, 90, 17)))
        _xfrm(phs["title"], (right[0], height * 0.45, right[1], height * 0.25))
        _xfrm(phs["body"], (right[0], height * 0.25, right[1], height * 0.18))
    if design.content_card and kind == "Title and Content":
        _rect(tree, 203, "Content Card", (24, height * 0.22, width - 48, height * 0.69),
              design.content_card)
    if design.dark_section and kind == "Section Header":
        bg = etree.fromstring(f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgPr><a:solidFill>'
                              f'<a:srgbClr val="{design.dark_section}"/></a:solidFill>'
                              f'<a:effectLst/></p:bgPr></p:bg>')
        root.find("p:cSld", NS).insert(0, bg)
        if design.section_text:
            for key in ("title", "body"):
                _style_colour(_lst_style(phs[key]), design.section_text)


def _write_kind(data: bytes, path: Path) -> None:
    kind = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w",
                                                                   zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(MAIN_TYPES[".pptx"].encode(), MAIN_TYPES[kind].encode())
                if kind in (".pptm", ".potm"):
                    body = body.replace(b"</Types>", b'<Default Extension="bin" ContentType='
                                        b'"application/vnd.ms-office.vbaProject"/></Types>')
            if item.filename == "ppt/_rels/presentation.xml.rels" and kind in (".pptm", ".potm"):
                body = body.replace(b"</Relationships>", b'<Relationship Id="rId900" Type="'
                                    b'http://schemas.microsoft.com/office/2006/relationships/'
                                    b'vbaProject" Target="vbaProject.bin"/></Relationships>')
            dst.writestr(item, body)
        if kind in (".pptm", ".potm"):
            dst.writestr("ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2040))


# -- the set the tests build on ----------------------------------------------------------------

NAVY, WHITE = "1F3864", "FFFFFF"
DESIGNS = {
    # a company deck: navy band on the master with white serif titles, Portuguese names
    "band-16x9.pptx": Design(size="16:9", names=PORTUGUESE, band=NAVY, title_color=WHITE,
                             title_size=32, title_font="DejaVu Serif", logo=True),
    # a school template: cover and divider art on the left, text on the right, French names
    "artwork-16x10.potx": Design(size="16:10", names=FRENCH, artwork_left=True,
                                 reverse_layouts=True),
    # a dark section layout whose text colour the layout does not set, macro template, 4:3
    "dark-divider-4x3.potm": Design(size="4:3", names=PORTUGUESE, dark_section="17202A"),
    # a band and a dark divider whose designer made the divider's text white; macro deck
    "band-dark-16x9.pptm": Design(size="16:9", names=FRENCH, band="7B2C2C", title_color=WHITE,
                                  title_size=30, dark_section="2C3E50", section_text=WHITE,
                                  reverse_layouts=True),
    # a plain 4:3 one with the usual English names and its footers only
    "plain-4x3.pptx": Design(size="4:3"),
}


def unusable_files(folder: Path) -> dict[str, Path]:
    """Files given as templates that cannot be: each must be one clear line naming it."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    out["not a zip"] = folder / "notes.pptx"
    out["not a zip"].write_text("just some text\n", encoding="utf-8")
    out["encrypted"] = folder / "locked.pptx"
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    ole += "EncryptedPackage".encode("utf-16-le") + bytes(512)
    out["encrypted"].write_bytes(bytes(ole))
    plain = make_template(folder / "base.pptx", Design(size="4:3"))
    out["no masters"] = _edited(plain, folder / "nomaster.pptx", _drop_masters)
    out["no layouts"] = _edited(plain, folder / "nolayouts.potx", _drop_layouts)
    out["zip bomb"] = _bomb(plain, folder / "bomb.pptx")
    return out


def _edited(source: Path, target: Path, edit) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, edit(item.filename, src.read(item.filename)))
    return target


def _dropping(part_prefix: str, tag: str):
    """An edit that removes `tag` from the parts whose names start with `part_prefix`."""

    def edit(name: str, body: bytes) -> bytes:
        if not (name.startswith(part_prefix) and name.endswith(".xml")):
            return body
        root = etree.fromstring(body)
        for el in root.findall(tag, NS):
            root.remove(el)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return edit


_drop_masters = _dropping("ppt/presentation", "p:sldMasterIdLst")
_drop_layouts = _dropping("ppt/slideMasters/slideMaster", "p:sldLayoutIdLst")


def _bomb(source: Path, target: Path) -> Path:
    """The template plus an unreferenced entry whose directory record declares 1 GiB (its
    data is 8 MiB of zeros, deflated): a reader must refuse it from the directory alone,
    before inflating anything."""
    target.write_bytes(source.read_bytes())
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ppt/media/filler.bin", bytes(8 * 1024 * 1024))
    data = bytearray(target.read_bytes())
    name = b"ppt/media/filler.bin"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[central + 24:central + 28] = (1 << 30).to_bytes(4, "little")  # uncompressed size
    target.write_bytes(bytes(data))
    return target
