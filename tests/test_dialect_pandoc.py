"""A Quarto project and a pandoc note: fenced divs, attributes on headings, pictures and code,
callout divs, speaker notes; no `:::` or `{.class}` on a slide."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.deck import CodeBlock, EquationBox, TextBox
from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, build_note
from tests.dialects import (
    all_text,
    build,
    callouts,
    deck_shapes,
    draw,
    leaked_markup,
    pictures,
    placeholders,
    write,
)
from tests.pptx_inspect import notes_text, open_deck

QMD = """---
title: "회귀 분석 세미나"
author: "데이터팀"
format: revealjs
lang: ko
---

## 데이터 준비 {#sec-data .smaller}

::: {.callout-note}
## 데이터 출처
공공데이터포털의 **2023년** 자료를 썼다.
:::

::: {.callout-warning title="결측치"}
결측치는 제거하지 않고 평균으로 채웠다.
:::

::: {#fig-scatter .cell}
![산점도](figures/scatter.png){#fig-s width=400}
:::

## 모델 {background-color="#f0f0f0"}

::: {.panel-tabset}
### R
R에서는 `lm()`을 쓴다.

### Python
Python에서는 `statsmodels`를 쓴다.
:::

```{python}
#| echo: true
import statsmodels.api as sm
model = sm.OLS(y, X).fit()
```

::: aside
회귀 계수 해석은 다음 시간에.
:::

::: notes
여기서 질문을 받는다.
:::

## 결론 {.unnumbered}

[중요]{.mark} 한 점은 잔차 확인이다.
"""


def test_quarto_note(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write(root / "_quarto.yml", "project:\n  type: default\nlang: ko\n")
    draw(root / "figures/scatter.png", (1000, 800), "#355070")
    note = write(root / "regression.qmd", QMD)
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == []
    text = all_text(prs)
    for leftover in ("{.", "{#", "callout-", "panel-tabset", "background-color"):
        assert leftover not in text, leftover
    deck = result.deck
    kinds = callouts(deck)
    assert ("warning", "결측치") in kinds
    assert ("note", "데이터 출처") in kinds  # the callout's `##` heading is its title
    assert "lm()" in text and "statsmodels" in text and "다음 시간에" in text
    assert "잔차 확인" in text and "[중요]" not in text
    assert any(run.text == "중요" and run.mark for shape in deck_shapes(deck)
               for para in getattr(shape, "paragraphs", []) for run in para.runs)
    codes = ["".join(r.text for line in c.lines for r in line)
             for c in deck_shapes(deck) if isinstance(c, CodeBlock)]
    assert any("sm.OLS" in c and "#|" not in c for c in codes)
    assert not placeholders(deck)
    (scatter,) = pictures(deck)
    assert scatter.box.w <= 300.01  # width=400 CSS px
    assert any("질문을 받는다" in notes_text(slide) for slide in prs.slides)


REFS = """---
title: "회귀 분석 2주차"
lang: ko
---

## 데이터 {#sec-data}

@fig-scatter 에서 보듯이 관계가 선형이다. 자세한 건 @sec-data 와 [@fig-resid] 참고.

```{python}
#| label: fig-scatter
#| fig-cap: "산점도"
import matplotlib.pyplot as plt  # <1>
plt.scatter(x, y)                # <2>
```
1. 그리기 도구를 불러온다.
2. 산점도를 그린다.

![잔차](resid.png){#fig-resid}

## 계수

Table: 회귀 계수 {#tbl-coef}

| 계수 | 값 |
|---|---|
| a | 1.2 |

| 지표 | 값 |
|---|---|
| R² | 0.8 |

: 적합도

$$
y = \\beta x
$$ {#eq-line}

[-@tbl-coef]번 표와 @eq-line, 없는 @fig-none, 인용 [@smith2020, p. 3; @lee2021], 메일 me@fig-x.com.

{{< pagebreak >}}

{{< include _appendix.qmd >}}
"""


def test_quarto_cross_references_captions_and_shortcodes(tmp_path: Path) -> None:
    """What Quarto renders from its own syntax, never the syntax: references as "그림 1",
    table captions with their numbers, a labelled formula numbered, code annotations gone,
    `pagebreak` a new slide and `include` the file's text."""
    root = tmp_path / "project"
    draw(root / "resid.png", (900, 600))
    write(root / "_appendix.qmd", "## 부록\n\n부록에 넣은 **표본 설명**.\n")
    note = write(root / "week2.qmd", REFS)
    result, prs = build(note, tmp_path / "out")
    text = all_text(prs)
    assert leaked_markup(prs) == [] and "@" not in text.replace("me@fig-x.com", "")
    assert "그림 1 에서 보듯이" in text and "데이터 와 그림 2 참고" in text
    assert "표 1: 회귀 계수" in text and "적합도" in text and "Table:" not in text
    assert "1번 표와 식 (1)" in text and "(smith2020, p. 3; lee2021)" in text
    assert "fig-none" in text and "me@fig-x.com" in text
    assert "부록에 넣은 표본 설명" in text
    assert "그림 2: 잔차" in text  # the picture's caption says its number
    codes = ["\n".join("".join(r.text for r in line) for line in c.lines)
             for c in deck_shapes(result.deck) if isinstance(c, CodeBlock)]
    assert codes and all("<1>" not in c and "<2>" not in c for c in codes)
    assert "plt.scatter(x, y)" in codes[0]
    (missing,) = [w for w in result.warnings if "fig-none" in w.message]
    assert missing.line is not None
    assert note.read_text().split("\n")[missing.line - 1].startswith("[-@tbl-coef]")
    (formula,) = [s for s in deck_shapes(result.deck) if isinstance(s, EquationBox)]
    assert formula.equation.text.replace(" ", "").endswith("(1)")  # numbered, centred
    titles = [s.shapes[0].text_frame.text for s in prs.slides if s.shapes]
    assert titles.index("부록") > titles.index("계수")  # after the page break, its own slide


KNITR = """---
title: "회귀 분석"
---

## 그림

```{r}
#| echo: false
#| fig-cap: "잔차 그림"
knitr::include_graphics("images/resid.png")
```

```{r flow, echo=FALSE, fig.cap="분석 흐름"}
knitr::include_graphics('images/flow.png')
```

```{r}
plot(cars)  # code that draws: shown as code
```

{{< video https://www.youtube.com/embed/abc >}}
"""


@pytest.mark.slow
def test_knitr_picture_cells_and_quarto_video(tmp_path: Path) -> None:
    """An R cell that only calls `knitr::include_graphics()` is the picture it includes, with
    its `fig-cap`/`fig.cap`; Quarto's `{{< video url >}}` is a line with the link."""
    draw(tmp_path / "notes/images/resid.png", (800, 450), "#fb5607")
    draw(tmp_path / "notes/images/flow.png", (800, 450), "#ffbe0b")
    note = write(tmp_path / "notes/regression.qmd", KNITR)
    result, prs = build(note, tmp_path / "out")
    assert [w.message for w in result.warnings] == []
    assert sorted(p.alt for p in pictures(result.deck)) == ["분석 흐름", "잔차 그림"]
    text = all_text(prs)
    assert "include_graphics" not in text and "plot(cars)" in text
    assert "잔차 그림" in text and "https://www.youtube.com/embed/abc" in text


@pytest.mark.parametrize(("matter", "tool"), [
    ("theme: metropolis\naspectratio: 169\n", "Beamer"),
    ("format: revealjs\ntheme: moon\n", "reveal.js"),
    ("format:\n  html:\n    toc: true\ntheme: [cosmo, custom.scss]\n", "Bootstrap"),
    ("marp: true\ntheme: gaia\n", "Marp"),
    ("output: beamer_presentation\ntheme: MyUniversity\n", "another tool"),
])
def test_another_tools_theme_builds_with_the_default_one(tmp_path: Path, matter: str,
                                                          tool: str) -> None:
    """`theme: metropolis` in a pandoc Beamer note stopped the build ("no built-in theme")."""
    note = write(tmp_path / "n.md", f"---\ntitle: 정보 이론\n{matter}---\n\n## 정의\n\n척도.\n")
    result, prs = build(note, tmp_path / "out")
    assert result.ok and "척도." in all_text(prs)
    assert [(w.line, tool in w.message) for w in result.warnings] == [
        (matter.count("\n", 0, matter.index("theme")) + 3, True)]


def test_a_misspelt_slidegen_theme_is_still_an_error(tmp_path: Path) -> None:
    note = write(tmp_path / "n.md", "---\ntitle: x\ntheme: navvy\n---\n\n## a\n\nb\n")
    result = build_note(note, BuildOptions(output=tmp_path / "out"))
    assert result.error is not None and result.error.line == 3
    assert "did you mean 'navy'" in result.error.message


def test_pandoc_title_block(tmp_path: Path) -> None:
    """`% title` / `% author; author` / `% date` were a slide of '%' lines, the deck named
    after the file."""
    note = write(tmp_path / "macros.md", "% 정보 이론 요약\n% 한지민;\n  윤도현\n% 2024-09-01\n\n"
                 "## 엔트로피\n\n불확실성의 척도.\n")
    result, prs = build(note, tmp_path / "out")
    assert result.deck.info.title == "정보 이론 요약" and result.deck.info.date == "2024-09-01"
    assert result.deck.info.author == "한지민, 윤도현"
    text = all_text(prs)
    assert "%" not in text, text
    assert "불확실성의 척도." in text and result.warnings == []
    # an Obsidian comment first is no title block
    note = write(tmp_path / "obs.md", "%% 비공개 메모 %%\n\n## 제목\n\n본문.\n")
    result, prs = build(note, tmp_path / "out")
    assert result.deck.info.title == "obs" and "비공개" not in all_text(prs)


CITING = """---
title: "추천 시스템 세미나"
lang: ko
bibliography: [refs/library.bib, refs/more.json]
references:
  - id: kim2020
    author:
      - family: 김
        given: 철수
    title: 협업 필터링 입문
    container-title: 정보과학회지
    issued:
      date-parts: [[2020]]
---

## 배경

행렬 분해가 널리 쓰인다 [@koren09, pp. 30-37; see also @rendle10].

@rendle10 은 분해 기계를 제안했고, [-@kim2020] 이 정리했다. 문의: team@example.org, @dev.

없는 문헌 [@nosuch].

접두어: [see @koren09, p. 32; @rendle10, chap. 2].

## 참고 문헌
"""

LIBRARY_BIB = r"""@article{koren09,
  author = {Koren, Yehuda and Bell, Robert and Volinsky, Chris and Zhou, Ding},
  title = {Matrix Factorization Techniques for Recommender Systems},
  journal = {Computer}, year = {2009}, volume = {42}, number = {8}, pages = {30--37},
  doi = {10.1109/MC.2009.263}}
@comment{not a work}
"""

MORE_JSON = """[{"id": "rendle10", "type": "paper-conference",
  "author": [{"family": "Rendle", "given": "Steffen"}],
  "title": "Factorization Machines", "container-title": "ICDM", "page": "995-1000",
  "issued": {"date-parts": [[2010]]}}]"""


def test_citations_read_as_author_and_year_and_the_works_cited_close_the_deck(
        tmp_path: Path) -> None:
    """With a bibliography (BibTeX, CSL JSON, `references:`), `[@key]` showed its key."""
    write(tmp_path / "refs/library.bib", LIBRARY_BIB)
    write(tmp_path / "refs/more.json", MORE_JSON)
    result, prs = build(write(tmp_path / "seminar.qmd", CITING), tmp_path / "out")
    text = all_text(prs)
    assert "행렬 분해가 널리 쓰인다 (Koren et al. 2009, 30–37; see also Rendle 2010)." in text
    assert "(see Koren et al. 2009, 32; Rendle 2010, chap. 2)" in text
    assert "Rendle (2010) 은 분해 기계를 제안했고, (2020) 이 정리했다." in text
    assert "team@example.org, @dev." in text and "(nosuch)" in text
    assert [(w.line, w.message) for w in result.warnings] == [
        (22, "citation '@nosuch' is not in the note's bibliography: shown as 'nosuch'; add it "
             "to the bibliography or correct the key")]
    last = result.deck.slides[-1]
    assert "".join(r.text for p in last.title.paragraphs for r in p.runs) == "참고 문헌"
    works = [("".join(r.text for r in p.runs), [r.text for r in p.runs if r.italic])
             for s in last.shapes if isinstance(s, TextBox) and s.role != "title"
             for p in s.paragraphs if p.runs]
    assert works[:3] == [
        ("Koren, Yehuda, Robert Bell, Chris Volinsky, and Ding Zhou. 2009. “Matrix "
         "Factorization Techniques for Recommender Systems.” Computer 42 (8): 30–37. "
         "https://doi.org/10.1109/MC.2009.263", ["Computer"]),
        ("Rendle, Steffen. 2010. “Factorization Machines.” ICDM 995–1000.", ["ICDM"]),
        ("김철수. 2020. “협업 필터링 입문.” 정보과학회지.", ["정보과학회지"])]
    assert sum(t == "참고 문헌" for t in text.split("\n")) == 1  # the note's own heading, filled


def test_a_bibliography_outside_the_notes_folder_is_not_read(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere/library.bib", LIBRARY_BIB)
    note = write(tmp_path / "notes/seminar.md", "---\ntitle: T\nbibliography: "
                 "../elsewhere/library.bib\n---\n\n## 배경\n\n행렬 분해 [@koren09].\n")
    result, prs = build(note, tmp_path / "out")
    assert "행렬 분해 (koren09)." in all_text(prs)
    assert any("bibliography '../elsewhere/library.bib' is outside the notes' folder"
               in w.message for w in result.warnings)
    options = BuildOptions(output=tmp_path / "allowed",
                           images=ImageOptions(offline=True, allow_local_files=True))
    allowed = build_note(note, options, tmp_path / "allowed" / "seminar.pptx")
    assert allowed.ok and not allowed.warnings  # --allow-local-files: a manager's library
    assert "행렬 분해 (Koren et al. 2009)." in all_text(open_deck(allowed.output))


EXAMPLES = """---
title: 문장 구조 예문
lang: ko
---

## 예문

(@) 철수가 밥을 먹었다.
(@passive) 밥이 철수에게 먹혔다.
    (피동문: 이어지는 줄은 항목의 일부)

(@) The cat sat on the mat.

설명: (@passive)는 피동문이고, (@nosuch)는 정의되지 않았다.

## 다음 절의 예문

(@) 번호는 노트 전체에서 이어진다: (@passive)를 보라.

```
(@) 코드 안에서는 예문이 아니다
```

Text (@) in a paragraph stays.
"""


def test_pandoc_example_lists_number_across_the_note_and_references_show_numbers(
        tmp_path: Path) -> None:
    """`(@)` / `(@label)` items stayed one paragraph with the markers on the slide."""
    result, prs = build(write(tmp_path / "examples.md", EXAMPLES), tmp_path / "out")
    numbered = [(paragraph.number, "".join(run.text for run in paragraph.runs))
                for shape in deck_shapes(result.deck) if isinstance(shape, TextBox)
                for paragraph in shape.paragraphs if paragraph.bullet == "number"]
    assert numbered == [(1, "철수가 밥을 먹었다."),
                        (2, "밥이 철수에게 먹혔다. (피동문: 이어지는 줄은 항목의 일부)"),
                        (3, "The cat sat on the mat."),  # a new list goes on counting
                        (4, "번호는 노트 전체에서 이어진다: (2)를 보라.")], numbered
    text = all_text(prs)
    assert "설명: (2)는 피동문이고, (@nosuch)는 정의되지 않았다." in text
    assert "(@) 코드 안에서는 예문이 아니다" in text and "Text (@) in a paragraph stays." in text
    assert "(@passive)" not in text and "(@) 철수" not in text
    assert result.warnings == []


def test_quarto_dates_meta_conditional_content_and_background_slides(tmp_path: Path,
                                                                     monkeypatch) -> None:
    """`date: today` was printed as the word; `{{< meta title >}}` was dropped; content for
    other formats was shown; `## {background-image=…}` was a slide titled with its attributes;
    inline `{python}` code showed its braces."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    draw(tmp_path / "images/penguins.png", (1600, 900))
    note = write(tmp_path / "talk.qmd", '---\ntitle: "펭귄 데이터"\ndate: today\n'
                 "author:\n  name: 박연구\n---\n\n## 소개\n\n"
                 "{{< meta title >}} 발표, {{< meta author.name >}}. 평균은 `{python} 3 + 4`.\n"
                 "`#!python model.eval()` 를 부른다.\n\n"
                 '## {background-image="images/penguins.png" background-size="cover"}\n\n'
                 '## 결과\n\n::: {.content-visible when-format="html"}\nHTML 전용.\n:::\n\n'
                 '::: {.content-hidden when-format="pptx"}\n발표에서 숨김.\n:::\n\n'
                 '::: {.content-visible when-format="pptx"}\n발표 전용.\n:::\n\n'
                 "::: {.content-hidden unless-format=\"pptx\"}\n발표에서만.\n:::\n")
    result, prs = build(note, tmp_path / "out")
    assert result.deck.info.date == "2023-11-14"
    text = all_text(prs)
    assert "펭귄 데이터 발표, 박연구. 평균은 3 + 4." in text and "{{<" not in text
    assert "model.eval()" in text and "#!python" not in text
    assert "발표 전용." in text and "발표에서만." in text
    assert "HTML 전용." not in text and "발표에서 숨김." not in text
    assert "background" not in text
    assert sum(s.backdrop is not None for s in result.deck.slides) == 1
    assert [w.line for w in result.warnings] == [10]  # the {python} code, not run
    assert leaked_markup(prs) == []


def test_quarto_tabset_headings_are_tab_labels(tmp_path: Path) -> None:
    """`::: {.panel-tabset}` with `### Python` / `### R`: the tabs were slides of their own and
    their section a divider; they stay on their slide, each led by its label."""
    note = write(tmp_path / "logit.qmd", "---\ntitle: 로지스틱 회귀\n---\n\n## 손실 함수\n\n"
                 "교차 엔트로피를 쓴다.\n\n::: {.panel-tabset}\n\n### Python\n\n"
                 "```python\nloss = log_loss(y, p)\n```\n\n### R\n\n"
                 "```r\nloss <- -mean(y * log(p))\n```\n\n:::\n\n## 다음\n\n내용.\n")
    result, _ = build(note, tmp_path / "out")
    assert [s.kind for s in result.deck.slides] == ["title", "content", "content"]
    first = result.deck.slides[1]
    codes = [s for s in first.shapes if isinstance(s, CodeBlock)]
    assert len(codes) == 2 and [c.language for c in codes] == ["python", "r"]


def test_entries_a_bib_file_cannot_hold_are_named_in_one_warning(tmp_path: Path,
                                                                 capfd: pytest.CaptureFixture[str]
                                                                 ) -> None:
    write(tmp_path / "library.bib", LIBRARY_BIB + "@article{broken author = {x}}\n@book{cut\n")
    note = write(tmp_path / "seminar.md", "---\ntitle: T\nbibliography: library.bib\n---\n\n"
                 "## 배경\n\n행렬 분해 [@koren09].\n")
    result, prs = build(note, tmp_path / "out")
    assert "행렬 분해 (Koren et al. 2009)." in all_text(prs)
    assert [w.message for w in result.warnings] == [
        "bibliography 'library.bib': 2 entries not BibTeX (from line 7) left out; fix them "
        "to cite them"]
    assert capfd.readouterr().err == ""  # the parser's own log lines are not shown
