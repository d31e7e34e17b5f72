"""The theme a template implies.

With no theme chosen, fonts come from the master's title and body styles (else the font
scheme; East Asian faces fall back to the default theme's Korean-capable ones), colours from
the master's styles and colour scheme, and the master's background shows. Colours that would
be unreadable (< 4.5:1) are replaced; the planner checks each text's colour against what is
under it on its own layout (a dark section divider, a band). A theme chosen explicitly wins
for fonts and colours and paints its background; the template still gives layouts and size.
"""

from __future__ import annotations

from dataclasses import replace

from slidegen.contrast import contrast_ratio
from slidegen.deck import Colors, FontPair, Fonts
from slidegen.templates.model import Template
from slidegen.theme import Theme, with_slide_size

READABLE = 4.5  # WCAG contrast for body text


def readable(candidates: list[str | None], background: str, fallback: str) -> str:
    for color in candidates:
        if color and contrast_ratio(color, background) >= READABLE:
            return color
    return fallback


def _readable_on_all(candidates: list[str], backgrounds: list[str], fallback: str) -> str:
    """The first candidate that reads on every one of `backgrounds` (captions and quiet
    text sit on the slide, on code and on callouts)."""
    for color in candidates:
        if all(contrast_ratio(color, bg) >= READABLE for bg in backgrounds):
            return color
    return fallback


def ink_on(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    return ("000000" if contrast_ratio("000000", background)
            >= contrast_ratio("FFFFFF", background) else "FFFFFF")


def mix(a: str, b: str, amount: float) -> str:
    """`amount` of colour b blended into colour a."""
    ca = [int(a[i:i + 2], 16) for i in (0, 2, 4)]
    cb = [int(b[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(ca, cb, strict=True))


def derived_colors(base: Colors, template: Template, background: str | None) -> Colors:
    scheme = template.colors
    background = background or scheme.get("lt1") or base.background
    light = ink_on(background) == "000000"
    ink = ink_on(background)
    text = readable([template.body_look.color, scheme.get("dk1"), scheme.get("lt1"),
                     base.text], background, ink)
    title = readable([template.title_look.color, scheme.get("dk2"), scheme.get("accent1"),
                      text], background, text)
    accent = scheme.get("accent1") or base.accent
    link = readable([scheme.get("hlink"), accent], background, text)
    header = readable([scheme.get("dk2"), accent], "FFFFFF", "1F2933") if light else accent
    return replace(
        base, background=background, text=text, title=title, accent=accent, link=link,
        muted=_readable_on_all([mix(text, background, 0.35), mix(text, background, 0.2)],
                               [background, mix(background, text, 0.06),
                                mix(background, accent, 0.10)], text),
        code_background=mix(background, text, 0.06), code_text=text,
        callout=mix(background, accent, 0.10), callout_text=text,
        table_header=header, table_header_text=readable(["FFFFFF", background, "000000"],
                                                        header, ink),
        table_stripe=mix(background, text, 0.04), plate="FFFFFF",
    )


def template_theme(template: Template, theme: Theme | None) -> Theme:
    """The theme to plan with on this template: `theme` (explicitly chosen) on the template's
    slide size, or, when None, a theme derived from the template's styles and schemes."""
    if theme is not None:
        return replace(with_slide_size(theme, template.width, template.height),
                       template=template.path)
    default = Theme()
    title, body = template.title_look, template.body_look
    fonts = Fonts(
        title=FontPair(title.latin or template.major[0] or default.fonts.title.latin,
                       title.ea or template.major[1] or default.fonts.title.ea),
        body=FontPair(body.latin or template.minor[0] or default.fonts.body.latin,
                      body.ea or template.minor[1] or default.fonts.body.ea),
        code=default.fonts.code,
    )
    colors = derived_colors(default.colors, template, template.master_background)
    dark = ink_on(colors.background) == "FFFFFF"
    name = template.path.rsplit("/", 1)[-1]
    derived = replace(default, name=f"template {name}", fonts=fonts, colors=colors,
                      draw_background=False, template=template.path, dark=dark,
                      code_style="github-dark" if dark else "xcode", source=template.path)
    return with_slide_size(derived, template.width, template.height)
