"""Read a note from disk: bytes to text, YAML front matter (or a Notion export's page
properties), and Jekyll's Liquid tags.

Notes come from blogs, so they carry front matter and Liquid (`{% raw %}` around HTML,
`{% include %}`, `{{ site.url }}`); slidegen does not run Liquid, it removes it. Every
removal keeps newlines, so line N of `Source.text` is line `N + body_line - 1` of the file
and later stages can point at the real line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from slidegen.diagnostics import Diagnostics, SlidegenError
from slidegen.read.decode import decode, replace_controls
from slidegen.read.front_matter import split_front_matter
from slidegen.read.hackmd import with_tags_line
from slidegen.read.hugo_params import expand_params
from slidegen.read.liquid import strip_liquid
from slidegen.read.meta import meta_from_front_matter
from slidegen.read.notion import notion_properties
from slidegen.read.quarto import expand_meta
from slidegen.records import record

__all__ = ["Source", "meta_from_front_matter", "read_source"]


@record
class Source:
    """A note's Markdown body and front matter, with where the body starts in the file."""

    path: Path
    text: str
    front_matter: dict[str, Any]
    body_line: int


def read_source(path: Path, diagnostics: Diagnostics,
                site: Mapping[str, object] | None = None) -> Source:
    """Read one note file into a `Source`; raises SlidegenError for input a person must fix.
    `site` is the settings of the site the note is in (`{{ site.title }}` shows them)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = f"cannot read the file ({reason}): check the path"
        raise SlidegenError(path, None, message) from None
    text = decode(data, path, diagnostics)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = replace_controls(text, diagnostics)
    front_matter, body, body_line = split_front_matter(text, path, diagnostics)
    if not front_matter:
        front_matter, body = notion_properties(body, body_line, diagnostics)
    body = expand_meta(body, front_matter)
    body = expand_params(body, front_matter, site)
    body, front_matter = with_tags_line(body, front_matter)
    if path.suffix.lower() != ".mdx":  # in MDX, `{{…}}` is a JavaScript object, not Liquid
        page = front_matter  # a post's `page.date` is in its file name when not written
        if "date" not in page and (dated := re.match(r"\d{4}-\d{2}-\d{2}(?=-)", path.name)):
            page = {**page, "date": dated.group()}
        body = strip_liquid(body, body_line, diagnostics, page, site)
    return Source(path=path, text=body, front_matter=front_matter, body_line=body_line)
