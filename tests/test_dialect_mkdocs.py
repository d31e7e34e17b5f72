"""An MkDocs Material site (docs/ beside mkdocs.yml): admonitions, collapsible ones, content
tabs, abbreviations, keys, sub/superscript; and pandoc's `H~2~O` / `2^10^`. Nothing of the
syntax on a slide, and ranges such as `9~18시` left alone."""

from __future__ import annotations

from pathlib import Path

from slidegen.deck import CodeBlock, TextBox
from tests.dialects import (
    all_text,
    build,
    callouts,
    counted_calls,
    deck_shapes,
    leaked_markup,
    write,
)

PAGE = """# 쿠버네티스 정리

## 개념

!!! note "참고"
    들여쓴 내용이 노트가 된다.

    두 번째 **문단**.

??? tip
    접힌 팁의 내용.

!!! example "예시"
    예시 콜아웃.

    !!! warning "안쪽 경고"
        중첩된 경고.

## 설치

=== "macOS"

    ```bash
    brew install kubectl
    ```

=== "Linux"

    ```bash
    apt install kubectl
    ```

## 기호

저장은 ++ctrl+s++ 로 하고, 물은 H~2~O, 2^10^ 은 1024, ^^새로 추가^^ 된 말.
근무는 월~금 9~18시, ~~취소~~ 된 일정.

*[HPA]: Horizontal Pod Autoscaler
"""


def test_mkdocs_material_page(tmp_path: Path) -> None:
    write(tmp_path / "mkdocs.yml", "site_name: 스터디\ntheme:\n  name: material\n")
    note = write(tmp_path / "docs/k8s.md", PAGE)
    result, prs = build(note, tmp_path / "out")
    text = all_text(prs)
    assert leaked_markup(prs) == [] and [w.message for w in result.warnings if
                                          "shrunk" not in w.message] == []
    for syntax in ("!!!", "???", "===", "++", "^^", "H~2", "*[HPA]"):
        assert syntax not in text, syntax
    found = callouts(result.deck)
    for kind, title in (("note", "참고"), ("tip", "Tip"), ("note", "예시")):
        assert (kind, title) in found, found
    assert "두 번째 문단." in text and "중첩된 경고." in text
    shapes = deck_shapes(result.deck)
    (example,) = [s for s in shapes if isinstance(s, TextBox) and s.callout_kind
                  and s.paragraphs[0].runs[0].text == "예시"]
    assert any(r.text == "안쪽 경고" and r.bold for p in example.paragraphs[1:] for r in p.runs)
    codes = ["".join(r.text for line in s.lines for r in line) for s in shapes
             if isinstance(s, CodeBlock)]
    assert codes == ["brew install kubectl", "apt install kubectl"]
    runs = [r for s in shapes if isinstance(s, TextBox) for p in s.paragraphs for r in p.runs]
    assert any(r.text == "macOS" and r.bold for r in runs)
    assert any(r.text == "Ctrl+S" and r.code for r in runs)
    assert any(r.text == "2" and r.script == "sub" for r in runs)
    assert any(r.text == "10" and r.script == "super" for r in runs)
    assert "월~금 9~18시" in text and "Horizontal Pod Autoscaler" not in text


def test_material_icons_snippets_and_inline_admonitions(tmp_path: Path) -> None:
    """`:material-school:` showed on the divider, title and every kicker; `--8<-- "file"`
    showed as written and the file's text was missing; `!!! info inline end "…"` was raw."""
    write(tmp_path / "mkdocs.yml", "site_name: 스터디\ntheme:\n  name: material\n")
    write(tmp_path / "docs/snippets/setup.md", "가상환경을 먼저 만든다.\n")
    note = write(tmp_path / "docs/guide/ml.md",
                 "# :material-school: 머신러닝 기초\n\n## 준비\n\n"
                 '--8<-- "docs/snippets/setup.md"\n\n'
                 '!!! info inline end "GPU 팁"\n    배치를 키운다.\n\n'
                 "소요 :octicons-clock-16: 3분, :fontawesome-brands-python:{ .lg .middle } 파이썬."
                 "\n")
    result, prs = build(note, tmp_path / "out")
    text = all_text(prs)
    assert "material" not in text and "octicons" not in text and "--8<--" not in text
    assert "머신러닝 기초" in text and "가상환경을 먼저 만든다." in text
    assert "소요 3분, 파이썬." in text
    assert ("note", "GPU 팁") in callouts(result.deck)  # info is a note
    assert leaked_markup(prs) == [] and result.warnings == []


BLOCKS_PAGE = """# 컨테이너 정리

## 주의할 점

/// warning | 데이터 손실
`docker rm -v` 는 볼륨도 지운다.
///

/// admonition | 요약
    type: tip

- 컨테이너는 **프로세스**다
///

/// details | 정답 보기
    open: True

격리된 프로세스
///

## 설치

//// tab | Linux
/// note
중첩된 블록
///
`apt install docker.io`
////

/// html | div.grid
그냥 본문
///

//// 슬래시 네 개로 된 줄은 본문이다
"""


def test_pymdown_generic_blocks(tmp_path: Path) -> None:
    """`/// warning | Title` … `///` (pymdownx.blocks, Material's newer syntax) showed its
    slashes, its `type: tip` option line and its `| Title` as text; now the blocks are
    callouts, tabs and divs, nested ones inside outer ones written with more slashes."""
    write(tmp_path / "mkdocs.yml", "site_name: 노트\nmarkdown_extensions:\n"
          "  - pymdownx.blocks.admonition\n  - pymdownx.blocks.details\n"
          "  - pymdownx.blocks.tab\n  - pymdownx.blocks.html\n")
    note = write(tmp_path / "docs/containers.md", BLOCKS_PAGE)
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == []
    found = callouts(result.deck)
    assert ("warning", "데이터 손실") in found and ("tip", "요약") in found
    assert ("note", "정답 보기") in found or any(title == "정답 보기" for _, title in found)
    assert any(kind == "note" and title == "Note" for kind, title in found)  # the nested one
    text = all_text(prs)
    prose = "//// 슬래시 네 개로 된 줄은 본문이다"  # never closed: a line of the text
    assert prose in text
    for raw in ("///", "type: tip", "open: True", "div.grid", "| 데이터"):
        assert raw not in text.replace(prose, ""), raw
    for shown in ("격리된 프로세스", "Linux", "apt install docker.io", "그냥 본문"):
        assert shown in text, shown


def test_critic_markup_reads_as_the_review_view(tmp_path: Path) -> None:
    """CriticMarkup (pymdownx.critic) showed its braces: additions are now text, deletions
    struck through, a substitution both, highlights marked, comments left out; inside code
    it stays as written."""
    write(tmp_path / "mkdocs.yml", "site_name: 노트\nmarkdown_extensions:\n  - pymdownx.critic\n")
    note = write(tmp_path / "docs/review.md", "# 리뷰\n\n## 수정 사항\n\n"
                 "- 컨테이너는 {++가벼운 ++}프로세스다\n- 가상 머신은 {--빠르다--}{++무겁다++}\n"
                 "- 포트는 {~~8080~>3000~~}으로 바꾼다\n"
                 "- {==중요==}: 이미지는 **불변**{>>확인 필요<<}이다\n- 코드 `{--x--}` 는 그대로\n")
    result, prs = build(note, tmp_path / "out")
    runs = [(r.text, r.strike, r.mark, r.bold) for shape in deck_shapes(result.deck)
            if isinstance(shape, TextBox) for p in shape.paragraphs for r in p.runs]
    assert ("빠르다", True, False, False) in runs and ("8080", True, False, False) in runs
    assert ("중요", False, True, False) in runs and ("불변", False, False, True) in runs
    text = all_text(prs)
    assert "컨테이너는 가벼운 프로세스다" in text and "무겁다" in text and "3000으로" in text
    assert "확인 필요" not in text and "{++" not in text and "~>" not in text
    assert "{--x--}" in text  # inline code is shown as written


def test_unclosed_block_openers_are_read_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Each `/// note` opener read on to the note's end for its `///`: 20,000 unclosed ones
    took 112 s. The closing lines are found once a parse."""
    from slidegen.parse import pymdown_blocks

    reads = counted_calls(monkeypatch, pymdown_blocks, "line_text")
    counts = []
    for lines in (250, 1000):
        reads[0] = 0
        note = write(tmp_path / f"docs/n{lines}.md", "# 노트\n\n" + "/// note\n" * lines)
        build(note, tmp_path / "out")
        counts.append(reads[0])
    assert counts[1] < counts[0] * 5, counts
