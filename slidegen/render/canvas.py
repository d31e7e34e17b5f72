"""A slide being drawn: its XML, its shape tree, its part (for relationships), and shape ids
handed out by a running counter."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from slidegen.render.opc import Package, Part
from slidegen.render.xmlstr import qn


def insert_before(parent: etree._Element, child: etree._Element, successors: Iterable[str]) -> None:
    """`child` into `parent` before the first of the `successors` tags there, else last (the
    schema's order of children)."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


_SHAPE_TAGS = frozenset(qn(f"p:{tag}") for tag in ("sp", "grpSp", "graphicFrame", "cxnSp", "pic",
                                                  "contentPart"))


def shape_tree(root: etree._Element) -> etree._Element:
    """The `p:spTree` of a slide, layout, master or notes slide."""
    return root.find(_TREE)


_TREE = f"{qn('p:cSld')}/{qn('p:spTree')}"


class Canvas:
    """The drawing surface of one slide part."""

    def __init__(self, part: Part, last_id: int, package: Package) -> None:
        self.part = part
        self.package = package
        self.element: etree._Element = part.element
        self.tree: etree._Element = shape_tree(self.element)
        self._last_id = last_id

    def next_id(self) -> int:
        """An id for a new shape: one more than the last handed out (a scan of every id on
        the slide per shape made large slides quadratic)."""
        self._last_id += 1
        return self._last_id

    def ids_used_up_to(self, last: int) -> None:
        """Shapes appended as XML took the ids up to `last`."""
        self._last_id = last

    def shapes(self) -> list[etree._Element]:
        """The slide's shapes, back to front."""
        return [el for el in self.tree if el.tag in _SHAPE_TAGS]

    def add(self, shape: etree._Element) -> etree._Element:
        """`shape` on top of the others (before the tree's extension list, if any)."""
        insert_before(self.tree, shape, ("p:extLst",))
        return shape
