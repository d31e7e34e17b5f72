"""The planner on its own: outline, slide kinds, fitting, splitting and picture placement."""

from __future__ import annotations

import hashlib
import io
import itertools
import math
from pathlib import Path

import pytest
from PIL import Image as PILImage

from slidegen.deck import (
    CodeBlock,
    Deck,
    ImageData,
    MissingPicture,
    Picture,
    Slide,
    TableShape,
    TextBox,
)
from slidegen.diagnostics import Diagnostics
from slidegen.images import ResolvedImage
from slidegen.parse import parse_document
from slidegen.plan import plan_deck
from slidegen.read import meta_from_front_matter, read_source
from slidegen.theme import Theme, load_theme, with_slide_size
from tests.conftest import ROOT


def plan_text(tmp_path: Path, text: str, images: dict[str, ResolvedImage] | None = None,
              theme: Theme | None = None) -> tuple[Deck, Diagnostics]:
    note = tmp_path / "note.md"
    note.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics(str(note))
    source = read_source(note, diagnostics)
    doc = parse_document(source, diagnostics)
    doc.meta = meta_from_front_matter(source.front_matter)
    return plan_deck(doc, images or {}, theme or load_theme(), diagnostics), diagnostics


def title_of(slide: Slide) -> str:
    assert slide.title is not None
    return "".join(r.text for p in slide.title.paragraphs for r in p.runs)


def texts(slide: Slide) -> list[str]:
    return ["".join(r.text for r in p.runs) for s in slide.shapes if isinstance(s, TextBox)
            for p in s.paragraphs]


def png(width: int, height: int) -> ImageData:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "#3366aa").save(buffer, "PNG")
    data = buffer.getvalue()
    return ImageData(data, width, height, "png", hashlib.sha256(data).hexdigest())


def inside_slide(deck: Deck) -> None:
    for slide in deck.slides:
        boxes = [s.box for s in slide.shapes] + ([slide.title.box] if slide.title else [])
        for box in boxes:
            assert box.x >= 0 and box.y >= 0, (title_of(slide), box)
            assert box.right <= deck.style.width + 0.01, (title_of(slide), box)
            assert box.bottom <= deck.style.height - load_theme().margins.bottom + 0.01, (
                title_of(slide), box)


def overlapping(a, b) -> bool:  # type: ignore[no-untyped-def]
    return not (a.right <= b.x + 0.01 or b.right <= a.x + 0.01 or a.bottom <= b.y + 0.01
                or b.bottom <= a.y + 0.01)


def test_outline_sections_agenda_and_kickers(tmp_path: Path) -> None:
    deck, _ = plan_text(tmp_path, """---
title: 컨테이너 기초
subtitle: 스터디 1회차
author: Kim
date: 2026-11-27
tags: [docker, aws]
---
Intro words for the presenter.

## One
### A
- a1
### B
- b1
## Two
### C
- c1
## Three
- direct content
### D
text
""")
    kinds = [s.kind for s in deck.slides]
    assert kinds == ["title", "content", "agenda", "section", "content", "content", "section",
                     "content", "section", "content", "content"]
    assert title_of(deck.slides[0]) == "컨테이너 기초"
    title_texts = " ".join(texts(deck.slides[0]))
    assert "스터디 1회차" in title_texts and "Kim" in title_texts and "#docker" in title_texts
    # the opening prose is body text: it is shown (on a slide titled like the deck), not hidden
    assert title_of(deck.slides[1]) == "컨테이너 기초"
    assert texts(deck.slides[1]) == ["Intro words for the presenter."]
    assert [t for t in texts(deck.slides[2])] == ["One", "Two", "Three"]
    assert deck.slides[2].shapes[0].paragraphs[0].bullet == "number"
    assert title_of(deck.slides[4]) == "A"
    kicker = deck.slides[4].kicker
    assert kicker is not None and kicker.paragraphs[0].runs[0].text == "One"
    assert title_of(deck.slides[9]) == "Three" and deck.slides[9].kicker is None
    assert deck.info.keywords == ["docker", "aws"] and deck.info.author == "Kim"


def test_title_falls_back_to_first_heading_then_file_name(tmp_path: Path) -> None:
    deck, _ = plan_text(tmp_path, "# My Talk\n\n## Part\n- x\n")
    assert title_of(deck.slides[0]) == "My Talk"
    assert [title_of(s) for s in deck.slides[1:]] == ["Part"]
    deck, _ = plan_text(tmp_path, "## Only part\n- x\n")
    assert title_of(deck.slides[0]) == "note"


def test_heading_repeating_the_front_matter_title_is_not_a_section(tmp_path: Path) -> None:
    deck, _ = plan_text(tmp_path, "---\ntitle: My Talk\n---\n# My Talk\n\n## Part\n### a\nx\n")
    assert [s.kind for s in deck.slides] == ["title", "section", "content"]
    assert title_of(deck.slides[1]) == "Part"


def test_a_leading_heading_that_words_the_title_otherwise_is_its_subtitle(
        tmp_path: Path) -> None:
    """`title: HTTP 정리` over `# HTTP 프로토콜 기초`: the heading made a divider for the whole
    note ("01") and was the kicker of every slide; it is the title slide's subtitle now."""
    deck, _ = plan_text(tmp_path, "---\ntitle: HTTP 정리\n---\n# HTTP 프로토콜 기초\n\n"
                        "웹의 기본.\n\n## 요청\n\n메서드.\n\n## 응답\n\n상태 코드.\n")
    assert [s.kind for s in deck.slides] == ["title", "content", "content", "content"]
    assert title_of(deck.slides[0]) == "HTTP 정리"
    assert any("HTTP 프로토콜 기초" in "".join(r.text for p in s.paragraphs for r in p.runs)
               for s in deck.slides[0].shapes if isinstance(s, TextBox))
    assert [title_of(s) for s in deck.slides[2:]] == ["요청", "응답"]
    assert all(not s.kicker for s in deck.slides[1:])
    # a subtitle of its own, a slide level set, or text before it: the heading stays a section
    for text in ("---\ntitle: T\nsubtitle: S\n---\n# H\n\n## a\n\nx\n",
                 "---\ntitle: T\n---\n앞 문단.\n\n# H\n\n## a\n\nx\n",
                 "---\ntitle: T\nslide_level: 2\n---\n# H\n\n## a\n\nx\n"):
        deck, _ = plan_text(tmp_path, text)
        assert "section" in [s.kind for s in deck.slides]


def test_no_agenda_with_fewer_than_three_sections(tmp_path: Path) -> None:
    deck, _ = plan_text(tmp_path, "## S1\n### a\nx\n## S2\n### b\ny\n")
    assert [s.kind for s in deck.slides] == ["title", "section", "content", "section", "content"]


def test_bullets_levels_numbers_and_runs(tmp_path: Path) -> None:
    deck, _ = plan_text(tmp_path, """## Lists
- **bold** and *italic* and `code` and ~~gone~~ and [link](https://example.com)
  - nested 한국어
    - deeper
3. third
4. fourth
""")
    paragraphs = [p for s in deck.slides[1].shapes if isinstance(s, TextBox) for p in s.paragraphs]
    assert [(p.level, p.bullet, p.number) for p in paragraphs] == [
        (0, "bullet", None), (1, "bullet", None), (2, "bullet", None),
        (0, "number", 3), (0, "number", 4)]
    runs = paragraphs[0].runs
    assert any(r.bold and r.text == "bold" for r in runs)
    assert any(r.italic and r.text == "italic" for r in runs)
    assert any(r.code and r.text == "code" for r in runs)
    assert any(r.strike and r.text == "gone" for r in runs)
    assert any(r.link == "https://example.com" for r in runs)
    assert paragraphs[1].runs[0].lang == "ko-KR"
    assert runs[0].lang == "en-US"


def test_korean_front_matter_language_applies_to_every_run(tmp_path: Path) -> None:
    deck, _ = plan_text(tmp_path, "---\nlang: ko\n---\n## Title\n- plain English\n")
    assert deck.info.lang == "ko-KR"
    para = next(p for s in deck.slides[1].shapes if isinstance(s, TextBox) for p in s.paragraphs)
    assert para.runs[0].lang == "ko-KR"


def test_long_list_shrinks_then_continues_between_items(tmp_path: Path) -> None:
    items = "\n".join(f"- item {n} with a fairly long sentence that needs most of a line "
                      f"to say what it means, number {n}\n  - nested under {n}"
                      for n in range(1, 25))
    deck, diagnostics = plan_text(tmp_path, f"## Long\n{items}\n")
    content = deck.slides[1:]
    assert len(content) >= 2
    # split between items, not inside one: no "(k/n)", the title stays as written
    assert [title_of(s) for s in content] == ["Long"] * len(content)
    for slide in content:
        boxes = [s for s in slide.shapes if isinstance(s, TextBox)]
        assert boxes and boxes[0].size >= load_theme().sizes.min_body
        # every page starts at a top-level bullet: nested items stay with their parent
        assert boxes[0].paragraphs[0].level == 0
    seen = [t for slide in content for t in texts(slide) if t.startswith("item")]
    assert len(seen) == 24
    assert any("continued on" in d.message for d in diagnostics)
    inside_slide(deck)


def test_huge_paragraph_and_unbreakable_url_stay_on_slides(tmp_path: Path) -> None:
    words = " ".join(["컨테이너는 가볍고 빠르다"] * 300)
    url = "https://example.com/" + "a" * 400
    deck, _ = plan_text(tmp_path, f"## Big\n{words}\n\n{url}\n")
    assert len(deck.slides) > 2
    inside_slide(deck)


def test_code_is_coloured_monospace_and_long_code_continues(tmp_path: Path) -> None:
    code = "\n".join(f"x{n} = compute({n})  # step {n}" for n in range(60))
    deck, _ = plan_text(tmp_path, f"## Code\n```python\n{code}\n```\n")
    blocks = [s for slide in deck.slides for s in slide.shapes if isinstance(s, CodeBlock)]
    assert len(blocks) >= 2
    assert sum(len(b.lines) for b in blocks) == 60
    assert all(b.size >= load_theme().sizes.min_code for b in blocks)
    colours = {r.color for b in blocks for line in b.lines for r in line}
    assert len(colours) > 2
    inside_slide(deck)


def test_table_is_native_and_long_table_repeats_header(tmp_path: Path) -> None:
    rows = "\n".join(f"| row {n} | {'값 ' * 5} | {n} |" for n in range(40))
    deck, _ = plan_text(tmp_path, f"## Table\n| Name | 설명 | N |\n|---|---|--:|\n{rows}\n")
    tables = [s for slide in deck.slides for s in slide.shapes if isinstance(s, TableShape)]
    assert len(tables) >= 2
    assert all("".join(r.text for r in t.header[0]) == "Name" for t in tables)
    assert sum(len(t.rows) for t in tables) == 40
    assert tables[0].align[2] == "right"
    for t in tables:
        assert abs(sum(t.col_widths) - t.box.w) < 1
    inside_slide(deck)


def test_pictures_wide_under_text_square_beside_and_alone(tmp_path: Path) -> None:
    images = {
        "wide.png": ResolvedImage("wide.png", png(1400, 400), origin="local"),
        "square.png": ResolvedImage("square.png", png(600, 600), origin="local"),
    }
    deck, _ = plan_text(tmp_path, """## Wide
Some text above.

![wide diagram](wide.png)

## Square
- point one
- point two

![square diagram](square.png)

## Alone
![A caption](square.png)

## Missing
![lost one](https://example.invalid/x.png)
""", images)
    wide, square, alone, missing = deck.slides[1:]
    text_box = next(s for s in wide.shapes if isinstance(s, TextBox))
    picture = next(s for s in wide.shapes if isinstance(s, Picture))
    assert picture.box.y >= text_box.box.bottom
    assert abs(picture.box.w / picture.box.h - 1400 / 400) < 0.01
    assert picture.alt == "wide diagram"
    text_box = next(s for s in square.shapes if isinstance(s, TextBox))
    picture = next(s for s in square.shapes if isinstance(s, Picture))
    assert picture.box.x >= text_box.box.right
    assert abs(picture.box.w - picture.box.h) < 0.5
    picture = next(s for s in alone.shapes if isinstance(s, Picture))
    caption = next(s for s in alone.shapes if isinstance(s, TextBox))
    assert caption.role == "caption" and texts(alone) == ["A caption"]
    assert picture.box.h > 300 and caption.box.y >= picture.box.bottom
    placeholder = next(s for s in missing.shapes if isinstance(s, MissingPicture))
    assert placeholder.src == "https://example.invalid/x.png" and placeholder.alt == "lost one"
    for slide in deck.slides:
        shapes = [s for s in slide.shapes if isinstance(s, TextBox | Picture)]
        for i, a in enumerate(shapes):
            for b in shapes[i + 1:]:
                assert not overlapping(a.box, b.box), title_of(slide)
    inside_slide(deck)


def test_pictures_written_on_one_line_stand_side_by_side_under_the_text(
        tmp_path: Path) -> None:
    """Three pictures on one line under a paragraph were stacked, did not fit, and the third
    went to a slide of its own; two landscape ones on one line sat in a narrow column."""
    images = {f"{n}.png": ResolvedImage(f"{n}.png", png(900, 600), origin="local")
              for n in ("a", "b", "c")}
    deck, diagnostics = plan_text(tmp_path, """## Three runs

We measured three runs of the experiment, one picture each, and compare them below.

![First run](a.png) ![Second run](b.png) ![Third run](c.png)

The second run was the fastest.

## Before and after

The same panel before and after the change.

![Before](a.png) ![After](b.png)

## On two lines

Two pictures, one under the other in the note.

![Before](a.png)
![After](b.png)
""", images)
    assert [title_of(s) for s in deck.slides[1:]] == ["Three runs", "Before and after",
                                                       "On two lines"]
    assert not [d for d in diagnostics.items if "continued" in d.message]
    for slide, names in zip(deck.slides[1:3], (["First run", "Second run", "Third run"],
                                                ["Before", "After"]), strict=True):
        pictures = [s for s in slide.shapes if isinstance(s, Picture)]
        assert [p.alt for p in pictures] == names
        assert len({(p.box.y, p.box.h) for p in pictures}) == 1  # one row, one height
        assert all(a.box.right < b.box.x for a, b in itertools.pairwise(pictures))
        lead = next(s for s in slide.shapes if isinstance(s, TextBox) and s.role != "caption")
        assert pictures[0].box.y >= lead.box.bottom  # under the text, not beside it
        captions = [s for s in slide.shapes if isinstance(s, TextBox) and s.role == "caption"]
        assert ["".join(r.text for r in c.paragraphs[0].runs) for c in captions] == names
        for picture, caption in zip(pictures, captions, strict=True):
            assert caption.box.y >= picture.box.bottom and caption.box.x == picture.box.x
    stacked = [s for s in deck.slides[3].shapes if isinstance(s, Picture)]
    assert stacked[0].box.x == stacked[1].box.x and stacked[1].box.y > stacked[0].box.y
    inside_slide(deck)


def test_portrait_pictures_on_one_line_stand_side_by_side_beside_the_text(
        tmp_path: Path) -> None:
    """Two phone screenshots on one line, by a list: the row goes beside the text, its
    pictures side by side at one height. They were stacked one under the other, small, in the
    side column."""
    images = {f"{n}.png": ResolvedImage(f"{n}.png", png(400, 800), origin="local")
              for n in ("home", "settings")}
    deck, _ = plan_text(tmp_path, """## The app

- The home screen lists the containers that run
- Settings hold the registry and its login
- Both screens update every five seconds

![Home](home.png) ![Settings](settings.png)

## On two lines

- The home screen lists the containers that run

![Home](home.png)
![Settings](settings.png)
""", images)
    row, column = deck.slides[1], deck.slides[2]
    pictures = [s for s in row.shapes if isinstance(s, Picture)]
    text = next(s for s in row.shapes if isinstance(s, TextBox) and s.role != "caption")
    assert [p.alt for p in pictures] == ["Home", "Settings"]
    assert len({(p.box.y, p.box.h) for p in pictures}) == 1  # one row, one height
    assert text.box.right < pictures[0].box.x < pictures[0].box.right < pictures[1].box.x
    assert pictures[0].box.y < text.box.bottom  # beside the text, not under it
    captions = [s for s in row.shapes if isinstance(s, TextBox) and s.role == "caption"]
    for picture, caption in zip(pictures, captions, strict=True):
        assert caption.box.y >= picture.box.bottom and caption.box.x == picture.box.x
    shapes = [s for s in row.shapes if isinstance(s, TextBox | Picture)]
    for i, a in enumerate(shapes):
        for b in shapes[i + 1:]:
            assert not overlapping(a.box, b.box)
    stacked = [s for s in column.shapes if isinstance(s, Picture)]
    assert stacked[0].box.x == stacked[1].box.x and stacked[1].box.y > stacked[0].box.y
    inside_slide(deck)


def test_forced_break_and_speaker_notes(tmp_path: Path) -> None:
    deck, _ = plan_text(tmp_path, """## Part
first

<!-- notes: say this out loud -->

---

second

::: notes
and this
:::
""")
    assert [title_of(s) for s in deck.slides[1:]] == ["Part", "Part"]
    assert texts(deck.slides[1]) == ["first"] and texts(deck.slides[2]) == ["second"]
    assert "say this out loud" in deck.slides[1].notes
    assert "and this" in deck.slides[1].notes


@pytest.mark.parametrize("marker", ["※ 참고 사항입니다", "> [!NOTE]\n> 참고 사항입니다",
                                    "Note: 참고 사항입니다", "> 참고 사항입니다"])
def test_callouts_are_distinct_blocks(tmp_path: Path, marker: str) -> None:
    deck, _ = plan_text(tmp_path, f"## Callout\nbody text\n\n{marker}\n")
    callouts = [s for s in deck.slides[1].shapes if isinstance(s, TextBox) and s.role == "callout"]
    assert len(callouts) == 1 and callouts[0].fill
    assert "참고 사항입니다" in " ".join(texts(deck.slides[1]))


@pytest.mark.slow
def test_pictures_are_stored_at_most_twice_their_largest_displayed_size(tmp_path: Path) -> None:
    from slidegen.images.fit import PX_PER_PT, fit_to_display

    big = png(4000, 1000)
    images = {"big.png": ResolvedImage("big.png", big, origin="local")}
    deck, _ = plan_text(tmp_path, "## One\n![a](big.png)\n\n## Two\n- text\n- more\n\n"
                        "![b](big.png)\n", images)
    shown = [s for slide in deck.slides for s in slide.shapes if isinstance(s, Picture)]
    widest = max(p.box.w for p in shown)
    fitted, replaced = fit_to_display(deck)
    assert all(p.image is big for p in shown)  # the planned deck is not changed
    shown = [s for slide in fitted.slides for s in slide.shapes if isinstance(s, Picture)]
    assert list(replaced) == [big.digest] and replaced[big.digest] is shown[0].image
    stored = {id(p.image) for p in shown}
    assert len(stored) == 1  # still one image, so still stored once
    image = shown[0].image
    assert image.width == math.ceil(widest * PX_PER_PT * 2) < 4000
    assert abs(image.width / image.height - 4) < 0.01
    assert fit_to_display(fitted) == (fitted, {})  # already small enough: untouched


def test_captions_follow_the_notes_language(tmp_path: Path) -> None:
    images = {"square.png": ResolvedImage("square.png", png(600, 600), origin="local")}
    deck, _ = plan_text(tmp_path, "---\nlang: ko\n---\n## Alone\n![A caption](square.png)\n",
                        images)
    caption = next(s for s in deck.slides[1].shapes if isinstance(s, TextBox))
    assert caption.role == "caption" and caption.paragraphs[0].runs[0].lang == "ko-KR"


def test_an_icon_within_a_line_of_text_is_left_off_with_a_warning(tmp_path: Path) -> None:
    """Blown up to a slide picture, an icon beside a bullet would stand alone, far larger than
    drawn, and push the list onto a second slide; left off, the list reads as written."""
    icon = ResolvedImage("icon.png", png(32, 32), origin="local", small=True)
    logo = ResolvedImage("logo.png", png(48, 48), origin="local", small=True)
    wide = ResolvedImage("wide.png", png(1200, 500), origin="local")
    deck, diagnostics = plan_text(
        tmp_path, "## Tools\n\n- ![d](icon.png) Docker builds images\n- ![k](icon.png) "
        "Kubernetes runs them\n- The flow: ![flow](wide.png)\n\n![logo](logo.png)\n",
        {"icon.png": icon, "logo.png": logo, "wide.png": wide})
    pictures = [s for slide in deck.slides for s in slide.shapes if isinstance(s, Picture)]
    assert sorted(p.alt for p in pictures) == ["flow", "logo"]  # large inline, small alone
    warned = [w for w in diagnostics if "icon within a line of text" in w.message]
    assert [w.line for w in warned] == [3, 4]
    assert "image icon.png" in warned[0].message and "line of its own" in warned[0].message
    assert any("Docker builds images" in t for t in texts(deck.slides[1]))


def test_a_badge_on_a_line_of_its_own_is_never_drawn_larger_than_made(tmp_path: Path) -> None:
    """A README's status badge (an SVG 90 px wide, rasterised 1600 px wide) was blown up to a
    slide picture 300 pt wide and pushed the text after it onto a second slide."""
    badge = ResolvedImage("ci.svg", png(1600, 356), origin="network", small=True,
                          drawn_width=90)
    logo = ResolvedImage("logo.png", png(48, 48), origin="local", small=True, drawn_width=48)
    deck, _ = plan_text(tmp_path, "## kube-lab\n\n![CI](ci.svg)\n\n![logo](logo.png)\n\n"
                        "> 쿠버네티스 스터디용 실습 저장소\n", {"ci.svg": badge, "logo.png": logo})
    assert len(deck.slides) == 2  # the title slide, then everything on one
    drawn = {s.alt: s.box for s in deck.slides[1].shapes if isinstance(s, Picture)}
    # as any picture is by its pixels: at most 1.5 pt a pixel (2x at 96 dpi)
    assert drawn["CI"].w <= 90 * 1.5 + 0.01 and drawn["logo"].w <= 48 * 1.5 + 0.01


def test_a_table_cell_measured_as_one_line_has_room_to_spare(tmp_path: Path) -> None:
    """LibreOffice sets cell text a few percent wider than measured (151.7 pt of Korean with
    Latin drawn in a 154 pt cell of a 4:3 slide, so the row grew past its plan): a cell the
    planner counts as one line measures 5% under its text width, beyond the text safety."""
    from slidegen.plan.blocks import CELL_PAD_X
    from slidegen.plan.textfit import WIDTH_SAFETY, TextMetrics

    table = (ROOT / "notes" / "container-basics.md").read_text(encoding="utf-8")
    start = table.index("| 항목 |")
    note = "## 한눈에 비교\n\n" + table[start:table.index("\n\n", start)] + "\n"
    for size, width in (("4:3", 720.0), ("16:9", 960.0)):
        narrow = with_slide_size(load_theme(), width, 540.0)
        deck, _ = plan_text(tmp_path, note, theme=narrow)
        [shape] = [s for slide in deck.slides for s in slide.shapes
                   if isinstance(s, TableShape)]
        metrics = TextMetrics.for_theme(narrow)
        one_line = metrics.line_height(shape.size) + 8.0 + 0.01
        assert len(shape.row_heights) == 1 + len(shape.rows)
        for row, height in zip([shape.header, *shape.rows], shape.row_heights, strict=True):
            if height > one_line:
                continue
            for cell, width in zip(row, shape.col_widths, strict=True):
                drawn = metrics.widest_line(cell, shape.size)
                room = (width - 2 * CELL_PAD_X) * WIDTH_SAFETY * 0.95  # 5% to spare
                assert drawn <= room + 0.01, (size, "".join(r.text for r in cell))


def _structured_note() -> str:
    """Sections cut into sub-parts of many lengths: some fit together, some only at a smaller
    size, some not at all."""
    parts = []
    for n in range(1, 7):
        parts.append(f"## Section {n}\n\nOpening line of section {n}.\n")
        for k in range(1, n + 2):
            body = " ".join(["A sentence about containers."] * (k * n % 7 + 1))
            parts.append(f"### Part {n}.{k}\n\n{body}\n")
            if k == 3:
                parts.append("```python\n" + "\n".join(f"x{i} = {i}" for i in range(n)) + "\n```\n")
    return "---\nslide_level: 2\n---\n# A structured note\n\n" + "\n".join(parts)


@pytest.mark.slow
def test_one_page_question_agrees_with_paginating(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a group of parts fits one slide is answered by placing them all at once; page
    by page, at every size at or above the comfortable one, gives the same answers."""
    from slidegen.plan.layout import Layout

    asked = Layout.fits_one_page
    answers: list[tuple[bool, bool]] = []

    def both(self: Layout, units: list, region: object, smallest: float) -> bool:
        fast = asked(self, units, region, smallest)  # type: ignore[arg-type]
        paged = any(len(self._pages(units, region, size) or [None, None]) <= 1  # type: ignore[arg-type]
                    for size in self.sizes() if size >= smallest)
        answers.append((fast, paged))
        return fast

    monkeypatch.setattr(Layout, "fits_one_page", both)
    plan_text(tmp_path, _structured_note())
    assert any(fast for fast, _ in answers) and not all(fast for fast, _ in answers)
    assert [fast for fast, _ in answers] == [paged for _, paged in answers]


@pytest.mark.slow
def test_a_long_table_measures_each_row_a_bounded_number_of_times(tmp_path: Path,
                                                                  monkeypatch) -> None:
    """A long table is cut by trying many first-k-rows pieces at several sizes; each piece
    measured every row again (1,000 rows took 38 s). Rows are measured once per size now: the
    measuring grows with the rows, not with the rows times the pieces."""
    from slidegen.plan.textfit import TextMetrics

    calls = {"n": 0}
    measure = TextMetrics.widest_line

    def counted(self: TextMetrics, *args: object, **kwargs: object) -> float:
        calls["n"] += 1
        return measure(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TextMetrics, "widest_line", counted)
    counts = {}
    for rows in (60, 240):
        calls["n"] = 0
        table = "| 명령 | 설명 |\n|---|---|\n" + "".join(
            f"| `kubectl get pod-{i}` | 파드 {i} 의 상태를 본다 |\n" for i in range(rows))
        deck, _ = plan_text(tmp_path, f"## 명령\n\n{table}")
        assert sum(isinstance(s, TableShape) for sl in deck.slides for s in sl.shapes) > 2
        counts[rows] = calls["n"]
    # four times the rows: 6 times the measuring (more pages, more sizes tried); it was 16
    # times (531,684 against 33,940), each row measured again for every piece tried
    assert counts[240] < 8 * counts[60] and counts[240] < 80 * 240, counts


@pytest.mark.slow
def test_a_long_code_block_is_cut_with_work_that_grows_with_its_lines(tmp_path: Path,
                                                                       monkeypatch) -> None:
    """Each page of a long code block was found by trying whether the whole rest fit, then
    by bisecting over the whole rest, each try measuring every line it held (3,000 lines took
    130 s): a block longer than a page is now known too tall without measuring, and the cut
    is searched from one line up."""
    from slidegen.plan.blocks import CodeBlockSized

    calls = {"n": 0}
    measure = CodeBlockSized._line_width

    def counted(self: CodeBlockSized, *args: object) -> float:
        calls["n"] += 1
        return measure(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(CodeBlockSized, "_line_width", counted)
    counts, pieces = {}, {}
    for lines in (100, 800):
        calls["n"] = 0
        code = "".join(f"kubectl logs pod-{i} --since=1h | grep 오류\n" for i in range(lines))
        deck, _ = plan_text(tmp_path, f"## 로그\n\n```sh\n{code}```\n")
        drawn = [s for sl in deck.slides for s in sl.shapes if isinstance(s, CodeBlock)]
        assert sum(len(s.lines) for s in drawn) == lines  # every line, once
        counts[lines], pieces[lines] = calls["n"], len(drawn)
    assert pieces[800] > 6 * pieces[100]
    # eight times the lines: about eight times the measuring (it was 31 times: 607,703
    # against 19,792)
    assert counts[800] < 12 * counts[100], counts
