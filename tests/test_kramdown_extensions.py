"""kramdown's `{::comment}`, `{::nomarkdown}` and `{::options /}` in a Jekyll post: hidden,
read as HTML, or dropped, as kramdown publishes them; never their tags on a slide."""

from __future__ import annotations

from pathlib import Path

from tests.dialects import all_text, build, leaked_markup, write

POST = """---
layout: single
title: "Pod 스케줄링 정리"
---
{::options parse_block_html="true" /}

## 스케줄러

스케줄러는 노드를 고른다.

{::comment}
TODO: 이 문단은 발표에서 빼기.
초안 메모.
{:/comment}

필터링 다음에 {::comment}점수 매기기는 생략{:/comment}바인딩이 온다.

{::comment}
짧은 닫기 태그
{:/}

* 첫째 항목
* 둘째 항목 {::comment}목록 안의 메모{:/comment}

> 인용 안에서도
> {::comment}인용 속 메모{:/comment}
> 숨긴다.

{::nomarkdown}
<p>원시 <b>HTML</b> 단락</p>
{:/nomarkdown}

{::comment /}

## 다음 장

마지막 문단.
"""


def test_comments_are_hidden_raw_html_is_read_and_no_tag_is_left(tmp_path: Path) -> None:
    result, prs = build(write(tmp_path / "_posts/2024-03-02-scheduling.md", POST), tmp_path / "out")
    text = all_text(prs)
    for shown in ("스케줄러는 노드를 고른다.", "필터링 다음에", "바인딩이 온다.", "둘째 항목",
                  "인용 안에서도", "숨긴다.", "원시 HTML 단락", "마지막 문단."):
        assert shown in text, shown
    for hidden in ("TODO", "초안 메모", "점수 매기기", "짧은 닫기 태그", "목록 안의 메모",
                   "인용 속 메모"):
        assert hidden not in text, hidden
    assert "{:" not in text and "<p>" not in text
    assert leaked_markup(prs) == []
    assert not [w.message for w in result.warnings], [w.message for w in result.warnings]


def test_an_unclosed_comment_hides_nothing_and_warns_with_its_line(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md",
                 "# 제목\n\n## 장\n\n첫 문단 {::comment}닫히지 않은 메모\n\n"
                 "{::comment}\n남은 문단\n")
    result, prs = build(note, tmp_path / "out")
    text = all_text(prs)
    assert "닫히지 않은 메모" in text and "남은 문단" in text and "{::" not in text
    lines = sorted(w.line for w in result.warnings if "never closed" in w.message)
    assert lines == [5, 7], [(w.line, w.message) for w in result.warnings]


def test_warning_lines_after_a_long_inline_comment_stay_right(tmp_path: Path) -> None:
    note = write(tmp_path / "note.md",
                 "# 제목\n\n## 장\n\n앞 {::comment}한 줄\n둘 줄\n셋 줄{:/comment} 뒤\n"
                 "그리고 ![](missing.png)\n")
    result, prs = build(note, tmp_path / "out")
    assert "앞" in all_text(prs) and "둘 줄" not in all_text(prs)
    assert [w.line for w in result.warnings if "missing.png" in w.message] == [8]
