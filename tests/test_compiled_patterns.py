"""Regular expressions are compiled once and kept beside the bytecode: a second build parses
no pattern, in either process, and every kept program makes the Pattern `re` itself makes.
The builds run in fresh interpreters with their own bytecode folder, as a user's runs do.
"""

from __future__ import annotations

import _sre
import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from slidegen import compiled_patterns

# Each pattern `re` parses is reported to a file per process (the render process too).
WATCH_BUILD = """
import os, sys
from re import _parser
folder = sys.argv.pop(1)
parse = _parser.parse
def reported(pattern, flags=0, state=None):
    with open(os.path.join(folder, f"parsed.{os.getpid()}"), "a") as out:
        out.write(repr(pattern)[:60] + "\\n")
    return parse(pattern, flags) if state is None else parse(pattern, flags, state)
_parser.parse = reported
from slidegen.app.cli import run
run()
"""

KEPT = """
import json, re, sys
from slidegen import compiled_patterns as c
c.STORE.load()
kept = c.STORE.kept()
different = [repr(p)[:80] for (p, flags), arguments in kept.items()
             if c._sre.compile(p, *arguments) != c._ORIGINAL(p, flags)
             or c._sre.compile(p, *arguments).groupindex != c._ORIGINAL(p, flags).groupindex]
print(json.dumps([len(kept), different, c.STORE.path()]))
"""

NOTE = """---
title: Kept patterns
date: 2024-03-01
tags: [regex]
---
# Kept patterns

## A slide

Some *text* with `code`, a [link](https://example.org) and a footnote.[^1]

- one
- two

| a | b |
|---|---|
| 1 | 2 |

[^1]: The footnote.
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**clean, "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}


def parsed(folder: Path) -> dict[str, list[str]]:
    """What each process of the last build parsed, by process id."""
    found = {}
    for report in folder.glob("parsed.*"):
        found[report.suffix] = report.read_text().splitlines()
        report.unlink()
    return found


@pytest.mark.slow  # two builds in fresh interpreters: about three seconds
def test_a_second_build_parses_no_pattern_and_every_kept_one_is_res_own(
        tmp_path: Path, env: dict[str, str]) -> None:
    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    env = {**env, "PYTHONHASHSEED": "0"}  # markdown-it makes a pattern from a set's order
    argv = [sys.executable, "-c", WATCH_BUILD, str(tmp_path), str(note), "-o",
            str(tmp_path / "deck.pptx"), "-q", "--offline"]
    decks = []
    reports = []
    for _ in range(2):
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        decks.append((tmp_path / "deck.pptx").read_bytes())
        reports.append(parsed(tmp_path))
    assert sum(len(lines) for lines in reports[0].values()) > 100
    assert reports[1] == {}, "the second build parses no pattern"
    assert decks[0] == decks[1]
    done = subprocess.run([sys.executable, "-c", KEPT], capture_output=True, text=True,
                          env=env, check=True, timeout=60)
    count, different, path = json.loads(done.stdout)
    assert count > 100 and different == []
    assert path.startswith(str(tmp_path / "pycache"))


TRICKY = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(?P<day>\d\d))?", 0),
    (r"(?i)straße|ǅ", 0),
    (r"""^\s*(?P<key>[\w-]+)\s*=  # a key
         \s*(?P<value>.*)$""", re.VERBOSE | re.MULTILINE),
    (r"(?<![\w:]):([a-z0-9_+-]{1,40}):(?![\w:])", 0),
    (r"[가-힣ㄱ-ㅎ]+|[\u3040-\u30ff]", 0),
    (r"(a)(?(1)b|c)", 0),
    (r"\b(\w+)\s+\1\b", re.IGNORECASE),
    (rb"\x00[\x80-\xff]{2,}(?=PK)", 0),
    (r"(?s:.)*?\Z", re.ASCII),
]


@pytest.mark.parametrize(("pattern", "flags"), TRICKY)
def test_a_kept_program_makes_the_pattern_re_makes(pattern: str | bytes, flags: int) -> None:
    arguments = marshal.loads(marshal.dumps(compiled_patterns._arguments(pattern, flags)))
    kept = _sre.compile(pattern, *arguments)
    own = compiled_patterns._ORIGINAL(pattern, flags)
    assert kept == own  # same text, flags and program
    assert (kept.groups, kept.groupindex, kept.flags) == (own.groups, own.groupindex, own.flags)
    sample = "2024-03 straSSE Straße :smile: 안녕 the the ab" if isinstance(pattern, str) \
        else b"\x00\x90\x91PK"
    assert [m.span() for m in kept.finditer(sample)] == [m.span() for m in own.finditer(sample)]


def test_parsed_and_debug_patterns_go_to_re_itself(capsys: pytest.CaptureFixture[str]) -> None:
    """`re.Scanner` compiles parsed patterns, not text; `re.DEBUG` prints the program."""
    from re import _parser  # type: ignore[attr-defined]

    parsed_pattern = compiled_patterns._compile(_parser.parse(r"\d+"), 0)
    assert parsed_pattern.pattern is None and parsed_pattern.match("42")
    assert compiled_patterns._compile("ab", re.DEBUG).match("ab")
    assert "LITERAL" in capsys.readouterr().out
