"""How well one colour reads on another (WCAG 2): for the theme's checks, the renderer's code
colours and the rendered check. Apart from the theme module, so that drawing needs no YAML."""

from __future__ import annotations


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of an RRGGBB colour (0 black … 1 white)."""
    value = color.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio (1 … 21); body text wants at least 4.5."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)
