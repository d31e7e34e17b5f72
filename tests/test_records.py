"""`record` classes compare, hash and print as dataclasses do, without compiling those methods."""

from __future__ import annotations

import dataclasses
import pickle
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from slidegen.deck import Box, Colors, Run
from slidegen.document import Heading, Span
from slidegen.records import record


@contextmanager
def compiled_sources() -> Iterator[list[str]]:
    """The source texts compiled while the block runs (audit hooks cannot be removed, so the
    hook records only while the block is open)."""
    seen: list[str] = []
    recording = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        source = args[0] if event == "compile" else None
        if recording[0] and isinstance(source, bytes | str):
            seen.append(source.decode() if isinstance(source, bytes) else source)

    sys.addaudithook(hook)
    try:
        yield seen
    finally:
        recording[0] = False


def pair(frozen: bool) -> tuple[type, type]:
    """The same class made by `dataclass` and by `record`."""

    def body() -> dict[str, object]:
        return {
            "__annotations__": {"name": "str", "size": "float", "tags": "tuple[str, ...]",
                                "note": "str", "cache": "int"},
            "size": 1.0,
            "tags": (),
            "note": field(default="", repr=False),
            "cache": field(default=0, compare=False),
        }

    made_by_dataclass = dataclass(frozen=frozen)(type("Item", (), body()))
    made_by_record = record(frozen=frozen)(type("Item", (), body()))
    return made_by_dataclass, made_by_record


SAMPLES = [
    {"name": "a"},
    {"name": "a", "size": 2.5, "tags": ("x", "y")},
    {"name": "a", "note": "hidden", "cache": 7},
    {"name": "b", "size": float("nan")},
]


@pytest.mark.parametrize("frozen", [True, False])
def test_equality_and_repr_are_those_of_a_dataclass(frozen: bool) -> None:
    by_dataclass, by_record = pair(frozen)
    for left in SAMPLES:
        for right in SAMPLES:
            expected = by_dataclass(**left) == by_dataclass(**right)
            assert (by_record(**left) == by_record(**right)) is expected, (left, right)
            assert (by_record(**left) != by_record(**right)) is (not expected)
        assert repr(by_record(**left)) == repr(by_dataclass(**left))
        same = by_record(**left)
        assert same == same  # identical fields compare equal, NaN included, as in a tuple
    assert by_record(name="a") != by_dataclass(name="a")
    assert by_record(name="a").__eq__(object()) is NotImplemented


def test_frozen_records_hash_by_their_compared_fields_and_others_do_not_hash() -> None:
    by_dataclass, by_record = pair(frozen=True)
    for sample in SAMPLES[:3]:
        assert hash(by_record(**sample)) == hash(by_dataclass(**sample))
    assert hash(by_record(name="a", cache=1)) == hash(by_record(name="a", cache=2))
    assert len({by_record(name="a"), by_record(name="a"), by_record(name="b")}) == 2
    _, mutable = pair(frozen=False)
    with pytest.raises(TypeError, match="unhashable"):
        hash(mutable(name="a"))


def test_records_stay_dataclasses() -> None:
    box = Box(1, 2, 3, 4)
    assert dataclasses.is_dataclass(box)
    assert [f.name for f in dataclasses.fields(box)] == ["x", "y", "w", "h"]
    assert dataclasses.replace(box, w=9) == Box(1, 2, 9, 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        box.x = 5  # type: ignore[misc]
    run = Run("글자", bold=True)
    assert pickle.loads(pickle.dumps(run)) == run
    assert dataclasses.asdict(Colors())["background"] == "FFFFFF"
    heading = Heading(level=2, spans=[Span("제목")], line=3)
    assert repr(heading).startswith("Heading(level=2, spans=[Span(")


def test_a_subclass_that_is_not_a_record_compares_by_its_parents_fields() -> None:
    @record(frozen=True)
    class Parent:
        a: int

    class Child(Parent):
        extra = "class attribute"

    assert Child(1) == Child(1)
    assert Child(1) != Parent(1)
    assert hash(Child(1)) == hash(Parent(1))
    assert repr(Child(2)).endswith("<locals>.Child(a=2)")


def test_a_record_keeps_methods_its_class_writes_itself() -> None:
    @record
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Named) and other.name.lower() == self.name.lower()

        def __hash__(self) -> int:
            return hash(self.name.lower())

    assert repr(Named("A")) == "<A>"
    assert Named("A") == Named("a")
    assert hash(Named("A")) == hash(Named("a"))


def test_a_record_compiles_only_what_dataclasses_cannot_share() -> None:
    """Only `__init__` (and for a frozen class its two guards) is compiled, not the
    comparison, hash and repr a dataclass compiles for every class."""
    with compiled_sources() as by_dataclass:
        pair_made = dataclass(frozen=True)(type("Plain", (), {"__annotations__": {"a": "int"}}))
    fresh = f"a{time.monotonic_ns()}"  # a text compiled before is not compiled again
    with compiled_sources() as by_record:
        record_made = record(frozen=True)(type("Plain", (), {"__annotations__": {fresh: "int"}}))
    assert pair_made(1) == pair_made(1) and record_made(1) == record_made(1)
    assert any("__eq__" in source for source in by_dataclass)
    assert any("__repr__" in source for source in by_dataclass)
    assert any("__hash__" in source for source in by_dataclass)
    assert by_record, "the audit hook saw nothing"
    assert not any(name in source for source in by_record
                   for name in ("__eq__", "__repr__", "__hash__"))
    assert any("__init__" in source for source in by_record)
