"""XML written as strings (render/xmlstr): whatever the text, it parses back as itself."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from slidegen.render.xmlstr import attr, text

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_text_and_attributes_parse_back_as_written(value: str) -> None:
    element = etree.fromstring(f'<a x="{attr(value)}">{text(value)}</a>')
    kept = NOT_XML.sub("", value)
    assert element.get("x") == kept
    assert (element.text or "") == kept


def test_what_a_parser_would_normalise_is_a_reference() -> None:
    assert attr('a\tb\nc\r"&<>') == "a&#9;b&#10;c&#13;&quot;&amp;&lt;&gt;"
    assert text("x\ry") == "x&#13;y"
    assert text("a\x00b\x1fc\ufffe") == "abc"
