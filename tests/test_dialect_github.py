"""GitHub-flavoured and common extras: footnotes under the citing slide, task boxes,
definition lists, details/summary, emoji shortcodes, kbd/sup/sub/mark runs, reference-style
pictures and links; pandoc attributes on headings and code."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.deck import TextBox
from tests.dialects import (
    all_text,
    build,
    deck_shapes,
    draw,
    leaked_markup,
    pictures,
    placeholders,
    write,
)
from tests.pptx_inspect import notes_text

README = """# 스터디 노트 :books:

## 진행 상황 {#progress .unnumbered}

- [ ] Helm chart 정리
- [x] Ingress 실습 :rocket:
- 회의 시간 10:30: 고정

## 용어 정리

Ingress
: 클러스터 밖에서 Service로 들어오는 HTTP 경로

Helm
: Kubernetes 패키지 관리자

## 각주

Ingress는 L7 라우팅을 한다[^l7]. TLS 종료도 가능하다[^tls].

## 서식

복사는 <kbd>Ctrl</kbd>+<kbd>C</kbd>, 물은 H<sub>2</sub>O,
면적은 r<sup>2</sup>, <mark>꼭 기억</mark>.

<details>
<summary>설치 명령 펼치기</summary>

helm repo add 후 **install** 한다.

</details>

## 참조

![구성도][arch] 을 보고 [공식 문서][docs]를 읽는다.

```{.yaml caption="values.yaml"}
replicaCount: 2
```

[arch]: images/arch.png "Ingress 구성도"
[docs]: https://kubernetes.io/docs/

[^l7]: HTTP host와 path로 **라우팅**한다.
[^tls]: 인증서는 Secret에 둔다.
"""


@pytest.mark.slow
def test_github_extras(tmp_path: Path) -> None:
    draw(tmp_path / "repo/images/arch.png", (1200, 700), "#6d597a")
    note = write(tmp_path / "repo/README.md", README)
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == []
    deck = result.deck
    text = all_text(prs)
    assert "☐ Helm chart 정리" in text and "☑ Ingress 실습 🚀" in text and "📚" in text
    assert "10:30: 고정" in text
    assert "{#progress" not in text and "unnumbered" not in text
    runs = [run for shape in deck_shapes(deck) if isinstance(shape, TextBox)
            for para in shape.paragraphs for run in para.runs]
    assert any(run.text == "Ingress" and run.bold for run in runs)  # the defined term
    assert any(run.text == "2" and run.script == "sub" for run in runs)
    assert any(run.text == "2" and run.script == "super" for run in runs)
    assert any(run.text == "Ctrl" and run.code for run in runs)
    assert any(run.text == "꼭 기억" and run.mark for run in runs)
    assert any(run.text == "설치 명령 펼치기" and run.bold for run in runs)
    assert "install" in text
    marks = [run for run in runs if run.footnote]
    assert [m.text for m in marks] == ["1", "2"] and all(m.script == "super" for m in marks)
    (slide,) = [s for s in deck.slides if s.title and "각주" in
                "".join(r.text for p in s.title.paragraphs for r in p.runs)]
    area = [s for s in slide.shapes if isinstance(s, TextBox) and s.role == "caption"]
    assert area, "the footnotes go at the bottom of the slide that cites them"
    area_text = "".join(r.text for p in area[0].paragraphs for r in p.runs)
    assert "1. HTTP host와 path로 라우팅한다." in area_text and "2. 인증서는" in area_text
    assert area[0].box.y > max(s.box.bottom for s in slide.shapes if s is not area[0]
                               and isinstance(s, TextBox) and s.role != "caption") - 1
    assert not placeholders(deck) and len(pictures(deck)) == 1
    assert "공식 문서" in text and "values.yaml" in text
    assert not [w for w in result.warnings if "[^" in w.message]


def test_footnotes_go_to_the_notes_when_the_slide_is_full(tmp_path: Path) -> None:
    items = "\n".join(f"- 항목 {n}: 긴 설명이 이어지는 문장입니다 {'내용 ' * 12}" for n in range(7))
    note = write(tmp_path / "n.md", f"# 제목\n\n## 꽉 찬 슬라이드\n\n{items}\n- 끝[^a]\n\n"
                 "[^a]: 각주 본문.\n")
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == []
    cited = [i for i, s in enumerate(result.deck.slides) if any(
        r.footnote for sh in s.shapes if isinstance(sh, TextBox) for p in sh.paragraphs
        for r in p.runs)]
    assert cited
    slide = result.deck.slides[cited[-1]]
    shown = any(isinstance(s, TextBox) and s.role == "caption" and "각주 본문" in
                "".join(r.text for p in s.paragraphs for r in p.runs) for s in slide.shapes)
    assert shown or "각주 본문" in notes_text(prs.slides[cited[-1]])


HTML_HEADED = """<h1 align="center">
  <img src="docs/logo.png" alt="logo" width="120"><br>
  kube-lab
</h1>

> 쿠버네티스 스터디용 실습 저장소

<h2 id="install">설치 <sub>kind</sub></h2>

`kind create cluster`로 클러스터를 만든다.

<H3>주의</H3>

메모리를 4GB 이상으로.

<h2>닫히지 않은 제목

본문은 그대로.
"""


@pytest.mark.slow
def test_html_headings_title_the_deck_and_its_slides(tmp_path: Path) -> None:
    """A README's `<h1 align="center">` (with a logo in it) titles the deck, `<h2>` and `<H3>`
    are slides' headings; a heading never closed before a blank line stays text."""
    draw(tmp_path / "repo/docs/logo.png", (240, 240), "#4361ee")
    note = write(tmp_path / "repo/README.md", HTML_HEADED)
    result, prs = build(note, tmp_path / "out")
    assert result.deck.info.title == "kube-lab"
    titles = ["".join(r.text for p in s.title.paragraphs for r in p.runs)
              for s in result.deck.slides[1:] if s.title]
    assert "설치 kind" in titles and any("주의" in t for t in titles)
    assert [p.alt for p in pictures(result.deck)] == ["logo"] and not placeholders(result.deck)
    text = all_text(prs)
    assert "<h" not in text.lower() and "닫히지 않은 제목" in text and "본문은 그대로" in text
    assert leaked_markup(prs) == []


def test_a_readme_logo_for_each_scheme_is_shown_once(tmp_path: Path) -> None:
    """GitHub shows `logo.png#gh-light-mode-only` or `#gh-dark-mode-only`: two logos were on
    the slide, the dark one drawn for a dark page."""
    draw(tmp_path / "docs/logo-light.png", (600, 200))
    draw(tmp_path / "docs/logo-dark.png", (600, 200))
    note = write(tmp_path / "README.md", "# kube-study\n\n"
                 "![logo](docs/logo-light.png#gh-light-mode-only)\n"
                 "![logo](docs/logo-dark.png#gh-dark-mode-only)\n\n## 소개\n\n쿠버네티스 스터디.\n")
    result, prs = build(note, tmp_path / "out")
    assert len(pictures(result.deck)) == 1 and not placeholders(result.deck)
    assert result.warnings == [] and leaked_markup(prs) == []
