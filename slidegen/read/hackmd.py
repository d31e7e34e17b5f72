"""HackMD's and CodiMD's additions a note's text carries: the tags line HackMD writes under a
note's title (`###### tags: `OS` `스터디``), read as the note's tags, and its embeds
(`{%youtube id %}`, `{%vimeo id %}`, `{%gist user/id %}`, `{%pdf url %}`, `{%slideshare
user/deck %}`, `{%speakerdeck user/deck %}`, `{%figma url %}`, `{%hackmd @user/note %}`), which
look like Liquid and are shown as lines with their links, as video includes are.
"""

from __future__ import annotations

import re
from typing import Any

from slidegen.read.video_pages import VIDEO_PAGES
from slidegen.regex import lazy_compile

__all__ = ["hackmd_embed", "with_tags_line"]

_EMBED = lazy_compile(r"\{%-?\s*([\w-]+)\s+(\S+)\s*-?%\}")
_EMBEDS = {  # name → (label, the address its argument stands for)
    "youtube": VIDEO_PAGES["youtube"],
    "vimeo": VIDEO_PAGES["vimeo"],
    "gist": ("Gist", "https://gist.github.com/{}"),
    "slideshare": ("SlideShare", "https://www.slideshare.net/{}"),
    "speakerdeck": ("Speaker Deck", "https://speakerdeck.com/{}"),
    "pdf": ("PDF", "{}"),
    "figma": ("Figma", "{}"),
    "hackmd": ("HackMD", "https://hackmd.io/{}"),
}


def hackmd_embed(tag: str) -> str | None:
    """`{%youtube 2h3eWaPx8SA %}` → `YouTube: <https://www.youtube.com/watch?v=2h3eWaPx8SA>`;
    None for any other tag."""
    found = _EMBED.fullmatch(tag.strip())
    if found is None or (known := _EMBEDS.get(found.group(1).lower())) is None:
        return None
    argument = found.group(2).strip("\"'")
    if found.group(1).lower() == "hackmd" and "theme-" in argument.lower():
        return ""  # `{%hackmd theme-dark %}` styles the page: nothing to show
    url = argument if argument.startswith(("http://", "https://")) else \
        known[1].format(argument.lstrip("/"))
    if not url.startswith(("http://", "https://")):
        return None  # `{%pdf notes.pdf %}`: not HackMD's (its PDFs are web addresses)
    return f"{known[0]}: <{url}>"


_TAGS_LINE = lazy_compile(r"[ \t]{0,3}(#{1,6})[ \t]+tags[ \t]*:[ \t]*(.*?)[ \t#]*", re.I)
_TICKED = lazy_compile(r"`([^`\n]+)`")
_FENCE = lazy_compile(r"[ \t]{0,3}(`{3,}|~{3,})")


def with_tags_line(body: str, front_matter: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The body without HackMD's tags line (its line kept, empty) and the front matter with
    the line's tags added to its own. The line is a heading `tags:` of level 6, or of any
    level listing its tags in backticks; the first such line outside code counts."""
    if "tags" not in body:
        return body, front_matter
    lines = body.split("\n")
    fence = ""
    for number, line in enumerate(lines):
        opened = _FENCE.match(line)
        if opened and (not fence or (opened.group(1)[0] == fence[0]
                       and len(opened.group(1)) >= len(fence))):
            fence = "" if fence else opened.group(1)
            continue
        found = None if fence else _TAGS_LINE.fullmatch(line)
        if found is None:
            continue
        ticked = _TICKED.findall(found.group(2))
        if not ticked and len(found.group(1)) != 6:
            continue
        tags = ticked or found.group(2).replace(",", " ").split()
        lines[number] = ""
        return "\n".join(lines), {**front_matter, "tags": _merged(front_matter.get("tags"), tags)}
    return body, front_matter


def _merged(old: object, new: list[str]) -> list[str]:
    """The front matter's tags, then the line's that are not among them (in any case)."""
    if isinstance(old, str):
        old = [w.strip() for w in (old.split(",") if "," in old else old.split()) if w.strip()]
    tags = [str(tag) for tag in old] if isinstance(old, list) else []
    seen = {tag.casefold() for tag in tags}
    return tags + [tag.strip() for tag in new if tag.strip().casefold() not in seen]
