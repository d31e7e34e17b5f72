"""Notes written for Jekyll's kramdown: emphasis beside Korean, HTML tag lines around Markdown,
tables without a delimiter row, empty titles and numbered headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.diagnostics import Diagnostics
from slidegen.document import Block, Heading, ListBlock, Paragraph, Span, Table
from slidegen.parse import parse_document
from slidegen.parse.cjk_emphasis import is_cjk
from slidegen.read import read_source

try:
    from tests.test_plan import plan_text, texts, title_of
except ImportError:  # pytest run with tests/ as the root
    from test_plan import plan_text, texts, title_of  # type: ignore[no-redef]


def _blocks(tmp_path: Path, text: str) -> list[Block]:
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics(str(path))
    return parse_document(read_source(path, diagnostics), diagnostics).blocks


def _spans(tmp_path: Path, text: str) -> list[Span]:
    (para,) = _blocks(tmp_path, text)
    assert isinstance(para, Paragraph)
    return para.spans


@pytest.mark.parametrize(("text", "bold", "italic"), [
    ("**Cascading(계단식)**이라고 부른다", "Cascading(계단식)", None),
    ("각 속성은 **값(value)**은 하나", "값(value)", None),
    ("이 부분은 *강조*는 기울임", None, "강조"),
    ("__선택자__는 요소를 고른다", "선택자", None),
    ('**"우선순위"**가 높은 규칙', '"우선순위"', None),
    ("*(주의)*를 붙인 부분", None, "(주의)"),
    ("패키지는 **`npm publish`**를 실행", "npm publish", None),
    ("「**強調。**」この文", "強調。", None),
])
def test_emphasis_beside_korean_closes(tmp_path: Path, text: str, bold: str | None,
                                       italic: str | None) -> None:
    spans = _spans(tmp_path, text)
    assert "*" not in "".join(s.text for s in spans if not s.code)
    assert "__" not in "".join(s.text for s in spans)
    if bold:
        assert "".join(s.text for s in spans if s.bold) == bold
    if italic:
        assert "".join(s.text for s in spans if s.italic) == italic


def test_latin_emphasis_rules_are_unchanged(tmp_path: Path) -> None:
    spans = _spans(tmp_path, "snake_case_name and a*b and **bold**text and __x__y")
    text = "".join(s.text for s in spans)
    assert "snake_case_name" in text and "__x__y" in text
    assert [s.text for s in spans if s.bold] == ["bold"]


def test_cjk_characters() -> None:
    assert all(is_cjk(c) for c in "가힣ㄱ漢字カナ。（")
    assert not any(is_cjk(c) for c in "aZ1(.é😀★")


def test_tag_lines_do_not_hide_the_markdown_below(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path, "<br>\n### Flannel\n- **point**: 간단\n\n<center>\n"
                     '<img src="a.png" alt="구조">\n</center>\nFlannel 은 서브넷을 할당한다.\n')
    heading, items, image, para = blocks
    assert isinstance(heading, Heading) and heading.text == "Flannel"
    assert isinstance(items, ListBlock)
    first = items.items[0].blocks[0]
    assert isinstance(first, Paragraph) and first.spans[0].bold and first.spans[0].text == "point"
    assert getattr(image, "src", None) == "a.png"
    assert isinstance(para, Paragraph) and para.spans[0].text.startswith("Flannel 은")


def test_div_content_is_markdown(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path, '<div markdown="1">\n**구성요소**\n\n1. Felix\n2. BIRD\n</div>\n'
                     "<div>\n- BGP\n- Policy\n</div>\n")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Paragraph", "ListBlock", "ListBlock"]
    assert blocks[1].ordered and not blocks[2].ordered  # type: ignore[union-attr]


def test_html_that_is_html_stays_together(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path, '<p align="center">\n  <img src="a.png"\n       alt="긴 태그">\n'
                     "</p>\n<!-- notes: 여러 줄\n노트 -->\n<table>\n  <tr><td>셀</td></tr>\n"
                     "</table>\n")
    assert [type(b).__name__ for b in blocks] == ["Image", "SpeakerNotes", "Table"]
    assert blocks[0].alt == "긴 태그"  # type: ignore[union-attr]
    assert "셀" in str(blocks[2])  # an HTML table is a table (it was a line of its cells)


def test_table_without_delimiter_row(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path, "표:\n\n| 선택자 | 점수 |\n| 인라인 | 1000 |\n|---|---|\n"
                     "| `a|b` | 1 |\n\n| 한 줄 | 표 |\n")
    _, table, single = blocks
    assert isinstance(table, Table) and isinstance(single, Table)
    assert ["".join(s.text for s in c) for c in table.header] == ["선택자", "점수"]
    assert [["".join(s.text for s in c) for c in row] for row in table.rows] == [
        ["인라인", "1000"], ["a|b", "1"]]


def test_github_table_is_still_read_with_its_alignment(tmp_path: Path) -> None:
    (table,) = _blocks(tmp_path, "| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert isinstance(table, Table) and table.align == ["left", "right"]


def test_empty_title_falls_back_to_file_name_without_date(tmp_path: Path) -> None:
    note = tmp_path / "2020-12-23-tensorflow-basics.md"
    note.write_text("---\ntitle:\n---\n## 1. Intro\n- x\n", encoding="utf-8")
    from slidegen.images import ImageOptions
    from slidegen.pipeline import BuildOptions, build_note

    result = build_note(note, BuildOptions(write=False, images=ImageOptions(offline=True)))
    assert result.deck is not None
    assert title_of(result.deck.slides[0]) == "tensorflow basics"


def test_numbered_headings_keep_their_number_once(tmp_path: Path) -> None:
    deck, _ = plan_text(tmp_path, "## 1. Intro\n### a\nx\n## 2. Body\n### b\ny\n"
                        "## 5) Outro\n### c\nz\n")
    agenda = deck.slides[1]
    assert texts(agenda) == ["Intro", "Body", "Outro"]
    numbers = [p.number for p in agenda.shapes[0].paragraphs]  # type: ignore[union-attr]
    assert numbers == [1, 2, 5]
    sections = [s for s in deck.slides if s.kind == "section"]
    assert [title_of(s) for s in sections] == ["Intro", "Body", "Outro"]
    assert [texts(s)[0] for s in sections] == ["01", "02", "05"]


@pytest.mark.parametrize(("text", "lead"), [
    ("로그인 페이지는 다음과 같다:", True), ("설정은 아래와 같다.", True),
    ("The steps are as follows", True), ("예제：", True), ("그래서 끝났다.", False),
])
def test_lead_ins(text: str, lead: bool) -> None:
    from slidegen.document import Code
    from slidegen.plan.content import is_lead_in

    para = Paragraph([Span(text)], line=1)
    assert is_lead_in(para, Code("x", "", 2)) is lead
    assert not is_lead_in(para, Paragraph([Span("next")], line=2))
