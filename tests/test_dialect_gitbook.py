"""A GitBook space (synced to Git): its block tags (hints, tabs, code titles, embeds, content
references, columns, files, API blocks, reusable content) shown as GitBook shows them, its
uploads in `.gitbook/assets/` found from pages in sub-folders; Jekyll's Liquid unchanged."""

from __future__ import annotations

from pathlib import Path

from slidegen.deck import CodeBlock, TableShape, TextBox
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

SUMMARY = """# Table of contents

* [소개](README.md)

## Network 기초

* [TCP handshake](basics/tcp.md)
"""

PAGE = """---
description: >-
  TCP 3-way handshake와 4-way termination 정리.
cover: ../.gitbook/assets/cover.png
layout:
  cover:
    visible: true
---

# TCP Handshake 정리

## <a href="#overview" id="overview"></a>Overview

TCP는 **연결 지향** 프로토콜이다.

{% hint style="info" %}
UDP는 handshake 없이 바로 datagram을 보낸다.
{% endhint %}

{% hint style="success" %}
### 핵심 정리

1. 연결을 맺고
2. 데이터를 보낸다
{% endhint %}

## 3-way Handshake

<figure><img src="../.gitbook/assets/handshake.png" alt="handshake"><figcaption>\
<p>SYN → SYN-ACK → ACK</p></figcaption></figure>

{% hint style="warning" %}
SYN flooding: **backlog queue**를 채우는 공격.
{% endhint %}

## 소켓 코드

{% tabs %}
{% tab title="Python" %}
{% code title="client.py" lineNumbers="true" %}
```python
import socket
s = socket.create_connection(("example.com", 80))
```
{% endcode %}
{% endtab %}

{% tab title="Java" %}
```java
Socket socket = new Socket("example.com", 80);
```
{% endtab %}
{% endtabs %}

## 4-way Termination

![](<../.gitbook/assets/스크린샷 2023-05-01 오후 3.12.45.png>)

{% hint style="danger" %}
TIME\\_WAIT 소켓이 너무 많으면 port 고갈.
{% endhint %}

## 장단점

{% columns %}
{% column width="50%" %}
**장점**

* 신뢰성
{% endcolumn %}

{% column %}
**단점**

* 느린 시작
{% endcolumn %}
{% endcolumns %}

## 참고

{% embed url="https://www.youtube.com/watch?v=HCHFX5O1IaQ" %}
TCP handshake 설명 영상
{% endembed %}

{% embed url="https://github.com/minsu/tcp-study" %}

{% @figma/embed fileId="abc" url="https://www.figma.com/file/abc/TCP-diagram" %}

{% content-ref url="http.md" %}
[http.md](http.md)
{% endcontent-ref %}

{% file src="../.gitbook/assets/rfc793.pdf" %}
RFC 793 원문
{% endfile %}

## API

{% swagger method="get" path="/users/{id}" baseUrl="https://api.x.io" summary="사용자 조회" %}
{% swagger-description %}
ID로 사용자를 조회한다.
{% endswagger-description %}

{% swagger-parameter in="path" name="id" type="integer" required="true" %}
사용자 ID
{% endswagger-parameter %}

{% swagger-response status="200: OK" description="찾음" %}
```json
{"id": 1}
```
{% endswagger-response %}
{% endswagger %}

## 비교

<table data-view="cards"><thead><tr><th></th><th></th></tr></thead><tbody><tr><td><strong>TCP\
</strong></td><td>연결 지향</td></tr><tr><td><strong>UDP</strong></td><td>비연결</td></tr>\
</tbody></table>

## 변경 이력

{% updates format="full" %}
{% update date="2024-05-01" %}
handshake 그림을 새로 그렸다.
{% endupdate %}
{% endupdates %}

아이콘 <img src="../.gitbook/assets/handshake.png" alt="" data-size="line"> 을 누른다.

{% include "../.gitbook/includes/study-note.md" %}
"""


def _space(root: Path) -> Path:
    write(root / "SUMMARY.md", SUMMARY)
    (root / ".gitbook" / "assets").mkdir(parents=True)
    for name in ("cover.png", "handshake.png", "스크린샷 2023-05-01 오후 3.12.45.png"):
        draw(root / ".gitbook" / "assets" / name)
    write(root / ".gitbook" / "includes" / "study-note.md", "이 문서는 스터디용입니다.\n")
    return write(root / "basics" / "tcp.md", PAGE)


def test_gitbook_page_shows_its_blocks(tmp_path: Path) -> None:
    note = _space(tmp_path / "space")
    result, prs = build(note, tmp_path / "out")
    deck = result.deck
    messages = [w.message for w in result.warnings]
    assert not [m for m in messages if "Liquid" in m or "not found" in m], messages
    assert leaked_markup(prs) == [] and "{%" not in all_text(prs)
    kinds = [kind for kind, _ in callouts(deck)]
    assert kinds == ["note", "tip", "warning", "caution"], callouts(deck)
    text = all_text(prs)
    assert "핵심 정리" in text and "데이터를 보낸다" in text  # the hint's heading and list
    # tabs: each led by its title, the code under it captioned with the code tag's title
    for word in ("Python", "Java", "client.py"):
        assert word in text
    assert text.index("Python") < text.index("create_connection") < text.index("Java")
    assert len([s for s in deck_shapes(deck) if isinstance(s, CodeBlock)]) == 3
    assert "YouTube: https://www.youtube.com/watch?v=HCHFX5O1IaQ" in text
    assert "TCP handshake 설명 영상" in text
    assert "GitHub: https://github.com/minsu/tcp-study" in text
    assert "Figma: https://www.figma.com/file/abc/TCP-diagram" in text  # an integration
    assert text.count("http.md") == 1  # the content reference's link, once
    assert "File: rfc793.pdf" in text and "RFC 793 원문" in text
    assert "GET /users/{id} — 사용자 조회" in text
    assert "id (path, integer, required)" in text and "200: OK 찾음" in text
    assert "이 문서는 스터디용입니다." in text  # reusable content, spliced in
    assert text.index("2024-05-01") < text.index("handshake 그림을 새로 그렸다.")
    assert len([p for p in pictures(deck) if p.box.h < 20]) == 1  # `data-size="line"`: an icon
    (cards,) = [s for s in deck_shapes(deck) if isinstance(s, TableShape)]
    assert cards.header == [] and len(cards.rows) == 2  # cards' empty header row is left out


def test_gitbook_columns_side_by_side(tmp_path: Path) -> None:
    note = _space(tmp_path / "space")
    result, _ = build(note, tmp_path / "out")
    (slide,) = [s for s in result.deck.slides if s.title and "장단점" in
                "".join(r.text for p in s.title.paragraphs for r in p.runs)]
    boxes = {("장점" if "장점" in t else "단점"): box
             for box in slide.shapes if isinstance(box, TextBox)
             for t in ["".join(r.text for p in box.paragraphs for r in p.runs)]
             if "장점" in t or "단점" in t}
    assert boxes["장점"].box.x < boxes["단점"].box.x
    assert abs(boxes["장점"].box.y - boxes["단점"].box.y) < 1


def test_gitbook_uploads_found_from_sub_folders(tmp_path: Path) -> None:
    note = _space(tmp_path / "space")
    result, _ = build(note, tmp_path / "out")
    assert placeholders(result.deck) == []
    assert {p.alt for p in pictures(result.deck)} >= {"handshake"}
    assert len(pictures(result.deck)) >= 2


def test_jekyll_liquid_of_the_same_names_is_still_liquid(tmp_path: Path) -> None:
    """Only GitBook's own spelling is GitBook's: jekyll-tabs' `{% tabs log %}` and a plugin's
    `{% embed foo %}` are Liquid slidegen does not run, warned about as before."""
    post = write(tmp_path / "_posts" / "2024-01-01-tabs.md", """---
title: 탭 예제
---

{% tabs log %}
{% tab log php %}
PHP 코드 설명.
{% endtab %}
{% endtabs %}

{% embed foo %}
""")
    write(tmp_path / "_config.yml", "title: blog\n")
    result, prs = build(post, tmp_path / "out")
    warned = [w.message for w in result.warnings if "Liquid tag" in w.message]
    assert any("{% tabs log %}" in m for m in warned)
    assert any("{% tab log php %}" in m for m in warned)
    assert any("{% embed foo %}" in m for m in warned)
    assert "PHP 코드 설명." in all_text(prs) and "{%" not in all_text(prs)
