"""DrawingML colours and fills resolved to RRGGBB: scheme colours through the master's colour
map, and the modifiers templates use most (lumMod/lumOff, tint, shade)."""

from __future__ import annotations

import colorsys
from typing import Any

from lxml import etree

from slidegen.regex import lazy_compile

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_HEX = lazy_compile(r"[0-9A-Fa-f]{6}")
_PRESET = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000",
           "blue": "0000FF", "yellow": "FFFF00", "gray": "808080", "darkGray": "A9A9A9",
           "lightGray": "D3D3D3", "navy": "000080"}
DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_COLOR_TAGS = {"srgbClr", "schemeClr", "sysClr", "prstClr", "scrgbClr", "hslClr"}


class Palette:
    """A colour scheme seen through a colour map (`p:clrMap` of the master, maybe overridden)."""

    def __init__(self, scheme: dict[str, str], color_map: dict[str, str] | None = None) -> None:
        self.scheme = scheme
        self.map = {**DEFAULT_MAP, **(color_map or {})}

    def with_map(self, color_map: dict[str, str]) -> Palette:
        return Palette(self.scheme, {**self.map, **color_map})

    def color(self, el: Any, placeholder: str | None = None) -> str | None:
        """The colour of a colour element (`a:srgbClr`…), or of the first one inside `el`."""
        if el is None:
            return None
        if etree.QName(el).localname not in _COLOR_TAGS:
            el = next((c for c in el if etree.QName(c).localname in _COLOR_TAGS), None)
            if el is None:
                return None
        kind = etree.QName(el).localname
        value: str | None = None
        if kind == "srgbClr":
            value = el.get("val")
        elif kind == "sysClr":
            value = el.get("lastClr") or {"windowText": "000000", "window": "FFFFFF"}.get(
                el.get("val", ""))
        elif kind == "prstClr":
            value = _PRESET.get(el.get("val", ""))
        elif kind == "schemeClr":
            slot = el.get("val", "")
            if slot == "phClr":
                return placeholder
            value = self.scheme.get(self.map.get(slot, slot))
        if not value or not _HEX.fullmatch(value):
            return None
        return _modified(value.upper(), el)

    def fill(self, parent: Any) -> tuple[str, str | None] | None:
        """The fill set in `parent` (an spPr, bgPr…): ("solid"|"gradient"|"picture"|"none",
        colour) or None when it sets none (then a style reference or inheritance decides)."""
        if parent is None:
            return None
        for child in parent:
            kind = etree.QName(child).localname
            if kind == "solidFill":
                return "solid", self.color(child)
            if kind == "gradFill":
                stops = [self.color(gs) for gs in child.iter(f"{A}gs")]
                stops = [s for s in stops if s]
                return "gradient", _average(stops) if stops else None
            if kind == "blipFill":
                return "picture", None
            if kind == "noFill":
                return "none", None
            if kind == "pattFill":
                return "solid", self.color(child.find(f"{A}bgClr"))
            if kind == "grpFill":
                return "none", None
        return None


def _modified(value: str, el: Any) -> str:
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    for mod in el:
        name = etree.QName(mod).localname
        try:
            amount = int(mod.get("val", "100000")) / 100000
        except ValueError:
            continue
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * amount if name == "lumMod" else lum + amount
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif name == "tint":
            r, g, b = (c + (1 - c) * (1 - amount) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * amount for c in (r, g, b))
    return "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in (r, g, b))


def _average(colors: list[str]) -> str:
    channels = [[int(c[i:i + 2], 16) for c in colors] for i in (0, 2, 4)]
    return "".join(f"{round(sum(ch) / len(ch)):02X}" for ch in channels)


def color_map(el: Any) -> dict[str, str]:
    """`p:clrMap` (or a `p:clrMapOvr`'s override) as a dict; {} when absent or master-mapped."""
    if el is None:
        return {}
    found = el if etree.QName(el).localname == "clrMap" else el.find(f"{A}overrideClrMapping")
    return dict(found.attrib) if found is not None else {}
