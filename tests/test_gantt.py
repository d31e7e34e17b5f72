"""Mermaid `gantt` charts drawn as native shapes: a bar per task on a time axis, sections as
bold labels, milestones as diamonds; they were shown as code with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.deck import DiagramNode, DiagramShape
from slidegen.diagnostics import Diagnostics
from slidegen.diagram.gantt import layout_gantt
from slidegen.diagram.style import DiagramError, DiagramStyle
from slidegen.pipeline import BuildOptions, build, plan_note

STYLE = DiagramStyle(font="Noto Sans", ea_font="Noto Sans CJK KR", size=12.0, text="222222",
                     fill="e8f1fb", line="2a6fb0", frame_fill="f4f6f8", frame_line="9aa5b1",
                     edge="c0392b", note_fill="fff8dc", background="ffffff")

PLAN = """gantt
    title 스터디 일정
    dateFormat  YYYY-MM-DD
    axisFormat  %m/%d
    excludes weekends
    section 기초
    컨테이너 개념      :done, a1, 2024-01-01, 7d
    Docker 실습        :active, after a1, 1w
    section 심화
    Kubernetes        :crit, k8s, 2024-01-15, 2024-01-25
    발표              :milestone, 2024-01-25, 0d
    배포 자동화        :until k8s
"""


def _width(text: str, size: float) -> float:
    return len(text) * size * 0.6


def _bars(shape: DiagramShape) -> dict[str, DiagramNode]:
    labels = {n.key[len("label"):]: n.text for n in shape.nodes if n.key.startswith("label")}
    return {labels[n.key[len("task"):]]: n for n in shape.nodes if n.key.startswith("task")}


def test_tasks_are_bars_on_one_time_axis() -> None:
    shape = layout_gantt(PLAN, STYLE, _width, PLAN)
    bars = _bars(shape)
    basics, docker, k8s = bars["컨테이너 개념"], bars["Docker 실습"], bars["Kubernetes"]
    day = basics.box.w / 7
    assert docker.box.x == pytest.approx(basics.box.x + basics.box.w)  # after a1
    assert docker.box.w == pytest.approx(7 * day)  # 1w
    assert k8s.box.x == pytest.approx(basics.box.x + 14 * day)  # 2024-01-15
    assert k8s.box.w == pytest.approx(10 * day)  # to 2024-01-25
    assert bars["발표"].geometry == "diamond"
    assert basics.fill == STYLE.frame_fill and k8s.line == STYLE.edge and docker.dashed
    sections = [n.text for n in shape.nodes if n.key.startswith("label") and n.bold]
    assert sections == ["기초", "심화"]
    ticks = [n.text for n in shape.nodes if n.key.startswith("tick")]
    assert ticks[0] == "01/01" and len(ticks) == 5
    assert any(n.text == "스터디 일정" and n.bold for n in shape.nodes)


def test_a_task_with_only_a_length_follows_the_one_before() -> None:
    source = "gantt\n  dateFormat YYYY-MM-DD\n  설계 : 2024-03-04, 2d\n  구현 : 3d\n"
    bars = _bars(layout_gantt(source, STYLE, _width, source))
    assert bars["구현"].box.x == pytest.approx(bars["설계"].box.x + bars["설계"].box.w)
    assert bars["구현"].box.w == pytest.approx(bars["설계"].box.w * 1.5)


@pytest.mark.parametrize(("source", "message", "line"), [
    ("gantt\n  작업 : after nothing, 2d\n", "names no task above", 2),
    ("gantt\n  dateFormat YYYY-MM-DD\n  작업 : 2024-13-45, 2d\n", "cannot read the date", 3),
    ("gantt\n  title 빈 일정\n", "without tasks", 0),
    ("gantt\n  작업 : 2024-01-01, 99999999999y\n", "too long", 2),
])
def test_what_cannot_be_read_names_its_line(source: str, message: str,
                                            line: int) -> None:
    with pytest.raises(DiagramError) as raised:
        layout_gantt(source, STYLE, _width, source)
    assert message in str(raised.value)
    assert raised.value.line == line


@pytest.mark.slow  # Graphviz is not needed, but the deck is built and checked
def test_a_note_with_a_gantt_chart_gets_its_shapes(tmp_path: Path) -> None:
    note = tmp_path / "plan.md"
    note.write_text("# 일정\n\n## 프로젝트 계획\n\n```mermaid\n" + PLAN + "```\n",
                    encoding="utf-8")
    deck = plan_note(note, BuildOptions(write=False), Diagnostics(str(note)))
    shapes = [s for slide in deck.slides for s in slide.shapes if isinstance(s, DiagramShape)]
    assert [s.name for s in shapes] == ["Gantt chart"]
    result = build(note, output=tmp_path / "out")
    assert result.ok and not [w for w in result.warnings if "gantt" in w.message]
