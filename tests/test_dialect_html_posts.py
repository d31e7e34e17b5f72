# ruff: noqa: E501  (the post is kept as Tistory writes it: one long line per element)
"""A post whose body is HTML, as Tistory (and WordPress, Evernote) save what they published:
headings, lists, code, quotes and tables read as the Markdown they stand for; figures and
pictures as HTML, with their captions and sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.deck import CodeBlock, TableShape, TextBox
from tests.dialects import all_text, build, callouts, deck_shapes, draw, leaked_markup, pictures
from tests.dialects import write as write_note

POST = """---
title: DNS 동작 원리
date: 2023-07-10
---

<h2 data-ke-size="size26">DNS란?</h2>
<p data-ke-size="size16">DNS는 <b>도메인 이름</b>을 IP 주소로 바꿔주는 시스템이다.</p>
<p data-ke-size="size16">&nbsp;</p>
<figure class="imageblock alignCenter"><span data-url="img/dns.png"><img src="img/dns.png" width="600" height="333"/></span><figcaption>DNS 질의 과정</figcaption></figure>
<h3 data-ke-size="size23">질의 순서</h3>
<ol style="list-style-type: decimal;" data-ke-list-type="decimal">
<li>브라우저 캐시 확인</li>
<li>OS 캐시(<code>/etc/hosts</code>) 확인</li>
<li>Recursive DNS 서버에 질의</li>
</ol>
<pre id="code_1689" class="bash" data-ke-language="bash" data-ke-type="codeblock"><code>$ dig example.com +trace
;; global options: +cmd</code></pre>
<blockquote data-ke-style="style2">캐시 TTL이 지나면 다시 질의한다.</blockquote>
<table style="border-collapse: collapse; width: 100%;" border="1">
<tbody>
<tr><td>레코드</td><td>의미</td></tr>
<tr><td>A</td><td>IPv4 주소</td></tr>
<tr><td>CNAME</td><td>별칭 <b>(alias)</b></td></tr>
</tbody>
</table>
"""


@pytest.mark.slow
def test_tistory_html_post(tmp_path: Path) -> None:
    draw(tmp_path / "blog/img/dns.png", (900, 500), "#6a4c93")
    note = write_note(tmp_path / "blog/dns.md", POST)
    result, prs = build(note, tmp_path / "out")
    assert [w.message for w in result.warnings if "shrunk" not in w.message] == []
    titles = ["".join(r.text for p in s.title.paragraphs for r in p.runs)
              for s in result.deck.slides if s.title]
    assert "DNS란?" in titles and "질의 순서" in titles
    (picture,) = pictures(result.deck)
    assert picture.box.w <= 450.01  # width="600" CSS px
    shapes = deck_shapes(result.deck)
    captions = [s for s in shapes if isinstance(s, TextBox) and s.role == "caption"]
    assert any("DNS 질의 과정" in str(c.paragraphs) for c in captions)
    (code,) = [s for s in shapes if isinstance(s, CodeBlock)]
    assert "dig example.com" in "".join(r.text for line in code.lines for r in line)
    (table,) = [s for s in shapes if isinstance(s, TableShape)]
    assert len(table.rows) == 2 and "레코드" in str(table.header)  # its first row leads
    assert callouts(result.deck)  # the quote
    numbered = [p for s in shapes if isinstance(s, TextBox) for p in s.paragraphs
                if "브라우저 캐시" in "".join(r.text for r in p.runs)]
    assert numbered and numbered[0].bullet == "number"  # an ordered list, not a line of text
    text = all_text(prs)
    assert "data-ke" not in text and "<" not in text and leaked_markup(prs) == []


MARKS_IN_HTML = """---
title: "도커 명령 정리"
---

## 명령

<table>
<tr><th>명령</th><th>설명</th></tr>
<tr><td>`docker ps`</td><td>**실행 중인** 컨테이너</td></tr>
</table>

## 정리

<div align="center">
<p>**굵게** 와 *기울임*, `kubectl get pods` 그리고 snake_case_name 과 2*3*4</p>
<pre>**그대로** *둔다*</pre>
</div>

<ul>
<li>__목록__ 안의 강조</li>
</ul>
"""


def test_markdown_marks_inside_html_are_read(tmp_path: Path) -> None:
    """`<p>**굵게**</p>`: kramdown with `parse_block_html` reads the marks, CommonMark shows
    them; a slide showed `**`. They are bold, italic and code now, in raw HTML blocks and in
    HTML converted to Markdown (a table's cells, a list's items); `<pre>` keeps them."""
    write_note(tmp_path / "_config.yml", "title: Blog\nkramdown:\n  parse_block_html: true\n")
    note = write_note(tmp_path / "_posts/2024-01-04-docker.md", MARKS_IN_HTML)
    result, prs = build(note, tmp_path / "out")
    runs = [(r.text, r.bold, r.italic, r.code) for shape in deck_shapes(result.deck)
            if isinstance(shape, TextBox) for p in shape.paragraphs for r in p.runs]
    assert ("굵게", True, False, False) in runs and ("기울임", False, True, False) in runs
    assert ("kubectl get pods", False, False, True) in runs
    assert ("목록", True, False, False) in runs
    text = all_text(prs)
    assert "snake_case_name 과 2*3*4" in text  # no emphasis inside words or between numbers
    (table,) = [s for s in deck_shapes(result.deck) if isinstance(s, TableShape)]
    assert [(r.text, r.bold) for r in table.rows[0][1]] == [("실행 중인", True), (" 컨테이너", False)]
    assert [(r.text, r.code) for r in table.rows[0][0]] == [("docker ps", True)]
    codes = ["".join(r.text for line in c.lines for r in line)
             for c in deck_shapes(result.deck) if isinstance(c, CodeBlock)]
    assert codes == ["**그대로** *둔다*"]
    assert "**" not in text.replace("**그대로**", "")
