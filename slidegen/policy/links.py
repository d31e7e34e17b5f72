"""Which links stay clickable on a slide: web and mail links, and links within the deck.

A deck is opened by people who trust it, and PowerPoint follows a link's scheme without
asking twice: `javascript:`, `file:`, `\\\\host\\share`, `smb:`, `ms-msdt:` or `search-ms:`
in someone's note must not become a click away. Those keep their text, as plain text, and
the person is told.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from slidegen.diagnostics import shown

__all__ = ["safe_link"]

SAFE_SCHEMES = ("http", "https", "mailto")


def safe_link(href: str) -> tuple[str | None, str]:
    """(the link to keep, "") or (None, why it was dropped, for a warning)."""
    text = href.strip()
    if not text:
        return None, ""
    if text.startswith("#"):
        return text, ""  # a place within the deck
    if text.startswith("//") and not text.startswith("///"):
        text = "https:" + text  # scheme-relative, as a browser would open it
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme in SAFE_SCHEMES and "\\" not in text:
        return text, ""
    kind = f"a {scheme}: link" if scheme else "a link that is not a web address"
    return None, (f"{kind} ({shown(href)}) is shown as plain text: only http, https and mailto "
                  "links stay clickable; write the full https:// address to keep it")
