"""Bytes of any picture format -> PNG or JPEG that PowerPoint shows the same everywhere.

The content decides the type (Pillow opens it), never the URL or a header; anything Pillow
refuses becomes a reason a person can read instead of a traceback. A PNG that goes in as it
is, is checked here without Pillow; the rest goes through `decoded`.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import replace
from typing import Any

from slidegen.deck import SIGNATURES, ImageData
from slidegen.images.normalised import INCOMPLETE, Normalised, failure, smallness
from slidegen.images.svg import SvgBudget
from slidegen.regex import lazy_compile

MAX_SIDE = 2560
SVG_WIDTH = 1600
PILLOW_MAX_PIXELS = 89_478_485  # Pillow's own bomb limit (Image.MAX_IMAGE_PIXELS)
PLAIN_PNG_MODES = {(0, 8): "L", (2, 8): "RGB", (6, 8): "RGBA"}  # (colour type, bit depth)
_SVG_SIZE = lazy_compile(rb'(?<![\w-])(width|height)\s*=\s*["\']?([\d.]+)(?:px)?["\'\s/>]')


def _svg_size(data: bytes) -> tuple[float, float]:
    """The root's width and height in pixels; 0 for either when missing or relative."""
    root = data[:4096]
    start = root.find(b"<svg")
    end = root.find(b">", start)
    sizes = {m.group(1): float(m.group(2)) for m in _SVG_SIZE.finditer(root[start:end + 1])}
    return sizes.get(b"width", 0.0), sizes.get(b"height", 0.0)


def looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) and b"<svg" in head


def _rasterise_svg(data: bytes, width: int, budget: SvgBudget | None) -> bytes | Normalised:
    from slidegen.images.svg import SvgRefused, rasterise  # lxml and a child: only for SVG

    out = rasterise(data, width, budget)
    return failure(out.reason, out.hint) if isinstance(out, SvgRefused) else out


def normalise(
    data: bytes,
    *,
    max_side: int = MAX_SIDE,
    svg_width: int = SVG_WIDTH,
    max_pixels: int | None = None,
    find_transparency: bool = True,
    svg_budget: SvgBudget | None = None,
) -> Normalised:
    """Open, orient, convert and downscale; JPEG stays JPEG, everything else becomes PNG.

    `transparent` is only worked out with `find_transparency` (dark themes need it): it takes
    decoding every pixel.
    """
    limit = max_pixels or PILLOW_MAX_PIXELS
    svg_small: dict[str, Any] | None = None
    if looks_like_svg(data):
        svg_small = smallness(*_svg_size(data))
        raster = _rasterise_svg(data, svg_width, svg_budget)
        if isinstance(raster, Normalised):
            return raster
        data = raster
    if (ready := _png_as_it_is(data, max_side, limit, find_transparency)) is not None:
        return ready if svg_small is None else replace(ready, **svg_small)
    from slidegen.images.decoded import decoded  # Pillow: only for what it must convert

    return decoded(data, max_side, limit, find_transparency, svg_small)


def _png_as_it_is(data: bytes, max_side: int, max_pixels: int,
                  find_transparency: bool) -> Normalised | None:
    """A PNG that goes into the deck unchanged, checked without Pillow decoding its pixels.

    For such a PNG, decoding only proves the file whole; checking every chunk's checksum
    through to IEND finds files cut short or damaged as well, in a twentieth of the time and
    without loading Pillow's format plugins (together a tenth of a one-note build). None when
    the picture needs Pillow: another format, converting, downscaling, an animation (acTL), an
    EXIF orientation (eXIf, maybe after the pixels), or working out transparency.
    """
    if not data.startswith(SIGNATURES["png"]) or data[12:16] != b"IHDR" or len(data) < 33:
        return None
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    mode = PLAIN_PNG_MODES.get((colour, depth))
    if (mode is None or not 0 < width * height <= max_pixels or max(width, height) > max_side
            or (find_transparency and mode == "RGBA")):
        return None
    view, pos = memoryview(data), len(SIGNATURES["png"])
    while True:
        if pos + 12 > len(data):
            return failure(*INCOMPLETE)
        length, kind = struct.unpack(">I4s", view[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data) or zlib.crc32(view[pos + 4:end - 4]) != int.from_bytes(
                view[end - 4:end], "big"):
            return failure(*INCOMPLETE)
        if kind in (b"acTL", b"eXIf"):
            return None
        if kind == b"IEND":
            break
        pos = end
    digest = hashlib.sha256(data).hexdigest()
    return Normalised(ImageData(data, width, height, "png", digest), **smallness(width, height))
