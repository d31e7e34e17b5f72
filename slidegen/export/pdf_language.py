"""The locale a deck is converted under, and its own language written back into the PDF.

Impress puts extra space between Asian and Latin characters ("apply spacing between Asian and
Latin text") unless its own locale is Korean or Japanese, and no DrawingML attribute turns it
off. Korean in a deck of another language ("김철수. 2020." in an English note's references)
read "김철수 . 2020." in the PDF, though the deck itself is right. So a deck whose slides hold
Hangul (or kana) is converted under a Korean (or Japanese) locale; that locale is also what
LibreOffice writes as the PDF's /Lang, so the deck's own language is then written back into
the PDF, as an incremental update (the pages' bytes are not touched).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import zipfile
from pathlib import Path

from slidegen.hangul import HANGUL
from slidegen.read.language import KANA_CLASS
from slidegen.regex import lazy_compile

__all__ = ["conversion_locale", "set_pdf_language"]

# Locales under which Impress does not space Asian from Latin text, by the script that needs it.
_UNSPACED = (("ko-KR", HANGUL), ("ja-JP", lazy_compile(KANA_CLASS)))
_TEXT_PARTS = lazy_compile(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml")


def conversion_locale(pptx: Path, language: str | None) -> str | None:
    """`language`, or the locale its Hangul or kana needs, where the deck has a language to
    write back and the PDF's language can be written."""
    if not language or language.split("-")[0].lower() in ("ko", "ja") or not _can_write():
        return language
    try:
        with zipfile.ZipFile(pptx) as archive:
            texts = [archive.read(name).decode("utf-8", "replace")
                     for name in archive.namelist() if _TEXT_PARTS.fullmatch(name)]
    except (OSError, zipfile.BadZipFile):
        return language  # LibreOffice will say whether the deck is readable at all
    for locale, script in _UNSPACED:
        if any(script.search(text) for text in texts):
            return locale
    return language


def set_pdf_language(pdf: Path, language: str) -> None:
    """Write `language` as the PDF's /Lang. Where pdfium cannot, the PDF stays as LibreOffice
    wrote it: its pages are right, only its language is the locale's."""
    import pypdfium2 as pdfium  # the same library as the contact sheet's

    updated = pdf.with_name(pdf.name + ".lang")
    text = (language + "\0").encode("utf-16-le")  # FPDF_WIDESTRING: UTF-16, NUL-terminated
    wide = ctypes.create_string_buffer(text, len(text))
    try:
        document = pdfium.PdfDocument(pdf)
        try:
            if not pdfium.raw.FPDFCatalog_SetLanguage(
                    document.raw, ctypes.cast(wide, ctypes.POINTER(ctypes.c_ushort))):
                return
            document.save(updated, flags=pdfium.raw.FPDF_INCREMENTAL)
        finally:
            document.close()
        os.replace(updated, pdf)
    except (OSError, pdfium.PdfiumError):
        with contextlib.suppress(OSError):
            updated.unlink()


def _can_write() -> bool:
    try:
        import pypdfium2.raw as raw
    except ImportError:
        return False
    return hasattr(raw, "FPDFCatalog_SetLanguage")
