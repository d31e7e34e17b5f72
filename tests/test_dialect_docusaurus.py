"""A Docusaurus site: an MDX page in `docs/` with module imports, `:::tip[Title]` admonitions,
an `<Admonition>` component, `<Tabs>`/`<TabItem label>`, `{/* comments */}` and a picture
served from `static/` at the site's root."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.deck import TextBox
from tests.dialects import all_text, build, deck_shapes, draw, leaked_markup, pictures, write

PAGE = """---
sidebar_position: 2
title: 쿠버네티스 소개
tags: [k8s]
---

import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';

# 쿠버네티스 소개

:::tip 핵심
쿠버네티스는 **컨테이너 오케스트레이션** 도구다.
:::

![아키텍처](/img/arch.png)

<Tabs>
  <TabItem value="mac" label="macOS" default>

```bash
brew install kubectl
```

  </TabItem>
  <TabItem value="linux" label="Linux">

```bash
sudo apt install kubectl
```

  </TabItem>
</Tabs>

## 구성 요소

:::warning[주의]
etcd 백업은 필수다.
:::

<Admonition type="info" title="참고">
  API Server가 유일한 진입점이다.
</Admonition>

export const Highlight = ({children, color}) => (
  <span style={{backgroundColor: color}}>{children}</span>
);

<Highlight color="#25c2a0">중요</Highlight> 포인트는 선언적 API. {/* 발표 때 강조 */}

{/* 여러 줄
    주석 */}

![로컬](./local.png)
"""


@pytest.mark.slow
def test_docusaurus_mdx_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site / "docusaurus.config.js", "module.exports = { title: 'Notes', baseUrl: '/' };\n")
    draw(site / "static/img/arch.png", (800, 450), "#8338ec")
    draw(site / "docs/k8s/local.png", (800, 450), "#3a86ff")
    note = write(site / "docs/k8s/intro.mdx", PAGE)
    result, prs = build(note, tmp_path / "out")
    assert [w.message for w in result.warnings] == []
    assert sorted(p.alt for p in pictures(result.deck)) == ["로컬", "아키텍처"]
    boxes = [s for s in deck_shapes(result.deck) if isinstance(s, TextBox) and s.callout_kind]
    firsts = [(s.callout_kind, s.paragraphs[0].runs[0].text) for s in boxes]
    assert firsts == [("tip", "핵심"), ("warning", "주의"), ("note", "참고")]
    text = all_text(prs)
    for code in ("import", "@theme", "export const", "{/*", "발표 때", "backgroundColor",
                 "<Tabs", "TabItem", "Admonition"):
        assert code not in text, code
    assert "macOS" in text and "Linux" in text and "중요 포인트는 선언적 API." in text
    assert leaked_markup(prs) == []
