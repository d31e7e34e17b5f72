"""A Quarto project and a pandoc note: fenced divs, attributes on headings, pictures and code,
callout divs, speaker notes; no `:::` or `{.class}` on a slide."""

from __future__ import annotations

from pathlib import Path

from slidegen.deck import CodeBlock
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
from tests.pptx_inspect import notes_text

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
