"""Patterns made with `lazy_compile` behave as compiled ones and compile only when first used."""

from __future__ import annotations

import re

from slidegen.regex import lazy_compile


def test_a_lazy_pattern_matches_as_the_compiled_one() -> None:
    lazy = lazy_compile(r"(?P<key>\w+)=(\d+)", re.I)
    compiled = re.compile(r"(?P<key>\w+)=(\d+)", re.I)
    text = "a=1, B=22 c=x"
    assert lazy.search(text).group("key") == compiled.search(text).group("key")  # type: ignore[union-attr]
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub(r"\2", text) == compiled.sub(r"\2", text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.split(text) == compiled.split(text)
    assert lazy.groupindex == compiled.groupindex and lazy.flags == compiled.flags


def test_its_source_is_there_before_it_is_compiled() -> None:
    lazy = lazy_compile(r"[unclosed")
    assert lazy.pattern == "[unclosed"  # not compiled: the bad syntax is not seen yet
    try:
        lazy.match("x")
    except re.error as error:
        assert "unterminated character set" in str(error)
    else:
        raise AssertionError("a bad pattern must fail on first use")


def test_after_first_use_its_methods_are_the_compiled_patterns() -> None:
    lazy = lazy_compile(r"ab+")
    assert lazy.match("abbb") is not None
    assert lazy.match.__self__ == re.compile(r"ab+")  # type: ignore[attr-defined]
