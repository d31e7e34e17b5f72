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


SERVER = """import express from 'express'

// #region setup
const app = express()
app.get('/', (req, res) => res.send('안녕'))
// #endregion setup

app.listen(3000)
"""

IMPORTS_PAGE = """# 서버 만들기

## 준비

<<< @/snippets/server.ts#setup{2 ts} [server.ts]

## 전체 코드

<<< ../snippets/server.ts

## 설정 파일

<<< @/snippets/missing.json

## 비밀

<<< ../../secret.py
"""


def _code_texts(result) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [("\n".join("".join(r.text for r in line) for line in code.lines), code.language)
            for code in deck_shapes(result.deck) if isinstance(code, CodeBlock)]


def test_vitepress_code_imports(tmp_path: Path) -> None:
    """`<<< @/snippets/server.ts#setup` showed as written; now the file's region (or whole
    file, its region markers left out) is code. A missing file, or one outside the docs root,
    is a line naming it and a warning."""
    write(tmp_path / "docs/.vitepress/config.mts", "export default { title: '문서' }\n")
    write(tmp_path / "docs/snippets/server.ts", SERVER)
    write(tmp_path / "secret.py", "TOKEN = 'do-not-show'\n")
    note = write(tmp_path / "docs/guide/server.md", IMPORTS_PAGE)
    result, prs = build(note, tmp_path / "out")
    codes = _code_texts(result)
    assert codes[0] == ("const app = express()\napp.get('/', (req, res) => res.send('안녕'))",
                        "ts")
    whole, language = codes[1]
    assert language == "ts" and "app.listen(3000)" in whole and "#region" not in whole
    assert len(codes) == 2
    text = all_text(prs)
    assert "<<<" not in text and "do-not-show" not in text
    assert "server.ts" in text  # the region's title
    messages = [(w.line, w.message) for w in result.warnings]
    assert any(line == 13 and "missing.json" in m and "cannot be read" in m
               for line, m in messages), messages
    assert any(line == 17 and "secret.py" in m and "outside" in m for line, m in messages)


def test_vuepress_code_import_with_a_range_of_lines(tmp_path: Path) -> None:
    write(tmp_path / "docs/.vuepress/config.js", "export default { lang: 'ko-KR' }\n")
    write(tmp_path / "docs/guide/demo.py", "import sys\n\n\ndef main():\n    print('hi')\n"
          "    return 0\n")
    note = write(tmp_path / "docs/guide/README.md",
                 '# 데모\n\n## 코드\n\n@[code{4-5} python title="demo.py"](./demo.py)\n')
    result, prs = build(note, tmp_path / "out")
    assert result.warnings == []
    assert _code_texts(result) == [("def main():\n    print('hi')", "python")]
    assert "@[code" not in all_text(prs) and "demo.py" in all_text(prs)
