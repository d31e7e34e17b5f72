"""Bytes to text: UTF-8 (with or without BOM), UTF-16 and legacy Korean with a warning, and
characters XML cannot hold replaced, so later stages see clean text with the file's lines."""

from __future__ import annotations

from pathlib import Path

from slidegen.diagnostics import Diagnostics, SlidegenError
from slidegen.regex import lazy_compile

_HANGUL = lazy_compile(r"[\uac00-\ud7a3]")


def decode(data: bytes, path: Path, diagnostics: Diagnostics) -> str:
    """UTF-8 (with or without BOM) first; legacy Korean CP949/EUC-KR with a warning."""
    not_text = "is not a text file: slidegen reads Markdown notes saved as UTF-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise SlidegenError(path, None, not_text) from None
        diagnostics.warn(None, "file is UTF-16; read it anyway: save it as UTF-8")
        return text
    if b"\x00" in data:
        data = _drop_nul(data, path, diagnostics, not_text)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp949")  # a superset of EUC-KR
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise SlidegenError(
            path, line, f"{not_text} (or a legacy Korean encoding); bad byte at line {line}"
        ) from None
    if not _HANGUL.search(text):
        line = data[: utf8_error.start].count(b"\n") + 1
        raise SlidegenError(path, line, f"{not_text}; bad byte at line {line}")
    diagnostics.warn(
        None, "file is not UTF-8; decoded it as Korean CP949/EUC-KR: save it as UTF-8"
    )
    return text


MAX_NUL = 8  # a few NUL bytes in text are a slip (a bad paste); more mean a binary file


def _drop_nul(data: bytes, path: Path, diagnostics: Diagnostics, not_text: str) -> bytes:
    """UTF-8 text with a stray NUL byte loses it, with a warning at its line; anything else
    with NUL bytes is binary (or UTF-16 without its mark) and refused."""
    kept = data.replace(b"\x00", b"")
    try:
        kept.decode("utf-8")
    except UnicodeDecodeError:
        raise SlidegenError(path, None, not_text) from None
    if len(data) - len(kept) > MAX_NUL:
        raise SlidegenError(path, None, not_text)
    line = data[: data.index(b"\x00")].count(b"\n") + 1
    diagnostics.warn(line, "NUL byte (and any others) removed: it is not text; delete it")
    return kept


# Characters XML 1.0 forbids (a deck with them does not open) and separators that text layout
# cannot measure; tab and newline stay. They become spaces, so lines and columns stay put.
CONTROLS = lazy_compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def replace_controls(text: str, diagnostics: Diagnostics) -> str:
    first = CONTROLS.search(text)
    if first is None:
        return text
    line = text.count("\n", 0, first.start()) + 1
    diagnostics.warn(line, f"invisible control character U+{ord(first.group()):04X} (and any "
                     "others) replaced by a space: remove it")
    return CONTROLS.sub(" ", text)
