"""Any heading structure builds a deck that reads as a talk, with nothing lost.

The notes under tests/data/structure are written the way other people's study notes are:
only `####` headings, no headings at all, a single `#`, skipped levels, long `##` sections
with sub-headings, bold lead lines and long lists, HTML lines around Markdown, emphasis
beside Korean. Each is built, opened and checked: slide titles, no markup on any slide, and
the conservation check at zero lost words.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from slidegen.deck import Deck
from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, BuildResult, build_note

try:
    from tests.deck_checks import assert_conserved, assert_no_markup
    from tests.pptx_inspect import open_deck, slide_texts, slide_title
except ImportError:  # pytest run with tests/ as the root
    from deck_checks import assert_conserved, assert_no_markup  # type: ignore[no-redef]
    from pptx_inspect import open_deck, slide_texts, slide_title  # type: ignore[no-redef]

NOTES = Path(__file__).parent / "data" / "structure"
CONTINUED = re.compile(r"\(\d+/\d+\)$")


def built(tmp_path: Path, name: str, **options: object) -> tuple[BuildResult, list[str]]:
    note = tmp_path / name
    if not note.exists():
        shutil.copy(NOTES / name, note)
    result = build_note(note, BuildOptions(output=tmp_path / "out", images=ImageOptions(
        offline=True, cache_dir=tmp_path / "cache"), **options))  # type: ignore[arg-type]
    assert result.ok and result.output is not None, result.error
    assert_conserved(note, result.deck)
    assert_no_markup(result.output)
    titles = [slide_title(s) for s in open_deck(result.output).slides]
    return result, titles


def kinds(deck: Deck | None) -> list[str]:
    assert deck is not None
    return [s.kind for s in deck.slides]


@pytest.mark.slow
def test_only_h4_headings_are_the_slides(tmp_path: Path) -> None:
    result, titles = built(tmp_path, "only-h4.md")
    assert titles[:4] == ["Spring Security 정리", "Spring Security 정리",
                          "SecurityFilterChain 이란?", "DelegatingFilterProxy"]
    for heading in ["UserDetailsService 구현", "PasswordEncoder", "CSRF 설정", "세션 관리",
                    "JWT 필터 추가", "정리"]:
        assert heading in titles
    assert not any(CONTINUED.search(t) for t in titles)
    assert not any("lost" in w.message or "not on any slide" in w.message
                   for w in result.warnings)


@pytest.mark.slow
def test_note_without_headings_is_cut_at_breaks_and_bold_leads(tmp_path: Path) -> None:
    result, titles = built(tmp_path, "no-headings.md")
    assert titles == ["Spring MVC 동작 원리", "Spring MVC 동작 원리", "Dispatcher 란?",
                      "HandlerMapping", "HandlerAdapter", "ArgumentResolver", "ViewResolver"]
    prs = open_deck(result.output)
    # the bold lead became the title: it is not repeated as a line of the slide
    assert not any(t == "Dispatcher 란?" for t in slide_texts(prs.slides[2])[1:])
    assert prs.slides[0].has_notes_slide is False or "메모처럼" in (
        prs.slides[0].notes_slide.notes_text_frame.text)


def test_single_h1_is_the_title_and_its_body_is_shown(tmp_path: Path) -> None:
    result, titles = built(tmp_path, "single-h1.md")
    assert titles[0] == "Redis 캐시 적용기"
    assert titles[1:] == ["Redis 캐시 적용기", "주의할 점"] or titles[1:] == ["Redis 캐시 적용기"]
    assert kinds(result.deck)[1:] == ["content"] * (len(titles) - 1)


def test_skipped_levels_make_sections_and_slides(tmp_path: Path) -> None:
    result, titles = built(tmp_path, "skipped-levels.md")
    assert kinds(result.deck) == ["title", "section", "content", "content", "section",
                                  "content", "content"]
    assert titles[1:] == ["쿠버네티스 네트워크", "Pod 네트워크", "Service", "CNI 플러그인",
                          "Flannel", "Calico"]


@pytest.mark.slow
def test_long_sections_split_at_their_own_structure(tmp_path: Path) -> None:
    result, titles = built(tmp_path, "long-sections.md")
    assert result.deck is not None
    assert titles[0] == "long sections"  # empty `title:`: the file name
    for sub in ["텐서 만들기", "형태(shape) 바꾸기", "브로드캐스팅", "자동 미분", "GPU 사용",
                "Functional API", "Subclassing"]:
        assert sub in titles
    sub_slides = [s for s in result.deck.slides if s.kicker is not None]
    kickers = {"".join(r.text for p in s.kicker.paragraphs for r in p.runs)  # type: ignore[union-attr]
               for s in sub_slides}
    assert {"텐서와 연산", "3. 케라스 모델 만들기"} <= kickers
    assert not any(CONTINUED.search(t) for t in titles)
    # the numbered `## 2.` section shows its number once: "02" above "텐서와 연산"
    section = next(s for s in open_deck(result.output).slides if slide_title(s) == "텐서와 연산")
    assert "02" in slide_texts(section)
    # two sections with the same heading stay two slides, in their places
    assert [t for t in titles if t.startswith("Dispatcher")] == ["Dispatcher", "Dispatcher"]


@pytest.mark.slow
def test_a_lead_in_stays_with_what_it_introduces(tmp_path: Path) -> None:
    result, _ = built(tmp_path, "only-h4.md")
    for slide in open_deck(result.output).slides:
        texts = [t for t in slide_texts(slide) if t != slide_title(slide)]
        if texts and texts[-1].rstrip().endswith(":"):
            pytest.fail(f"slide {slide_title(slide)!r} ends on its lead-in {texts[-1]!r}")


@pytest.mark.slow
def test_html_lines_do_not_hide_markdown(tmp_path: Path) -> None:
    result, titles = built(tmp_path, "html-lines.md")
    assert titles[2:] == ["Flannel", "Calico", "Cilium"]
    text = "\n".join(t for s in open_deck(result.output).slides for t in slide_texts(s))
    assert "###" not in text and "Felix" in text and "Hubble" in text


@pytest.mark.slow
def test_emphasis_beside_korean_and_tables_without_rule(tmp_path: Path) -> None:
    result, titles = built(tmp_path, "cjk-emphasis.md")
    assert titles[2] == "선택자(selector)의 종류"
    tables = [sh for s in open_deck(result.output).slides for sh in s.shapes
              if getattr(sh, "has_table", False) and sh.has_table]
    assert len(tables) == 2
    assert tables[0].table.cell(1, 0).text == "인라인 스타일"


@pytest.mark.parametrize(("source", "level", "expected"), [
    ("front matter", 2, ["section", "content", "content"]),
    ("front matter", 3, ["agenda", "section", "section", "content", "section", "content"]),
])
@pytest.mark.slow
def test_slide_level_in_front_matter(tmp_path: Path, source: str, level: int,
                                     expected: list[str]) -> None:
    note = tmp_path / "levels.md"
    note.write_text(f"---\ntitle: 레벨\nslide_level: {level}\n---\n# Part\n## A\n### a1\n"
                    "내용 a1\n## B\n### b1\n내용 b1\n", encoding="utf-8")
    result, titles = built(tmp_path, "levels.md")
    assert kinds(result.deck)[1:] == expected
    if level == 2:
        assert titles[1:] == ["Part", "A", "B"]


@pytest.mark.slow
def test_slide_level_option_and_config_override_the_inferred_level(tmp_path: Path) -> None:
    note = tmp_path / "notes" / "deep.md"
    note.parent.mkdir()
    note.write_text("## A\n### a1\n- x\n### a2\n- y\n## B\n### b1\n- z\n", encoding="utf-8")
    inferred, _ = built(note.parent, "deep.md")
    assert kinds(inferred.deck) == ["title", "section", "content", "content", "section",
                                    "content"]
    forced, titles = built(note.parent, "deep.md", slide_level=2)
    assert kinds(forced.deck) == ["title", "content", "content"] and titles[1:] == ["A", "B"]
    (note.parent / "slidegen.yaml").write_text("slide_level: 2\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "slidegen", str(note), "-o",
                           str(tmp_path / "cli")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [slide_title(s) for s in open_deck(tmp_path / "cli" / "deep.pptx").slides][1:] == [
        "A", "B"]
    done = subprocess.run([sys.executable, "-m", "slidegen", str(note), "-o",
                           str(tmp_path / "cli3"), "--slide-level", "3"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(open_deck(tmp_path / "cli3" / "deep.pptx").slides) == 6
    (note.parent / "slidegen.yaml").write_text("slide_level: 9\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "slidegen", str(note), "-o",
                           str(tmp_path / "bad")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "slide_level" in done.stderr
    assert "slidegen.yaml:1" in done.stderr


def test_lost_text_is_a_warning_with_its_line(tmp_path: Path) -> None:
    """The check is real: a deck missing a paragraph's words is reported at that line."""
    from slidegen.conservation import check_deck
    from slidegen.diagnostics import Diagnostics
    from slidegen.parse import parse_document
    from slidegen.read import read_source

    result, _ = built(tmp_path, "single-h1.md")
    assert result.deck is not None
    note = tmp_path / "single-h1.md"
    doc = parse_document(read_source(note, Diagnostics(str(note))), Diagnostics(str(note)))
    first, second, *rest = result.deck.slides  # the deck with the words taken out of it
    dropped = replace(result.deck, slides=[replace(first, notes=""),
                                           replace(second, shapes=[]), *rest])
    lost = [f for f in check_deck(doc, dropped) if f.kind == "lost"]
    assert lost and lost[0].line == 3 and "느려서" in lost[0].text


def test_check_reports_markup_left_on_a_slide(tmp_path: Path) -> None:
    """The markup check is real: leftovers on a planned slide are reported at their note line.

    Every construct the project knows is interpreted now, so the leftovers are put on the
    planned slide by hand, as a parser that missed them would have left them."""
    from dataclasses import replace

    from slidegen.conservation import leaked_markup
    from slidegen.deck import TextBox
    from slidegen.diagnostics import Diagnostics
    from slidegen.parse import parse_document
    from slidegen.read import read_source

    note = tmp_path / "leak.md"
    note.write_text("## A\n\n- 본문 mark 와 Other Note\n", encoding="utf-8")
    result = build_note(note, BuildOptions(output=tmp_path / "out", images=ImageOptions(
        offline=True, cache_dir=tmp_path / "cache")))
    assert result.ok and result.deck is not None
    doc = parse_document(read_source(note, Diagnostics(str(note))), Diagnostics(str(note)))
    assert leaked_markup(result.deck, doc) == []
    slide = next(s for s in result.deck.slides if s.title and "A" in
                 "".join(r.text for r in s.title.paragraphs[0].runs))
    body = next(s for s in slide.shapes if isinstance(s, TextBox))
    run = body.paragraphs[0].runs[0]
    body.paragraphs[0].runs[0] = replace(run, text="본문 ==mark== 와 [[Other Note]]")
    found = leaked_markup(result.deck, doc)
    assert {f.kind for f in found} == {"markup"} and len(found) >= 2, found
    assert all(f.line == slide.source_line for f in found), found


@pytest.mark.slow
def test_seed_and_project_notes_lose_nothing(tmp_path: Path, seed_post: Path,
                                            project_notes: Path) -> None:
    """`--check` is clean on the seed post and the project's notes: no lost words, no markup."""
    for note in [seed_post, *sorted(project_notes.glob("*.md"))]:
        result = build_note(note, BuildOptions(output=tmp_path, images=ImageOptions(
            offline=True, cache_dir=tmp_path / "cache")))
        assert result.ok and result.output is not None, result.error
        assert_conserved(note, result.deck)
        assert_no_markup(result.output)


def test_lead_in_at_the_bottom_of_a_full_slide_goes_with_its_code(tmp_path: Path) -> None:
    try:
        from tests.test_plan import plan_text, texts
    except ImportError:
        from test_plan import plan_text, texts  # type: ignore[no-redef]
    from slidegen.deck import CodeBlock

    filler = "\n\n".join(f"문단 {n}: 컨테이너는 호스트 커널을 공유하는 격리된 프로세스이며 "
                         "이미지로 배포된다." for n in range(7))
    code = "\n".join(f"line_{n} = compute({n})" for n in range(40))
    deck, _ = plan_text(tmp_path, f"## 설정\n\n{filler}\n\n설정 파일은 다음과 같다:\n\n"
                        f"```python\n{code}\n```\n")
    for slide in deck.slides[1:]:
        shown = texts(slide)
        if shown and shown[-1].endswith("다음과 같다:"):
            assert any(isinstance(s, CodeBlock) for s in slide.shapes), shown
    lead = next(s for s in deck.slides if any(t.endswith("다음과 같다:") for t in texts(s)))
    assert any(isinstance(s, CodeBlock) for s in lead.shapes)


def test_a_deeper_heading_before_the_first_slide_opens_the_deck(tmp_path: Path) -> None:
    """`## 컨테이너` before the note's first `#` (the slide level): shown on the opening slide,
    not lost (the property-based generator found this one)."""
    note = tmp_path / "deeper-first.md"
    note.write_text("## 컨테이너\n\n# 도커\n\n## 이미지\n\n# 끝\n", encoding="utf-8")
    result = build_note(note, BuildOptions(output=tmp_path / "out", images=ImageOptions(
        offline=True, cache_dir=tmp_path / "cache")))
    assert result.ok and result.deck is not None
    assert_conserved(note, result.deck)
    assert not [w for w in result.warnings if "not on any slide" in w.message]
