"""MyST (Jupyter Book) chapters: directives in backtick and colon fences, roles, targets."""

from __future__ import annotations

from pathlib import Path

from slidegen.deck import CodeBlock, EquationBox, TableShape
from tests.dialects import (
    all_text,
    build,
    callouts,
    deck_shapes,
    draw,
    leaked_markup,
    pictures,
    text_runs,
)

CHAPTER = """(optim-chapter)=
# 최적화 기초

자세한 배경은 {doc}`bayes`를 참고하세요.

```{note}
이 노트는 *Deep Learning* 교재 4장을 요약한 것입니다.
```

## 경사 하강법

```{figure} ../images/gradient.png
:name: fig-gd
:width: 60%

경사 하강법의 한 단계.
```

{numref}`그림 %s <fig-gd>`에서 보듯이 규칙은

```{math}
:label: update
\\theta_{t+1} = \\theta_t - \\eta \\nabla_\\theta L(\\theta_t)
```

이며 {math}`\\eta`가 크면 발산합니다 ({ref}`lr-section` 참고).

````{admonition} 직관
:class: tip
가장 가파른 내리막으로 한 걸음씩 내려간다.
````

(lr-section)=
## 학습률

:::{warning}
너무 크면 **발산**한다.
:::

```{code-cell} python
:tags: [hide-input]
losses = train(model)
```

```{raw} html
<iframe src="x"></iframe>
```
"""


def test_myst_chapter(tmp_path: Path) -> None:
    """Every directive was a grey code box of its raw text (`:name:`, `$$`), the figure's
    picture was lost, roles and `(label)=` targets showed as written."""
    draw(tmp_path / "book/images/gradient.png", (800, 400))
    note = tmp_path / "book/chapters/optim.md"
    note.parent.mkdir(parents=True)
    note.write_text(CHAPTER, encoding="utf-8")
    result, prs = build(note, tmp_path / "out")
    assert [w for w in result.warnings if "shrunk" not in w.message] == []
    assert leaked_markup(prs) == []
    text = all_text(prs)
    for raw in ("{doc}", "{numref}", "{ref}", "{math}", ":name:", ":class:", ":tags:",
                "(lr-section)=", "(optim-chapter)=", "iframe", "```", ":::"):
        assert raw not in text, raw
    assert "배경은 bayes를" in text and "그림 1에서 보듯이" in text  # `{numref}` with its number
    runs = text_runs(result.deck)
    assert "".join(r.text for r in runs).count("lr-section 참고") == 1  # beside a formula
    assert any(r.math is not None and "η" in r.text for r in runs)  # {math}`\eta`
    kinds = [kind for kind, _ in callouts(result.deck)]
    assert kinds == ["note", "tip", "warning"]
    assert ("tip", "직관") in callouts(result.deck)
    assert len(pictures(result.deck)) == 1 and "경사 하강법의 한 단계." in text
    shapes = deck_shapes(result.deck)
    assert any(isinstance(s, EquationBox) for s in shapes)
    codes = [s for s in shapes if isinstance(s, CodeBlock)]
    assert [c.language for c in codes] == ["python"]
    assert "".join(r.text for line in codes[0].lines for r in line) == "losses = train(model)"


LIST_TABLES = """# 옵티마이저 비교

```{list-table} 옵티마이저 요약
:header-rows: 1
:widths: 20 40 40
:name: tbl-optim

* - 이름
  - 갱신 규칙
  - 특징
* - SGD
  - $\\theta \\leftarrow \\theta - \\eta g$
  - 단순하고 **일반화**가 좋다
* - Adam
  - 모멘트 추정
  - 학습률에 덜 민감하며
    대부분의 경우 잘 동작한다
```

:::{list-table}
* - 배치 크기
  - 32
* - 에폭
  - 10
:::
"""


def test_list_tables_are_tables(tmp_path: Path) -> None:
    """A `{list-table}` was a code box of its own source (backtick fence) or a list of
    lists (colon fence): now a table, its header row from `:header-rows:`, its title the
    caption, a cell's second line joined to its first, Markdown and math in cells drawn."""
    note = tmp_path / "book/chapters/optim.md"
    note.parent.mkdir(parents=True)
    note.write_text(LIST_TABLES, encoding="utf-8")
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == []
    tables = [s for s in deck_shapes(result.deck) if isinstance(s, TableShape)]
    assert len(tables) == 2
    first, second = tables
    assert [["".join(r.text for r in cell)] for cell in first.header] == [
        ["이름"], ["갱신 규칙"], ["특징"]]
    cells = [["".join(r.text for r in cell) for cell in row] for row in first.rows]
    assert cells[0][0] == "SGD" and cells[1][2] == "학습률에 덜 민감하며 대부분의 경우 잘 동작한다"
    assert any(r.bold and r.text == "일반화" for r in first.rows[0][2])
    assert any(r.math is not None for r in first.rows[0][1])  # the update rule, a formula
    assert first.header and not second.header
    assert [["".join(r.text for r in cell) for cell in row] for row in second.rows] == [
        ["배치 크기", "32"], ["에폭", "10"]]
    text = all_text(prs)
    assert "옵티마이저 요약" in text
    for raw in ("list-table", ":header-rows:", ":widths:", "* -", "```"):
        assert raw not in text, raw


FIGURES = """# 에너지

## 정지 질량

```{figure} images/energy.png
:name: fig-energy
:width: 60%

정지한 물체의 에너지 $E = mc^2$ 와 **질량**의 관계 ([출처](https://example.org/e)).
```

## Hugo 그림

{{< figure src="images/energy.png" caption="**그림 2.** 물 분자 $H_2O$, `H2O`로 쓴다" >}}

{{< figure src="images/energy.png" caption="풀 수 없는 식 $\\nosuchmacro{x}$" >}}
"""


def test_figure_captions_written_in_markdown_show_their_words_and_formulas(
        tmp_path: Path) -> None:
    """MyST's `{figure}` and Hugo's `figure` take a Markdown caption: its asterisks, dollars
    and link brackets were shown under the picture."""
    note = tmp_path / "book/energy.md"
    draw(note.parent / "images/energy.png")
    note.write_text(FIGURES, encoding="utf-8")
    result, prs = build(note, tmp_path / "out")
    captions = [shape for shape in deck_shapes(result.deck)
                if getattr(shape, "role", "") == "caption"]
    assert ["".join(run.text for run in shape.paragraphs[0].runs) for shape in captions] == [
        "정지한 물체의 에너지 E=mc² 와 질량의 관계 (출처).",
        "그림 2. 물 분자 H₂O, H2O로 쓴다",
        "풀 수 없는 식 \\nosuchmacro{x}"]
    assert leaked_markup(prs) == [] and "$" not in all_text(prs)
    assert len(pictures(result.deck)) == 3
    assert [(w.line, w.message) for w in result.warnings if "caption" in w.message] == [
        (16, "formula in a caption not converted: shown as TeX (\\nosuchmacro{x})")]


NUMBERED = """# 상대성

## 그림과 식

```{figure} images/energy.png
:name: fig-energy
:width: 60%

정지 에너지.
```

```{math}
:label: mass-energy
E = mc^2
```

:::{figure} images/energy.png
:name: second
두 번째 그림.
:::

{numref}`fig-energy`, {numref}`Fig. %s <second>`, {numref}`다른 그림 <second>`,
{eq}`mass-energy`, {numref}`nowhere`.
"""


def test_numref_and_eq_show_the_numbers_of_named_figures_and_formulas(tmp_path: Path) -> None:
    """`{numref}` showed the target's name ("fig-energy"), not its number."""
    note = tmp_path / "book/relativity.md"
    draw(note.parent / "images/energy.png")
    note.write_text(NUMBERED, encoding="utf-8")
    result, prs = build(note, tmp_path / "out")
    assert "그림 1, Fig. 2, 다른 그림, (1), nowhere." in all_text(prs).replace("\n", " ")
    formulas = [s for s in deck_shapes(result.deck) if isinstance(s, EquationBox)]
    assert [f.equation.tex for f in formulas] == ["E = mc^2 \\tag{1}"]
