"""The copy of a deck that LibreOffice converts to PDF, when the deck holds equations.

LibreOffice (7.4 and later) reads the `mc:Choice` of a shape with Office Math and turns a
shape whose only text is one equation into a formula object, drawn as a formula. Equations
among other text in a shape (or in a table) it drops, and the rest of that shape's text with
them. So its copy takes the text fallback of such shapes, and drops the `&` alignment points
of equation arrays, which it would print. It draws a formula object in black whatever the
text's colour, so on a dark slide an equation's box gets a light plate behind it there. The
deck itself stays as PowerPoint writes it.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from slidegen.contrast import contrast_ratio

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A14_M = "{http://schemas.microsoft.com/office/drawing/2010/main}m"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def libreoffice_copy(deck: Path, folder: Path) -> Path:
    """`deck` itself when it holds no equations; else its copy in `folder`, same name."""
    try:
        with zipfile.ZipFile(deck) as archive:
            slides = [n for n in archive.namelist()
                      if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
            if not any(b"a14:m" in archive.read(n) for n in slides):
                return deck
            folder.mkdir(parents=True, exist_ok=True)
            copy = folder / deck.name
            with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
                for info in archive.infolist():
                    data = archive.read(info)
                    if info.filename in slides:
                        data = for_libreoffice(data)
                    out.writestr(info, data)
    except (OSError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        return deck  # LibreOffice will say what is wrong with the deck itself
    shutil.copystat(deck, copy)
    return copy


def for_libreoffice(slide_xml: bytes) -> bytes:
    """A slide part as LibreOffice should read it (see the module's docstring)."""
    if b"a14:m" not in slide_xml:
        return slide_xml
    root = etree.fromstring(slide_xml)
    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        choice = alternate.find(f"{{{MC}}}Choice")
        fallback = alternate.find(f"{{{MC}}}Fallback")
        if choice is None or fallback is None or choice.find(f".//{A14_M}") is None:
            continue
        if _mixed(choice):
            parent = alternate.getparent()
            index = parent.index(alternate)
            parent.remove(alternate)
            for offset, child in enumerate(list(fallback)):
                parent.insert(index + offset, child)
        else:
            _drop_alignment_points(choice)
            if _light_text(choice):
                _plate(choice)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _mixed(choice: Any) -> bool:
    """An equation among text, more than one equation, or one in a table."""
    if choice.find(f".//{{{_A}}}tbl") is not None:
        return True
    if sum(1 for _ in choice.iter(A14_M)) > 1:
        return True
    return any((t.text or "").strip() for t in choice.iter(f"{{{_A}}}t"))


def _light_text(choice: Any) -> bool:
    """The equation's text is light (a dark slide): it reads better on black than on white, so
    LibreOffice's black formula would vanish."""
    colour = choice.find(f".//{{{_A}}}solidFill/{{{_A}}}srgbClr")
    value = colour.get("val", "") if colour is not None else ""
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        return False
    return contrast_ratio(value, "000000") > contrast_ratio(value, "FFFFFF")


PLATE = "F5F7FA"  # behind a formula LibreOffice draws black on a dark slide


def _plate(choice: Any) -> None:
    properties = choice.find(f".//{{{_P}}}spPr")
    if properties is None:
        return
    for fill in properties.findall(f"{{{_A}}}noFill"):
        properties.remove(fill)
    solid = etree.Element(f"{{{_A}}}solidFill")
    etree.SubElement(solid, f"{{{_A}}}srgbClr", val=PLATE)
    geometry = properties.find(f"{{{_A}}}prstGeom")
    properties.insert(properties.index(geometry) + 1 if geometry is not None else 0, solid)


def _drop_alignment_points(choice: Any) -> None:
    for array in choice.iter(f"{{{_M}}}eqArr"):
        for run in list(array.iter(f"{{{_M}}}r")):
            if "".join(t.text or "" for t in run.iter(f"{{{_M}}}t")) == "&":
                run.getparent().remove(run)
    _fill_empty_places(choice)


INVISIBLE = "\u2063"  # a character LibreOffice's formula parser takes as an operand


def _fill_empty_places(choice: Any) -> None:
    """LibreOffice prints a red "¿" for an empty matrix cell (`\\begin{bmatrix} 1 & & \\\\`)
    and for a row of aligned equations that starts with its relation (`&= d`, whose "="
    it drops): such a place gets an invisible operand."""
    for place in list(choice.iter(f"{{{_M}}}e")):
        first = place[0] if len(place) else None
        text = "".join(t.text or "" for t in first.iter(f"{{{_M}}}t")) if first is not None \
            else ""
        leading = (first is not None and first.tag == f"{{{_M}}}r" and text[:1] in _RELATIONS
                   and place.getparent().tag == f"{{{_M}}}eqArr")
        if first is None or leading:
            run = etree.Element(f"{{{_M}}}r")
            etree.SubElement(run, f"{{{_M}}}t").text = INVISIBLE
            place.insert(0, run)


_RELATIONS = set("=<>≤≥≠≈≡∼≃≅∝→←↔⇒⇐⇔+−-×·÷±∓∈∉⊂⊆⊃⊇∪∩")
