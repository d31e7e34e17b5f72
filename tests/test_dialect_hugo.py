"""A Hugo site with a page bundle: shortcodes shown as Hugo's themes show them, pictures beside
`index.md`, in its sub-folders, in `static/` and `assets/`, all embedded."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.deck import CodeBlock, DiagramShape, EquationBox, TextBox
from tests.dialects import (
    all_text,
    build,
    callouts,
    deck_shapes,
    draw,
    leaked_markup,
    pictures,
    placeholders,
    text_runs,
    write,
)

POST = """+++
title = "Go 동시성 입문"
date = 2024-01-20T10:00:00+09:00
draft = false
tags = ["go", "concurrency"]
+++

Go의 goroutine과 channel을 정리한다.

## 구조

{{< figure src="arch.png" alt="전체 구조" caption="goroutine 스케줄러 구조" width="480" >}}

## 코드 예제

{{< highlight go "linenos=table,hl_lines=3" >}}
# 이 줄은 heading이 아니다
package main

import "fmt"

// <source> 태그도 그대로
func main() {
    ch := make(chan int)
    go func() { ch <- 1 }()
    fmt.Println(<-ch)
}
{{< /highlight >}}

{{< code lang="python" >}}
print("hello") # 주석
{{< /code >}}

## 주의할 점

{{% notice tip %}}
goroutine은 **가볍지만** 공짜는 아니다.
{{% /notice %}}

{{< alert title="데드락" color="warning" >}}
버퍼 없는 channel에 보내기만 하면 *멈춘다*.
{{< /alert >}}

{{< details summary="더 보기" >}}
세부 내용은 공식 문서를 본다.
{{< /details >}}

{{< mycard icon="book" >}}
카드 안의 *Markdown* 문단.
{{< /mycard >}}

## 참고 자료

{{< youtube f6kdp27TYZs >}}

{{< tweet user="golang" id="1234567890" >}}

{{< vimeo 146022717 >}}

{{< gist spf13 7896402 >}}

자세한 건 [이전 글]({{< ref "posts/intro.md" >}}) 참고.

## 그림 모음

![흐름도](images/flow.png)

![로고](/images/logo.png)

{{< img src="/img/banner.png" alt="배너" >}}
"""


def hugo_site(root: Path) -> Path:
    write(root / "hugo.toml", 'baseURL = "https://example.org/"\nlanguageCode = "ko-kr"\n'
          'title = "개발 노트"\ntheme = "PaperMod"\n')
    bundle = root / "content/posts/go-concurrency"
    draw(bundle / "arch.png", (1600, 1000), "#264653")
    draw(bundle / "images/flow.png", (1280, 720), "#2a9d8f")
    draw(root / "static/images/logo.png", (400, 400), "#e9c46a")
    draw(root / "assets/img/banner.png", (1500, 500), "#f4a261")
    return write(bundle / "index.md", POST)


@pytest.mark.slow
def test_hugo_page_bundle(tmp_path: Path) -> None:
    note = hugo_site(tmp_path / "site")
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == []
    deck = result.deck
    assert not placeholders(deck), [p.reason for p in placeholders(deck)]
    assert len(pictures(deck)) == 4
    codes = [s for s in deck_shapes(deck) if isinstance(s, CodeBlock)]
    code_text = ["".join(r.text for line in c.lines for r in line) for c in codes]
    assert any("# 이 줄은 heading이 아니다" in t and "<source>" in t for t in code_text)
    assert any('print("hello")' in t for t in code_text)
    assert [k for k, _ in callouts(deck)] == ["tip", "warning"]
    assert ("warning", "데드락") in callouts(deck)
    text = all_text(prs)
    assert "goroutine 스케줄러 구조" in text  # the figure's caption
    assert deck.info.title == "Go 동시성 입문" and "draft" not in text  # TOML front matter
    assert deck.info.date == "2024-01-20"
    for url in ("https://www.youtube.com/watch?v=f6kdp27TYZs", "https://vimeo.com/146022717",
                "https://x.com/golang/status/1234567890",
                "https://gist.github.com/spf13/7896402"):
        assert url in text
    assert "세부 내용은 공식 문서를 본다." in text  # an unknown shortcode's Markdown is kept
    assert "이전 글" in text
    messages = [(w.line, w.message) for w in result.warnings]
    assert "더 보기" in text  # the details' summary, as a lead line
    assert any("mycard" in m and line == 48 for line, m in messages), messages
    assert "카드 안의 Markdown 문단." in text
    assert not [m for _, m in messages if "Liquid" in m or "outside" in m], messages
    (arch,) = [p for p in pictures(deck) if p.alt == "전체 구조"]
    assert arch.box.w <= 360.01  # width="480" CSS px
    heading_slides = [s for s in deck.slides if s.title and "이 줄은" in
                      "".join(r.text for p in s.title.paragraphs for r in p.runs)]
    assert not heading_slides
    assert all(not isinstance(s, TextBox) or "{{" not in str(s) for s in deck_shapes(deck))


THEME_SHORTCODES = """+++
title = "Hugo 테마 숏코드"
+++

## 구조

{{< mermaid >}}
graph LR
  A[Client] --> B[API Server]
{{< /mermaid >}}

{{< tabs "설치" >}}
{{< tab "macOS" >}}
brew install kubectl
{{< /tab >}}
{{< tab header="Linux" >}}
apt install kubectl
{{< /tab >}}
{{< /tabs >}}

## 수식

{{< katex display >}}
f(x) = \\int_0^1 x\\,dx
{{< /katex >}}

{{< expand "더 보기" >}}
숨겨진 상세 내용.
{{< /expand >}}

{{< columns >}}
왼쪽 칸 내용
<--->
오른쪽 칸 내용
{{< /columns >}}
"""


@pytest.mark.slow
def test_theme_shortcodes_become_diagrams_formulas_tabs_and_columns(tmp_path: Path) -> None:
    """hugo-book and Docsy shortcodes: a mermaid diagram, a KaTeX formula, tabs with their
    titles, expand with its title, columns side by side; no syntax, no warning."""
    note = write(tmp_path / "content/posts/themes/index.md", THEME_SHORTCODES)
    result, prs = build(note, tmp_path / "out")
    assert [w.message for w in result.warnings] == []
    text = all_text(prs)
    assert leaked_markup(prs) == [] and "<--->" not in text and "graph LR" not in text
    assert "\\int" not in text and "macOS" in text and "Linux" in text and "더 보기" in text
    shapes = deck_shapes(result.deck)
    assert any(isinstance(s, DiagramShape) for s in shapes)
    assert any(isinstance(s, EquationBox) for s in shapes)
    left = next(s for s in shapes if isinstance(s, TextBox) and "왼쪽 칸" in str(s.paragraphs))
    right = next(s for s in shapes if isinstance(s, TextBox) and "오른쪽 칸" in str(s.paragraphs))
    assert left.box.y == right.box.y and left.box.x + left.box.w <= right.box.x


BOOK_PAGE = """+++
title = "Service"
weight = 20
+++

# Service

{{< hint warning >}}
Service의 **selector**가 Pod label과 맞아야 한다.
{{< /hint >}}

{{< hint >}}
기본 hint는 팁이다.
{{< /hint >}}

![로고]({{< absURL "images/logo.png" >}})

![구조]({{< relURL "/images/svc.png" >}} "Service 구조")

{{< tabs "proto" >}}
{{< tab "TCP" >}} 기본 프로토콜 {{< /tab >}}
{{< tab "UDP" >}} DNS에 쓰인다 {{< /tab >}}
{{< /tabs >}}
"""


@pytest.mark.slow
def test_hugo_book_hints_url_shortcodes_and_one_line_tabs(tmp_path: Path) -> None:
    """hugo-book's `hint` takes its kind from its argument; a picture whose address is a URL
    shortcode (`absURL`, `relURL`) is the file under `static/`; a tab written on one line keeps
    its title. Nothing is dropped, nothing warned about."""
    site = tmp_path / "site"
    write(site / "hugo.toml", 'baseURL = "https://docs.example.org/"\ntheme = "hugo-book"\n')
    draw(site / "static/images/logo.png", (400, 200), "#2a9d8f")
    draw(site / "static/images/svc.png", (800, 450), "#264653")
    note = write(site / "content/docs/service.md", BOOK_PAGE)
    result, prs = build(note, tmp_path / "out")
    assert [w.message for w in result.warnings] == []
    assert leaked_markup(prs) == [] and not placeholders(result.deck)
    assert sorted(p.alt for p in pictures(result.deck)) == ["구조", "로고"]
    assert [kind for kind, _ in callouts(result.deck)] == ["warning", "tip"]
    text = all_text(prs)
    assert "TCP: 기본 프로토콜" in text and "UDP: DNS에 쓰인다" in text
    assert "Service 구조" in text and "absURL" not in text and "![" not in text


def test_highlight_shortcode_keeps_the_code_indented(tmp_path: Path) -> None:
    """Every line of `{{< highlight >}}` lost its spaces and tabs (a fence keeps them)."""
    note = write(tmp_path / "content/posts/go/index.md",
                 '## 고루틴\n\n{{< highlight go "linenos=table,hl_lines=2" >}}\n'
                 'func main() {\n    go say("world")\n\tif ready {\n\t\tstart()\n\t}\n}\n'
                 "{{< /highlight >}}\n\n- 목록 안에서도\n\n"
                 "  {{< highlight python >}}\n  def f():\n      return 1\n  {{< /highlight >}}\n")
    result, _ = build(note, tmp_path / "out")
    codes = [s for s in deck_shapes(result.deck) if isinstance(s, CodeBlock)]
    lines = ["".join(r.text for r in line) for code in codes for line in code.lines]
    assert '    go say("world")' in lines and "        start()" in lines
    assert "def f():" in lines and "    return 1" in lines


def test_math_escaped_for_hugo_and_inline_katex_are_formulas(tmp_path: Path) -> None:
    """Hugo notes write `\\\\(x\\\\)` and `\\\\[…\\\\]` so that MathJax gets `\\(x\\)` through
    Markdown; the TeX was shown with its backslashes. `{{< katex >}}x{{< /katex >}}` within a
    line showed its TeX too, with a warning that it was dropped."""
    note = write(tmp_path / "content/posts/stat/index.md",
                 '+++\ntitle = "통계"\nmath = true\n+++\n\n## 평균\n\n'
                 "표본 평균은 \\\\(\\mu = \\frac{1}{n}\\sum x_i\\\\) 로 정의한다.\n\n"
                 "\\\\[\n\\sigma^2 = \\frac{1}{n}\\sum (x_i - \\mu)^2\n\\\\]\n\n"
                 "{{< katex >}}\\lambda = \\frac{N}{T}{{< /katex >}} 는 도착률이다.\n\n"
                 "코드 `\\\\(` 는 그대로.\n")
    result, prs = build(note, tmp_path / "out")
    assert result.warnings == []
    text = all_text(prs)
    assert "\\mu" not in text and "\\frac" not in text and "katex" not in text
    assert any(isinstance(s, EquationBox) for s in deck_shapes(result.deck))
    runs = text_runs(result.deck)
    assert sum(r.math is not None for r in runs) == 2  # μ and λ, within their lines
    assert any(r.code and r.text == "\\\\(" for r in runs)


def test_escaped_shortcodes_are_shown_as_hugo_shows_them(tmp_path: Path) -> None:
    """`{{</* figure src="x" */>}}` is how Hugo's docs write a shortcode they show, not run."""
    note = write(tmp_path / "content/posts/sc/index.md",
                 '## 사용법\n\n`{{</* figure src="x.png" */>}}` 로 그림을 넣는다.\n\n'
                 '```go-html-template\n{{%/* notice tip */%}}\n팁\n{{%/* /notice */%}}\n```\n')
    result, prs = build(note, tmp_path / "out")
    codes = ["".join(r.text for line in c.lines for r in line)
             for c in deck_shapes(result.deck) if isinstance(c, CodeBlock)]
    assert codes == ["{{% notice tip %}}팁{{% /notice %}}"]
    assert '{{< figure src="x.png" >}}' in all_text(prs) and "/*" not in all_text(prs)


@pytest.mark.parametrize("layout", ["hugo.toml", "config/_default"])
def test_param_shortcode_shows_the_page_or_site_value(tmp_path: Path, layout: str) -> None:
    """`{{< param "key" >}}` is the page's front matter value (its own key, then its
    `params:`), else the site's `params`, as Hugo renders it; keys in any case, dotted keys
    into maps. One the site does not have is dropped with a warning naming its line."""
    params = ('[params]\n  course = "클라우드 입문"\n  semester = 2\n'
              '  [params.author]\n    name = "김민준"\n')
    if layout == "hugo.toml":
        write(tmp_path / "hugo.toml", 'baseURL = "https://notes.example.org/"\n'
              'languageCode = "ko-kr"\ntitle = "스터디 노트"\n' + params)
    else:  # a theme's split config: config/_default/hugo.toml and params.toml
        write(tmp_path / "config/_default/hugo.toml", 'baseURL = "https://notes.example.org/"\n'
              'languageCode = "ko-kr"\n')
        write(tmp_path / "config/_default/params.toml",
              params.replace("[params]\n", "").replace("[params.author]", "[author]"))
    note = write(tmp_path / "content/posts/week2.md", """---
title: "2주차: 컨테이너"
week: 2
params:
  room: 공학관 301호
---

## 안내

- 과정: {{< param "course" >}} ({{< param semester >}}학기)
- 강사: {{< param "Author.Name" >}}
- 주차: {{< param week >}}, 장소: {{% param "room" %}}
- 마감: {{< param "deadline" >}}
""")
    result, prs = build(note, tmp_path / "out")
    text = all_text(prs)
    for shown in ("과정: 클라우드 입문 (2학기)", "강사: 김민준", "주차: 2, 장소: 공학관 301호"):
        assert shown in text, text
    assert "param" not in text and "{{" not in text
    (warning,) = [w for w in result.warnings if "param" in w.message]
    assert warning.line == 13 and 'param "deadline"' in warning.message


def test_a_figure_shortcode_within_a_line_of_text_is_its_picture(tmp_path: Path) -> None:
    """`text {{< figure src=… >}} text` on one line stopped the build with an internal error."""
    site = tmp_path / "site"
    write(site / "hugo.toml", 'baseURL = "https://example.org/"\ntitle = "x"\n')
    draw(site / "content/posts/arch.png")
    note = write(site / "content/posts/inline.md",
                 '---\ntitle: 구조\n---\n\n## 그림\n\n아래와 같다 {{< figure src="arch.png" '
                 'caption="**전체** 구조" >}} 끝.\n')
    result, prs = build(note, tmp_path / "out")
    assert [p.alt for p in pictures(result.deck)] == ["전체 구조"]
    assert "아래와 같다" in all_text(prs) and leaked_markup(prs) == []
