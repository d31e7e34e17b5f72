"""The read stage on real files: encodings, front matter, Liquid, and the Meta it yields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from slidegen.diagnostics import Diagnostics, SlidegenError
from slidegen.read import meta_from_front_matter, read_source


def _write(tmp_path: Path, data: str | bytes, name: str = "note.md") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def _read(tmp_path: Path, data: str | bytes) -> tuple[object, Diagnostics]:
    path = _write(tmp_path, data)
    diagnostics = Diagnostics(str(path))
    return read_source(path, diagnostics), diagnostics


# --- encodings ---------------------------------------------------------------------------------


def test_utf8_with_bom_crlf_and_lone_cr(tmp_path: Path) -> None:
    data = "\ufeff---\r\ntitle: 제목\r\n---\r\n첫 줄\r\n둘째 줄\r셋째 줄\n".encode()
    source, diagnostics = _read(tmp_path, data)
    assert source.front_matter == {"title": "제목"}
    assert source.text == "첫 줄\n둘째 줄\n셋째 줄\n"
    assert source.body_line == 4
    assert len(diagnostics) == 0


def test_cp949_is_decoded_with_a_warning(tmp_path: Path) -> None:
    source, diagnostics = _read(tmp_path, "# 컨테이너 시작하기\n\n도커란?\n".encode("cp949"))
    assert source.text == "# 컨테이너 시작하기\n\n도커란?\n"
    assert len(diagnostics) == 1
    assert "CP949" in diagnostics.items[0].message
    assert "UTF-8" in diagnostics.items[0].message


def test_euc_kr_is_decoded(tmp_path: Path) -> None:
    source, _ = _read(tmp_path, "한국어 노트\n".encode("euc-kr"))
    assert source.text == "한국어 노트\n"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",  # a PNG renamed to .md
        bytes(range(256)) * 4,
        b"caf\xe9 cr\xe8me br\xfbl\xe9e \xff\xfe\xfd",  # neither UTF-8 nor Korean
    ],
)
def test_binary_file_is_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(SlidegenError, match="is not a text file") as info:
        _read(tmp_path, data)
    assert info.value.diagnostic.file.endswith("note.md")


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(SlidegenError, match="cannot read"):
        read_source(tmp_path / "nope.md", Diagnostics("nope.md"))


# --- front matter ------------------------------------------------------------------------------


def test_front_matter_closed_with_dots_and_body_line(tmp_path: Path) -> None:
    source, _ = _read(tmp_path, "---\ntitle: A\ntags: [x, y]\n...\n\n# Heading\n")
    assert source.front_matter == {"title": "A", "tags": ["x", "y"]}
    assert source.body_line == 5
    assert source.text.split("\n")[1] == "# Heading"  # line 6 of the file


def test_no_front_matter(tmp_path: Path) -> None:
    source, _ = _read(tmp_path, "# Just a note\n")
    assert source.front_matter == {}
    assert source.body_line == 1
    assert source.text == "# Just a note\n"


def test_empty_front_matter(tmp_path: Path) -> None:
    source, _ = _read(tmp_path, "---\n---\nbody\n")
    assert source.front_matter == {}
    assert source.text == "body\n"
    assert source.body_line == 3


def test_unclosed_front_matter_warns_and_keeps_text(tmp_path: Path) -> None:
    source, diagnostics = _read(tmp_path, "---\ntitle: A\n\nSome text\n")
    assert source.front_matter == {}
    assert source.body_line == 1
    assert "never closed" in diagnostics.items[0].message


def test_invalid_yaml_names_the_original_line(tmp_path: Path) -> None:
    text = "---\ntitle: ok\ntags: [a, b\nauthor: x\n---\nbody\n"
    with pytest.raises(SlidegenError) as info:
        _read(tmp_path, text)
    diagnostic = info.value.diagnostic
    assert diagnostic.line in (4, 5)  # the YAML error shows where the list should have closed
    assert "not valid YAML" in diagnostic.message
    assert str(info.value).startswith(f"{tmp_path / 'note.md'}:{diagnostic.line}: ")


def test_yaml_error_line_is_counted_from_file_start(tmp_path: Path) -> None:
    with pytest.raises(SlidegenError) as info:
        _read(tmp_path, "---\na: 1\nb: 2\nc: : :\n---\n")
    assert info.value.diagnostic.line == 4


def test_front_matter_must_be_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(SlidegenError, match="mapping") as info:
        _read(tmp_path, "---\n- a\n- b\n---\nbody\n")
    assert info.value.diagnostic.line == 2


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines += ["---", "body", ""]
    with pytest.raises(SlidegenError, match="too much data"):
        _read(tmp_path, "\n".join(lines))


def test_small_aliases_are_allowed(tmp_path: Path) -> None:
    source, _ = _read(tmp_path, "---\nbase: &b {x: 1}\nother: *b\n---\n")
    assert source.front_matter == {"base": {"x": 1}, "other": {"x": 1}}


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SlidegenError, match="recursive"):
        _read(tmp_path, "---\na: &a [1, *a]\n---\n")


def test_python_tags_are_not_constructed(tmp_path: Path) -> None:
    with pytest.raises(SlidegenError, match="not valid YAML"):
        _read(tmp_path, "---\nx: !!python/object/apply:os.system ['echo hi']\n---\n")


# --- Liquid ------------------------------------------------------------------------------------


def test_raw_tags_removed_content_kept_lines_stable(tmp_path: Path) -> None:
    text = (
        "---\ntitle: t\n---\n"
        'intro\n{% raw %}<p align="center"><img src="a.png"></p>{% endraw %}\nafter {{ x }}\n'
    )
    source, diagnostics = _read(tmp_path, text)
    lines = source.text.split("\n")
    assert lines[1] == '<p align="center"><img src="a.png"></p>'
    assert 1 + source.body_line == 5  # line 2 of text is line 5 of the file
    assert lines[2] == "after "  # the raw block closed on line 5: `{{ x }}` is dropped
    assert [d.line for d in diagnostics] == [6]


def test_liquid_output_outside_raw_warns_with_file_line(tmp_path: Path) -> None:
    source, diagnostics = _read(tmp_path, "---\nt: 1\n---\nline one\nsee {{ site.url }} here\n")
    assert source.text.split("\n")[1] == "see  here"
    [warning] = diagnostics.items
    assert warning.line == 5
    assert "{{ site.url }}" in warning.message
    assert str(warning).startswith(f"{tmp_path / 'note.md'}:5:")


def test_liquid_tags_dropped_with_warning(tmp_path: Path) -> None:
    text = "a\n{% include footer.html %}\n{%- for y in site.posts -%}b\n"
    source, diagnostics = _read(tmp_path, text)
    assert source.text == "a\n\nb\n"
    assert [d.line for d in diagnostics] == [2, 3]
    assert "include" in diagnostics.items[0].message


def test_liquid_variables_captures_and_conditionals_render(tmp_path: Path) -> None:
    text = ('---\ntitle: "쿠버네티스"\n---\n{% assign dir = "/assets/img" %}\n'
            "{% capture tip %}\n캡처한 **팁**\n{% endcapture %}\n"
            "![그림]({{ dir }}/a.png) {{ page.title | append: ' 정리' }}\n"
            "{% if page.math %}수식 켜짐{% else %}수식 꺼짐{% endif %}\n"
            "팁: {{ tip }}\n{{ unknown.value }}\n")
    source, diagnostics = _read(tmp_path, text)
    lines = source.text.split("\n")
    assert lines[:3] == ["", "", ""]  # the assign and the captured lines show nothing
    assert lines[4] == "![그림](/assets/img/a.png) 쿠버네티스 정리"
    assert lines[5] == "수식 켜짐수식 꺼짐"  # every branch kept: slidegen cannot choose
    assert lines[6] == "팁: 캡처한 **팁**"
    assert [d.line for d in diagnostics] == [11] and "unknown.value" in diagnostics.items[0].message


def test_picture_includes_become_pictures(tmp_path: Path) -> None:
    text = ('{% include figure.html image_path="/assets/a.png" alt="구조" caption="그림 1" %}\n'
            "{% include image.html url='/b.png' description='설명' %}\n{% include toc %}\n")
    source, diagnostics = _read(tmp_path, text)
    assert source.text.split("\n")[:3] == ['![구조](/assets/a.png "그림 1")', "![설명](/b.png)", ""]
    assert len(diagnostics) == 0


def test_raw_content_keeps_liquid_literally(tmp_path: Path) -> None:
    source, diagnostics = _read(tmp_path, "{% raw %}\n{{ kept }} {% if x %}\n{% endraw %}\n")
    assert source.text == "\n{{ kept }} {% if x %}\n\n"
    assert len(diagnostics) == 0


def test_comment_block_removed_with_content_keeping_newlines(tmp_path: Path) -> None:
    text = (
        "one\n{% comment %}\nsecret\n{% endcomment %}two\n"
        "three {% comment %}x{% endcomment %}.\n"
    )
    source, diagnostics = _read(tmp_path, text)
    assert source.text == "one\n\n\ntwo\nthree .\n"
    assert len(diagnostics) == 0


def test_liquid_in_fenced_and_inline_code_left_alone(tmp_path: Path) -> None:
    text = (
        "Use `{{ page.title }}` and ``{% if %}`` here.\n"
        "```liquid\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n```\n"
        "~~~~\n{{ x }}\n```\n~~~~\n"
        "- ```\n  {{ in_list }}\n  ```\n"
        "out {{ y }}\n"
    )
    source, diagnostics = _read(tmp_path, text)
    assert source.text == text.replace("out {{ y }}", "out ")
    assert [d.line for d in diagnostics] == [12]


def test_raw_markers_inside_code_are_removed_like_jekyll(tmp_path: Path) -> None:
    text = "```\n{% raw %}{{ site.title }}{% endraw %}\n```\n"
    source, diagnostics = _read(tmp_path, text)
    assert source.text == "```\n{{ site.title }}\n```\n"
    assert len(diagnostics) == 0


def test_line_count_is_preserved(tmp_path: Path) -> None:
    body = "a\n{% comment %}\nb\nc\n{% endcomment %}\n{% raw %}\nd\n{% endraw %}\n{{ e }}\nf\n"
    source, _ = _read(tmp_path, "---\nx: 1\n---\n" + body)
    assert source.text.count("\n") == body.count("\n")
    assert source.text.split("\n")[-2] == "f"


# --- meta --------------------------------------------------------------------------------------


def test_meta_from_front_matter_full() -> None:
    meta = meta_from_front_matter(
        {
            "title": "Docker 기초",
            "subtitle": 2022,
            "author": {"name": "Julie", "email": "j@example.com"},
            "date": dt.datetime(2022, 2, 8, 10, 30),
            "tags": "docker container",
            "categories": ["AWS", "Cloud"],
            "locale": "ko_KR",
            "theme": "dark",
            "template": "corp.pptx",
            "sidebar": {"nav": "docs"},
        }
    )
    assert meta.title == "Docker 기초"
    assert meta.subtitle == "2022"
    assert meta.author == "Julie"
    assert meta.date == "2022-02-08"
    assert meta.tags == ["docker", "container"]
    assert meta.categories == ["AWS", "Cloud"]
    assert meta.lang == "ko-KR"
    assert meta.theme == "dark"
    assert meta.template == "corp.pptx"


def test_meta_dates_strings_and_lang_fallback() -> None:
    meta = meta_from_front_matter({"date": dt.date(2021, 1, 2), "tags": "one, two words"})
    assert meta.date == "2021-01-02"
    assert meta.tags == ["one", "two words"]
    assert meta.lang is None
    meta = meta_from_front_matter({"date": "2022-02-08 10:00:00 +0900"}, {"locale": "ko"})
    assert meta.date == "2022-02-08"
    assert meta.lang == "ko-KR"
    assert meta_from_front_matter({"lang": "en"}, {"lang": "ko"}).lang == "en-US"
    assert meta_from_front_matter({}, {"lang": "zh_hant_tw"}).lang == "zh-Hant-TW"
    assert meta_from_front_matter({"author": "Kim"}).author == "Kim"
    assert meta_from_front_matter({"title": None, "tags": None}).tags == []


def test_seed_post_reads(seed_post: Path) -> None:
    diagnostics = Diagnostics(str(seed_post))
    source = read_source(seed_post, diagnostics)
    assert source.body_line == 12
    assert source.front_matter["title"].startswith("Review! AWS Online Edu")
    original = seed_post.read_text(encoding="utf-8").split("\n")
    lines = source.text.split("\n")
    assert len(lines) == len(original) - 11
    assert "{%" not in source.text
    assert lines[22 - source.body_line].startswith('<p align="center"><img src="https://')
    assert len(diagnostics) == 0
    site = {"locale": "ko"}
    meta = meta_from_front_matter(source.front_matter, site)
    assert meta.tags == ["AWS Online Education", "Container"]
    assert meta.categories == ["AWS"]
    assert meta.lang == "ko-KR"


def test_a_liquid_loop_is_one_warning(tmp_path: Path) -> None:
    text = ("목록:\n{% for post in site.posts limit:3 %}\n- {{ post.title }} ({{ post.date }})\n"
            "{% endfor %}\n끝\n")
    source, diagnostics = _read(tmp_path, text)
    assert [d.line for d in diagnostics] == [2] and "loop" in diagnostics.items[0].message
    assert source.text.split("\n")[4] == "끝" and "{{" not in source.text


def test_url_filters_keep_the_path_as_written(tmp_path: Path) -> None:
    text = ('![a]({{ "/assets/a.png" | relative_url }})\n![b]({{ \'/b|c.png\' | absolute_url }})\n'
            '![d]({{ "/d.png" | prepend: site.baseurl }})\n')
    source, diagnostics = _read(tmp_path, text)
    assert source.text.split("\n")[:3] == ["![a](/assets/a.png)", "![b](/b|c.png)", "![d](/d.png)"]
    assert len(diagnostics) == 0


NOTION_PAGE = ("# Network\n\nCreated: January 5, 2024 3:45 PM\nTags: CS, 네트워크\n"
               "Status: Done\n\n## OSI\n\nQ: 계층은 몇 개?\nA: 7개\n")


def test_notion_page_properties_are_its_front_matter(tmp_path: Path) -> None:
    """A Notion export writes page properties as `Key: value` lines under `# Title`: the date,
    tags and author become front matter, others are named in one warning, and the lines are
    blanked so line numbers hold."""
    source, diagnostics = _read(tmp_path, NOTION_PAGE)
    assert source.front_matter == {"date": "2024-01-05", "tags": ["CS", "네트워크"]}
    assert source.text.split("\n")[:6] == ["# Network", "", "", "", "", ""]
    assert "Q: 계층은 몇 개?" in source.text  # a Q/A pair in the text is not a property
    assert [(d.line, d.message[:34]) for d in diagnostics] == [
        (5, "Notion page properties not shown: ")]
    assert "Status" in diagnostics.items[0].message
    korean = "# 제목\n\n생성 일시: 2024년 1월 5일 오후 3:45\n작성자: 김철수\n\n본문\n"
    source, _ = _read(tmp_path, korean)
    assert source.front_matter == {"date": "2024-01-05", "author": "김철수"}


@pytest.mark.parametrize("text", [
    "# FAQ\n\nQ: 무엇인가?\nA: 답이다.\n",  # no property a Notion page has
    "# Notes\n\nCreated: 2024-01-05\nTags: a\ncontinued paragraph\n",  # a paragraph goes on
    "---\ntitle: T\n---\n# T\n\nCreated: 2024-01-05\nTags: a\n",  # front matter wins
    "Intro line\n\nCreated: 2024-01-05\nTags: a\n",  # not under a title
])
def test_lines_that_only_look_like_notion_properties_stay_text(tmp_path: Path,
                                                               text: str) -> None:
    source, diagnostics = _read(tmp_path, text)
    assert "date" not in source.front_matter and "tags" not in source.front_matter
    assert ("Created: 2024-01-05" in source.text) == ("Created" in text)
    assert len(diagnostics) == 0
