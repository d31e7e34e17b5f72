"""Notion's page properties, which its Markdown export writes as `Key: value` lines under the
page's `# Title` instead of front matter.

Left as text they made a slide of their own, run together into one line. Read as front
matter, the date, tags and author go on the title slide like any blog post's; other properties
(`Status: Done`) are named in one warning. The lines are blanked, so line numbers still hold.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from slidegen.diagnostics import Diagnostics
from slidegen.regex import lazy_compile

_TITLE = lazy_compile(r"# \S.*")
_PROPERTY = lazy_compile(r"([^\s:#>*`|!\[\-+\d][^:]{0,39}): (\S.*)")
# property names of Notion's templates, in English, Korean, Japanese and Chinese, and the front
# matter key each is
_KEYS = {
    "created": "date", "created time": "date", "date": "date", "날짜": "date",
    "생성 일시": "date", "작성일": "date", "tags": "tags", "tag": "tags", "태그": "tags",
    "category": "categories", "categories": "categories", "카테고리": "categories",
    "author": "author", "created by": "author", "작성자": "author",
    # Japanese and Chinese workspaces' default names
    "作成日時": "date", "日付": "date", "タグ": "tags", "作成者": "author",
    "创建时间": "date", "日期": "date", "标签": "tags", "创建者": "author",
}
_KNOWN = {*_KEYS, "status", "type", "last edited time", "last edited by", "url", "상태",
          "유형", "최종 편집 일시", "ステータス", "最終更新日時", "状态", "上次编辑时间"}
# month names as Notion writes dates in the languages it is used in (English, French, German,
# Spanish, Portuguese), full or cut short (`Jan`, `janv.`); Korean, Japanese and Chinese
# dates are numbers (`2024년 1월 5일`, `2024年1月5日`)
_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
)
_MONTHS = {name: n for names in _MONTH_NAMES
           for n, name in enumerate(names.split(), start=1)}
_MONTH_FIRST = lazy_compile(r"([^\W\d_]+)\.? (\d{1,2}), (\d{4})")  # January 5, 2024
_DAY_FIRST = lazy_compile(r"(\d{1,2})\.? (?:de )?([^\W\d_]+)\.? (?:de )?(\d{4})")  # 5 janvier 2024
_YEAR_FIRST = lazy_compile(r"(\d{4})(?:[-/.]\s?|[년年]\s*)(\d{1,2})(?:[-/.]\s?|[월月]\s*)(\d{1,2})")
_YEAR_LAST = lazy_compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")  # 01/05/2024


def notion_properties(body: str, body_line: int,
                      diagnostics: Diagnostics) -> tuple[dict[str, Any], str]:
    """(front matter, body) for a note that opens as a Notion export does; else ({}, body)."""
    lines = body.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None or not _TITLE.fullmatch(lines[first]) or first + 2 >= len(lines):
        return {}, body
    start = first + 2 if not lines[first + 1].strip() else first + 1
    end = start
    while end < len(lines) and _PROPERTY.fullmatch(lines[end]):
        end += 1
    found = [_PROPERTY.fullmatch(line) for line in lines[start:end]]
    keys = [m.group(1).strip().lower() for m in found if m]
    if end - start < 2 or not any(key in _KNOWN for key in keys) or (
            end < len(lines) and lines[end].strip()):
        return {}, body
    front_matter: dict[str, Any] = {}
    unshown: list[tuple[int, str]] = []
    for number, match in enumerate(found, start=start):
        assert match is not None
        name, value = match.group(1).strip(), match.group(2).strip()
        key = _KEYS.get(name.lower())
        if key == "date":
            value = _iso_date(value) or ""
        elif key in ("tags", "categories"):
            value = [part.strip() for part in value.split(",") if part.strip()]  # type: ignore[assignment]
        if key and value and key not in front_matter:
            front_matter[key] = value
        else:
            unshown.append((number, name))
    if unshown:
        names = ", ".join(name for _, name in unshown)[:80]
        diagnostics.warn(body_line + unshown[0][0], f"Notion page properties not shown: "
                         f"{names}; write them into the text to show them")
    lines[start:end] = [""] * (end - start)
    return front_matter, "\n".join(lines)


def _iso_date(text: str) -> str | None:
    """The day of a Notion date, in any language it writes one (`January 5, 2024 3:45 PM`,
    `2024년 1월 5일 오후 3:45`, `2024年1月5日`, `5. Januar 2024`, `5 de enero de 2024`,
    `01/05/2024` month first as Notion's default, `25/12/2024` day first), else None."""
    try:
        if found := _YEAR_FIRST.match(text):
            year, month, day = (int(g) for g in found.groups())
        elif (found := _MONTH_FIRST.match(text)) and (month := _month(found.group(1))):
            day, year = int(found.group(2)), int(found.group(3))
        elif (found := _DAY_FIRST.match(text)) and (month := _month(found.group(2))):
            day, year = int(found.group(1)), int(found.group(3))
        elif found := _YEAR_LAST.match(text):
            first, second, year = (int(g) for g in found.groups())
            month, day = (first, second) if first <= 12 else (second, first)
        else:
            return None
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(name: str) -> int:
    """A month's number by its name or the start of it (`Jan`, `janv`, `Sept`); 0 for none."""
    name = name.lower()
    if name in _MONTHS:
        return _MONTHS[name]
    starting = {n for full, n in _MONTHS.items() if len(name) >= 3 and full.startswith(name)}
    return starting.pop() if len(starting) == 1 else 0
