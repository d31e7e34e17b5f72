"""Hugo's `{{< param "key" >}}`: a value written into the text from the page's front matter
(its own keys, then its `params:`), else from the site's `params` in hugo.toml, replaced
before the note is parsed, as Hugo renders it. Keys are matched without regard to case, as
Hugo lower-cases them; `"a.b"` reaches into a map. A key found nowhere is left for the parser,
which warns that the shortcode was dropped."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from slidegen.read.quarto import value_text
from slidegen.regex import lazy_compile

_PARAM = lazy_compile(r"\{\{([<%])\s*param\s+(?:\"([^\"]*)\"|'([^']*)'|`([^`]*)`|([\w.-]+))"
                      r"\s*([>%])\}\}")


def expand_params(body: str, front_matter: Mapping[str, Any],
                  site: Mapping[str, object] | None) -> str:
    if "param" not in body:
        return body
    site_params = _get(site or {}, "params")
    sources = [front_matter, _get(front_matter, "params"), site_params]

    def value(found: re.Match[str]) -> str:
        if found.group(1) + found.group(6) not in ("<>", "%%"):
            return found.group(0)
        key = next(g for g in found.group(2, 3, 4, 5) if g is not None)
        for source in sources:
            item = _lookup(source, key)
            if (shown := _shown(item)) is not None:
                return shown
        return found.group(0)

    return _PARAM.sub(value, body)


def _lookup(source: object, key: str) -> object:
    item = source
    for part in key.split("."):
        item = _get(item, part)
    return item


def _get(mapping: object, key: str) -> Any:
    if not isinstance(mapping, Mapping):
        return None
    if key in mapping:
        return mapping[key]
    folded = key.lower()
    return next((v for k, v in mapping.items() if str(k).lower() == folded), None)


def _shown(item: object) -> str | None:
    return str(item).lower() if isinstance(item, bool) else value_text(item)  # Go's true
