"""Pandoc fenced divs and pauses: the parse rule, the model nodes, and unwrapping."""

from __future__ import annotations

from pathlib import Path

from slidegen.diagnostics import Diagnostics
from slidegen.document import (
    Block,
    Callout,
    Code,
    Div,
    Heading,
    ListBlock,
    Paragraph,
    Pause,
    SpeakerNotes,
)
from slidegen.parse import parse_document
from slidegen.plan.divs import unwrap_divs
from slidegen.read import read_source


def _blocks(tmp_path: Path, text: str) -> list[Block]:
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics(str(path))
    return parse_document(read_source(path, diagnostics), diagnostics).blocks


def _text(block: Block) -> str:
    assert isinstance(block, Paragraph)
    return "".join(s.text for s in block.spans)


def test_columns_nested_by_fence_length(tmp_path: Path) -> None:
    text = ("# Slide\n\n:::: columns\n::: {.column width=\"40%\"}\nLeft text\n:::\n"
            "::: {.column width=\"60%\"}\n- one\n- two\n:::\n::::\n\nAfter\n")
    blocks = _blocks(tmp_path, text)
    assert [type(b) for b in blocks] == [Heading, Div, Paragraph]
    columns = blocks[1]
    assert isinstance(columns, Div) and columns.classes == ["columns"] and columns.line == 3
    left, right = columns.blocks
    assert isinstance(left, Div) and isinstance(right, Div)
    assert left.attrs.values == {"width": "40%"} and right.attrs.values == {"width": "60%"}
    assert _text(left.blocks[0]) == "Left text"
    assert isinstance(right.blocks[0], ListBlock)
    assert _text(blocks[2]) == "After"


def test_equal_length_fences_nest(tmp_path: Path) -> None:
    """Pandoc closes the innermost div at each bare fence, whatever its length."""
    text = ("::: columns\n::: column\nA\n:::\n::: column\nB\n:::\n:::\n\nC\n")
    blocks = _blocks(tmp_path, text)
    assert [type(b) for b in blocks] == [Div, Paragraph]
    assert [_text(c.blocks[0]) for c in blocks[0].blocks] == ["A", "B"]  # type: ignore[union-attr]


def test_fence_inside_code_is_code(tmp_path: Path) -> None:
    text = "::: aside\n```text\n:::\n```\n:::\n\nAfter\n"
    blocks = _blocks(tmp_path, text)
    assert [type(b) for b in blocks] == [Div, Paragraph]
    code = blocks[0].blocks[0]  # type: ignore[union-attr]
    assert isinstance(code, Code) and code.text == ":::"


def test_unclosed_div_runs_to_the_end(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path, "Before\n\n::: incremental\n- a\n- b\n")
    assert [type(b) for b in blocks] == [Paragraph, Div]
    assert isinstance(blocks[1].blocks[0], ListBlock)  # type: ignore[union-attr]


def test_div_in_a_list_item(tmp_path: Path) -> None:
    text = "- item\n\n  ::: note\n  inside\n  :::\n- next\n"
    blocks = _blocks(tmp_path, text)
    assert isinstance(blocks[0], ListBlock) and len(blocks[0].items) == 2
    assert isinstance(blocks[0].items[0].blocks[1], Callout)


def test_notes_and_callout_names_keep_their_meaning(tmp_path: Path) -> None:
    text = ("::: notes\nSay this\n:::\n\n::: warning Mind the gap\nCareful\n:::\n\n"
            "::: {.callout-tip title=\"Remember\"}\nThis\n:::\n\n"
            "::: {#x .aside key=v}\nKept\n:::\n")
    blocks = _blocks(tmp_path, text)
    assert isinstance(blocks[0], SpeakerNotes) and blocks[0].text == "Say this"
    assert isinstance(blocks[1], Callout)
    assert (blocks[1].kind, blocks[1].title) == ("warning", "Mind the gap")
    assert isinstance(blocks[2], Callout)
    assert (blocks[2].kind, blocks[2].title) == ("tip", "Remember")
    div = blocks[3]
    assert isinstance(div, Div)
    assert (div.attrs.id, div.classes, div.attrs.values) == ("x", ["aside"], {"key": "v"})


def test_pause_between_blocks(tmp_path: Path) -> None:
    text = "First\n\n. . .\n\nSecond\nnot . . . a pause\n. . .\n"
    blocks = _blocks(tmp_path, text)
    assert [type(b) for b in blocks] == [Paragraph, Pause, Paragraph]
    assert blocks[1].line == 3
    assert _text(blocks[2]).endswith(". . .")  # inside a paragraph it is text, as in pandoc


def test_unknown_divs_unwrapped_content_kept(tmp_path: Path) -> None:
    text = ("::: {.my-box data-note=\"x\"}\n## Inside\n\nText\n:::\n\n"
            ":::: columns\n::: column\n::: aside\nA\n:::\n:::\n::::\n")
    blocks = unwrap_divs(_blocks(tmp_path, text))
    assert [type(b) for b in blocks] == [Heading, Paragraph, Div]
    column = blocks[2].blocks[0]  # type: ignore[union-attr]
    assert isinstance(column, Div) and column.classes == ["column"]
    assert _text(column.blocks[0]) == "A"
