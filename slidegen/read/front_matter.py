"""YAML front matter split off the top of a note, read by the project's guarded YAML reader
(slidegen.yamlnodes: bounded size, depth and alias expansion)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from slidegen.diagnostics import Diagnostics, SlidegenError
from slidegen.regex import lazy_compile
from slidegen.yamlnodes import compose, value_of

_OPEN = lazy_compile(r"---[ \t]*")
_CLOSE = lazy_compile(r"(?:---|\.\.\.)[ \t]*")


def split_front_matter(
    text: str, path: Path, diagnostics: Diagnostics
) -> tuple[dict[str, Any], str, int]:
    """Split `---` YAML `---` off the top; returns (front matter, body, body's first line)."""
    lines = text.split("\n")
    if lines and _TOML_FENCE.fullmatch(lines[0]):
        return _toml_front_matter(lines, text, path, diagnostics)
    if lines and lines[0].startswith("%") and not lines[0].startswith("%%"):  # %% Obsidian
        return _title_block(lines)
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
    data = _load_yaml(yaml_text, path, diagnostics)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SlidegenError(
            path, 2, "front matter must be 'key: value' lines (a YAML mapping), "
            f"not a {type(data).__name__}: fix the lines between the '---' markers"
        )
    body = "\n".join(lines[end + 1 :])
    return data, body, end + 2


_TOML_FENCE = lazy_compile(r"\+\+\+[ \t]*")


def _toml_front_matter(
    lines: list[str], text: str, path: Path, diagnostics: Diagnostics
) -> tuple[dict[str, Any], str, int]:
    """Hugo's `+++` TOML front matter."""
    import tomllib

    end = next((i for i in range(1, len(lines)) if _TOML_FENCE.fullmatch(lines[i])), None)
    if end is None:
        diagnostics.warn(1, "front matter opened with '+++' is never closed; read the file as "
                         "plain Markdown: add a '+++' line after the front matter")
        return {}, text, 1
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise SlidegenError(path, 2, f"front matter is not valid TOML ({exc}): fix it or "
                            "quote the value") from None
    return data, "\n".join(lines[end + 1 :]), end + 2


def _load_yaml(yaml_text: str, path: Path, diagnostics: Diagnostics) -> Any:
    """The front matter's value, through the guarded reader every YAML of the project uses."""
    try:
        node = compose(yaml_text, path, "front matter", first_line=2, warn=diagnostics.warn)
        return None if node is None else value_of(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2  # YAML starts on file line 2
        line = min(line, yaml_text.count("\n") + 2)  # libyaml may point past the end
        problem = exc.problem or exc.context or "syntax error"
        raise SlidegenError(
            path, line, f"front matter is not valid YAML ({problem}): fix it or quote the value"
        ) from None
    except yaml.YAMLError as exc:
        raise SlidegenError(path, 2, f"front matter is not valid YAML ({exc}): fix it") from None


def _title_block(lines: list[str]) -> tuple[dict[str, Any], str, int]:
    """pandoc's title block: `% title`, `% author; author`, `% date` as the first lines (a
    line starting with a space goes on the one before; an empty `%` skips the field)."""
    fields: list[str] = []
    end = 0
    while end < len(lines) and len(fields) <= 3:
        line = lines[end]
        if line.startswith("%") and not line.startswith("%%"):
            fields.append(line[1:].strip())
        elif line[:1] in (" ", "\t") and line.strip() and fields:
            fields[-1] += ("; " if len(fields) == 2 else " ") + line.strip()
        else:
            break
        end += 1
    if len(fields) > 3:
        return {}, "\n".join(lines), 1  # four `%` lines: not a title block
    keys = ("title", "author", "date")
    data: dict[str, Any] = {k: v for k, v in zip(keys, fields, strict=False) if v}
    if "author" in data:
        data["author"] = [name.strip() for name in data["author"].split(";") if name.strip()]
    return data, "\n".join(lines[end:]), end + 1
