"""Text measurement with real font metrics, so the planner knows what fits before anything is drawn.

Widths come from the theme's fonts as found on this system (fontconfig), shaped with HarfBuzz as
Office and LibreOffice shape them (kerning, ligatures). When a font file cannot be found, a
conservative width model stands in: it over-estimates, so text planned with it still fits when the
real font is used.
"""

from __future__ import annotations

import json
import math
import os
import unicodedata
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb

from slidegen.deck import FontPair, Run
from slidegen.records import record
from slidegen.regex import lazy_compile
from slidegen.theme import Theme

_UNIT = 1000  # glyph widths are measured at this size and scaled linearly
_BREAKABLE = lazy_compile(r"(\s+)")
# Soft break points inside long unbreakable strings (URLs, paths, identifiers).
_SOFT_BREAK = lazy_compile(r"(?<=[/\\._\-?&=#:,;])")


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


@record(frozen=True)
class FontFace:
    """One face of a family, able to tell the width of a string at any size, in points."""

    family: str
    bold: bool
    mono: bool

    @property
    def line_height(self) -> float:
        """Height of one line at size 1 with single spacing (ascent + descent, as Office uses)."""
        return _line_height(self.family, self.bold)

    def width(self, text: str, size: float) -> float:
        return _unit_width(self.family, self.bold, self.mono, text) * size / _UNIT


@lru_cache(maxsize=64)
def _font_file(family: str, bold: bool) -> tuple[str, int] | None:
    """Path and face index of the installed font for `family`, or None when it is not installed.

    Asking fontconfig costs a process per face (tens of ms a run), so answers are kept in
    `fonts.json` in the user cache folder, each trusted while its font file keeps its size and
    modification time. Fonts that are not installed are asked for again every run, so
    installing one takes effect at once.
    """
    pattern = f"{family}:{'bold' if bold else 'regular'}"
    cache = _font_cache()
    entry = cache.get(pattern)
    if isinstance(entry, list) and len(entry) == 3 and _same_file(entry[0], entry[2]):
        return str(entry[0]), int(entry[1])
    found = _fc_match(family, pattern)
    if found is not None:
        stamp = file_stamp(found[0])
        if stamp is not None:
            cache[pattern] = [found[0], found[1], stamp]
            _save_font_cache(cache)
    else:
        _MISSING.add(pattern)
    return found


_MISSING: set[str] = set()  # faces asked for and not installed, in this process


def forget_missing_fonts() -> None:
    """Ask again for the faces that were not installed, and measure anew what was measured
    without them: a `--watch` run lasts, and the person may install a font the warning named.
    Nothing is forgotten while every face was found."""
    if not _MISSING:
        return
    _MISSING.clear()
    for cached in (_font_file, _hb_font, _line_height, _unit_width):
        cached.cache_clear()
    _WRAP_CACHE.clear()


def _fc_match(family: str, pattern: str) -> tuple[str, int] | None:
    import shutil  # with subprocess: only when the font cache misses
    import subprocess

    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}|%{family}", pattern],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("|", 2)
    if len(parts) != 3 or family.lower() not in parts[2].lower():
        return None
    return parts[0], int(parts[1] or 0)


FONT_CACHE_VERSION = 1


def _font_cache_path() -> Path:
    import platformdirs  # only when fonts are looked up

    return platformdirs.user_cache_path("slidegen") / "fonts.json"


@lru_cache(maxsize=1)
def _font_cache() -> dict[str, object]:
    try:
        data = json.loads(_font_cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != FONT_CACHE_VERSION:
        return {}
    faces = data.get("faces")
    return faces if isinstance(faces, dict) else {}


def _save_font_cache(faces: dict[str, object]) -> None:
    """Best effort: a read-only or missing cache folder only means asking fontconfig again."""
    path = _font_cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".fonts.{os.getpid()}.json")
        temp.write_text(json.dumps({"version": FONT_CACHE_VERSION, "faces": faces}),
                        encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        pass


def file_stamp(path: str | Path) -> str | None:
    """A file's size and modification time: the file changed if this did (None: missing)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}"


def _same_file(path: object, stamp: object) -> bool:
    return isinstance(path, str) and file_stamp(path) == stamp


@lru_cache(maxsize=64)
def _hb_font(family: str, bold: bool) -> hb.Font | None:
    """The installed face, kept for the whole run: HarfBuzz caches its shaping plan in it. (Pillow's
    layout made a new font, and a new plan, for every string: most of the planner's time.)"""
    found = _font_file(family, bold)
    if not found:
        return None
    try:
        face = hb.Face(hb.Blob.from_file_path(found[0]), found[1])
    except hb.HarfBuzzError:  # gone since fontconfig was asked
        return None
    if face.glyph_count == 0:  # not a font HarfBuzz reads (a bitmap or compressed web font)
        return None
    font = hb.Font(face)
    font.scale = (_UNIT * 64, _UNIT * 64)  # 26.6 fixed point, as FreeType sizes a face
    return font


def font_available(family: str) -> bool:
    return _hb_font(family, False) is not None


def font_warnings(theme: Theme) -> list[str]:
    """One message per typeface the theme names that this system does not have installed.

    A missing font still gives a deck, but measured with stand-in metrics and shown in another
    face, so the person should know which one to install.
    """
    faces: dict[str, list[str]] = {}
    for role in ("title", "body", "code"):
        pair: FontPair = getattr(theme.fonts, role)
        for kind, face in (("latin", pair.latin), ("ea", pair.ea)):
            faces.setdefault(face, []).append(f"{role}.{kind}")
    where = theme.source or theme.name
    return [f"font '{face}' ({', '.join(roles)} in theme {where}) is not installed; text is "
            "measured with a stand-in and may fit differently; install it or change the theme"
            for face, roles in faces.items() if face and not font_available(face)]


# LibreOffice (our PDF export) sets single-spaced lines 1.2 em apart whatever the font's
# ascent + descent says (measured in its PDFs: DejaVu Sans Mono, ascent + descent 1.164, and
# Noto Sans CJK, 1.448, both come out at 1.2 em). Planning with less lets code overflow there.
MIN_LINE_HEIGHT = 1.2


@lru_cache(maxsize=64)
def _line_height(family: str, bold: bool) -> float:
    font = _hb_font(family, bold)
    if font is None:
        return 1.45
    extents = font.get_font_extents("ltr")  # in 1/64 units; whole units up, as FreeType rounds
    ascent, descent = math.ceil(extents.ascender / 64), math.ceil(-extents.descender / 64)
    return max(MIN_LINE_HEIGHT, (ascent + descent) / _UNIT)


@lru_cache(maxsize=200_000)
def _unit_width(family: str, bold: bool, mono: bool, text: str) -> float:
    font = _hb_font(family, bold)
    if font is not None:
        return sum(_shaped_width(font, run) for run in script_runs(text))
    return sum(_model_width(ch, mono) for ch in text) * (1.06 if bold else 1.0) * _UNIT


def _shaped_width(font: hb.Font, text: str) -> float:
    shaped = hb.Buffer()
    shaped.add_str(text)
    shaped.guess_segment_properties()
    hb.shape(font, shaped)
    return sum(glyph.x_advance for glyph in shaped.glyph_positions) / 64


# A closing bracket and its opening one.
_OPENER_OF = dict(zip(")]}）」』》〉】", "([{（「『《〈【", strict=True))


def script_runs(text: str) -> list[str]:
    """`text` cut where one script meets another (Hangul and Latin, Latin and Greek), each part
    shaped on its own with its script's features, as text layout does: spaces, digits, symbols
    and punctuation join the run before them, a closing bracket its opening bracket's run."""
    runs: list[str] = []
    start, script = 0, None
    opened: list[tuple[str, str | None]] = []
    for index, ch in enumerate(text):
        own: str | None = None
        if ch in _OPENER_OF:
            while opened and opened[-1][0] != _OPENER_OF[ch]:
                opened.pop()
            own = opened.pop()[1] if opened else None
        elif unicodedata.category(ch)[0] == "L":
            own = _script_of(ch)
        if own is not None and script is not None and own != script:
            runs.append(text[start:index])
            start = index
        if own is not None:
            script = own
        if ch in _OPENERS:
            opened.append((ch, script))
    runs.append(text[start:])
    return runs


def _script_of(letter: str) -> str | None:
    """The script a letter's Unicode name begins with ("HANGUL", "LATIN", "GREEK", "CJK"); None
    for the letters every script shares (mathematical alphanumerics)."""
    words = unicodedata.name(letter, "").split()
    if words and words[0] in ("FULLWIDTH", "HALFWIDTH"):
        words = words[1:]
    return words[0] if words and words[0] != "MATHEMATICAL" else None


_OPENERS = frozenset(_OPENER_OF.values())


def _model_width(ch: str, mono: bool) -> float:
    """A deliberately generous width per character, in ems."""
    if is_wide(ch):
        return 1.0
    if mono:
        return 0.62
    if ch.isspace():
        return 0.3
    if ch.isupper() or ch in "mwMW@%&":
        return 0.75
    return 0.6


@record(frozen=True)
class Faces:
    """The faces the planner measures with: regular/bold body text and monospace code."""

    body: str
    code: str

    def face(self, bold: bool = False, code: bool = False) -> FontFace:
        return FontFace(self.code if code else self.body, bold and not code, code)


# The planner asks for the same paragraph at the same size and width many times (pagination
# tries several sizes, side-by-side layouts measure twice): remember the answers. Only text,
# bold and code change a run's width, so they (with fonts, size and width) are the key.
_WRAP_CACHE: dict[tuple, tuple[float, ...]] = {}
_WRAP_CACHE_MAX = 100_000


def wrap_runs(runs: list[Run], fonts: Faces, size: float, width: float) -> list[float]:
    """Lay runs out into lines no wider than `width`; returns each line's width.

    Breaks at spaces first (as PowerPoint does for Korean and English), inside long unbreakable
    strings at URL/path punctuation next, and between any two characters last.
    """
    key = (fonts, size, width, *[(r.text, r.bold, r.code) for r in runs])
    found = _WRAP_CACHE.get(key)
    if found is None:
        if len(_WRAP_CACHE) >= _WRAP_CACHE_MAX:
            _WRAP_CACHE.clear()
        found = _WRAP_CACHE[key] = tuple(_wrap(runs, fonts, size, width))
    return list(found)


def _wrap(runs: list[Run], fonts: Faces, size: float, width: float) -> list[float]:
    lines: list[float] = []
    line = 0.0
    pending_space = 0.0
    for piece, face in _pieces(runs, fonts):
        if piece == "\n":
            lines.append(line)
            line, pending_space = 0.0, 0.0
            continue
        if piece.isspace():
            if line > 0:
                pending_space += face.width(piece, size)
            continue
        w = face.width(piece, size)
        if line > 0 and line + pending_space + w <= width:
            line += pending_space + w
        elif line == 0 and w <= width:
            line = w
        else:
            if line > 0:
                lines.append(line)
                line = 0.0
            for chunk_w in _break_long(piece, face, size, width):
                if line > 0 and line + chunk_w <= width:
                    line += chunk_w
                else:
                    if line > 0:
                        lines.append(line)
                    line = chunk_w
        pending_space = 0.0
    lines.append(line)
    return lines


def _pieces(runs: list[Run], fonts: Faces):  # type: ignore[no-untyped-def]
    for run in runs:
        face = fonts.face(run.bold, run.code)
        for index, part in enumerate(run.text.split("\n")):
            if index:
                yield "\n", face
            for piece in _BREAKABLE.split(part):
                if piece:
                    yield piece, face


def _break_long(word: str, face: FontFace, size: float, width: float) -> list[float]:
    """Widths of the chunks a word wider than the line is broken into."""
    if face.width(word, size) <= width:
        return [face.width(word, size)]
    chunks: list[float] = []
    current = ""
    for part in _soft_parts(word):
        candidate = current + part
        if current and face.width(candidate, size) > width:
            chunks.append(face.width(current, size))
            current = part
        else:
            current = candidate
        while face.width(current, size) > width and len(current) > 1:
            cut = _longest_prefix(current, face, size, width)
            chunks.append(face.width(current[:cut], size))
            current = current[cut:]
    if current:
        chunks.append(face.width(current, size))
    return chunks


def _soft_parts(word: str) -> list[str]:
    return [p for p in _SOFT_BREAK.split(word) if p]


def _longest_prefix(text: str, face: FontFace, size: float, width: float) -> int:
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if face.width(text[:mid], size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo
