"""YAML kept as nodes, so errors can name the line of each key, and the nodes' values.

Every YAML the project reads (front matter, themes, the config, a site's `_config.yml`) comes
through `compose`, which bounds what a file can cost before any value is built: its length,
how deep it nests and how many nodes it stands for once aliases are expanded (a 400-byte
"billion laughs" file otherwise takes gigabytes). Values come from the nodes by PyYAML's safe
rules, as `yaml.safe_load` would give them, except that a date that is not a real date
(`2024-13-45`) stays text for the caller to judge. The C parser reads where libyaml is
installed (five times faster).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from slidegen.diagnostics import SlidegenError

__all__ = ["MAX_YAML_NODES", "compose", "lenient_value_of", "value_of"]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_YAML_CHARS = 1_000_000  # a theme or config is a few KB; a site config rarely 100 KB
MAX_YAML_NODES = 10_000  # counted as expanded through aliases
MAX_YAML_DEPTH = 64

Warn = Callable[[int, str], None]


def compose(text: str, file: str | Path, what: str, first_line: int = 1,
            warn: Warn | None = None) -> yaml.Node | None:
    """The document's node tree (None for an empty document), checked for size and depth.

    Raises yaml.YAMLError for a syntax error, SlidegenError(file, line) for a document too
    large, deep or self-referring. `first_line` is the file line of the text's first line.
    A lone surrogate (`"\\ud800"`, which no file can store) becomes U+FFFD, reported to `warn`.
    """
    if len(text) > MAX_YAML_CHARS:
        raise SlidegenError(file, first_line, f"{what} is longer than "
                            f"{MAX_YAML_CHARS // 1_000_000} MB of text: shorten it")
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except RecursionError:  # the pure-Python parser, where libyaml is missing
        raise _too_deep(file, first_line, what) from None
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):  # libyaml's own limit (1000 levels)
            mark = exc.problem_mark
            raise _too_deep(file, first_line + (mark.line if mark else 0), what) from None
        raise
    if node is not None:
        _check(node, file, what, first_line, warn)
    return node


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe rules, but a timestamp that is no real date or time stays the text it was."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp",
                             _Constructor.construct_yaml_timestamp)


def value_of(node: yaml.Node) -> Any:
    """The Python value of `node` and everything under it (after `compose` checked it)."""
    return _Constructor().construct_document(node)


class _Lenient(_Constructor):
    """A tag written for another program (MkDocs' `!!python/name:…`, `!ENV`) is None."""


_Lenient.add_constructor(None, lambda _constructor, _node: None)


def lenient_value_of(node: yaml.Node) -> Any:
    """`value_of` for a config written for another tool: tags slidegen does not know are
    None, so one such key does not make the whole file unreadable."""
    return _Lenient().construct_document(node)


def _too_deep(file: str | Path, line: int, what: str) -> SlidegenError:
    return SlidegenError(file, line, f"{what} is nested more than {MAX_YAML_DEPTH} levels "
                         "deep: flatten it")


def _check(root: yaml.Node, file: str | Path, what: str, first_line: int,
           warn: Warn | None) -> None:
    """Count nodes as they would be expanded through aliases, without expanding them."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        line = first_line + node.start_mark.line
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_YAML_NODES:
                raise SlidegenError(file, line, f"{what} expands to too much data (YAML "
                                    "aliases): write the values out instead of using "
                                    "'&anchor'/'*alias'")
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise SlidegenError(file, line, f"{what} refers to itself (recursive YAML alias): "
                                "remove the alias")
        if depth > MAX_YAML_DEPTH:
            raise _too_deep(file, line, what)
        if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            _mend_surrogates(node, line, warn)
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node)
                     if id(child) not in sizes)


def _mend_surrogates(node: yaml.ScalarNode, line: int, warn: Warn | None) -> None:
    """Escaped surrogate pairs become their character; a lone one U+FFFD, with a warning."""
    try:
        node.value.encode("utf-8")
    except UnicodeEncodeError:
        before = node.value.count("\ufffd")
        node.value = node.value.encode("utf-16-le", "surrogatepass").decode("utf-16-le",
                                                                            "replace")
        if warn is not None and node.value.count("\ufffd") > before:
            warn(line, "a lone surrogate escape (such as \\ud800) is not a character; "
                 "shown as \ufffd: remove it or write the character itself")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def load_toml(text: str, file: str | Path, what: str) -> dict[str, Any]:
    """TOML (`pyproject.toml`, `hugo.toml`) under the same bounds: its length and how deep it
    nests (tomllib recurses, so `a = [[[[…]]]]` would otherwise end in a RecursionError).

    Raises tomllib.TOMLDecodeError for a syntax error, SlidegenError for a file too large or deep.
    """
    import tomllib

    if len(text) > MAX_YAML_CHARS:
        raise SlidegenError(file, None, f"{what} is longer than "
                            f"{MAX_YAML_CHARS // 1_000_000} MB of text: shorten it")
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise _too_deep(file, 1, what) from None
