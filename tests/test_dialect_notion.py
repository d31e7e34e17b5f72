"""A Notion "Markdown & CSV" export: `Page <id>.md` beside a `Page <id>/` folder of pictures
(linked percent-encoded, a screenshot's Korean name decomposed as macOS writes it), page
properties under the title, `<aside>` callouts with their icon."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.dialects import all_text, build, callouts, draw, leaked_markup, pictures, placeholders
from tests.dialects import write as write_note

PAGE_ID = "Network 3f2a1b9c8d7e4f60a1b2c3d4e5f60718"
SCREENSHOT = "스크린샷 2024-01-05 오후 3.45.12.png"


def _page() -> str:
    folder = quote(PAGE_ID)
    shot = quote(unicodedata.normalize("NFD", SCREENSHOT))  # as linked on a Mac
    return f"""# Network

Created: January 5, 2024 3:45 PM
Tags: CS, 네트워크
Status: Done

## OSI 7계층

![Untitled]({folder}/Untitled.png)

<aside>
💡 각 계층은 **독립적**이다.

</aside>

## TCP

![{SCREENSHOT}]({folder}/{shot})

<aside>
⚠️ SYN flooding 공격에 주의

</aside>

<aside>
하위 계층 변경이 위로 번지지 않는다.
</aside>
"""


@pytest.mark.slow
def test_notion_export(tmp_path: Path) -> None:
    export = tmp_path / "export"
    draw(export / PAGE_ID / "Untitled.png", (900, 500), "#06d6a0")
    draw(export / PAGE_ID / SCREENSHOT, (900, 500), "#ef476f")  # composed (NFC) on disk
    note = write_note(export / f"{PAGE_ID}.md", _page())
    result, prs = build(note, tmp_path / "out")
    assert not placeholders(result.deck) and len(pictures(result.deck)) == 2
    assert [kind for kind, _ in callouts(result.deck)] == ["tip", "warning", "note"]
    info = result.deck.info
    assert info.title == "Network" and info.date == "2024-01-05"
    text = all_text(prs)
    assert "Created:" not in text and "#CS" in text and "💡" in text
    assert "<aside>" not in text and leaked_markup(prs) == []
    assert [w.message.split(":")[0] for w in result.warnings
            if "Notion" in w.message] == ["Notion page properties not shown"]


@pytest.mark.parametrize(("written", "day"), [
    ("January 5, 2024 3:45 PM", "2024-01-05"), ("Jan 5, 2024", "2024-01-05"),
    ("2024년 1월 5일 오후 3:45", "2024-01-05"), ("2024年1月5日 15:45", "2024-01-05"),
    ("5. Januar 2024 15:45", "2024-01-05"), ("5 janvier 2024", "2024-01-05"),
    ("5 janv. 2024 15:45", "2024-01-05"), ("5 de enero de 2024", "2024-01-05"),
    ("5 de março de 2024", "2024-03-05"), ("2024/01/05", "2024-01-05"),
    ("01/05/2024", "2024-01-05"), ("25/12/2024 10:00", "2024-12-25")])
def test_a_notion_date_in_any_language_it_writes_dates_in_is_the_deck_date(
        tmp_path: Path, written: str, day: str) -> None:
    """Notion writes a page's dates in its user's language; only English and Korean ones
    were read, and any other was left off with a warning."""
    note = write_note(tmp_path / "Page 3f2a1b9c8d7e4f60a1b2c3d4e5f60718.md",
                      f"# 회의록\n\nCreated: {written}\nTags: 회의\n\n## 안건\n\n- 일정\n")
    result, prs = build(note, tmp_path / "out")
    assert result.deck.info.date == day
    assert result.warnings == [] and written not in all_text(prs)


def test_a_date_notion_did_not_write_is_left_off_with_a_warning(tmp_path: Path) -> None:
    note = write_note(tmp_path / "Page 3f2a1b9c8d7e4f60a1b2c3d4e5f60718.md",
                      "# 회의록\n\nCreated: 지난주 어느 날\nTags: 회의\n\n## 안건\n\n- 일정\n")
    result, _ = build(note, tmp_path / "out")
    assert result.deck.info.date in ("", None)
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, "Notion page properties not shown: Created; write them into the text to show them")]


@pytest.mark.parametrize("lines", ["作成日時: 2024年1月5日 15:45\nタグ: 会議",
                                   "创建时间: 2024年1月5日 15:45\n标签: 会议"])
def test_a_japanese_or_chinese_notion_page_has_its_properties_read(tmp_path: Path,
                                                                   lines: str) -> None:
    note = write_note(tmp_path / "Page 3f2a1b9c8d7e4f60a1b2c3d4e5f60718.md",
                      f"# 議事録\n\n{lines}\n\n## 議題\n\n- 日程\n")
    result, prs = build(note, tmp_path / "out")
    assert result.deck.info.date == "2024-01-05" and result.warnings == []
    assert "2024年1月5日" not in all_text(prs)
