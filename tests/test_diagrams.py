"""Diagrams written as text become native shape groups with glued connectors, laid out by a real
Graphviz; the decks are opened and checked element by element."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from slidegen.diagram.flowchart import clean_label, parse_flowchart
from slidegen.pipeline import build
from slidegen.plan import measure
from tests.deck_checks import assert_conserved, assert_no_markup
from tests.validate import validate_pptx

NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) not installed")

FLOW = """\
---
title: 배포 흐름
lang: ko-KR
---

## 요청 처리

```mermaid
flowchart LR
  A[사용자 요청] -->|HTTP| B{로드 밸런서}
  B --> C([웹 서버 1]) & D([웹 서버 2])
  C -.-> E[(데이터베이스)]
  D ==> E
  subgraph backend [Backend tier]
    C
    D
  end
  classDef hot fill:#f96,stroke:#333
  class A hot
```

## 빌드 그래프

```dot
digraph pipeline {
  rankdir=LR;
  node [shape=box, style=rounded];
  build -> test -> deploy;
  test -> fix [label="실패", style=dashed];
  fix -> build;
}
```
"""


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test lays its diagrams out anew, in a cache folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def make_deck(tmp_path: Path, text: str, name: str = "note.md") -> tuple[Path, list[str]]:
    note = tmp_path / name
    note.write_text(text, encoding="utf-8")
    result = build(note, output=tmp_path / "out", offline=True)
    assert result.ok and result.output is not None, result.error
    validate_pptx(result.output)
    assert_conserved(note, result.deck)
    assert_no_markup(result.output)
    return result.output, [w.message for w in result.warnings]


def slides(deck: Path) -> list[etree._Element]:
    with zipfile.ZipFile(deck) as z:
        names = sorted((n for n in z.namelist() if n.startswith("ppt/slides/slide")
                        and n.endswith(".xml")), key=lambda n: int(n[16:-4]))
        return [etree.fromstring(z.read(n)) for n in names]


def slide_text(slide: etree._Element) -> str:
    return "".join(slide.xpath(".//a:t/text()", namespaces=NS))


def groups(deck: Path) -> list[etree._Element]:
    return [g for s in slides(deck) for g in s.xpath("//p:grpSp", namespaces=NS)]


def check_glue(group: etree._Element) -> int:
    """Every connector's glue names a shape of the same group; returns how many are glued."""
    shape_ids = {sp.xpath("./p:nvSpPr/p:cNvPr/@id", namespaces=NS)[0]
                 for sp in group.xpath("./p:sp", namespaces=NS)}
    glued = 0
    for cxn in group.xpath("./p:cxnSp", namespaces=NS):
        for tag in ("a:stCxn", "a:endCxn"):
            for glue in cxn.xpath(f"./p:nvCxnSpPr/p:cNvCxnSpPr/{tag}", namespaces=NS):
                assert glue.get("id") in shape_ids
                assert glue.get("idx").isdigit()
                glued += 1
    return glued


# -- parsing --------------------------------------------------------------------------------


def test_mermaid_and_dot_fences_are_diagram_nodes(tmp_path: Path) -> None:
    from slidegen.diagnostics import Diagnostics
    from slidegen.document import Diagram
    from slidegen.parse import parse_document
    from slidegen.read import read_source

    note = tmp_path / "n.md"
    note.write_text("```mermaid\ngraph TD\nA-->B\n```\n\n```graphviz\ndigraph{a->b}\n```\n"
                    "\n```dot\ngraph{a--b}\n```\n", encoding="utf-8")
    diagnostics = Diagnostics(note)
    doc = parse_document(read_source(note, diagnostics), diagnostics)
    kinds = [(b.notation, b.line) for b in doc.blocks if isinstance(b, Diagram)]
    assert kinds == [("mermaid", 1), ("dot", 6), ("dot", 10)]


def test_flowchart_shapes_links_and_labels() -> None:
    flow = parse_flowchart(
        "flowchart TD\n"
        "  A([stadium]) --> B[[sub]] --> C[(db)]\n"
        "  C -- text label --> D((circle)) -.-> E{rhombus}\n"
        "  E ==>|thick| F{{hex}} --o G[/lean/] --x H[\\inv/]\n"
        "  H --- I>flag] & J[\"quoted [x] <br> two\"]\n"
        "  K:::warm ~~~ A; L-->M\n"
        "  classDef warm fill:#fc9\n  style B stroke:#f00\n")
    shapes = {k: n.shape for k, n in flow.nodes.items()}
    assert shapes == {"A": "stadium", "B": "subroutine", "C": "cylinder", "D": "circle",
                      "E": "diamond", "F": "hexagon", "G": "lean-right", "H": "inv-trapezoid",
                      "I": "flag", "J": "rect", "K": "rect", "L": "rect", "M": "rect"}
    edges = [(e.tail, e.head, e.label, e.stroke, e.head_end) for e in flow.edges]
    assert edges == [
        ("A", "B", "", "solid", "arrow"), ("B", "C", "", "solid", "arrow"),
        ("C", "D", "text label", "solid", "arrow"), ("D", "E", "", "dotted", "arrow"),
        ("E", "F", "thick", "thick", "arrow"), ("F", "G", "", "solid", "circle"),
        ("G", "H", "", "solid", "cross"), ("H", "I", "", "solid", "none"),
        ("H", "J", "", "solid", "none"), ("K", "A", "", "invisible", "none"),
        ("L", "M", "", "solid", "arrow")]
    assert flow.nodes["J"].label == "quoted [x]\ntwo"
    assert flow.nodes["K"].classes == ["warm"]
    assert flow.styles["B"] == {"stroke": "#f00"}


def test_subgraphs_take_their_nodes() -> None:
    flow = parse_flowchart("graph LR\nA-->B\nsubgraph one [첫째]\n  B\n  subgraph two\n"
                           "    C\n  end\nend\n")
    assert flow.direction == "LR"
    (one,) = flow.root.children
    assert (one.key, one.title, one.members) == ("one", "첫째", ["B"])
    assert one.children[0].members == ["C"]
    assert flow.root.members == ["A"]


def test_labels_lose_their_markup() -> None:
    assert clean_label('"`**굵게** 글자`"') == "굵게 글자"
    assert clean_label("a<br/>b #quot;c#quot; &amp; d") == 'a\nb "c" & d'


# -- decks ----------------------------------------------------------------------------------


@needs_dot
@pytest.mark.slow
def test_flowchart_and_dot_become_glued_shape_groups(tmp_path: Path) -> None:
    deck, warnings = make_deck(tmp_path, FLOW)
    assert warnings == []
    found = groups(deck)
    assert len(found) == 2
    flow, graph = found
    assert flow.xpath("./p:nvGrpSpPr/p:cNvPr/@descr", namespaces=NS)[0].startswith(
        "flowchart LR")
    assert graph.xpath("./p:nvGrpSpPr/p:cNvPr/@descr", namespaces=NS)[0].startswith(
        "digraph pipeline")
    presets = flow.xpath("./p:sp/p:spPr/a:prstGeom/@prst", namespaces=NS)
    for preset in ("rect", "flowChartDecision", "flowChartTerminator", "flowChartMagneticDisk"):
        assert preset in presets
    assert len(flow.xpath("./p:cxnSp", namespaces=NS)) == 5
    assert check_glue(flow) == 10
    assert check_glue(graph) == 2 * len(graph.xpath("./p:cxnSp", namespaces=NS)) == 8
    # arrowheads at the path's end, dashed and thick lines
    ends = flow.xpath("./p:cxnSp/p:spPr/a:ln/a:tailEnd/@type", namespaces=NS)
    assert ends == ["triangle"] * 5
    assert flow.xpath("./p:cxnSp/p:spPr/a:ln/a:prstDash/@val", namespaces=NS) == ["dash"]
    widths = sorted(int(w) for w in flow.xpath("./p:cxnSp/p:spPr/a:ln/@w", namespaces=NS))
    assert widths[-1] > widths[0]
    # the classDef colour, the theme's colours elsewhere
    fills = flow.xpath("./p:sp/p:spPr/a:solidFill/a:srgbClr/@val", namespaces=NS)
    assert "FF9966" in fills
    # Korean labels: editable text with the East Asian typeface and the language
    runs = [r for r in flow.xpath(".//a:r", namespaces=NS) if r.findtext("a:t", namespaces=NS)
            == "사용자 요청"]
    assert runs
    r_pr = runs[0].find("a:rPr", NS)
    assert r_pr.get("lang") == "ko-KR"
    assert r_pr.find("a:ea", NS).get("typeface")
    # no diagram syntax on a slide, text never below the theme's minimum
    for slide in slides(deck):
        text = slide_text(slide)
        for syntax in ("-->", "->>", "digraph", "classDef", "rankdir"):
            assert syntax not in text
        for size in slide.xpath(".//p:grpSp//a:rPr/@sz", namespaces=NS):
            assert int(size) >= 1200


@needs_dot
@pytest.mark.slow
def test_diagram_group_keeps_its_aspect(tmp_path: Path) -> None:
    from slidegen.theme import load_theme

    deck, _ = make_deck(tmp_path, FLOW)
    theme = load_theme(None)
    for group in groups(deck):
        off = group.find("p:grpSpPr/a:xfrm/a:off", NS)
        ext = group.find("p:grpSpPr/a:xfrm/a:ext", NS)
        ch_ext = group.find("p:grpSpPr/a:xfrm/a:chExt", NS)
        assert ext.get("cx") == ch_ext.get("cx") and ext.get("cy") == ch_ext.get("cy")
        x, y = int(off.get("x")) / 12700, int(off.get("y")) / 12700
        w, h = int(ext.get("cx")) / 12700, int(ext.get("cy")) / 12700
        assert x >= 0 and x + w <= theme.width and y >= 0 and y + h <= theme.height
        for sp in group.xpath("./p:sp", namespaces=NS):  # every child inside the group
            o = sp.find("p:spPr/a:xfrm/a:off", NS)
            e = sp.find("p:spPr/a:xfrm/a:ext", NS)
            assert int(o.get("x")) >= int(off.get("x")) - 2
            assert int(o.get("x")) + int(e.get("cx")) <= int(off.get("x")) + int(ext.get("cx")) + 2


@pytest.fixture
def fonts_looked_up_again() -> Iterator[None]:
    """A test without `fc-match` on its PATH finds no font; what it found (nothing) must not
    stay in the process's font caches for the tests after it."""
    yield
    for cached in (measure._font_cache, measure._font_file, measure._hb_font,
                   measure._line_height, measure._unit_width):
        cached.cache_clear()
    measure._WRAP_CACHE.clear()


@pytest.mark.slow
@pytest.mark.usefixtures("fonts_looked_up_again")
def test_without_graphviz_diagrams_stay_code_with_one_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    deck, warnings = make_deck(tmp_path, FLOW)
    told = [w for w in warnings if "graphviz" in w]
    assert len(told) == 1 and "install" in told[0]
    assert not groups(deck)
    text = " ".join(slide_text(s) for s in slides(deck))
    assert "digraph pipeline" in text and "B{" in text


@needs_dot
@pytest.mark.slow
def test_broken_diagrams_stay_code_with_their_line(tmp_path: Path) -> None:
    deck, warnings = make_deck(tmp_path, "# A\n\n```dot\ndigraph { a -> }\n```\n\n"
                               "```mermaid\ngraph TD\n  A --> B\n  ??? !!!\n```\n"
                               "\n```mermaid\njourney\n  title 일정\n  section A\n"
                               "  작업: 5: 나\n```\n")
    assert any("line 1" in w or "syntax" in w for w in warnings), warnings
    assert any("mermaid flowchart" in w and "'-->'" in w for w in warnings), warnings
    assert any("'journey'" in w for w in warnings), warnings
    text = " ".join(slide_text(s) for s in slides(deck))
    assert "작업: 5: 나" in text


SEQUENCE = """\
# 로그인

```mermaid
sequenceDiagram
    autonumber
    actor U as 사용자
    participant W as 웹 서버
    participant DB
    U->>+W: 로그인 요청
    W->>DB: 조회
    activate DB
    DB-->>W: 결과
    deactivate DB
    alt 성공
        W-->>U: 토큰
    else 실패
        W--xU: 오류
    end
    Note right of DB: 인덱스
    W-->>-U: 완료
```
"""


def test_sequence_parts_and_rows() -> None:
    from slidegen.diagram.sequence import parse_sequence

    seq = parse_sequence(SEQUENCE.split("```mermaid\n")[1].split("```")[0])
    assert [(a.key, a.label, a.actor) for a in seq.actors.values()] == [
        ("U", "사용자", True), ("W", "웹 서버", False), ("DB", "DB", False)]
    kinds = [e.kind for e in seq.events]
    assert kinds == ["message", "message", "activate", "message", "deactivate", "open",
                     "message", "divider", "message", "close", "note", "message"]
    first = seq.events[0]
    assert (first.a, first.arrow, first.mod, first.b, first.text) == (
        "U", "->>", "+", "W", "로그인 요청")


@needs_dot
@pytest.mark.slow
def test_sequence_diagram_is_a_group_with_lifelines_glued(tmp_path: Path) -> None:
    deck, _ = make_deck(tmp_path, SEQUENCE)
    (group,) = groups(deck)
    assert group.xpath("./p:nvGrpSpPr/p:cNvPr/@descr", namespaces=NS)[0].startswith(
        "sequenceDiagram")
    assert check_glue(group) == 6  # three lifelines, glued at both ends
    texts = group.xpath(".//a:t/text()", namespaces=NS)
    for expected in ("사용자", "웹 서버", "1. 로그인 요청", "alt", "[성공]", "[실패]", "인덱스",
                     "6. 완료"):
        assert expected in texts
    presets = group.xpath("./p:sp/p:spPr/a:prstGeom/@prst", namespaces=NS)
    assert presets.count("foldedCorner") == 1  # the note
    assert "mathMultiply" in presets  # the lost message's cross
    assert presets.count("rect") >= 4  # participants (head and foot) and activation bars
    dashed = group.xpath("./p:cxnSp[p:spPr/a:ln/a:prstDash]", namespaces=NS)
    assert len(dashed) >= 3 + 4  # lifelines, replies and the else divider
    for slide in slides(deck):
        assert "->>" not in slide_text(slide) and "-->>" not in slide_text(slide)


PIE = """\
# 자원

```mermaid
pie showData
    title 노드별 CPU
    "node-1" : 42
    "노드 2" : 28.5
    "기타" : 11.5
```
"""


def test_pie_reads_title_and_slices() -> None:
    from slidegen.diagram.pie import parse_pie
    from slidegen.diagram.style import DiagramError, DiagramStyle

    style = DiagramStyle("A", "B", 16, *["000000"] * 8)
    chart = parse_pie('pie title Pets\n  "Dogs" : 386\n  "Cats": 85.5\n', style, "src")
    assert (chart.title, chart.labels, chart.values) == ("Pets", ("Dogs", "Cats"), (386, 85.5))
    with pytest.raises(DiagramError):
        parse_pie('pie\n  "Dogs" : -1\n', style, "src")


@pytest.mark.slow
def test_pie_is_a_native_chart_part(tmp_path: Path) -> None:
    deck, warnings = make_deck(tmp_path, PIE)
    assert warnings == []
    with zipfile.ZipFile(deck) as z:
        charts = [n for n in z.namelist() if n.startswith("ppt/charts/chart")]
        assert len(charts) == 1
        chart = etree.fromstring(z.read(charts[0]))
        content_types = z.read("[Content_Types].xml").decode()
    assert "drawingml.chart+xml" in content_types
    assert chart.xpath("//c:pieChart", namespaces=NS)
    categories = chart.xpath("//c:cat//c:pt/c:v/text()", namespaces=NS)
    assert categories == ["node-1", "노드 2", "기타"]
    values = [float(v) for v in chart.xpath("//c:val//c:pt/c:v/text()", namespaces=NS)]
    assert values == [42, 28.5, 11.5]
    assert chart.xpath("//c:title//a:t/text()", namespaces=NS) == ["노드별 CPU"]
    assert chart.xpath("//c:txPr//a:defRPr/a:ea/@typeface", namespaces=NS)
    (frame,) = [f for s in slides(deck) for f in s.xpath("//p:graphicFrame", namespaces=NS)]
    assert frame.xpath("./p:nvGraphicFramePr/p:cNvPr/@descr", namespaces=NS)[0].startswith(
        "pie showData")
    assert all('"node-1"' not in slide_text(s) for s in slides(deck))


def test_state_diagram_reads_as_a_graph() -> None:
    from slidegen.diagram.state import parse_state

    flow = parse_state("stateDiagram-v2\n  [*] --> Idle\n  Idle --> Busy : job\n"
                       "  state Busy {\n    [*] --> Working\n  }\n  state pick <<choice>>\n"
                       "  Busy --> pick\n  pick --> [*]\n  Idle : 대기\n"
                       "  note right of Idle\n    ignored\n  end note\n")
    assert set(flow.nodes) == {"start:root", "Idle", "start:Busy", "Working", "pick",
                               "end:root"}
    assert flow.nodes["Idle"].label == "대기"
    assert flow.nodes["pick"].shape == "diamond"
    job = next(e for e in flow.edges if e.label == "job")
    assert (job.tail, job.head, job.attrs) == ("Idle", "start:Busy",
                                               {"lhead": "cluster_Busy"})


@needs_dot
@pytest.mark.slow
def test_state_diagram_edges_glue_to_frames_and_states(tmp_path: Path) -> None:
    deck, warnings = make_deck(tmp_path, "# 상태\n\n```mermaid\nstateDiagram-v2\n"
                               "  [*] --> Idle\n  Idle --> Busy : 작업\n  state Busy {\n"
                               "    [*] --> Working\n  }\n  Busy --> [*]\n```\n")
    assert warnings == []
    (group,) = groups(deck)
    assert check_glue(group) == 2 * len(group.xpath("./p:cxnSp", namespaces=NS)) == 8
    frame_ids = [sp.xpath("./p:nvSpPr/p:cNvPr/@id", namespaces=NS)[0]  # a rect without text
                 for sp in group.xpath("./p:sp", namespaces=NS)
                 if sp.xpath("./p:spPr/a:prstGeom/@prst", namespaces=NS) == ["rect"]
                 and not "".join(sp.xpath(".//a:t/text()", namespaces=NS))]
    assert len(frame_ids) == 1
    assert "Busy" in group.xpath(".//a:t/text()", namespaces=NS)  # its title, a label
    glued_to = group.xpath("./p:cxnSp//a:endCxn/@id | ./p:cxnSp//a:stCxn/@id",
                           namespaces=NS)
    assert set(frame_ids) & set(glued_to)  # transitions of the composite state end at its frame


SIX = """\
---
title: 다이어그램 여섯 개
lang: ko-KR
---

## 배포 흐름

```mermaid
graph TD
  dev[개발자 push] --> ci{CI 통과?}
  ci -->|예| img[(이미지 저장소)]
  ci -->|아니오| fix[수정]
  fix --> dev
  img ==> prod([운영 배포])
```

## 서비스 구성

```mermaid
flowchart LR
  subgraph edge [Edge]
    lb[Load Balancer]
  end
  subgraph app [App tier]
    api[API] --> cache[(Redis)]
  end
  lb --> api
  api -.-> db[(PostgreSQL)]
```

## 요청 순서

```mermaid
sequenceDiagram
  participant C as 클라이언트
  participant G as 게이트웨이
  participant S as 서비스
  C->>+G: GET /orders
  G->>+S: 주문 조회
  S-->>-G: 200 OK
  G-->>-C: 응답
  Note over C,G: TLS 구간
```

## 의존 관계

```dot
digraph deps {
  rankdir=LR;
  node [shape=box];
  web -> api -> db;
  api -> queue [style=dashed, label="비동기"];
  worker -> queue;
  worker -> db;
}
```

## 트래픽 비중

```mermaid
pie title 요청 비율
  "조회" : 70
  "생성" : 20
  "삭제" : 10
```

## 주문 상태

```mermaid
stateDiagram-v2
  [*] --> 접수
  접수 --> 결제완료 : 결제
  결제완료 --> 배송중
  배송중 --> [*]
```
"""


@pytest.mark.slow
@needs_dot
def test_six_diagrams_render_readably_in_libreoffice(soffice: str, tmp_path: Path) -> None:
    import pdfplumber

    from slidegen.export import convert_to_pdf

    deck, warnings = make_deck(tmp_path, SIX)
    assert warnings == []
    assert len(groups(deck)) == 5
    (pdf,) = convert_to_pdf([deck], tmp_path / "pdf", soffice=soffice, timeout=180)
    with pdfplumber.open(pdf) as doc:
        pages = [page.extract_text() or "" for page in doc.pages]
        sizes = [round(c["size"], 1) for page in doc.pages[1:] for c in page.chars]
    text = "\n".join(pages)
    for label in ("개발자 push", "CI 통과?", "이미지 저장소", "Load Balancer", "Redis",
                  "게이트웨이", "주문 조회", "TLS 구간", "worker", "비동기", "조회", "결제완료"):
        assert label.replace(" ", "") in text.replace(" ", ""), label
    for syntax in ("-->", "->>", "digraph", "stateDiagram", "pie title"):
        assert syntax not in text
    assert min(sizes) >= 9.9  # chart labels and footers included; diagram text is >= 12 pt


def test_links_to_subgraphs_and_multiline_markdown_labels() -> None:
    flow = parse_flowchart('flowchart TB\n  c1-->a2\n  subgraph one\n    a1-->a2\n  end\n'
                           '  subgraph two\n    b1-->b2\n  end\n  one --> two\n'
                           '  m["`Line **one**\n  Line _two_`"] --> a1\n')
    assert "one" not in flow.nodes and "two" not in flow.nodes
    joined = next(e for e in flow.edges if e.attrs)
    assert (joined.tail, joined.head) == ("a1", "b1")
    assert joined.attrs == {"ltail": "cluster_one", "lhead": "cluster_two"}
    assert flow.nodes["m"].label == "Line one\nLine two"


def test_sequence_boxes_of_participants_draw_no_frame() -> None:
    from slidegen.diagram.sequence import parse_sequence

    seq = parse_sequence("sequenceDiagram\n  box Aqua Team\n  participant A\n  participant B\n"
                         "  end\n  A->>B: hi\n  rect rgb(200, 220, 255)\n  B-->>A: ok\n  end\n")
    assert [e.kind for e in seq.events] == ["message", "open", "message", "close"]


@needs_dot
@pytest.mark.slow
def test_a_flowchart_too_tall_for_a_slide_is_turned(tmp_path: Path) -> None:
    chain = " --> ".join(f"N{i}[단계 {i}]" for i in range(9))
    deck, warnings = make_deck(tmp_path, f"# 긴 흐름\n\n```mermaid\ngraph TD\n  {chain}\n```\n")
    assert any("other direction" in w for w in warnings)
    (group,) = groups(deck)
    ext = group.find("p:grpSpPr/a:xfrm/a:ext", NS)
    assert int(ext.get("cx")) > 3 * int(ext.get("cy"))  # laid out across
    sizes = [int(s) for s in group.xpath(".//a:rPr/@sz", namespaces=NS)]
    assert min(sizes) >= 1200
