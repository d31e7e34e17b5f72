"""Contact sheet: every slide of a rendered deck as a numbered thumbnail in one PNG.

A person judges a deck faster from one picture than from forty pages: awkward splits, tiny
pictures and half-empty slides stand out at a glance. Pages are rasterised with pypdfium2
(PDFium, maintained and wheel-installed); when it is missing, poppler's ``pdftoppm`` is used.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

__all__ = ["PreviewError", "contact_sheet"]

GAP = 12  # pixels between thumbnails and around the sheet
LABEL_H = 22  # pixels of the number strip under each thumbnail
BACKGROUND = (229, 233, 238)
BORDER = (160, 170, 180)
LABEL = (31, 41, 51)


class PreviewError(Exception):
    """The sheet could not be made; the message is one line saying what to do."""


def contact_sheet(pdf: Path, out_png: Path, columns: int = 4, width: int = 320) -> Path:
    """Write one PNG with every page of ``pdf`` as a ``width``-pixel thumbnail, ``columns`` a
    row, numbered from 1 as the slides are; returns ``out_png``."""
    pdf, out_png = Path(pdf), Path(out_png)
    if columns < 1 or width < 16:
        raise PreviewError(f"contact sheet needs columns >= 1 and width >= 16 (got {columns}, "
                           f"{width})")
    pages = _render_pages(pdf, width)
    if not pages:
        raise PreviewError(f"{pdf}: the PDF has no pages; check the export step")
    thumb_h = max(p.height for p in pages)
    rows = -(-len(pages) // columns)
    sheet = Image.new("RGB", (GAP + columns * (width + GAP),
                              GAP + rows * (thumb_h + LABEL_H + GAP)), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = _label_font()
    for index, page in enumerate(pages):
        row, col = divmod(index, columns)
        x = GAP + col * (width + GAP)
        y = GAP + row * (thumb_h + LABEL_H + GAP)
        sheet.paste(page, (x, y))
        draw.rectangle([x - 1, y - 1, x + page.width, y + page.height], outline=BORDER)
        label = str(index + 1)
        text_w = draw.textlength(label, font=font)
        draw.text((x + (width - text_w) / 2, y + thumb_h + 3), label, fill=LABEL, font=font)
    out_png.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out_png, optimize=True)
    return out_png


def _render_pages(pdf: Path, width: int) -> list[Image.Image]:
    if not pdf.is_file():
        raise PreviewError(f"{pdf}: no such PDF; export the deck to PDF first")
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return _render_with_pdftoppm(pdf, width)
    try:
        doc = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        raise PreviewError(f"{pdf}: not a readable PDF ({exc}); export the deck again") from None
    try:
        pages = []
        for page in doc:
            scale = width / page.get_width()
            pages.append(page.render(scale=scale).to_pil().convert("RGB"))
            page.close()
        return pages
    finally:
        doc.close()


def _render_with_pdftoppm(pdf: Path, width: int) -> list[Image.Image]:
    tool = shutil.which("pdftoppm")
    if not tool:
        raise PreviewError("no PDF renderer: pip install pypdfium2 (or install poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="slidegen-preview-") as folder:
        result = subprocess.run(
            [tool, "-png", "-scale-to-x", str(width), "-scale-to-y", "-1", str(pdf),
             f"{folder}/page"],
            capture_output=True, text=True, timeout=300, check=False,
        )
        if result.returncode != 0:
            detail = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise PreviewError(f"{pdf}: pdftoppm failed ({detail}); export the deck again")
        files = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        return [Image.open(f).convert("RGB") for f in files]


def _label_font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=15)
    except TypeError:  # Pillow < 10.1 has no sized default font
        return ImageFont.load_default()
