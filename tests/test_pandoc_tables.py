"""pandoc's four table syntaxes (simple, multiline, grid, pipe), their captions before or
after, and their numbers in cross references; and the lines that only look like tables
(setext headings, rules, slide separators, YAML blocks, code) staying what they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.deck import TableShape
from slidegen.diagnostics import Diagnostics
from slidegen.document import (
    Block,
    CellSpan,
    Code,
    Heading,
    Paragraph,
    SlideBreak,
    Span,
    Table,
)
from slidegen.parse import parse_document
from slidegen.read import read_source
from tests.dialects import build, counted_calls, deck_shapes, leaked_markup, write
from tests.pptx_inspect import deck_text

QUARTO = """---
title: "트랜스포머 정리"
lang: ko
format: revealjs
---

## 모델 크기

  모델          층 수     파라미터      BLEU
  ----------- -------- ------------- -------
  Base           6       65M          27.3
  Big            6       213M         28.4
  ----------- -------- ------------- -------

  : 모델 크기 비교 {#tbl-size}

@tbl-size 에서 Big 모델이 BLEU가 더 높다.

## 구성 요소

+----------------+---------------+----------------------+
| 구성 요소      | 복잡도        | 비고                 |
+:===============+:=============:+=====================:+
| Self-attention | $O(n^2 d)$    | - 병렬화 쉬움        |
|                |               | - 긴 의존성          |
+----------------+---------------+----------------------+
| Recurrent      | $O(n d^2)$    | **순차적**           |
+----------------+---------------+----------------------+

: 층별 계산 복잡도 {#tbl-cost}

## 용어

: 용어 설명 {#tbl-terms}

-------------------------------------------------------------
 항목        설명
----------- -------------------------------------------------
 인코더      6개 층, 각 층은 셀프 어텐션과
             피드포워드로 구성된다.

 디코더      마스킹된 어텐션을 `mask`로
             추가로 사용한다.
-------------------------------------------------------------

## 정리

| 표 | 번호 |
|----|-----:|
| 크기 | 1 |

: 파이프 표 {#tbl-pipe}

[@tbl-cost]의 비고와 @tbl-terms, @tbl-pipe 를 함께 본다.
"""


def _parse(tmp_path: Path, text: str, name: str = "note.md",
           diagnostics: Diagnostics | None = None) -> list[Block]:
    path = write(tmp_path / name, text)
    diagnostics = Diagnostics(str(path)) if diagnostics is None else diagnostics
    return parse_document(read_source(path, diagnostics), diagnostics).blocks


def _text(spans: list[Span]) -> str:
    return "".join(span.text for span in spans)


def _tables(blocks: list[Block]) -> list[Table]:
    return [block for block in blocks if isinstance(block, Table)]


def _cells(table: Table) -> tuple[list[str], list[list[str]]]:
    return [_text(c) for c in table.header], [[_text(c) for c in row] for row in table.rows]


def test_quarto_note_with_every_kind_of_table(tmp_path: Path) -> None:
    blocks = _parse(tmp_path, QUARTO, "talk.qmd")
    size, cost, terms, pipe = _tables(blocks)
    assert _cells(size) == (["모델", "층 수", "파라미터", "BLEU"],
                            [["Base", "6", "65M", "27.3"], ["Big", "6", "213M", "28.4"]])
    # Korean header text sits over its dashes as shown on screen (two cells a syllable)
    assert size.align == ["left", "center", "center", "right"]
    assert size.caption == "표 1: 모델 크기 비교"

    assert _cells(cost)[0] == ["구성 요소", "복잡도", "비고"]
    assert cost.align == ["left", "center", "right"]
    assert cost.caption == "표 2: 층별 계산 복잡도"
    first, second = cost.rows
    assert first[1][0].math == "inline" and first[1][0].text == "O(n^2 d)"
    assert _text(first[2]) == "• 병렬화 쉬움\n• 긴 의존성"  # a list in a cell: a line each
    assert second[2][0].bold and _text(second[2]) == "순차적"

    assert terms.caption == "표 3: 용어 설명"  # written above the table
    assert _cells(terms) == (["항목", "설명"], [
        ["인코더", "6개 층, 각 층은 셀프 어텐션과 피드포워드로 구성된다."],
        ["디코더", "마스킹된 어텐션을 mask로 추가로 사용한다."]])
    assert terms.align == ["center", "center"]  # pandoc's reading of the indented header
    assert any(span.code for span in terms.rows[1][1])

    assert pipe.caption == "표 4: 파이프 표" and pipe.align == [None, "right"]
    texts = [_text(b.spans) for b in blocks if isinstance(b, Paragraph)]
    assert "표 1 에서 Big 모델이 BLEU가 더 높다." in texts
    assert "표 2의 비고와 표 3, 표 4 를 함께 본다." in texts
    assert not any(text.startswith((":", "+", "-")) for text in texts)


CROSSREF = """---
title: Attention notes
---

# Results

Table: Model sizes. {#tbl:size}

  Model      Layers    Params
  -------- -------- ---------
  Base            6       65M
  Big             6      213M

+-----------+---------------------+
| Part      | Role                |
+===========+=====================+
| Encoder   | reads the input     |
+-----------+---------------------+

Table: Parts of the model. {#tbl:parts}

The encoder stacks layers.

: Layers, above their grid table. {#tbl:layers}

+---------+--------+
| Layer   | Count  |
+=========+========+
| Encoder | 6      |
+---------+--------+

As [@tbl:size] and [@tbl:parts] show, and [-@tbl:size] alone; [@tbl:layers] too.
"""


def test_pandoc_crossref_numbers_tables_captioned_before_and_after(tmp_path: Path) -> None:
    blocks = _parse(tmp_path, CROSSREF)
    size, parts, layers = _tables(blocks)
    assert layers.caption == "Table 3: Layers, above their grid table."
    assert _cells(layers) == (["Layer", "Count"], [["Encoder", "6"]])
    assert size.caption == "Table 1: Model sizes."
    assert size.align == ["left", "right", "right"]
    assert _cells(size)[1] == [["Base", "6", "65M"], ["Big", "6", "213M"]]
    assert parts.caption == "Table 2: Parts of the model."
    assert _cells(parts) == (["Part", "Role"], [["Encoder", "reads the input"]])
    last = [b for b in blocks if isinstance(b, Paragraph)][-1]
    assert _text(last.spans) == "As Table 1 and Table 2 show, and 1 alone; Table 3 too."


HEADLESS = """# Headerless

-------     ------ ----------   -------
     12     12        12             12
    123     123       123           123
-------     ------ ----------   -------

Table: A simple table without a header.

----------- ------- --------------- -------------------------
   First    row                12.0 Example of a row that
                                    spans two lines.

  Second    row                 5.0 Another one.
----------- ------- --------------- -------------------------

: A multiline table without a header.
"""


def test_tables_without_a_header_align_by_their_first_row(tmp_path: Path) -> None:
    simple, multiline = _tables(_parse(tmp_path, HEADLESS))
    assert simple.header == [] and simple.align == ["right", "left", "center", "right"]
    assert _cells(simple)[1] == [["12", "12", "12", "12"], ["123", "123", "123", "123"]]
    assert simple.caption == "A simple table without a header."
    assert multiline.header == [] and multiline.align == ["center", "left", "right", "left"]
    assert _cells(multiline)[1] == [
        ["First", "row", "12.0", "Example of a row that spans two lines."],
        ["Second", "row", "5.0", "Another one."]]
    assert multiline.caption == "A multiline table without a header."


SPANS = """# 예산

+------------+-----------+-----------+
| 구분       | 2023      | 2024      |
+============+===========+===========+
| 매출       | 100       | 120       |
+------------+-----------+-----------+
| 합계       | 220 (두 해 합계)      |
+------------+-----------+-----------+
| 세로 병합  | a         | b         |
|            +-----------+-----------+
|            | c         | d         |
+------------+-----------+-----------+

+------+------+
| 가나 | 다라 |
+=====:+:=====+
| 마바사 | 아자 |
+------+------+
"""


def test_grid_tables_with_spans_or_crooked_borders_keep_every_word(tmp_path: Path) -> None:
    diagnostics = Diagnostics("note.md")
    spans, crooked = _tables(_parse(tmp_path, SPANS, diagnostics=diagnostics))
    header, rows = _cells(spans)
    assert header == ["구분", "2023", "2024"]
    assert rows == [["매출", "100", "120"], ["합계", "220 (두 해 합계)", ""],
                    ["세로 병합", "a", "b"], ["", "c", "d"]]
    assert spans.spans == [CellSpan(1, 1, 1, 2), CellSpan(2, 0, 2, 1)]
    # a row written one character too wide (borders that do not meet): read between `|`s
    assert _cells(crooked) == (["가나", "다라"], [["마바사", "아자"]])
    assert crooked.align == ["right", "left"]  # the rule's colons still read
    (warning,) = list(diagnostics)  # said, with the line the table starts on
    assert "borders do not line up" in warning.message and warning.line == 15
    assert SPANS.split("\n")[warning.line - 1] == "+------+------+"


NESTED = """# 목록과 인용 안의 표

- 비교할 두 값:

   Key   Value
  ----- -------
   a     *기울임*

> 인용 안:
>
> | 이름 | 점수 |
> |------|-----:|
> | 철수 | 90 |
> : 인용 안 캡션

| 단계 | 설명 |
|------|------|
| 1 | 준비 |
Table: 캡션이 바로 아래에
붙은 표 {#tbl-steps}

@tbl-steps 참고.
"""


def test_tables_in_lists_and_quotes_and_captions_right_under_a_pipe_table(
        tmp_path: Path) -> None:
    blocks = _parse(tmp_path, NESTED)
    listed = blocks[1].items[0].blocks[1]  # type: ignore[attr-defined]
    assert isinstance(listed, Table) and _cells(listed) == (["Key", "Value"], [["a", "기울임"]])
    assert listed.rows[0][1][0].italic
    (quoted,) = _tables(blocks[2].blocks)  # type: ignore[attr-defined]
    assert quoted.caption == "인용 안 캡션" and _cells(quoted)[1] == [["철수", "90"]]
    (steps,) = _tables(blocks)
    assert _cells(steps)[1] == [["1", "준비"]]  # the caption is not a row
    assert steps.caption == "표 1: 캡션이 바로 아래에 붙은 표"
    assert _text(blocks[-1].spans) == "표 1 참고."  # type: ignore[attr-defined]


LOOKALIKES = """---
title: 비슷하게 생긴 것들
---

Setext 제목
-----------

본문 문단입니다.
Another Title
-------------

Intro text here
- - -

A sentence written over
------- ------ -------
a dashed line

Paragraph line right above
Name    Value
------  ------
a       1

---

슬라이드 둘

---
key: value
other: 2
---

```
Right   Left
-----   ----
1       2
```

    Right   Left
    -----   ----
    1       2

+---+ not a table
"""


def test_lines_that_look_like_tables_stay_what_they_are(tmp_path: Path) -> None:
    blocks = _parse(tmp_path, LOOKALIKES)
    assert _tables(blocks) == []
    kinds = [type(block).__name__ for block in blocks]
    headings = [_text(b.spans) for b in blocks if isinstance(b, Heading)]
    assert headings[:2] == ["Setext 제목", "본문 문단입니다. Another Title"]
    assert kinds.count("SlideBreak") >= 4 and sum(isinstance(b, Code) for b in blocks) == 2
    codes = [b.text for b in blocks if isinstance(b, Code)]
    assert all("-----   ----" in code for code in codes)
    texts = [_text(b.spans) for b in blocks if isinstance(b, Paragraph)]
    assert "+---+ not a table" in texts and "Intro text here" in texts
    assert any(isinstance(b, SlideBreak) for b in blocks)


def every_kind() -> str:
    """One Quarto note with every table syntax, captions above and below, a headerless
    simple and multiline table and grid tables with spans (also drawn by LibreOffice in
    test_dialect_rendered)."""
    return (QUARTO + "\n" + HEADLESS.replace("# Headerless", "## 헤더 없는 표") + "\n"
            + SPANS.replace("# 예산", "## 예산"))


def test_deck_of_every_table_kind_shows_no_table_syntax(tmp_path: Path) -> None:
    note = write(tmp_path / "project" / "talk.qmd", every_kind())
    result, prs = build(note, tmp_path / "out")
    tables = [s for s in deck_shapes(result.deck) if isinstance(s, TableShape)]
    assert len(tables) == 8
    assert [len(t.header) for t in tables] == [4, 3, 2, 2, 0, 0, 3, 2]  # no empty header band
    assert tables[6].merges == [(2, 1, 1, 2), (3, 0, 2, 1)]  # rows counted with the header
    cells = ["".join(run.text for run in cell) for table in tables
             for row in [table.header, *table.rows] for cell in row]
    assert not any(mark in cell for cell in cells for mark in ("+--", "==", "---", "|"))
    text = deck_text(prs)
    assert leaked_markup(prs) == []
    for gone in ("+---", "+===", "-------", "{#tbl", "@tbl"):
        assert gone not in text
    for caption in ("표 1: 모델 크기 비교", "표 2: 층별 계산 복잡도", "표 3: 용어 설명",
                    "표 4: 파이프 표", "220 (두 해 합계)", "마바사"):
        assert caption in text


def _long_grid() -> str:
    """A grid table of 30 rows, every seventh a group whose name spans two rows."""
    rule = "+--------+----------+"
    lines = ["# 긴 표", "", rule, "| 번호   | 값       |", "+========+==========+"]
    for n in range(30):
        if n % 7 == 3:
            lines += [f"| 묶음{n:02d} | v{n:02d}      |", "|        " + rule[9:],
                      f"|        | w{n:02d}      |", rule]
        else:
            lines += [f"| n{n:02d}    | 값 {n:02d}    |", rule]
    return "\n".join(lines) + "\n"


def test_long_grid_table_is_cut_between_merged_cells_never_through_them(
        tmp_path: Path) -> None:
    note = write(tmp_path / "long.md", _long_grid())
    result, _ = build(note, tmp_path / "out")
    pieces = [s for s in deck_shapes(result.deck) if isinstance(s, TableShape)]
    assert len(pieces) >= 2
    groups = [f"묶음{n:02d}" for n in range(30) if n % 7 == 3]
    seen = []
    for piece in pieces:
        rows = [["".join(run.text for run in cell) for cell in row] for row in piece.rows]
        for row, column, count, width in piece.merges:
            assert (column, width, count) == (0, 1, 2) and row + count <= len(rows) + 1
            name, value = rows[row - 1]
            assert name in groups and rows[row][0] == "" and value.startswith("v")
            seen.append(name)
    assert seen == groups  # each group whole, on one page, merged


def test_lines_read_grow_with_the_note_not_its_square(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line of dashes may start a table; reading on from each to the note's end made a
    note of many such lines quadratic (3,000 took 88 s). Counted in lines read, not time."""
    from slidegen.parse import grid_table, multiline_table, simple_table, table_columns
    from slidegen.parse.markdown import _MD

    calls, original = [0], table_columns.block_line

    def counted(state: object, number: int) -> str:
        calls[0] += 1
        return original(state, number)  # type: ignore[arg-type]

    for module in (grid_table, multiline_table, simple_table, table_columns):
        monkeypatch.setattr(module, "block_line", counted)

    def lines_read(blocks: int) -> int:
        calls[0] = 0
        _MD.parse("\n\n".join(["----- -----\nab    cd\n", "----- -----\ntext here\n",
                               "ab    cd\n----- -----\nab    cd"] * blocks))
        return calls[0]

    assert lines_read(400) < 5 * lines_read(100)


LINE_BLOCKS = """# 시와 주소

| 로마의 노래
|     두 번째 줄은 들여쓰기
| 세 번째 줄이 길어서
  다음 줄로 이어진다
|
| **끝**

| 200 Main St.
| Berkeley, CA 94718

| 이름 | 값 |
| 가   | 1  |
"""


def test_pandoc_line_blocks_keep_their_lines_and_are_not_tables(tmp_path: Path) -> None:
    """`| ` lines without a second `|` are a line block (verse, an address), not the one-
    column kramdown table they were read as; lines with cells stay a table."""
    blocks = _parse(tmp_path, LINE_BLOCKS)
    poem, address, table = blocks[1:]
    assert isinstance(poem, Paragraph) and isinstance(address, Paragraph)
    assert _text(poem.spans) == ("로마의 노래\n\u00a0\u00a0\u00a0\u00a0두 번째 줄은 들여쓰기\n"
                                 "세 번째 줄이 길어서 다음 줄로 이어진다\n\n끝")
    assert poem.spans[-1].bold
    assert _text(address.spans) == "200 Main St.\nBerkeley, CA 94718"
    assert isinstance(table, Table) and _cells(table) == (["이름", "값"], [["가", "1"]])


FLOATS = """---
title: 플로트
lang: ko
---

## 표와 그림

::: {#tbl-size}

  모델    층 수
  ------ ------
  Base   6
  Big    6

모델 크기 비교
:::

::: {#fig-arch}
![](arch.png)

전체 구조
:::

::: {#lst-train}
```python
model.fit(x, y)
```

학습 코드
:::

| a | b |
|---|---|
| 1 | 2 |

: 참조 없는 표 {#tbl-plain}
"""


def test_quarto_float_divs_caption_their_table_picture_and_listing(tmp_path: Path) -> None:
    """`::: {#tbl-x}` around a table with its caption as the last paragraph (Quarto's div
    syntax for floats) is the table, captioned and numbered; a picture and a listing too.
    Labelled tables are numbered as Quarto numbers them, referenced or not."""
    blocks = _parse(tmp_path, FLOATS, "floats.qmd")
    assert [type(b).__name__ for b in blocks] == ["Heading", "Table", "Image", "Code", "Table"]
    size, arch, train, plain = blocks[1:]
    assert isinstance(size, Table) and size.caption == "표 1: 모델 크기 비교"
    assert _cells(size)[1] == [["Base", "6"], ["Big", "6"]]
    assert arch.caption == "그림 1: 전체 구조"  # type: ignore[union-attr]
    assert train.caption == "코드 1: 학습 코드"  # type: ignore[union-attr]
    assert plain.caption == "표 2: 참조 없는 표"  # type: ignore[union-attr]


ROUND_TRIP = """| 모델 | 설명 | 값 |
|:-----|:----:|---:|
| Base | **굵은** 설명과 `code` | 27.3 |
| Big | 긴 설명이 들어가서 여러 줄로 접히는 셀: multiline 이나 grid 가 된다 | 28.4 |
| Link | see [the docs](https://example.com) and $x^2$ | 1 |
"""
SHORT_ROWS = """
| n | name | note |
|--:|:-----|:-----|
| 1 | 가 | *italic* words |
| 22 | 나다 | plain |
"""

LONG_CELL = "긴 텍스트가 여러 줄로 접히도록 충분히 길게 쓴 셀의 내용, 정말 길게 쓴다"
HEADLESS_HTML = (f"<table><tr><td>a</td><td>{LONG_CELL}</td></tr>"
                 "<tr><td>b</td><td>c</td></tr></table>")


_WRITERS = {  # pandoc's Markdown writer, left one table syntax
    "simple": "markdown-pipe_tables-multiline_tables-grid_tables-raw_html",
    "multiline": "markdown-pipe_tables-simple_tables-grid_tables-raw_html",
    "grid": "markdown-pipe_tables-simple_tables-multiline_tables-raw_html",
}


def _shown(table: Table) -> tuple[object, ...]:
    """A table as a reader sees it: words (however wrapped) and their formatting per cell."""
    def cell(spans: list[Span]) -> tuple[str, set[str]]:
        marks = {name for span in spans for name in ("bold", "italic", "code", "link", "math")
                 if getattr(span, name)}
        return " ".join(_text(spans).split()), marks
    return ([cell(c) for c in table.header], [[cell(c) for c in row] for row in table.rows],
            table.align)


@pytest.mark.slow
@pytest.mark.parametrize("syntax", sorted(_WRITERS))
def test_tables_pandoc_writes_read_as_the_pipe_tables_they_came_from(
        tmp_path: Path, pandoc: str, syntax: str) -> None:
    """pandoc itself writes pipe tables (and a headerless HTML table) as simple, multiline
    or grid tables, wrapped at 60 columns; each reads back as the same table: words,
    formatting and alignment (a simple table holds only rows of one line)."""
    import subprocess

    def written(source: str, reader: str) -> str:
        return subprocess.run([pandoc, "-f", reader, "-t", _WRITERS[syntax], "--columns=60"],
                              input=source, capture_output=True, text=True, check=True).stdout

    pipes = SHORT_ROWS if syntax == "simple" else ROUND_TRIP + SHORT_ROWS
    text = written(pipes, "markdown")
    assert "|---" not in text and "[TABLE]" not in text, text  # the syntax asked for
    expected = [_shown(t) for t in _tables(_parse(tmp_path, pipes))]
    assert [_shown(t) for t in _tables(_parse(tmp_path, text, f"{syntax}.md"))] == expected, text

    text = written(HEADLESS_HTML if syntax != "simple" else HEADLESS_HTML.replace(
        LONG_CELL, "짧은 셀"), "html")
    (headless,) = _tables(_parse(tmp_path, text, f"headless-{syntax}.md"))
    words = LONG_CELL if syntax != "simple" else "짧은 셀"
    assert _shown(headless)[:2] == ([], [[("a", set()), (words, set())],
                                         [("b", set()), ("c", set())]]), text


ADJACENT = """# 두 표

| a | b |
|---|---|
| 1 | 2 |

Table: 아래에 붙인 캡션

: 위에 붙인 캡션

  c    d
  ---- ----
  3    4

용어

: 정의는 정의로 남는다
"""


def test_a_caption_below_one_table_and_one_above_the_next_are_not_a_definition(
        tmp_path: Path) -> None:
    """`: caption` over a table, right under another paragraph, is the table's caption as
    pandoc reads it (the definition-list rule had made a term and a definition of them)."""
    blocks = _parse(tmp_path, ADJACENT)
    first, second = _tables(blocks)
    assert first.caption == "아래에 붙인 캡션" and second.caption == "위에 붙인 캡션"
    assert _cells(second) == (["c", "d"], [["3", "4"]])
    texts = [_text(b.spans) for b in blocks if isinstance(b, Paragraph)]
    assert texts == ["용어", "정의는 정의로 남는다"]  # a list not over a table stays one
    assert blocks[-2].spans[0].bold  # type: ignore[attr-defined]


def test_long_runs_of_lines_are_read_once_each(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The multiline-table rule read on from every line of a run of non-blank lines to its
    end, looking for a column line, before checking that a table opens with dashes: 2,000
    `!!! note` lines took 10 s. Four times the lines now takes about four times the reading."""
    from slidegen.parse import multiline_table

    reads = counted_calls(monkeypatch, multiline_table, "block_line")
    counts = []
    for lines in (250, 1000):
        reads[0] = 0
        _parse(tmp_path, "# 노트\n\n" + "!!! note\n" * lines, name=f"n{lines}.md")
        counts.append(reads[0])
    assert counts[1] < counts[0] * 5, counts
