"""Quarto's `{{< meta key >}}`: a front matter value written into the text (`{{< meta title >}}`,
`{{< meta author.name >}}`), replaced before the note is parsed, as Quarto does; a key the
front matter does not hold is left for the parser, which warns about it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from slidegen.regex import lazy_compile

_META = lazy_compile(r"\{\{<\s*meta\s+([\w.-]+)\s*>\}\}")


def expand_meta(body: str, front_matter: Mapping[str, Any]) -> str:
    if "{{<" not in body:
        return body

    def value(found: re.Match[str]) -> str:
        item: Any = front_matter
        for key in found.group(1).split("."):
            item = item.get(key) if isinstance(item, Mapping) else None
        return value_text(item) or found.group(0)

    return _META.sub(value, body)


def value_text(item: object) -> str | None:
    """A front matter value as a shortcode writes it into the text: a list joined with commas,
    a date as ISO; None for what is not text (a map, nothing, an empty string)."""
    if isinstance(item, list):
        item = ", ".join(str(v) for v in item if isinstance(v, str | int | float))
    if isinstance(item, dt.date):
        item = item.isoformat()
    return str(item) if isinstance(item, str | int | float) and item != "" else None
