"""Jekyll sites as Minimal Mistakes and Chirpy lay them out: kramdown attribute lists, theme
callouts, sized pictures, code captions; nothing of the syntax reaches a slide."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from PIL import Image as PILImage

from slidegen.deck import CodeBlock, Picture, TableShape, TextBox
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

MM_POST = """---
title: "Docker 네트워크 정리"
categories: [docker]
toc: true
---

* TOC
{:toc}

## Bridge network {#bridge}

컨테이너는 기본으로 `docker0` bridge에 붙는다.
{: .text-justify}

Bridge는 같은 host 안에서만 통신한다.
{: .notice--info}

**주의:** `--link` 옵션은 deprecated 되었다.
{: .notice--warning}

## 구성도 {#diagram .no-toc}

![bridge 구성도](/assets/images/bridge.png){: width="300" height="200" .align-center}

## 실습 코드

```bash
docker network create my-net
docker run -d --network my-net nginx
```
{: .nolineno}

<img src="/assets/images/overlay.png" width="240" alt="overlay">

성공하면 아래와 같이 나온다.
{: .notice--success}

<div class="notice--danger" markdown="1">
**운영 주의:** 운영 서버에서 `docker network prune`은 *금지*.

- 먼저 사용 중인 network를 확인한다
</div>

## Liquid

{% include video id="abc" provider="youtube" %}

{% highlight python linenos %}
# 주석은 heading이 아니다
def handler(event):
    return {"status": "{{ not liquid }}"}
{% endhighlight %}

![host 모드]({{ site.baseurl }}/assets/images/host.png)

![none 모드]({{ "/assets/images/none.png" | relative_url }})
"""

CHIRPY_POST = """---
title: Flask 앱 배포 노트
date: 2023-04-12 10:00:00 +0900
categories: [Python, Flask]
media_subpath: /assets/img/posts/flask
---

## 개요

> Flask 앱은 `gunicorn`으로 띄운다. 개발 서버는 쓰지 않는다.
{: .prompt-tip }

> 환경 변수 `SECRET_KEY`를 꼭 설정하자.
{: .prompt-warning }

> 운영 DB에 직접 접속하지 말 것.
{: .prompt-danger }

## 앱 코드

```python
from flask import Flask

app = Flask(__name__)
```
{: file="app.py" }

## 화면

![배포 화면](deploy.png){: w="400" h="225" .shadow .left}
_배포가 끝난 화면_

본문 끝. [Flask 문서](https://flask.palletsprojects.com){:target="_blank"} 참고.
"""


def _mm_site(root: Path) -> Path:
    write(root / "_config.yml", 'title: "Dev notes"\nlocale: ko-KR\nurl: "https://me.github.io"\n'
          'baseurl: ""\nremote_theme: "mmistakes/minimal-mistakes"\n')
    draw(root / "assets/images/bridge.png", (1200, 800), "#2d6a4f")
    draw(root / "assets/images/overlay.png", (1600, 900), "#9d4edd")
    draw(root / "assets/images/host.png", (900, 600), "#bc4749")
    draw(root / "assets/images/none.png", (900, 600), "#386641")
    return write(root / "_posts/2023-03-01-docker-network.md", MM_POST)


def _chirpy_site(root: Path) -> Path:
    write(root / "_config.yml", "theme: jekyll-theme-chirpy\nlang: ko-KR\ntimezone: Asia/Seoul\n"
          "url: ''\nbaseurl: ''\n")
    draw(root / "assets/img/posts/flask/deploy.png", (1920, 1080), "#e76f51")
    return write(root / "_posts/2023-04-12-flask-deploy.md", CHIRPY_POST)


@pytest.mark.slow
def test_minimal_mistakes_post(tmp_path: Path) -> None:
    note = _mm_site(tmp_path / "blog")
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == []
    text = all_text(prs)
    assert "TOC" not in text  # the generated table of contents is not a bullet
    assert "Bridge network" in text and "bridge에 붙는다" in text
    found = callouts(result.deck)
    kinds = [kind for kind, _ in found]
    assert kinds.count("note") == 1 and "warning" in kinds and "tip" in kinds
    assert "caution" in kinds  # <div class="notice--danger" markdown="1">
    assert "금지" in text and "사용 중인 network" in text
    assert not placeholders(result.deck)
    pics = pictures(result.deck)
    assert len(pics) == 4
    bridge, overlay = [p for p in sorted(pics, key=lambda p: p.alt) if p.alt in (
        "bridge 구성도", "overlay")]
    # width="300" height="200" CSS px: at most 225 x 150 pt, never larger
    assert bridge.box.w <= 225.01 and bridge.box.h <= 150.01
    assert overlay.box.w <= 180.01  # <img width="240">
    warnings = [(w.line, w.message) for w in result.warnings]
    assert [line for line, m in warnings if "Liquid" in m] == [], warnings
    assert "provider" not in text and "YouTube: https://www.youtube.com/watch?v=abc" in text
    codes = ["".join(r.text for line in c.lines for r in line)
             for c in deck_shapes(result.deck) if isinstance(c, CodeBlock)]
    assert any("# 주석은 heading이 아니다" in c and "{{ not liquid }}" in c for c in codes)


@pytest.mark.slow
def test_chirpy_post(tmp_path: Path) -> None:
    note = _chirpy_site(tmp_path / "site")
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == []
    kinds = [kind for kind, _ in callouts(result.deck)]
    assert kinds == ["tip", "warning", "caution"]
    text = all_text(prs)
    assert "gunicorn" in text and "prompt" not in text
    assert "app.py" in text  # the code block's caption
    captions = [s for s in deck_shapes(result.deck)
                if isinstance(s, TextBox) and any(r.text == "app.py" for p in s.paragraphs
                                                  for r in p.runs)]
    assert captions
    (pic,) = pictures(result.deck)
    assert pic.box.w <= 300.01 and pic.box.h <= 168.76  # w="400" h="225"
    assert "target" not in text and "_blank" not in text
    assert pic.box.w <= 300.01 and "배포가 끝난 화면" in text  # the caption under it


@pytest.mark.parametrize("ial", ["{: .notice}", "{: .notice--primary}", "{: .notice--danger}",
                                 "{:.notice--success}"])
@pytest.mark.slow
def test_every_notice_class_is_a_callout(tmp_path: Path, ial: str) -> None:
    note = write(tmp_path / "n.md", f"# 제목\n\n## 절\n\n알림 문단.\n{ial}\n\n다음 문단.\n")
    result, prs = build(note, tmp_path / "out")
    assert len(callouts(result.deck)) == 1
    assert leaked_markup(prs) == []


def test_picture_within_a_sentence_keeps_its_title_as_caption(tmp_path: Path) -> None:
    """`설명 ![그림](x.png "그림 4. 구조") 이어서`: the picture goes beside the text, and the
    title a reader sees on the page goes under it (it was lost)."""
    draw(tmp_path / "_posts/pod.png", (800, 450))
    note = write(tmp_path / "_posts/2024-01-02-inline.md",
                 "---\ntitle: 인라인 그림\n---\n## 구조\n\n설명 문장 "
                 '![파드](pod.png "그림 4. 파드 구조") 이어지는 문장.\n')
    result, prs = build(note, tmp_path / "out")
    captions = [s for s in deck_shapes(result.deck) if isinstance(s, TextBox)
                and s.role == "caption"]
    assert [c.paragraphs[0].runs[0].text for c in captions] == ["그림 4. 파드 구조"]
    assert "설명 문장" in all_text(prs) and leaked_markup(prs) == []


GALLERY_POST = """---
title: "OSI 7 계층"
gallery:
  - url: /assets/images/layers/l1.png
    image_path: /assets/images/layers/l1-th.png
    alt: "물리 계층"
    title: "Layer 1"
  - url: /assets/images/layers/l2.png
    image_path: /assets/images/layers/l2-th.png
    alt: "데이터 링크 계층"
routers:
  - image_path: /assets/images/layers/router.png
    alt: "라우터"
---

## 계층 비교

<figure>
  <img src="{{ site.url }}{{ site.baseurl }}/assets/images/osi.png" alt="OSI">
  <figcaption>OSI 계층과 TCP/IP 계층 비교</figcaption>
</figure>

{% include gallery caption="계층별 **장비** 예시" %}

## 라우터

{% include gallery id="routers" layout="half" %}

{% include gallery id="nosuch" %}
"""


@pytest.mark.slow
def test_minimal_mistakes_gallery_and_figure_caption(tmp_path: Path) -> None:
    """`{% include gallery %}` shows the pictures its front matter key lists (the default key
    or `id=`), with the gallery caption; a `<figure>`'s `<figcaption>` goes under its picture.
    A gallery whose key lists nothing is warned about."""
    root = tmp_path / "blog"
    write(root / "_config.yml", 'remote_theme: "mmistakes/minimal-mistakes"\nurl: "https://x.io"\n')
    for name, color in [("l1-th", "#1b4332"), ("l2-th", "#6a040f"), ("router", "#3a0ca3"),
                        ("osi", "#ff7b00")]:
        draw(root / f"assets/images/{'layers/' if name != 'osi' else ''}{name}.png",
             (800, 450), color)
    note = write(root / "_posts/2022-05-01-osi.md", GALLERY_POST)
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == [] and not placeholders(result.deck)
    by_alt = {p.alt: p for p in pictures(result.deck)}
    assert set(by_alt) == {"OSI", "물리 계층", "데이터 링크 계층", "라우터"}
    captions = {"".join(r.text for p in s.paragraphs for r in p.runs): s.box
                for s in deck_shapes(result.deck) if isinstance(s, TextBox) and s.role == "caption"}
    for alt, caption in [("OSI", "OSI 계층과 TCP/IP 계층 비교"), ("물리 계층", "Layer 1")]:
        picture, under = by_alt[alt].box, captions[caption]  # the caption right under it
        assert abs(under.y - (picture.y + picture.h)) < 20 and under.x < picture.x + picture.w
    text = all_text(prs)
    assert "계층별 장비 예시" in text and "figcaption" not in text
    warnings = [(w.line, w.message) for w in result.warnings if "Liquid" in w.message]
    assert [line for line, _ in warnings] == [29], warnings  # the gallery of `nosuch` only


GALLERY_IN_TEXT = """---
title: "부하 테스트 결과"
gallery:
  - image_path: /assets/images/runs/run1.png
    alt: "1회차"
    title: "1회차: 기준선"
  - image_path: /assets/images/runs/run2.png
    alt: "2회차"
  - image_path: /assets/images/runs/run3.png
    alt: "3회차"
---

## 결과

세 번 측정했다. 회차마다 그래프 하나씩, 같은 축으로 그렸다.

{% include gallery caption="회차별 **응답 시간** 그래프." %}

두 번째 회차가 가장 빨랐다.
"""


def test_a_gallery_among_text_is_one_row_with_its_caption_under_it(tmp_path: Path) -> None:
    """A gallery in a section of text was split: two of its pictures beside the text, the
    third on a slide of its own, and its caption above them."""
    root = tmp_path / "blog"
    write(root / "_config.yml", 'remote_theme: "mmistakes/minimal-mistakes"\n')
    for n, color in ((1, "#1b4332"), (2, "#6a040f"), (3, "#3a0ca3")):
        draw(root / f"assets/images/runs/run{n}.png", (900, 600), color)
    result, prs = build(write(root / "_posts/2024-03-01-load.md", GALLERY_IN_TEXT),
                        tmp_path / "out")
    assert len(prs.slides) == 2 and result.warnings == []
    shapes = result.deck.slides[1].shapes
    row = [s for s in shapes if isinstance(s, Picture)]
    assert [p.alt for p in row] == ["1회차", "2회차", "3회차"]
    assert len({p.box.y for p in row}) == 1 and all(a.box.right < b.box.x
                                                     for a, b in itertools.pairwise(row))
    after = next(s for s in shapes if isinstance(s, TextBox) and s.role != "caption"
                 and s.box.y > row[0].box.bottom)  # the gallery's caption under its pictures
    assert ["".join(r.text for r in p.runs) for p in after.paragraphs] == [
        "회차별 응답 시간 그래프.", "두 번째 회차가 가장 빨랐다."]
    assert leaked_markup(prs) == []


@pytest.mark.parametrize("ial", ["{: .table-striped}", "{: .table .table-hover}",
                                 "{:.table}"])
def test_a_class_line_under_a_table_is_not_a_row(tmp_path: Path, ial: str) -> None:
    """kramdown gives the table the class; as a pipe table's row it was an empty row."""
    note = write(tmp_path / "n.md", "# 비교\n\n## 표\n\n| 구분 | Container | VM |\n"
                 "|------|-----------|----|\n| 부팅 | 초 | 분 |\n| 격리 | 프로세스 | 하드웨어 |\n"
                 f"{ial}\n\n다음 문단.\n")
    result, prs = build(note, tmp_path / "out")
    tables = [s for s in deck_shapes(result.deck) if isinstance(s, TableShape)]
    assert [len(t.rows) for t in tables] == [2]
    assert all(cell for row in tables[0].rows for cell in row)
    assert leaked_markup(prs) == [] and "다음 문단." in all_text(prs)


def test_video_includes_are_lines_with_their_links(tmp_path: Path) -> None:
    """Minimal Mistakes' and Chirpy's video includes were dropped with a warning (Hugo's
    youtube shortcode already gave a link line)."""
    note = write(tmp_path / "_posts/2024-05-01-videos.md", "---\ntitle: 영상\n---\n## 강의\n\n"
                 '{% include video id="3c-iBn73dDE" provider="youtube" %}\n\n'
                 "{% include embed/youtube.html id='H-B46URT4mg' %}\n\n"
                 "{% include embed/bilibili.html id='BV1Q44y1B7Wf' %}\n\n"
                 "{% include embed/video.html src='/assets/demo.mp4' title='데모 영상' %}\n")
    result, prs = build(note, tmp_path / "out")
    assert result.warnings == []
    text = all_text(prs)
    for line in ("YouTube: https://www.youtube.com/watch?v=3c-iBn73dDE",
                 "YouTube: https://www.youtube.com/watch?v=H-B46URT4mg",
                 "Bilibili: https://www.bilibili.com/video/BV1Q44y1B7Wf",
                 "Video: 데모 영상 (/assets/demo.mp4)"):
        assert line in text
    links = [r.link for r in text_runs(result.deck) if r.link]
    assert "https://www.youtube.com/watch?v=3c-iBn73dDE" in links
    assert leaked_markup(prs) == []


@pytest.mark.parametrize("theme", ["default", "dark"])
def test_a_light_and_dark_pair_shows_the_one_for_the_theme(tmp_path: Path, theme: str) -> None:
    """Chirpy shows `{: .light}` or `{: .dark}` by the reader's scheme; both were on the
    slide. The caption under the pair stays with the one shown."""
    write(tmp_path / "_config.yml", "title: 블로그\ntheme: jekyll-theme-chirpy\n")
    draw(tmp_path / "assets/img/light.png", (800, 400), color="#ffffff")
    draw(tmp_path / "assets/img/dark.png", (800, 300), color="#000000")
    note = write(tmp_path / "_posts/2024-05-01-pair.md",
                 f"---\ntitle: 클러스터\ntheme: {theme}\n---\n## 구조\n\n"
                 "![구조](/assets/img/light.png){: .light .w-75 .shadow }\n"
                 "![구조](/assets/img/dark.png){: .dark .w-75 .shadow }\n_클러스터 구조도_\n")
    result, prs = build(note, tmp_path / "out")
    shown = pictures(result.deck)
    assert len(shown) == 1 and "클러스터 구조도" in all_text(prs)
    want = (800, 300) if theme == "dark" else (800, 400)
    assert PILImage.open(io.BytesIO(shown[0].image.data)).size == want


def test_page_and_site_values_are_shown(tmp_path: Path) -> None:
    """`{{ page.last_modified_at | date: "%Y-%m-%d" }}` and `{{ site.title }}` left blanks
    (with warnings) although the front matter and `_config.yml` hold them."""
    write(tmp_path / "_config.yml", "title: 개발 블로그\nauthor:\n  name: 김개발\n")
    note = write(tmp_path / "_posts/2024-01-01-vars.md",
                 "---\ntitle: 변수\nlast_modified_at: 2024-02-03 10:20:00\n"
                 "header:\n  caption: 표지 설명\n---\n## 값\n\n"
                 '수정: {{ page.last_modified_at | date: "%Y년 %m월 %d일" }}\n\n'
                 "사이트: {{ site.title }} / {{ site.author.name }}\n\n"
                 "표지: {{ page.header.caption }}, {{ page.date | date_to_string }}\n")
    result, prs = build(note, tmp_path / "out")
    assert result.warnings == []
    text = all_text(prs)
    assert "수정: 2024년 02월 03일" in text and "사이트: 개발 블로그 / 김개발" in text
    assert "표지: 표지 설명" in text


def test_a_notice_class_under_a_list_boxes_the_whole_list(tmp_path: Path) -> None:
    """`{: .notice--danger}` right under a list: kramdown boxes the list; the last item was a
    box of its own and the list broke in two."""
    note = write(tmp_path / "n.md", "# 배포\n\n## 주의\n\n배포 전 확인:\n\n"
                 "- rolling update 는 기본값\n- readiness probe 설정\n  - 하위 항목\n"
                 "- 롤백 명령\n{: .notice--danger}\n\n다음 문단.\n")
    result, prs = build(note, tmp_path / "out")
    boxes = [s for s in deck_shapes(result.deck) if isinstance(s, TextBox) and s.callout_kind]
    assert len(boxes) == 1 and boxes[0].callout_kind == "caution"
    lines = ["".join(r.text for r in p.runs) for p in boxes[0].paragraphs]
    assert lines[1:] == ["rolling update 는 기본값", "readiness probe 설정", "하위 항목",
                         "롤백 명령"]
    assert leaked_markup(prs) == [] and "다음 문단." in all_text(prs)


def test_include_captions_are_shown_as_text(tmp_path: Path) -> None:
    draw(tmp_path / "assets/images/volume.png")
    write(tmp_path / "_config.yml", "title: 블로그\n")
    note = write(tmp_path / "_posts/2024-01-01-vol.md", "---\ntitle: 볼륨\n---\n## 구조\n\n"
                 '{% include figure image_path="/assets/images/volume.png" alt="볼륨" '
                 "caption='Volume **mount** 구조 ([출처](https://docs.docker.com))' %}\n")
    result, prs = build(note, tmp_path / "out")
    assert "Volume mount 구조 (출처)" in all_text(prs) and leaked_markup(prs) == []
    assert len(pictures(result.deck)) == 1


def test_a_captured_notice_through_markdownify_keeps_its_markdown(tmp_path: Path) -> None:
    """Minimal Mistakes' documented form: `{% capture %}` Markdown, then
    `<div class="notice">{{ x | markdownify }}</div>`; it showed `#### … * **…**`."""
    note = write(tmp_path / "n.md", "# 도커\n\n## 캐시\n\n{% capture notice-2 %}\n"
                 "#### 레이어 캐시 팁\n\n* 자주 바뀌는 파일은 **나중에** COPY\n"
                 "* `RUN` 명령은 `&&`로 묶기\n{% endcapture %}\n\n"
                 '<div class="notice--info">{{ notice-2 | markdownify }}</div>\n\n'
                 "{% capture short %}짧은 **팁**.{% endcapture %}\n\n다음: {{ short }}\n")
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == [] and result.warnings == []
    boxes = [s for s in deck_shapes(result.deck) if isinstance(s, TextBox) and s.callout_kind]
    assert len(boxes) == 1 and boxes[0].callout_kind == "note"
    lines = ["".join(r.text for r in p.runs) for p in boxes[0].paragraphs]
    assert lines == ["레이어 캐시 팁", "자주 바뀌는 파일은 나중에 COPY", "RUN 명령은 &&로 묶기"]
    assert "다음: 짧은 팁." in all_text(prs)  # a capture shown as written: Markdown
