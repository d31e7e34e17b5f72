"""Front matter (and the site's `_config.yml`) reduced to the deck's `Meta`."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from slidegen.document import Meta
from slidegen.read.decode import CONTROLS
from slidegen.read.language import text_language
from slidegen.regex import lazy_compile

_REGIONS = {
    "ko": "ko-KR", "ja": "ja-JP", "zh": "zh-CN", "en": "en-US", "de": "de-DE",
    "fr": "fr-FR", "es": "es-ES", "it": "it-IT", "pt": "pt-BR", "ru": "ru-RU",
}


def meta_from_front_matter(
    front_matter: dict[str, Any], site_config: dict[str, Any] | None = None,
    body: str | None = None,
) -> Meta:
    """Reduce front matter to a `Meta`. The language is the front matter's, else the site's
    (its config's `lang`), else the one the title and `body` are written in. A site's English
    is often the theme's default left in its `_config.yml` (Minimal Mistakes' `en-US`,
    Chirpy's `en`): prose in Korean, Japanese or Chinese wins over it."""
    fm = front_matter or {}
    site = site_config or {}
    title = _text(fm.get("title"))
    lang = _text(fm.get("lang")) or _text(fm.get("locale"))
    configured = _text(site.get("lang")) or _text(site.get("locale"))
    if not lang and body is not None and (not configured or configured.lower().startswith("en")):
        lang = text_language(f"{title or ''}\n{body}")  # a CJK language, or None
    lang = lang or configured
    return Meta(
        title=title,
        subtitle=_text(fm.get("subtitle")),
        author=_author(fm.get("author")),
        date=_date(fm.get("date")),
        tags=_word_list(fm.get("tags")),
        categories=_word_list(fm.get("categories") if "categories" in fm else fm.get("category")),
        lang=_normalise_lang(lang) if lang else None,
        theme=_text(fm.get("theme")),
        template=_text(fm.get("template")),
        slide_level=slide_level_of(fm.get("slide_level", fm.get("slide-level"))),
        incremental=fm.get("incremental") is True
        or str(fm.get("incremental")).lower() in ("true", "yes", "on"),
        media_subpath=_text(fm.get("media_subpath") or fm.get("img_path")),
    )


def slide_level_of(value: Any) -> int | None:
    """A heading level 1-6 as front matter or a config file gives it; anything else is None."""
    if isinstance(value, bool):
        return None
    try:
        level = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return level if 1 <= level <= 6 else None


_LINE_BREAKS = lazy_compile(r"[ \t]*[\r\n]+[ \t]*")


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    # a title over several lines (`title: |` or an escaped "\r") reads as one, as on the blog
    text = _LINE_BREAKS.sub(" ", CONTROLS.sub(" ", str(value))).strip()
    return text or None


def _author(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("display_name"))
    if isinstance(value, list):
        names = [name for name in (_author(item) for item in value) if name]
        return ", ".join(names) or None
    return _text(value)


def _date(value: Any) -> str | None:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = _text(value)
    if text and re.match(r"\d{4}-\d{2}-\d{2}(?:\D|$)", text):
        return text[:10]
    return text


def _word_list(value: Any) -> list[str]:
    """A YAML list, or a string split like Jekyll does (on commas if any, else on spaces)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [text for text in (_text(item) for item in value) if text]
    text = _text(value)
    if not text:
        return []
    parts = text.split(",") if "," in text else text.split()
    return [part.strip() for part in parts if part.strip()]


def _normalise_lang(lang: str) -> str:
    """`ko`, `ko_KR`, `KO-kr` → `ko-KR` (the BCP 47 form PowerPoint expects)."""
    parts = [p for p in re.split(r"[-_]", lang.strip()) if p]
    if not parts:
        return lang
    language = parts[0].lower()
    if len(parts) == 1:
        return _REGIONS.get(language, language)
    rest = [p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p for p in parts[1:]]
    return "-".join([language, *rest])


# `theme:` as other slide and page tools read it: pandoc's Beamer and reveal.js variables,
# Quarto's and R Markdown's Bootstrap themes, Marp's
_OTHER_THEMES = {
    "Beamer": {"annarbor", "antibes", "bergen", "berkeley", "berlin", "boadilla", "boxes",
               "cambridgeus", "copenhagen", "darmstadt", "dresden", "eastlansing", "frankfurt",
               "goettingen", "hannover", "ilmenau", "juanlespins", "luebeck", "madrid",
               "malmoe", "marburg", "montpellier", "paloalto", "pittsburgh", "rochester",
               "singapore", "szeged", "warsaw", "metropolis", "moloch", "focus", "execushares"},
    "reveal.js": {"black", "white", "league", "beige", "sky", "night", "serif", "simple",
                  "solarized", "blood", "moon", "dracula"},
    "Bootstrap": {"cerulean", "cosmo", "cyborg", "darkly", "flatly", "journal", "litera",
                  "lumen", "lux", "materia", "minty", "morph", "pulse", "quartz", "sandstone",
                  "simplex", "sketchy", "slate", "solar", "spacelab", "superhero", "united",
                  "vapor", "yeti", "zephyr"},
    "Marp": {"gaia", "uncover"},
}
_OTHER_TOOL_KEYS = ("format", "output", "marp", "revealjs", "beamer", "colortheme",
                    "fonttheme", "aspectratio", "beameroption")


def theme_of_another_tool(front_matter: dict[str, Any], ours: list[str]) -> str | None:
    """The tool a front-matter `theme:` is written for when it is not one of slidegen's
    (`theme: metropolis` in a pandoc Beamer note): such a note is built with the default
    theme, not refused. None when the theme may be meant for slidegen."""
    value = front_matter.get("theme")
    if isinstance(value, str) and (value in ours or "/" in value
                                   or value.endswith((".yaml", ".yml"))):
        return None
    if isinstance(value, dict):  # Quarto's `theme: {light: flatly, dark: darkly}`
        value = list(value.values())
    names = [str(v).lower() for v in (value if isinstance(value, list) else [value])
             if v is not None]
    for tool, themes in _OTHER_THEMES.items():
        if any(name in themes for name in names):
            return f"a {tool}"
    if names and any(key in front_matter for key in _OTHER_TOOL_KEYS):
        return "another tool's"
    return None
