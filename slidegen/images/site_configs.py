"""A site's config files, read the way the site reader trusts them: YAML and TOML through the
guarded loaders (size, depth and alias bombs refused, naming the file), and JavaScript
configs as text only."""

from __future__ import annotations

from pathlib import Path

import yaml

from slidegen.yamlnodes import compose, lenient_value_of, load_toml, value_of

MAX_CONFIG_CHARS = 1_000_000


def read_yaml(path: Path, lenient: bool = False) -> dict[str, object]:
    """A site's config; one the tool could not read either is taken as empty. Too large or
    deep (an alias bomb) is a SlidegenError naming it. `lenient`: tags for other programs
    (MkDocs' `!!python/name:`, `!ENV`) read as None instead of making the file unreadable."""
    try:
        node = compose(path.read_text(encoding="utf-8-sig"), path, "the site's config")
        data = None if node is None else (lenient_value_of if lenient else value_of)(node)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _read_toml(path: Path) -> dict[str, object]:
    import tomllib

    try:
        return load_toml(path.read_text(encoding="utf-8-sig"), path, "the site's config")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def read_config(path: Path) -> dict[str, object]:
    return _read_toml(path) if path.suffix == ".toml" else read_yaml(path, lenient=True)


def js_text(path: Path | None) -> str:
    """A JavaScript or TypeScript config's text ("" when there is none): slidegen reads
    strings from it and runs no JavaScript."""
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")[:MAX_CONFIG_CHARS]
    except OSError:
        return ""
