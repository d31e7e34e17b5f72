"""Bytes of any picture format -> PNG or JPEG that PowerPoint shows the same everywhere.

The content decides the type (Pillow opens it), never the URL or a header; anything Pillow
refuses becomes a reason a person can read instead of a traceback.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from dataclasses import replace
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from slidegen.deck import ImageData
from slidegen.images.svg import SvgBudget
from slidegen.records import record
from slidegen.regex import lazy_compile

MAX_SIDE = 2560
SVG_WIDTH = 1600
KEEP_MODES = {"RGB", "RGBA", "L"}


@record(frozen=True)
class Normalised:
    """The embeddable image, or why there is none."""

    image: ImageData | None
    transparent: bool = False
    reason: str = ""
    hint: str = ""
    small: bool = False  # see is_small: of the picture as drawn, before any rasterising
    drawn_width: float = 0.0  # a small picture's width as drawn, in px: shown no wider


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PLAIN_PNG_MODES = {(0, 8): "L", (2, 8): "RGB", (6, 8): "RGBA"}  # (colour type, bit depth)
INCOMPLETE = ("not a complete image", "the file is cut short; download or export it again")


# Icons and badges: at most this high and wide as drawn (shields.io badges are 20 px high).
ICON_MAX_HEIGHT = 64
ICON_MAX_WIDTH = 256
_SVG_SIZE = lazy_compile(rb'(?<![\w-])(width|height)\s*=\s*["\']?([\d.]+)(?:px)?["\'\s/>]')


def is_small(width: float, height: float) -> bool:
    """Icon or badge sized: within a line of text such a picture is decoration."""
    return 0 < height <= ICON_MAX_HEIGHT and 0 < width <= ICON_MAX_WIDTH


def _svg_size(data: bytes) -> tuple[float, float]:
    """The root's width and height in pixels; 0 for either when missing or relative."""
    root = data[:4096]
    start = root.find(b"<svg")
    end = root.find(b">", start)
    sizes = {m.group(1): float(m.group(2)) for m in _SVG_SIZE.finditer(root[start:end + 1])}
    return sizes.get(b"width", 0.0), sizes.get(b"height", 0.0)


def _small(width: float, height: float) -> dict[str, Any]:
    """The `small` and `drawn_width` of a picture drawn this size (px)."""
    small = is_small(width, height)
    return {"small": small, "drawn_width": float(width) if small else 0.0}


def _fail(reason: str, hint: str) -> Normalised:
    return Normalised(None, reason=reason, hint=hint)


def looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) and b"<svg" in head


def _rasterise_svg(data: bytes, width: int, budget: SvgBudget | None) -> bytes | Normalised:
    from slidegen.images.svg import SvgRefused, rasterise  # lxml and a child: only for SVG

    out = rasterise(data, width, budget)
    return _fail(out.reason, out.hint) if isinstance(out, SvgRefused) else out


def _to_8bit(im: Image.Image) -> Image.Image:
    """16-bit and float greys become 8-bit; everything else exotic becomes RGB(A)."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if im.mode == "F":
        return im.point(lambda v: v * (1 / 256) if v > 255 else v).convert("L")
    if im.mode in ("P", "PA"):
        has_alpha = im.mode == "PA" or "transparency" in im.info
        return im.convert("RGBA" if has_alpha else "RGB")
    if im.mode in ("LA", "La", "RGBa") or (im.mode.endswith("A") and im.mode != "RGBA"):
        return im.convert("RGBA")
    if im.mode == "1":
        return im.convert("L")
    if im.mode not in KEEP_MODES:
        return im.convert("RGB")  # CMYK, YCbCr, LAB, HSV
    return im


def is_transparent(im: Image.Image) -> bool:
    """True when any pixel has alpha below 255 (fast: one pass by getextrema)."""
    if im.mode != "RGBA":
        return False
    low, _high = im.getchannel("A").getextrema()
    return bool(low < 255)


def _upright_first_frame(im: Image.Image, limit: int) -> Image.Image | Normalised:
    """The picture's first frame (animated GIF/WebP/APNG), turned as its EXIF says; a
    failure for an empty picture, a bomb, or a file that does not decode."""
    w, h = im.size
    if w * h > limit:
        return _fail(f"refused: decompression bomb ({w}×{h} px)", "use a smaller image")
    if w == 0 or h == 0:
        return _fail("not an image (empty)", "check the file")
    try:
        im.seek(0)
        im.load()
        orientation = im.getexif().get(0x0112, 1)
        return ImageOps.exif_transpose(im) if orientation not in (1, None) else im
    except Image.DecompressionBombError:
        return _fail("refused: decompression bomb (too many pixels)", "use a smaller image")
    except (OSError, SyntaxError, ValueError, EOFError):
        return _fail(*INCOMPLETE)


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
    limit = max_pixels or Image.MAX_IMAGE_PIXELS or 89_478_485
    svg_small: dict[str, Any] | None = None
    if looks_like_svg(data):
        svg_small = _small(*_svg_size(data))
        raster = _rasterise_svg(data, svg_width, svg_budget)
        if isinstance(raster, Normalised):
            return raster
        data = raster
    if (ready := _png_as_it_is(data, max_side, limit, find_transparency)) is not None:
        return ready if svg_small is None else replace(ready, **svg_small)
    im = _opened(data)
    if isinstance(im, Normalised):
        return im
    small = _small(*im.size) if svg_small is None else svg_small
    fmt = im.format or ""
    rotated = _upright_first_frame(im, limit)
    if isinstance(rotated, Normalised):
        return rotated
    frames = getattr(im, "n_frames", 1)
    converted = _to_8bit(rotated)
    resized = converted
    if max(converted.size) > max_side:
        resized = converted.copy()
        resized.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    changed = resized is not im or frames > 1
    transparent = find_transparency and is_transparent(resized)
    if fmt == "JPEG" and resized.mode in ("RGB", "L"):
        ext = "jpg"
        out = data if not changed else _encode(resized, "JPEG")
    elif fmt == "PNG" and not changed and im.mode in KEEP_MODES:
        ext, out = "png", data
    else:
        ext, out = "png", _encode(resized, "PNG")
    digest = hashlib.sha256(out).hexdigest()
    image = ImageData(out, resized.width, resized.height, ext, digest)  # type: ignore[arg-type]
    return Normalised(image, transparent=transparent, **small)


def _opened(data: bytes) -> Image.Image | Normalised:
    """The image Pillow opens (not decoded yet), or why it is not one."""
    try:
        return Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        return _fail("refused: decompression bomb (too many pixels)", "use a smaller image")
    except UnidentifiedImageError:
        head = data[:512].lstrip().lower()
        kind = (
            "got HTML" if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) else ""
        )
        return _fail(
            f"not an image ({kind})" if kind else "not an image",
            "check that the link points at the picture itself",
        )
    except (OSError, ValueError, SyntaxError) as exc:
        return _fail(f"not an image ({exc})", "check that the link points at the picture itself")


def _png_as_it_is(data: bytes, max_side: int, max_pixels: int,
                  find_transparency: bool) -> Normalised | None:
    """A PNG that goes into the deck unchanged, checked without Pillow decoding its pixels.

    For such a PNG, decoding only proves the file whole; checking every chunk's checksum
    through to IEND finds files cut short or damaged as well, in a twentieth of the time and
    without loading Pillow's format plugins (together a tenth of a one-note build). None when
    the picture needs Pillow: another format, converting, downscaling, an animation (acTL), an
    EXIF orientation (eXIf, maybe after the pixels), or working out transparency.
    """
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 33:
        return None
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    mode = PLAIN_PNG_MODES.get((colour, depth))
    if (mode is None or not 0 < width * height <= max_pixels or max(width, height) > max_side
            or (find_transparency and mode == "RGBA")):
        return None
    view, pos = memoryview(data), len(PNG_SIGNATURE)
    while True:
        if pos + 12 > len(data):
            return _fail(*INCOMPLETE)
        length, kind = struct.unpack(">I4s", view[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data) or zlib.crc32(view[pos + 4:end - 4]) != int.from_bytes(
                view[end - 4:end], "big"):
            return _fail(*INCOMPLETE)
        if kind in (b"acTL", b"eXIf"):
            return None
        if kind == b"IEND":
            break
        pos = end
    digest = hashlib.sha256(data).hexdigest()
    return Normalised(ImageData(data, width, height, "png", digest), **_small(width, height))


def _encode(im: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        im.save(buf, "JPEG", quality=90, optimize=True)
    else:
        im.save(buf, "PNG", compress_level=6)
    return buf.getvalue()
