"""The project's settings: `slidegen.yaml` (or `[tool.slidegen]` in `pyproject.toml`).

It is found by walking up from the notes, so a folder of notes carries its own defaults.
Precedence is command line > front matter > this file > built-in defaults; the CLI applies it.
Unknown keys and wrong types are errors naming the file and line, with a close match offered,
because a silently ignored typo (`thme: dark`) is worse than a refusal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from slidegen.diagnostics import SlidegenError, closest, shown
from slidegen.policy.files import WIDENING_KEYS, inside
from slidegen.records import record
from slidegen.yamlnodes import compose, load_toml, value_of

T = TypeVar("T")

__all__ = ["CONFIG_NAMES", "Config", "find_config", "limit_found_config", "load_config"]

CONFIG_NAMES = ("slidegen.yaml", "slidegen.yml")
BOOL_KEYS = ("pdf", "pdf_notes", "offline", "strict", "allow_local_files",
             "allow_private_hosts")
PATH_KEYS = ("output", "template")
KEYS = ("output", "theme", "template", *BOOL_KEYS, "jobs", "site_map", "title", "slide_level",
        "footer")


@record
class Config:
    """Values the config file sets; None means "not set here"."""

    file: Path | None = None
    output: Path | None = None
    theme: str | None = None
    template: Path | None = None
    pdf: bool | None = None
    pdf_notes: bool | None = None
    offline: bool | None = None
    strict: bool | None = None
    allow_local_files: bool | None = None
    allow_private_hosts: bool | None = None
    jobs: int | None = None
    site_map: dict[str, Path] = field(default_factory=dict)
    title: str | None = None
    slide_level: int | None = None
    footer: str | None = None  # every deck's footer text, unless its note sets its own


def find_config(start: Iterable[Path]) -> Path | None:
    """The nearest `slidegen.yaml`, or `pyproject.toml` with `[tool.slidegen]`, above the notes."""
    folders = [(p if p.is_dir() else p.parent).resolve() for p in start]
    if not folders:
        folders = [Path.cwd()]
    try:
        common = Path(_commonpath(folders))
    except ValueError:  # different drives
        common = folders[0]
    for folder in (common, *common.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _commonpath(folders: list[Path]) -> str:
    return os.path.commonpath([str(f) for f in folders])


def _has_tool_table(pyproject: Path) -> bool:
    import tomllib  # only where there is a pyproject.toml

    try:
        data = load_toml(pyproject.read_text(encoding="utf-8-sig"), pyproject, "pyproject.toml")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    except SlidegenError:
        return True  # too large or deep to look inside: loading it says so
    return isinstance(data.get("tool"), dict) and "slidegen" in data["tool"]


def load_config(path: Path) -> Config:
    """Read and check one config file; raises SlidegenError(file, line, …) on any mistake."""
    path = Path(path)
    values = _read_pyproject(path) if path.name == "pyproject.toml" else _read_yaml(path)
    config = Config(file=path)
    base = path.resolve().parent
    for key, (value, line) in values.items():
        if key not in KEYS:
            close = closest(key, KEYS)
            hint = f"; did you mean '{close}'?" if close else f"; known keys: {', '.join(KEYS)}"
            raise SlidegenError(path, line, f"unknown setting {shown(key)}{hint}")
        setattr(config, key, _check(key, value, line, path, base))
    return config


def limit_found_config(config: Config) -> list[str]:
    """A config found above the notes, not named by the person nor in the current folder,
    may not widen access: its `allow_*` settings are dropped, and paths it gives (output,
    template, theme, site_map folders) must lie in its own folder. Returns the warnings."""
    where = config.file
    if where is None:
        return []
    folder = where.resolve().parent
    why = ("a config found above the notes cannot widen access; pass it with --config, or "
           "use the command line")
    warnings: list[str] = []
    for key in WIDENING_KEYS:
        if getattr(config, key):
            setattr(config, key, None)
            warnings.append(f"{where}: '{key}' ignored: {why}")
    for key in ("output", "template", "theme"):
        value = getattr(config, key)
        if value and (key != "theme" or "/" in str(value)) and not inside(Path(value), folder):
            setattr(config, key, None)
            warnings.append(f"{where}: '{key}' {shown(str(value))} ignored: it is outside the "
                            f"config's folder, and {why}")
    for url, target in list(config.site_map.items()):
        if not inside(target, folder):
            del config.site_map[url]
            warnings.append(f"{where}: site_map {shown(url)} ignored: its folder is outside the "
                            f"config's folder, and {why}")
    return warnings


def _check(key: str, value: Any, line: int | None, path: Path, base: Path) -> Any:
    """One value, type-checked; relative paths are taken from the config file's folder."""

    def fail(expected: str) -> SlidegenError:
        return SlidegenError(path, line, f"'{key}' must be {expected}, not {shown(value)}")

    if key in BOOL_KEYS:
        if not isinstance(value, bool):
            raise fail("true or false")
        return value
    if key == "jobs":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise fail("a whole number of 1 or more")
        return value
    if key == "slide_level":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6:
            raise fail("a heading level from 1 to 6")
        return value
    if key == "site_map":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise fail("a mapping of site URL to folder (https://me.github.io: ./site)")
        return {url: (base / Path(folder).expanduser()).resolve() for url, folder in value.items()}
    if key == "footer" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # footer: 2026
    if not isinstance(value, str) or not value.strip():
        raise fail("a non-empty text")
    if key in PATH_KEYS:
        return (base / Path(value).expanduser()).resolve()
    if key == "theme" and ("/" in value or value.endswith((".yaml", ".yml"))):
        return str((base / Path(value).expanduser()).resolve())
    return value


def _parsed(path: Path, parse: Callable[[str], T]) -> tuple[str, T]:
    """The file's text and what `parse` makes of it; a file that cannot be read, is not
    UTF-8, or is not valid YAML or TOML is one error naming the file (and the line)."""
    import tomllib  # for its error: only where there is a config file

    try:
        text = path.read_text(encoding="utf-8-sig")
        return text, parse(text)
    except OSError as exc:
        raise SlidegenError(path, None, f"cannot read the config: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SlidegenError(path, None, "the config is not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise SlidegenError(path, mark.line + 1 if mark else None,
                            f"the config is not valid YAML: {problem}") from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise SlidegenError(path, int(found.group(1)) if found else None,
                            f"not valid TOML: {exc}") from None


def _read_yaml(path: Path) -> dict[str, tuple[Any, int | None]]:
    """Top-level keys with their values and 1-based lines."""
    _, node = _parsed(path, lambda text: compose(text, path, "the config"))
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise SlidegenError(path, node.start_mark.line + 1,
                            "the config must be a mapping of settings (key: value)")
    values: dict[str, tuple[Any, int | None]] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = str(key_node.value)
        if key in values:
            raise SlidegenError(path, line, f"{shown(key)} is set twice; keep one")
        try:
            value = value_of(value_node)
        except yaml.YAMLError as exc:
            raise SlidegenError(path, line, f"'{key}': cannot read the value: {exc}") from None
        values[key] = (value, line)
    return values


def _read_pyproject(path: Path) -> dict[str, tuple[Any, int | None]]:
    """`[tool.slidegen]`; tomllib gives no positions, so lines are found in the text."""
    text, data = _parsed(path, lambda text: load_toml(text, path, "pyproject.toml"))
    table = data.get("tool", {}).get("slidegen", {})
    if not isinstance(table, dict):
        raise SlidegenError(path, None, "[tool.slidegen] must be a table")
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines)
                  if re.match(r"\s*\[\s*tool\s*\.\s*slidegen\s*\]", line)), 0)
    values: dict[str, tuple[Any, int | None]] = {}
    for key, value in table.items():
        line = next((n + 1 for n in range(start, len(lines))
                     if re.match(rf"\s*\"?{re.escape(key)}\"?\s*[=.]", lines[n])), None)
        values[key] = (value, line)
    return values
