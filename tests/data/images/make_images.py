"""Draw the eight test pictures used by tests/data/stress.md.

Run ``python tests/data/images/make_images.py``; the PNGs are written next to this script.
They differ in aspect ratio and pixel size on purpose (wide banner, tall phone shot, square,
tiny icon, big screenshot) because layout bugs hide in the extremes. Output is deterministic
(no text rendering, no timestamps), so regenerating gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent

# name, width, height, background, accent
PICTURES: list[tuple[str, int, int, str, str]] = [
    ("wide-banner", 1200, 300, "#0B3C5D", "#F2A541"),
    ("tall-phone", 360, 780, "#E8EEF3", "#1D7FB8"),
    ("square", 600, 600, "#2A9D8F", "#FFFFFF"),
    ("tiny-icon", 48, 36, "#F2A541", "#0B3C5D"),
    ("screenshot", 1600, 1000, "#F5F8FA", "#5B6B78"),
    ("diagram-4x3", 800, 600, "#FFFFFF", "#1D7FB8"),
    ("chart-16x9", 960, 540, "#1F2933", "#7FB8DC"),
    ("portrait", 600, 900, "#7FB8DC", "#0B3C5D"),
]


def draw(width: int, height: int, background: str, accent: str) -> Image.Image:
    """A framed picture with a diagonal cross and a grid of boxes: easy to spot when cropped."""
    image = Image.new("RGB", (width, height), background)
    pen = ImageDraw.Draw(image)
    edge = max(1, min(width, height) // 40)
    pen.rectangle([0, 0, width - 1, height - 1], outline=accent, width=edge)
    pen.line([0, 0, width - 1, height - 1], fill=accent, width=edge)
    pen.line([0, height - 1, width - 1, 0], fill=accent, width=edge)
    step = max(4, min(width, height) // 6)
    for x in range(step, width - step, step * 2):
        for y in range(step, height - step, step * 2):
            pen.rectangle([x, y, x + step // 2, y + step // 2], fill=accent)
    return image


def main() -> None:
    for name, width, height, background, accent in PICTURES:
        draw(width, height, background, accent).save(OUT / f"{name}.png", optimize=True)


if __name__ == "__main__":
    main()
