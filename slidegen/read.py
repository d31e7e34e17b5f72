"""Read a note from disk: bytes to text, YAML front matter, and Jekyll's Liquid tags.

Notes come from blogs, so they carry front matter and Liquid (`{% raw %}` around HTML,
`{% include %}`, `{{ site.url }}`); slidegen does not run Liquid, it removes it. Every
removal keeps newlines, so line N of `Source.text` is line `N + body_line - 1` of the file
and later stages can point at the real line.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from slidegen.diagnostics import Diagnostics, SlidegenError
from slidegen.document import Meta

__all__ = ["Source", "meta_from_front_matter", "read_source"]

# YAML with anchors and aliases can expand exponentially ("billion laughs"); front matter
# never needs more than a few hundred nodes, so anything past this is refused.
MAX_YAML_NODES = 10_000


@dataclass
class Source:
    """A note's Markdown body and front matter, with where the body starts in the file."""

    path: Path
    text: str
    front_matter: dict[str, Any]
    body_line: int


def read_source(path: Path, diagnostics: Diagnostics) -> Source:
    """Read one note file into a `Source`; raises SlidegenError for input a person must fix."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = f"cannot read the file ({reason}): check the path"
        raise SlidegenError(path, None, message) from None
    text = _decode(data, path, diagnostics)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _replace_controls(text, diagnostics)
    front_matter, body, body_line = _split_front_matter(text, path, diagnostics)
    body = _strip_liquid(body, body_line, diagnostics)
    return Source(path=path, text=body, front_matter=front_matter, body_line=body_line)


# --- bytes to text ---------------------------------------------------------------------------

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _decode(data: bytes, path: Path, diagnostics: Diagnostics) -> str:
    """UTF-8 (with or without BOM) first; legacy Korean CP949/EUC-KR with a warning."""
    not_text = "is not a text file: slidegen reads Markdown notes saved as UTF-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise SlidegenError(path, None, not_text) from None
        diagnostics.warn(None, "file is UTF-16; read it anyway: save it as UTF-8")
        return text
    if b"\x00" in data:
        raise SlidegenError(path, None, not_text)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp949")  # a superset of EUC-KR
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise SlidegenError(
            path, line, f"{not_text} (or a legacy Korean encoding); bad byte at line {line}"
        ) from None
    if not _HANGUL.search(text):
        line = data[: utf8_error.start].count(b"\n") + 1
        raise SlidegenError(path, line, f"{not_text}; bad byte at line {line}")
    diagnostics.warn(
        None, "file is not UTF-8; decoded it as Korean CP949/EUC-KR: save it as UTF-8"
    )
    return text


# Characters XML 1.0 forbids (a deck with them does not open) and separators that text layout
# cannot measure; tab and newline stay. They become spaces, so lines and columns stay put.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _replace_controls(text: str, diagnostics: Diagnostics) -> str:
    first = _CONTROLS.search(text)
    if first is None:
        return text
    line = text.count("\n", 0, first.start()) + 1
    diagnostics.warn(line, f"invisible control character U+{ord(first.group()):04X} (and any "
                     "others) replaced by a space: remove it")
    return _CONTROLS.sub(" ", text)


# --- front matter ----------------------------------------------------------------------------

_OPEN = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")


def _split_front_matter(
    text: str, path: Path, diagnostics: Diagnostics
) -> tuple[dict[str, Any], str, int]:
    """Split `---` YAML `---` off the top; returns (front matter, body, body's first line)."""
    lines = text.split("\n")
    if not lines or not _OPEN.fullmatch(lines[0]):
        return {}, text, 1
    end = next((i for i in range(1, len(lines)) if _CLOSE.fullmatch(lines[i])), None)
    if end is None:
        diagnostics.warn(
            1,
            "front matter opened with '---' is never closed; read the file as plain Markdown: "
            "add a '---' line after the front matter",
        )
        return {}, text, 1
    yaml_text = "\n".join(lines[1:end])
    data = _load_yaml(yaml_text, path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SlidegenError(
            path, 2, "front matter must be 'key: value' lines (a YAML mapping), "
            f"not a {type(data).__name__}: fix the lines between the '---' markers"
        )
    body = "\n".join(lines[end + 1 :])
    return data, body, end + 2


class _GuardedLoader(yaml.SafeLoader):
    """A safe loader whose composed node graph is size-checked before it is constructed."""


def _load_yaml(yaml_text: str, path: Path) -> Any:
    loader = _GuardedLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_yaml_size(node, path)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2  # YAML starts on file line 2
        problem = exc.problem or exc.context or "syntax error"
        raise SlidegenError(
            path, line, f"front matter is not valid YAML ({problem}): fix it or quote the value"
        ) from None
    except yaml.YAMLError as exc:
        raise SlidegenError(path, 2, f"front matter is not valid YAML ({exc}): fix it") from None
    finally:
        loader.dispose()


def _check_yaml_size(root: yaml.Node, path: Path) -> None:
    """Count nodes as they would be expanded through aliases, without expanding them."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > MAX_YAML_NODES:
                raise SlidegenError(
                    path, node.start_mark.line + 2,
                    "front matter expands to too much data (YAML aliases): "
                    "write the values out instead of using '&anchor'/'*alias'",
                )
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise SlidegenError(
                path, node.start_mark.line + 2,
                "front matter refers to itself (recursive YAML alias): remove the alias",
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


# --- Liquid ----------------------------------------------------------------------------------

_LIQUID = re.compile(r"\{%-?\s*(\w*)(?:[^%]|%(?!\}))*?-?%\}|\{\{.*?\}\}")
_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_FENCE = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)*(`{3,}|~{3,})(.*)$")
_BACKTICKS = re.compile(r"`+")


@dataclass
class _LiquidState:
    """Where Liquid stripping is, line by line: inside raw, a comment or a code fence."""

    raw: bool = False
    comment: bool = False
    fence: str = ""  # the opening fence while inside fenced code


def _strip_liquid(body: str, body_line: int, diagnostics: Diagnostics) -> str:
    """Remove Liquid the way Jekyll would render it, except inside code where text is literal.

    `{% raw %}`/`{% endraw %}` markers go (also inside code: Jekyll removes them there too,
    they are how authors escape code), their content stays; `{% comment %}` blocks go with
    their content; any other tag or `{{ output }}` is dropped with a warning.
    """
    if "{" not in body:
        return body
    state = _LiquidState()
    out: list[str] = []
    for index, line in enumerate(body.split("\n")):
        lineno = body_line + index
        in_fence = bool(state.fence)
        if not state.comment:
            in_fence = _track_fence(_RAW_TAG.sub("", line), state)
        if "{" in line or state.comment:
            line = _liquid_line(line, lineno, state, in_fence, diagnostics)
        out.append(line)
    if state.comment:
        diagnostics.warn(
            None, "'{% comment %}' is never closed; dropped everything after it: "
            "add '{% endcomment %}'",
        )
    return "\n".join(out)


def _track_fence(line: str, state: _LiquidState) -> bool:
    """Update fenced-code state for this line; True when the line is part of a fence."""
    match = _FENCE.match(line)
    if state.fence:
        if match and match.group(1)[0] == state.fence[0] and len(match.group(1)) >= len(
            state.fence
        ) and not match.group(2).strip():
            state.fence = ""
        return True
    if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
        state.fence = match.group(1)
        return True
    return False


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Column ranges of inline code spans on one line (backtick runs of equal length)."""
    spans: list[tuple[int, int]] = []
    runs = list(_BACKTICKS.finditer(line))
    i = 0
    while i < len(runs):
        opener = runs[i]
        closer = next(
            (j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(opener.group())),
            None,
        )
        if closer is None:
            i += 1
            continue
        spans.append((opener.start(), runs[closer].end()))
        i = closer + 1
    return spans


def _liquid_line(
    line: str, lineno: int, state: _LiquidState, in_fence: bool, diagnostics: Diagnostics
) -> str:
    code = [] if in_fence else _code_spans(line)
    out: list[str] = []
    pos = 0
    for match in _LIQUID.finditer(line):
        start, end = match.span()
        is_tag = match.group(0).startswith("{%")
        name = (match.group(1) or "").lower() if is_tag else ""
        if state.comment:
            if name == "endcomment":
                state.comment = False
                pos = end
            continue
        if name in ("raw", "endraw"):
            out.append(line[pos:start])
            pos = end
            state.raw = name == "raw"
            continue
        if state.raw or in_fence or any(a <= start < b for a, b in code):
            continue  # literal text
        out.append(line[pos:start])
        pos = end
        if name == "comment":
            state.comment = True
            continue
        if name == "endcomment":
            continue
        shown = match.group(0) if len(match.group(0)) <= 60 else match.group(0)[:57] + "..."
        diagnostics.warn(
            lineno,
            f"Liquid {'tag' if is_tag else 'output'} {shown} dropped (slidegen does not run "
            "Liquid): write the content out in Markdown",
        )
    if not state.comment:
        out.append(line[pos:])
    return "".join(out)


# --- meta ------------------------------------------------------------------------------------

_REGIONS = {
    "ko": "ko-KR", "ja": "ja-JP", "zh": "zh-CN", "en": "en-US", "de": "de-DE",
    "fr": "fr-FR", "es": "es-ES", "it": "it-IT", "pt": "pt-BR", "ru": "ru-RU",
}


def meta_from_front_matter(
    front_matter: dict[str, Any], site_config: dict[str, Any] | None = None
) -> Meta:
    """Reduce front matter (and the site's `_config.yml` for the language) to a `Meta`."""
    fm = front_matter or {}
    site = site_config or {}
    lang = _text(fm.get("lang")) or _text(fm.get("locale"))
    lang = lang or _text(site.get("lang")) or _text(site.get("locale"))
    return Meta(
        title=_text(fm.get("title")),
        subtitle=_text(fm.get("subtitle")),
        author=_author(fm.get("author")),
        date=_date(fm.get("date")),
        tags=_word_list(fm.get("tags")),
        categories=_word_list(fm.get("categories") if "categories" in fm else fm.get("category")),
        lang=_normalise_lang(lang) if lang else None,
        theme=_text(fm.get("theme")),
        template=_text(fm.get("template")),
        slide_level=slide_level_of(fm.get("slide_level", fm.get("slide-level"))),
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


_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    # a title over several lines (`title: |` or an escaped "\r") reads as one, as on the blog
    text = _LINE_BREAKS.sub(" ", _CONTROLS.sub(" ", str(value))).strip()
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
