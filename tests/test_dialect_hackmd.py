"""HackMD / CodiMD notes: sized pictures, every container kind, spoilers, the TOC marker, the
tags line, quote tags, embeds, inserted text; a slide-mode note's `Note:` speaker notes."""

from __future__ import annotations

from pathlib import Path

from slidegen.deck import DiagramShape, Picture, TextBox
from tests.dialects import (
    all_text,
    build,
    callouts,
    deck_shapes,
    draw,
    leaked_markup,
    placeholders,
    write,
)

NOTE = """---
title: OS 스터디 3주차 - Process Scheduling
tags: os, study
---

# OS 스터디 3주차 - Process Scheduling

###### tags: `OS` `스터디` `scheduling`

[TOC]

:::info
**발표자**: 김민수 / **일시**: 2024-03-14 (목) 19:00
:::

## Scheduling 기준

- CPU utilization 최대화
- Waiting time ++최소화++

> 시험에 자주 나옴!! [name=민수] [time=Thu, Mar 14, 2024 7:30 PM] [color=#907bf7]

:::success
RR에서 quantum이 너무 크면 FCFS와 같아진다.
:::

:::warning
SJF는 다음 CPU burst 길이를 미리 알 수 없다.
:::

:::danger
Starvation 주의!
:::

:::spoiler 정답 보기 (연습문제 5.3)
평균 waiting time = **17ms**
:::

:::spoiler {state="open"} 열린 힌트
aging을 떠올려 보자. :woman-technologist:
:::

## 구조

![구조도](arch.png =300x200)

![](wide.png =200x)

![세로](tall.png "세로 그림" =x150)

## 참고 자료

{%youtube 2h3eWaPx8SA %}

{%vimeo 124148255 %}

{%gist minsu/5d7f0c7b1e2f %}

{%pdf https://example.com/os-ch5.pdf %}

{%slideshare minsu/os-scheduling %}

{%hackmd theme-dark %}

## 흐름

```sequence
Title: 3-way handshake
Client->Server: SYN
Server-->Client: SYN-ACK
Note right of Server: 연결\\n수립
```

```flow
st=>start: 시작|past:>http://www.google.com[blank]
e=>end: 끝
op=>operation: 요청 보내기|past
cond=>condition: 성공?|approved
sub=>subroutine: 재시도
st->op->cond
cond(yes, right)->e
cond(no)->sub(left)->op
```

```md
[TOC] and {%youtube id %} in code stay as written
###### tags: `not` `these`
```
"""

SLIDES = """---
title: React Hooks 발표
tags: react
type: slide
slideOptions:
  theme: white
---

# React Hooks 정리

---

## 왜 Hooks?

- Class component의 `this` 지옥
- 로직 재사용이 어려움 <!-- .element: class="fragment" data-fragment-index="1" -->
- Lifecycle에 로직이 섞임 <!-- .element: class="fragment" data-fragment-index="2" -->

그래서 Hooks가 나왔다. <!-- .element: class="fragment" -->

Note:
여기서 청중한테 class component 써봤는지 물어보기.

- 손 든 사람 수 세기

---

<!-- .slide: data-background="#1A237E" data-transition="zoom" -->

## useState

Note: 코드 한 줄씩 설명하기.

---

<!-- .slide: data-background-image="bg.png" -->

## useEffect

[[toc]]
"""


def test_hackmd_note(tmp_path: Path) -> None:
    for name, size in (("arch.png", (900, 600)), ("wide.png", (800, 400)),
                       ("tall.png", (300, 600))):
        draw(tmp_path / "note" / name, size)
    note = write(tmp_path / "note" / "os-week3.md", NOTE)
    result, prs = build(note, tmp_path / "out")
    deck = result.deck
    messages = [w.message for w in result.warnings]
    assert not [m for m in messages if "Liquid" in m or "not found" in m], messages
    assert placeholders(deck) == []
    sizes = sorted((round(p.box.w), round(p.box.h)) for p in deck_shapes(deck)
                   if isinstance(p, Picture))
    assert sizes == [(56, 112), (150, 75), (225, 150)], sizes  # CSS px → pt
    assert leaked_markup(prs) == []
    text = all_text(prs)
    for literal in ("[TOC]", "++", "[name=", "[time=", "[color=", "tags:", "{%"):
        assert literal not in text.split("[TOC] and")[0], literal  # before the code
    assert "시험에 자주 나옴!! — 민수" in text and "Mar 14" not in text
    assert "Waiting time 최소화" in text
    assert [k for k, _ in callouts(deck)] == ["note", "quote", "tip", "warning", "caution"]
    assert "정답 보기 (연습문제 5.3)" in text and "17ms" in text  # the spoiler's title leads
    assert "열린 힌트" in text and "state=" not in text  # opened by default: the same
    assert "aging을 떠올려 보자. 👩‍💻" in text  # HackMD's emoji names use hyphens
    for line in ("YouTube: https://www.youtube.com/watch?v=2h3eWaPx8SA",
                 "Vimeo: https://vimeo.com/124148255",
                 "Gist: https://gist.github.com/minsu/5d7f0c7b1e2f",
                 "PDF: https://example.com/os-ch5.pdf",
                 "SlideShare: https://www.slideshare.net/minsu/os-scheduling"):
        assert line in text
    sequence, flow = [s for s in deck_shapes(deck) if isinstance(s, DiagramShape)]
    assert {"Client", "Server", "연결\n수립"} <= {n.text for n in sequence.nodes}
    assert {n.text: n.geometry for n in flow.nodes}["성공?"] == "flowChartDecision"
    assert {"yes", "no", "재시도", "끝"} <= {n.text for n in flow.nodes}  # labels are nodes
    assert "theme-dark" not in text  # a page theme shows nothing
    assert "{%youtube id %}" in text and "[TOC]" in text  # code is literal
    # the tags line's tags join the front matter's (one `os` for `os` and `OS`); its line goes
    assert deck.info.keywords[:4] == ["os", "study", "스터디", "scheduling"]


def test_hackmd_slide_mode_notes(tmp_path: Path) -> None:
    draw(tmp_path / "bg.png", (1280, 720))
    note = write(tmp_path / "react-hooks.md", SLIDES)
    result, prs = build(note, tmp_path / "out")
    deck = result.deck
    text = all_text(prs)
    assert "Note" not in text and "청중" not in text and "손 든 사람" not in text
    assert "toc" not in text.lower()
    (why,) = [s for s in deck.slides if "왜 Hooks?" in _title(s)]
    assert "청중한테 class component" in why.notes and "손 든 사람 수 세기" in why.notes
    assert "로직 재사용" in "".join(_texts(why)) and "<!--" not in text
    clicks = [p.click for shape in why.shapes if isinstance(shape, TextBox)
              for p in shape.paragraphs if p.runs]
    assert sorted(set(clicks)) == [1, 2, 3, 4], clicks  # item by item, then the sentence
    (state,) = [s for s in deck.slides if _title(s) == "useState"]
    assert "코드 한 줄씩 설명하기." in state.notes
    assert state.backdrop is None and "#1A237E" not in text  # a colour is the web page's
    (effect,) = [s for s in deck.slides if _title(s) == "useEffect"]
    assert effect.backdrop is not None  # reveal.js' data-background-image


def test_note_label_outside_slide_mode_stays_a_callout(tmp_path: Path) -> None:
    note = write(tmp_path / "plain.md", "---\ntitle: 보통 노트\n---\n\n## 요약\n\n"
                 "Note: 이 문단은 화면에 보인다.\n")
    result, prs = build(note, tmp_path / "out")
    assert ("note", "Note") in callouts(result.deck)
    assert "이 문단은 화면에 보인다." in all_text(prs)


def _title(slide: object) -> str:
    title = getattr(slide, "title", None)
    return "".join(r.text for p in title.paragraphs for r in p.runs) if title else ""


def _texts(slide: object) -> list[str]:
    return ["".join(r.text for p in shape.paragraphs for r in p.runs)
            for shape in getattr(slide, "shapes", []) if hasattr(shape, "paragraphs")]
