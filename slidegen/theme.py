"""Themes: the look of a deck (size, fonts per role, sizes, colours, margins), loaded from YAML.

A theme file may `extends:` another; keys it leaves out come from that one, and in the end from
the built-in default. Mistakes are reported with the theme file and line.
"""

from __future__ import annotations

import importlib.util
from dataclasses import fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, get_type_hints

import yaml

from slidegen.deck import Colors, Fonts
from slidegen.diagnostics import SlidegenError, closest, shown
from slidegen.policy.files import inside
from slidegen.records import record
from slidegen.regex import lazy_compile
from slidegen.yamlnodes import compose, value_of

SLIDE_SIZES = {"16:9": (960.0, 540.0), "4:3": (720.0, 540.0), "16:10": (960.0, 600.0)}
LOGO_POSITIONS = ("top-right", "top-left", "bottom-right", "bottom-left")
PATH_KEYS = ("logo", "background_image", "template")  # file paths, relative to the theme file
_COLOR = lazy_compile(r"^#?[0-9A-Fa-f]{6}$")


@record(frozen=True)
class Sizes:
    """Font sizes in points; `min_*` are the floors the fitter may shrink to."""

    title: float = 32
    title_slide: float = 40
    section: float = 36
    subtitle: float = 20
    kicker: float = 14
    body: float = 22
    min_body: float = 14
    code: float = 15
    min_code: float = 12
    table: float = 16
    min_table: float = 12
    caption: float = 14
    diagram: float = 16  # diagram labels, laid out at this size and scaled with the diagram
    min_diagram: float = 12
    meta: float = 16
    footer: float = 10


@record(frozen=True)
class Margins:
    """Distances from the slide's edges, in points."""

    left: float = 48
    right: float = 48
    top: float = 34
    bottom: float = 34
    gap: float = 18


@record(frozen=True)
class Theme:
    """Everything the planner and renderer need to know about a deck's look."""

    name: str = "default"
    size: str | list[float] = "16:9"
    fonts: Fonts = Fonts()
    sizes: Sizes = Sizes()
    colors: Colors = Colors()
    margins: Margins = Margins()
    line_spacing: float = 1.12
    paragraph_spacing: float = 0.45
    code_style: str = "friendly"
    footer: str = ""
    slide_numbers: bool = True
    logo: str = ""  # image file, relative to the theme file; drawn in a margin corner
    logo_position: str = "top-right"
    background_image: str = ""  # image file stretched over the slide, behind everything
    draw_background: bool = True  # False leaves the template's (master's) background showing
    template: str = ""  # a .pptx/.potx whose masters and layouts the deck is built on
    dark: bool = False
    source: str = ""

    @property
    def width(self) -> float:
        return _slide_size(self.size)[0]

    @property
    def height(self) -> float:
        return _slide_size(self.size)[1]


def _slide_size(size: str | list[float]) -> tuple[float, float]:
    if isinstance(size, str):
        return SLIDE_SIZES[size]
    return float(size[0]), float(size[1])


def _builtin_folder() -> Path:
    """The packaged themes; in a source checkout run without installing, the top-level folder.

    A plain folder (slidegen does not run from a zip): importlib.resources would cost a
    twentieth of a one-note build in imports (tempfile, shutil, compression modules).
    """
    try:
        spec = importlib.util.find_spec("slidegen.themes")
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "themes"


def builtin_theme_names() -> list[str]:
    folder = _builtin_folder()
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir()
                  if p.name.endswith(".yaml"))


def load_theme(name_or_path: str | Path | None = None) -> Theme:
    """A built-in theme by name, or a theme file by path; None gives the default."""
    return _load(str(name_or_path or "default"), seen=())


def _load(ref: str, seen: tuple[str, ...]) -> Theme:
    text, where = _read_theme_source(ref)
    if where in seen:
        raise SlidegenError(where, None, f"theme extends itself in a loop: {' -> '.join(seen)}")
    try:
        node = compose(text, where, "the theme")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise SlidegenError(where, line, f"theme is not valid YAML: {exc}") from None
    if node is None:
        return Theme(name=Path(ref).stem, source=where)
    if not isinstance(node, yaml.MappingNode):
        raise SlidegenError(where, node.start_mark.line + 1, "a theme must be a mapping of keys")
    base = Theme()
    parent = _scalar_value(node, "extends")
    if parent:
        base_ref = parent
        candidate = Path(where).parent / parent
        if not parent.endswith((".yaml", ".yml")):
            candidate = candidate.with_suffix(".yaml")
        if Path(where).exists() and (candidate.exists() or "/" in parent or "\\" in parent):
            base_ref = str(_inside_theme(candidate, where, node, "extends"))
        base = _load(base_ref, (*seen, where))
    theme = _apply(base, node, where, path="")
    theme = _resolve_paths(theme, node, where)
    return replace(theme, name=Path(ref).stem if "/" in ref or ref.endswith(".yaml") else ref,
                   source=where)


def _resolve_paths(theme: Theme, node: yaml.MappingNode, where: str) -> Theme:
    """Logo, background image and template named in this file are relative to this file."""
    changes: dict[str, str] = {}
    for key_node, _value_node in node.value:
        key = str(key_node.value)
        value = getattr(theme, key, None) if key in PATH_KEYS else None
        if not value:
            continue
        path = Path(value).expanduser()
        if not path.is_absolute():
            base = Path(where).parent if Path(where).exists() else _builtin_folder()
            path = base / path
        if not path.is_file():
            raise SlidegenError(where, key_node.start_mark.line + 1,
                                f"'{key}' file not found: {path}; give a path relative to the "
                                "theme file")
        changes[key] = str(_inside_theme(path, where, node, key))
    return replace(theme, **changes) if changes else theme


def _inside_theme(path: Path, where: str, node: yaml.MappingNode, key: str) -> Path:
    """A file a theme names must be in the theme's folder (symlinks followed): a theme shared
    with notes must not make slidegen read, or embed, files from elsewhere."""
    folder = Path(where).parent if Path(where).exists() else _builtin_folder()
    if inside(path, folder):
        return path.resolve()
    line = next((k.start_mark.line + 1 for k, _ in node.value if k.value == key), None)
    raise SlidegenError(where, line, f"'{key}' {shown(str(path))} is outside the theme's folder "
                        "(after following links): copy the file next to the theme")


def with_slide_size(theme: Theme, width: float, height: float) -> Theme:
    """The same theme on a slide of another size (in points), e.g. a template's."""
    for name, (w, h) in SLIDE_SIZES.items():
        if abs(w - width) < 0.5 and abs(h - height) < 0.5:
            return replace(theme, size=name)
    return replace(theme, size=[float(width), float(height)])


def contrast_pairs(theme: Theme) -> dict[str, tuple[str, str]]:
    """The text/fill colour pairs a reader must be able to read, by name."""
    c = theme.colors
    return {
        "title on background": (c.title, c.background),
        "text on background": (c.text, c.background),
        "link on background": (c.link, c.background),
        "callout text on callout": (c.callout_text, c.callout),
        "link on callout": (c.link, c.callout),
        "code text on code background": (c.code_text, c.code_background),
        "table header text on header": (c.table_header_text, c.table_header),
        "text on table stripe": (c.text, c.table_stripe),
    }


def _read_theme_source(ref: str) -> tuple[str, str]:
    path = Path(ref)
    if ref.endswith((".yaml", ".yml")) or "/" in ref or path.exists():
        if not path.is_file():
            raise SlidegenError(ref, None, "theme file not found; give a path to a .yaml theme "
                                f"or one of: {', '.join(builtin_theme_names())}")
        return path.read_text(encoding="utf-8"), str(path)
    resource = _builtin_folder() / f"{ref}.yaml"
    if not resource.is_file():
        hint = closest(ref, builtin_theme_names())
        suggestion = f" (did you mean '{hint}'?)" if hint else ""
        raise SlidegenError(ref, None, f"no built-in theme named '{ref}'{suggestion}; "
                            f"choose one of: {', '.join(builtin_theme_names())}")
    return resource.read_text(encoding="utf-8"), f"themes/{ref}.yaml"


def _scalar_value(node: yaml.MappingNode, key: str) -> str | None:
    for k, v in node.value:
        if k.value == key and isinstance(v, yaml.ScalarNode):
            return str(v.value)
    return None


@cache
def _type_hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _apply(obj: Any, node: yaml.MappingNode, where: str, path: str) -> Any:
    """Overlay a YAML mapping onto a frozen dataclass, checking every key and value."""
    hints = _type_hints(type(obj))
    names = [f.name for f in fields(obj) if f.name not in ("name", "source")]
    changes: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key == "extends" and not path:
            continue
        if key not in names:
            hint = closest(key, names)
            suggestion = f"; did you mean '{hint}'?" if hint else ""
            raise SlidegenError(where, line, f"unknown theme key {shown(path + key)}{suggestion}")
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value_node, yaml.MappingNode):
                raise SlidegenError(where, line, f"'{path}{key}' must be a mapping")
            changes[key] = _apply(current, value_node, where, f"{path}{key}.")
            continue
        value = value_of(value_node)
        changes[key] = _check_value(f"{path}{key}", value, hints[key], where, line)
    return replace(obj, **changes)


def _check_value(key: str, value: Any, hint: Any, where: str, line: int) -> Any:
    leaf = key.rsplit(".", 1)[-1]
    if key.startswith("colors."):
        if not isinstance(value, str) or not _COLOR.match(value):
            raise SlidegenError(where, line, f"'{key}' must be a colour like \"#1D7FB8\", "
                                f"not {shown(value)}")
        return value.lstrip("#").upper()
    if key == "size":
        if isinstance(value, str) and value in SLIDE_SIZES:
            return value
        if (isinstance(value, list) and len(value) == 2
                and all(isinstance(v, int | float) and 72 <= v <= 4000 for v in value)):
            return [float(v) for v in value]
        raise SlidegenError(where, line, f"'size' must be one of {', '.join(SLIDE_SIZES)} "
                            "or [width, height] in points")
    if key == "code_style":
        from pygments.styles import STYLE_MAP, get_all_styles

        if value in STYLE_MAP:  # built-in styles: no need to load every style (slow)
            return value
        styles = sorted(get_all_styles())
        if value not in styles:
            hint = closest(str(value), styles)
            suggestion = f"; did you mean '{hint}'?" if hint else ""
            raise SlidegenError(where, line, f"'code_style' {shown(value)} is not a Pygments style"
                                f"{suggestion} (for example: friendly, xcode, monokai, "
                                "github-dark)")
        return value
    if key == "logo_position":
        if value not in LOGO_POSITIONS:
            hint = closest(str(value), LOGO_POSITIONS)
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            raise SlidegenError(where, line, f"'logo_position' must be one of "
                                f"{', '.join(LOGO_POSITIONS)}, not {shown(value)}{suggestion}")
        return value
    if hint is bool or hint == "bool":
        if not isinstance(value, bool):
            raise SlidegenError(where, line, f"'{key}' must be true or false, not {shown(value)}")
        return value
    if hint is float or hint == "float":
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise SlidegenError(where, line,
                                f"'{key}' must be a positive number, not {shown(value)}")
        return float(value)
    if leaf in ("latin", "ea") or hint is str or hint == "str":
        if not isinstance(value, str):
            raise SlidegenError(where, line, f"'{key}' must be text, not {shown(value)}")
        return value
    return value
