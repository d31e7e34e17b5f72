"""The pictures `normalise` cannot take as they are: opened, turned, converted and downscaled
by Pillow. Its own module so that a build whose pictures are all ready PNGs never loads
Pillow in the planner (a tenth of the planner's start-up); the render process loads it."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from slidegen.deck import ImageData
from slidegen.images.normalised import INCOMPLETE, Normalised, failure, smallness

KEEP_MODES = {"RGB", "RGBA", "L"}  # colour modes a picture keeps as it is


def decoded(data: bytes, max_side: int, limit: int, find_transparency: bool,
            svg_small: dict[str, Any] | None) -> Normalised:
    """`normalise`'s answer for a picture Pillow must open; `svg_small` is a rasterised
    SVG's size as drawn."""
    im = _opened(data)
    if isinstance(im, Normalised):
        return im
    small = smallness(*im.size) if svg_small is None else svg_small
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
        return failure("refused: decompression bomb (too many pixels)", "use a smaller image")
    except UnidentifiedImageError:
        head = data[:512].lstrip().lower()
        kind = (
            "got HTML" if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) else ""
        )
        return failure(
            f"not an image ({kind})" if kind else "not an image",
            "check that the link points at the picture itself",
        )
    except (OSError, ValueError, SyntaxError) as exc:
        return failure(f"not an image ({exc})", "check that the link points at the picture itself")


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
        return failure(f"refused: decompression bomb ({w}×{h} px)", "use a smaller image")
    if w == 0 or h == 0:
        return failure("not an image (empty)", "check the file")
    try:
        im.seek(0)
        im.load()
        orientation = im.getexif().get(0x0112, 1)
        return ImageOps.exif_transpose(im) if orientation not in (1, None) else im
    except Image.DecompressionBombError:
        return failure("refused: decompression bomb (too many pixels)", "use a smaller image")
    except (OSError, SyntaxError, ValueError, EOFError):
        return failure(*INCOMPLETE)


def _encode(im: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        im.save(buf, "JPEG", quality=90, optimize=True)
    else:
        im.save(buf, "PNG", compress_level=6)
    return buf.getvalue()
