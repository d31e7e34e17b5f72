"""`record`: a dataclass whose `__eq__`, `__hash__` and `__repr__` are shared, not compiled.

Python before 3.13 writes every method a dataclass gets as source text and compiles it when the
class is made. A build makes about 130 dataclasses before its first slide, and compiling their
comparisons, hashes and reprs took 126 M of the 1,882 M instructions a one-note build (the
seed post) executed. `record` leaves `__init__` and the frozen guards to
`dataclasses` and gives every class the same three functions, which read the fields named
when the class was made. The classes stay dataclasses (`fields`, `replace`, `asdict` and
pickling work), and the three behave as `dataclass`'s own: equal when of the same class with
equal compared fields; hashable by those fields when frozen, not hashable when not; shown as
`Name(field=value, ...)`. The `__init__` it writes is compiled once and kept (see
`compiled_methods`).
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import Field, dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

from slidegen import compiled_methods

compiled_methods.install()  # each `__init__` dataclasses writes, compiled once, not every run

_Class = TypeVar("_Class", bound=type)
_Values = Callable[[Any], tuple[Any, ...]]


def _getter(names: list[str]) -> _Values:
    """The named fields' values as one tuple, as `dataclass` compares and hashes them."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = self.__record_compared__
    return values(self) == values(other)


def _hash(self: Any) -> int:
    return hash(self.__record_hashed__(self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"


def _share_methods(cls: _Class, frozen: bool) -> _Class:
    """`dataclass`'s rules for which of the three a class gets, with shared functions. The
    fields they read are kept on the class, so a subclass that is not a record reads its
    parent's, as a dataclass's inherited methods do."""
    own = cls.__dict__
    made = fields(cls)
    cls.__record_compared__ = staticmethod(_getter([f.name for f in made if f.compare]))
    cls.__record_shown__ = tuple(f.name for f in made if f.repr)
    if "__repr__" not in own:
        cls.__repr__ = _repr  # type: ignore[assignment]
    if "__eq__" not in own:
        cls.__eq__ = _eq  # type: ignore[assignment]
    if "__hash__" not in own or (own["__hash__"] is None and "__eq__" in own):
        if frozen:
            hashed = [f.name for f in made if (f.compare if f.hash is None else f.hash)]
            cls.__record_hashed__ = staticmethod(_getter(hashed))
            cls.__hash__ = _hash  # type: ignore[assignment]
        else:
            cls.__hash__ = None  # type: ignore[assignment]
    return cls


@overload
def record(cls: _Class, /) -> _Class: ...
@overload
def record(*, frozen: bool = False) -> Callable[[_Class], _Class]: ...


@dataclass_transform(field_specifiers=(field, Field))
def record(cls: _Class | None = None, /, *, frozen: bool = False) -> Any:
    """`@dataclass` or `@dataclass(frozen=True)`, with the comparison, hash and repr shared."""

    def make(cls: _Class) -> _Class:
        return _share_methods(dataclass(frozen=frozen, eq=False, repr=False)(cls), frozen)

    return make if cls is None else make(cls)
