"""Package-level records of a deck: its core properties and its theme part.

Core properties come from DeckInfo; their dates come from the deck's date, else
SOURCE_DATE_EPOCH, else 2000-01-01, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import os

from lxml import etree

from slidegen.deck import DeckInfo, DeckStyle
from slidegen.render.opc import RT_THEME
from slidegen.render.presentation import Presentation
from slidegen.render.xmlstr import qn

FALLBACK_DATE = dt.datetime(2000, 1, 1, 0, 0, 0)


def deck_datetime(info: DeckInfo) -> dt.datetime:
    """Creation time: DeckInfo.date (ISO), else SOURCE_DATE_EPOCH, else 2000-01-01 (naive UTC)."""
    if info.date:
        text = str(info.date).strip()
        for candidate in (text, text.replace(" ", "T", 1), text[:10]):
            try:
                value = dt.datetime.fromisoformat(candidate)
            except ValueError:
                continue
            if value.tzinfo is not None:
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
            return value
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return FALLBACK_DATE


def set_core_properties(prs: Presentation, info: DeckInfo) -> dt.datetime:
    """Title, author, subject, keywords, language and fixed dates; returns the date used."""
    when = deck_datetime(info)
    prs.set_core_properties([
        ("dc:title", info.title[:255]), ("dc:creator", info.author[:255]),
        ("dc:subject", info.subject[:255]), ("cp:keywords", ", ".join(info.keywords)[:255]),
        ("dc:language", info.lang), ("dc:description", ""),
        ("cp:lastModifiedBy", info.author[:255]), ("cp:revision", "1"),
        ("dcterms:created", when), ("dcterms:modified", when)])
    return when


def apply_theme_part(prs: Presentation, style: DeckStyle) -> None:
    """Make the deck's theme part agree: hyperlink colour and the major/minor typefaces.

    Text a person adds later in PowerPoint then uses the deck's fonts and link colour.
    """
    part = prs.masters()[0].related(RT_THEME)
    root = etree.fromstring(part.blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    scheme = root.find(f"{a}themeElements/{a}clrScheme")
    if scheme is not None:
        for slot, color in (("hlink", style.colors.link), ("accent1", style.colors.accent)):
            el = scheme.find(f"{a}{slot}")
            if el is not None:
                for child in list(el):
                    el.remove(child)
                etree.SubElement(el, qn("a:srgbClr")).set("val", color)
    fonts = root.find(f"{a}themeElements/{a}fontScheme")
    if fonts is not None:
        for tag, pair in (("majorFont", style.fonts.title), ("minorFont", style.fonts.body)):
            el = fonts.find(f"{a}{tag}")
            if el is None:
                continue
            for sub, face in (("latin", pair.latin), ("ea", pair.ea)):
                node = el.find(f"{a}{sub}")
                if node is not None:
                    node.set("typeface", face)
    part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
