"""VitePress and VuePress pages: containers with titles, code with line marks, groups and
file names, pages included into pages."""

from __future__ import annotations

from pathlib import Path

from slidegen.deck import CodeBlock, TextBox
from tests.dialects import all_text, build, deck_shapes, leaked_markup, write

PAGE = """# 시작하기

## 퀴즈

::: details 정답: 42
생명, 우주, 그리고 모든 것.
:::

## 설치

::: code-group

```sh [npm]
npm install vitepress
```

```sh [pnpm]
pnpm add vitepress
```

:::

```ts:line-numbers {1}
const x: number = 1 // [!code --]
const x: number = 2 // [!code ++]
console.log(x) // [!code focus]
```

<!--@include: ../parts/setup.md-->
"""


def test_vitepress_page(tmp_path: Path) -> None:
    write(tmp_path / "docs/.vitepress/config.mts", "export default { title: '문서' }\n")
    write(tmp_path / "docs/parts/setup.md", "Node 18 이상이 필요하다.\n")
    note = write(tmp_path / "docs/guide/intro.md", PAGE)
    result, prs = build(note, tmp_path / "out")
    assert result.warnings == [] and leaked_markup(prs) == []
    text = all_text(prs)
    assert "정답: 42" in text and "Node 18 이상이 필요하다." in text
    assert "[!code" not in text and "@include" not in text
    codes = [s for s in deck_shapes(result.deck) if isinstance(s, CodeBlock)]
    lines = ["".join(r.text for r in line) for code in codes for line in code.lines]
    assert "- const x: number = 1" in lines and "+ const x: number = 2" in lines
    assert "console.log(x)" in lines
    assert {c.language for c in codes} == {"sh", "ts"}  # `ts:line-numbers {1}` is TypeScript
    captions = [s for s in deck_shapes(result.deck) if isinstance(s, TextBox)
                and "".join(r.text for p in s.paragraphs for r in p.runs) in ("npm", "pnpm")]
    assert len(captions) == 2  # each tab's name over its code
