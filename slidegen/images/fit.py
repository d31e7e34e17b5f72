"""Pictures shrunk to what the slides show: at most twice their largest displayed size.

Runs after planning, the first point where display sizes are known, and gives a new deck:
the planned one is never changed (its slides may already be drawing). A picture shown
several times is sized for its largest appearance and stays one shared image, so it is still
stored once in the deck.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import replace

from slidegen.deck import Deck, ImageData, Picture, Slide

PX_PER_PT = 96 / 72
SLACK = 1.05  # leave pictures alone that are only a little larger than needed


def fit_to_display(deck: Deck, factor: float = 2.0) -> tuple[Deck, dict[str, ImageData]]:
    """The deck with oversized pictures downscaled, and the new image of each one changed, by
    its old digest (for slides drawn before the deck was finished)."""
    pictures = [s for slide in deck.slides for s in slide.shapes if isinstance(s, Picture)]
    widest: dict[str, float] = {}  # boxes keep the aspect ratio, so width decides
    for pic in pictures:
        widest[pic.image.digest] = max(widest.get(pic.image.digest, 0.0), pic.box.w)
    replaced: dict[str, ImageData] = {}
    for pic in pictures:
        digest = pic.image.digest
        if digest not in replaced:
            target = math.ceil(max(widest[digest] * PX_PER_PT * factor, 1))
            replaced[digest] = (_downscale(pic.image, target)
                                if pic.image.width > target * SLACK else pic.image)
    changed = {digest: image for digest, image in replaced.items() if image.digest != digest}
    if not changed:
        return deck, changed
    return replace(deck, slides=[_with_images(slide, changed) for slide in deck.slides]), changed


def _with_images(slide: Slide, changed: dict[str, ImageData]) -> Slide:
    if not any(isinstance(s, Picture) and s.image.digest in changed for s in slide.shapes):
        return slide
    return replace(slide, shapes=[
        replace(s, image=changed[s.image.digest])
        if isinstance(s, Picture) and s.image.digest in changed else s for s in slide.shapes])


def _downscale(image: ImageData, width: int) -> ImageData:
    from PIL import Image

    with Image.open(io.BytesIO(image.data)) as im:
        height = max(1, round(width * image.height / image.width))
        small = im.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        if image.ext == "jpg":
            small.save(buffer, "JPEG", quality=90, optimize=True)
        else:
            small.save(buffer, "PNG", compress_level=6)
    data = buffer.getvalue()
    return ImageData(data, width, height, image.ext, hashlib.sha256(data).hexdigest())
