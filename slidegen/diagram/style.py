"""What a diagram's layout needs to know about the deck: fonts, text size, colours, and a way to
measure text. Pure data: the layout never sees the theme's other parts or python-pptx."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from slidegen.records import record
from slidegen.regex import lazy_compile

_HEX3 = lazy_compile(r"^#?([0-9A-Fa-f])([0-9A-Fa-f])([0-9A-Fa-f])$")
_HEX6 = lazy_compile(r"^#?([0-9A-Fa-f]{6})(?:[0-9A-Fa-f]{2})?$")
# The CSS/X11 names notes actually use; anything else keeps the theme's colour.
NAMED_COLORS = {
    "black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000",
    "blue": "0000FF", "yellow": "FFFF00", "orange": "FFA500", "purple": "800080",
    "pink": "FFC0CB", "gray": "808080", "grey": "808080", "lightgray": "D3D3D3",
    "lightgrey": "D3D3D3", "darkgray": "A9A9A9", "lightblue": "ADD8E6",
    "lightgreen": "90EE90", "lightyellow": "FFFFE0", "lightpink": "FFB6C1",
    "darkblue": "00008B", "darkgreen": "006400", "darkred": "8B0000", "navy": "000080",
    "teal": "008080", "cyan": "00FFFF", "magenta": "FF00FF", "brown": "A52A2A",
    "gold": "FFD700", "salmon": "FA8072", "skyblue": "87CEEB", "tomato": "FF6347",
    "orchid": "DA70D6", "khaki": "F0E68C", "beige": "F5F5DC", "ivory": "FFFFF0",
    "lavender": "E6E6FA", "coral": "FF7F50", "crimson": "DC143C", "silver": "C0C0C0",
    "violet": "EE82EE", "indigo": "4B0082", "maroon": "800000", "olive": "808000",
    "aliceblue": "F0F8FF", "honeydew": "F0FFF0", "mintcream": "F5FFFA",
    "whitesmoke": "F5F5F5", "gainsboro": "DCDCDC", "palegreen": "98FB98",
    "lightsalmon": "FFA07A", "lightcyan": "E0FFFF", "steelblue": "4682B4",
}


class DiagramError(ValueError):
    """A diagram that cannot be drawn; `line` counts from the diagram's first line (1-based)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


@record(frozen=True)
class DiagramStyle:
    """Fonts, label size and theme colours a diagram is drawn with (RRGGBB hex)."""

    font: str
    ea_font: str
    size: float
    text: str
    fill: str
    line: str
    frame_fill: str
    frame_line: str
    edge: str
    note_fill: str
    background: str

    def key(self) -> str:
        """What the layout depends on, for the cache."""
        return repr(self)


Measure = Callable[[str, float], float]  # width of a line of text at a size, in points


def parse_color(value: str) -> str | None:
    """RRGGBB for `#abc`, `#aabbcc`, `#aabbccdd` or a common colour name; None otherwise."""
    value = value.strip().strip("'\"").lower()
    if m := _HEX3.match(value):
        return "".join(c * 2 for c in m.groups()).upper()
    if m := _HEX6.match(value):
        return m.group(1).upper()
    if value in NAMED_COLORS:
        return NAMED_COLORS[value]
    m = re.match(r"rgba?\((\d+)\s*,\s*(\d+)\s*,\s*(\d+)", value)
    if m:
        return "".join(f"{min(255, int(v)):02X}" for v in m.groups())
    return None


def readable_text(fill: str, dark: str, light: str = "FFFFFF") -> str:
    """Dark text on a light fill, white on a dark one."""
    r, g, b = (int(fill[i:i + 2], 16) for i in (0, 2, 4))
    return dark if 0.299 * r + 0.587 * g + 0.114 * b > 140 else light


def mix(color: str, base: str, amount: float) -> str:
    """`amount` of `color` over `base` (RRGGBB)."""
    a = [int(color[i:i + 2], 16) for i in (0, 2, 4)]
    b = [int(base[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(y + (x - y) * amount):02X}" for x, y in zip(a, b, strict=True))


def statements(source: str, header: str, strip: str = "") -> Iterator[tuple[int, str]]:
    """The lines after a mermaid block's `header` line (`classDiagram`...), stripped (and of
    the `strip` characters at their end), with their line numbers; blank lines and `%%`
    comments left out."""
    started = False
    for number, raw in enumerate(source.split("\n"), start=1):
        text = raw.strip().rstrip(strip)
        if not text or text.startswith("%%"):
            continue
        if started:
            yield number, text
        else:
            started = text.startswith(header)
