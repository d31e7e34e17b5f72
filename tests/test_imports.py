"""The pipeline's direction, checked from the source: no import cycles inside slidegen, the
planner and parser never reach the renderer or python-pptx, the renderer never the parser.

Every import counts, also those inside functions and under TYPE_CHECKING: a cycle hidden in a
function is still a cycle a reader has to untangle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "slidegen"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """Every module `name` imports: slidegen modules by their full name, others by their top."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:  # `from slidegen.plan import measure` imports a module
                child = f"{base}.{alias.name}"
                found.add(child if child in MODULES else base)
    return {n if n in MODULES else n.split(".")[0] for n in found}


GRAPH = {name: {n for n in imports_of(name) if n in MODULES} for name in MODULES}


def test_no_import_cycles() -> None:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def forbidden(prefixes: tuple[str, ...], banned: tuple[str, ...]) -> list[str]:
    return sorted(f"{name} imports {target}" for name in MODULES
                  if name.startswith(prefixes)
                  for target in imports_of(name)
                  if target == banned or target.startswith(banned) or target in banned)


@pytest.mark.slow
def test_planner_and_parser_never_reach_the_renderer() -> None:
    banned = ("slidegen.render", "pptx")
    assert forbidden(("slidegen.plan", "slidegen.parse"), banned) == []


def test_renderer_never_reads_markdown() -> None:
    banned = ("slidegen.parse", "markdown_it", "mdit_py_plugins")
    assert forbidden(("slidegen.render",), banned) == []
