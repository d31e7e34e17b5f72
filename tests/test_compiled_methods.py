"""The methods `dataclasses` writes are compiled once and kept beside the bytecode: a second
run of the same code compiles none of them, in the main process and in the forked render
process, and still gets the same classes. Each case runs fresh interpreters with their own
bytecode folder (`PYTHONPYCACHEPREFIX`), as a user's runs after installing do.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

# Reports every text `dataclasses` compiles (its methods are wrapped in `__create_fn__`) to a
# file per process, so the forked render process reports too.
WATCH = """
import os, sys
folder = sys.argv[1]
def watch(event, args):
    if event != "compile":
        return
    text = args[0].decode() if isinstance(args[0], bytes) else args[0]
    if isinstance(text, str) and text.startswith("def __create_fn__"):
        with open(os.path.join(folder, f"compiled.{os.getpid()}"), "a") as out:
            out.write(text.splitlines()[1] + "\\n")
sys.addaudithook(watch)
"""

CLASSES = WATCH + """
from dataclasses import field, fields
from slidegen.records import record

@record(frozen=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()

@record
class Bag:
    name: str
    items: list[int] = field(default_factory=list)
    FIELD: int = field(default=3, init=False)

bag = Bag("b")
bag.items.append(1)
print(Point(1), Point(1, 2) == Point(1, 2), hash(Point(1)) == hash(Point(1)), bag,
      [f.name for f in fields(Bag)])
"""

EXPECTED = "Point(x=1, y=0, tags=()) True True Bag(name='b', items=[1], FIELD=3) " \
           "['name', 'items', 'FIELD']\n"


def sealed(payload: bytes) -> bytes:
    """A store file holding `payload`: Python's magic number, a CRC-32, the marshal data."""
    return importlib.util.MAGIC_NUMBER + zlib.crc32(payload).to_bytes(4, "little") + payload


def unsealed(data: bytes) -> dict[str, object]:
    head = len(importlib.util.MAGIC_NUMBER) + 4
    assert data[:head] == sealed(data[head:])[:head]
    return marshal.loads(data[head:])


def run(code: str, folder: Path, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def compiled(folder: Path) -> list[str]:
    """What the processes of the last run compiled, one line per method text."""
    lines = []
    for report in sorted(folder.glob("compiled.*")):
        lines += report.read_text().splitlines()
        report.unlink()
    return lines


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment that writes bytecode, to a folder of its own."""
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**clean, "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}


def pycache_store(env: dict[str, str]) -> Path:
    """The store's path as a process with this environment sees it."""
    done = subprocess.run([sys.executable, "-c",
                           "from slidegen import compiled_methods as c; print(c.store_path())"],
                          capture_output=True, text=True, env=env, check=True, timeout=60)
    return Path(done.stdout.strip())


@pytest.mark.slow  # fresh interpreters: about two seconds
def test_a_second_run_compiles_no_method_and_gets_the_same_classes(
        tmp_path: Path, env: dict[str, str]) -> None:
    store = pycache_store(env)
    assert str(store).startswith(str(tmp_path))
    assert run(CLASSES, tmp_path, env) == EXPECTED
    first = compiled(tmp_path)
    assert any("def __init__(self,x:" in line for line in first)
    assert store.is_file()
    assert run(CLASSES, tmp_path, env) == EXPECTED
    assert compiled(tmp_path) == []


@pytest.mark.slow
def test_a_changed_class_is_compiled_anew_and_a_damaged_store_ignored(
        tmp_path: Path, env: dict[str, str]) -> None:
    store = pycache_store(env)
    run(CLASSES, tmp_path, env)
    compiled(tmp_path)
    changed = CLASSES.replace("y: int = 0", "z: int = 0").replace("Point(1, 2) ==", "Point(1) ==")
    assert run(changed, tmp_path, env).startswith("Point(x=1, z=0, tags=())")
    assert [line for line in compiled(tmp_path) if "(self,x:" in line] \
        == [" def __init__(self,x:_type_x,z:_type_z=_dflt_z,tags:_type_tags=_dflt_tags)"
            "->_return_type:"]
    good = store.read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x20  # one bit of the stored code, as a disk might
    for damage in (b"", b"not a store", good[:len(good) // 2], bytes(flipped),
                   sealed(marshal.dumps({"def f(): pass": 1})),
                   sealed(b"\xff" * 64)):  # checksum right, not marshal data
        store.write_bytes(damage)
        assert run(CLASSES, tmp_path, env) == EXPECTED
        assert compiled(tmp_path), "a damaged store is read as empty"
        assert any("def __init__(self,x:" in text for text in unsealed(store.read_bytes()))


@pytest.mark.slow
def test_nothing_is_written_where_bytecode_is_not(
        tmp_path: Path, env: dict[str, str]) -> None:
    store = pycache_store(env)
    assert run(CLASSES, tmp_path, {**env, "PYTHONDONTWRITEBYTECODE": "1"}) == EXPECTED
    assert not store.exists()


@pytest.mark.slow  # two builds: about three seconds
def test_the_render_process_keeps_what_it_compiled(
        tmp_path: Path, env: dict[str, str]) -> None:
    note = tmp_path / "note.md"
    note.write_text("---\ntitle: Kept\n---\n# Kept\n\n## A slide\n\n- one\n- two\n",
                    encoding="utf-8")
    build = WATCH + ("sys.argv.pop(1)\n"
                     "import slidegen.write\n"
                     "slidegen.write._idle_cpu = lambda: True  # a render process, however busy\n"
                     "from slidegen.app.cli import run\nrun()\n")
    argv = [sys.executable, "-c", build, str(tmp_path), str(note), "-o",
            str(tmp_path / "deck.pptx"), "-q", "--offline"]
    reports = []
    for _ in range(2):
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        reports.append(sorted(tmp_path.glob("compiled.*")))
        compiled(tmp_path)
    assert len(reports[0]) == 2, "on a first run, both processes compile"
    assert reports[1] == [], "on the second, neither does"
