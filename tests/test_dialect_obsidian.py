"""Obsidian vaults, with and without `.obsidian/`: embeds of pictures and notes, wikilinks,
highlights, comments and callouts of any type, shown as Obsidian shows them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from slidegen.deck import TextBox
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

NOTE = """---
tags: [kubernetes, study]
---
# Kubernetes 스터디 3주차

## Pod 생명주기

Pod는 ==Pending → Running → Succeeded/Failed== 순서로 간다. %%나중에 보충%%
자세한 건 [[Pod 개념|Pod 정리]]와 [[Controller]], [[Service#ClusterIP]] 참고.

%%
TODO: 이 부분은 발표에서 빼기
여러 줄 주석
%%

> [!순서]
> 1. 스케줄링
> 2. 이미지 pull
> 3. 컨테이너 시작

> [!tip] kubectl 팁
> `kubectl get po -w`로 상태 변화를 본다.

> [!faq]- 왜 CrashLoopBackOff?
> 컨테이너가 계속 죽으면 재시작 간격이 늘어난다.
> > [!warning] 주의
> > liveness probe 설정을 확인하자.

## 그림

![[Pasted image 20230412123456.png]]

![[pod-lifecycle.png|300]]

## 구조도

![[cluster.jpg|320x180]]

![](../../images/architecture.png)

## 개념 가져오기

![[Pod 개념]]

![[Service#ClusterIP]]
"""

POD = """# Pod 개념

Pod는 **하나 이상의 컨테이너** 묶음이다.

![[pod-shape.png]]
"""

SERVICE = """# Service

## ClusterIP

클러스터 내부에서만 접근 가능한 IP.

## NodePort

노드 포트로 노출한다.
"""


def vault(root: Path, marker: str) -> Path:
    """A vault laid out as Obsidian keeps it: notes in folders, pasted images in
    `attachments/`, an `images/` folder at the root."""
    if marker == "obsidian":
        write(root / ".obsidian/app.json", '{"attachmentFolderPath": "attachments"}')
    elif marker == "git":
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    draw(root / "attachments/Pasted image 20230412123456.png", (1280, 800), "#457b9d")
    draw(root / "attachments/pod-lifecycle.png", (1000, 600), "#1d3557")
    draw(root / "attachments/cluster.jpg", (1600, 900), "#e63946")
    draw(root / "images/architecture.png", (1400, 800), "#a8dadc")
    draw(root / "attachments/pod-shape.png", (800, 500), "#f1faee")
    write(root / "concepts/Pod 개념.md", POD)
    write(root / "concepts/Service.md", SERVICE)
    return write(root / "study/week3/Kubernetes 3주차.md", NOTE)


@pytest.mark.parametrize("marker", ["obsidian", "git", "none"])
@pytest.mark.slow
def test_vault(tmp_path: Path, marker: str) -> None:
    note = vault(tmp_path / "vault", marker)
    result, prs = build(note, tmp_path / "out")
    assert leaked_markup(prs) == []
    deck = result.deck
    assert not placeholders(deck), [(p.src, p.reason) for p in placeholders(deck)]
    pics = pictures(deck)
    assert len(pics) == 5  # four in the note, one in the embedded note
    text = all_text(prs)
    assert "Pod 정리" in text and "Controller" in text and "Service > ClusterIP" in text
    assert "나중에 보충" not in text and "TODO" not in text and "여러 줄 주석" not in text
    found = callouts(deck)
    titles = [title for _, title in found]
    for title in ("순서", "kubectl 팁", "왜 CrashLoopBackOff?", "Pod 개념", "Service > ClusterIP"):
        assert title in titles, titles
    (faq,) = [s for s in deck_shapes(deck) if isinstance(s, TextBox) and s.callout_kind
              and "CrashLoopBackOff" in s.paragraphs[0].runs[0].text]
    nested = [p.runs[0] for p in faq.paragraphs[1:]]  # the nested callout, titled, inside it
    assert any(run.text == "주의" and run.bold for run in nested)
    assert "liveness probe" in "".join(r.text for p in faq.paragraphs for r in p.runs)
    assert ("tip", "kubectl 팁") in found
    assert "하나 이상의 컨테이너" in text  # the embedded note's text
    assert "클러스터 내부에서만" in text and "노드 포트로" not in text  # only that section
    marked = [run for shape in deck_shapes(deck) if isinstance(shape, TextBox)
              for para in shape.paragraphs for run in para.runs if run.mark]
    assert any("Pending" in run.text for run in marked)
    def aspect(p: object, ratio: float) -> bool:
        return abs(p.box.w / p.box.h - ratio) < 0.02  # type: ignore[attr-defined]

    # ![[pod-lifecycle.png|300]] (1000x600): 300 CSS px wide at most, 225 pt
    assert [p for p in pics if aspect(p, 5 / 3) and p.box.w <= 225.01]
    # ![[cluster.jpg|320x180]] (1600x900): at most 240 x 135 pt
    assert [p for p in pics if aspect(p, 16 / 9) and p.box.w <= 240.01 and p.box.h <= 135.01]
    messages = [w.message for w in result.warnings]
    assert not [m for m in messages if "refused" in m or "not found" in m], messages


def test_embedded_note_missing_warns_with_line(tmp_path: Path) -> None:
    note = write(tmp_path / "v/a.md", "# A\n\n## B\n\n본문\n\n![[없는 노트]]\n")
    result, prs = build(note, tmp_path / "out")
    assert any(w.line == 7 and "없는 노트" in w.message for w in result.warnings)
    assert "없는 노트" in all_text(prs)
    assert leaked_markup(prs) == []


def test_unclosed_comment_hides_the_rest_with_a_warning(tmp_path: Path) -> None:
    note = write(tmp_path / "v/a.md", "# A\n\n## B\n\n보이는 문단\n\n%%\n숨김\n\n더 숨김\n")
    result, prs = build(note, tmp_path / "out")
    assert "숨김" not in all_text(prs) and "보이는 문단" in all_text(prs)
    assert any(w.line == 7 and "%%" in w.message for w in result.warnings)


def test_block_ids_are_hidden_and_block_embeds_show_that_block(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    write(root / ".obsidian/app.json", "{}")
    write(root / "개념/Pod.md", "# Pod\n\nPod는 가장 작은 배포 단위다. ^def-1\n\n"
          "- 컨테이너를 묶는다\n- IP를 공유한다\n^list-1\n\n다른 문단.\n")
    note = write(root / "주차/3주차.md", "# 3주차\n\n## 개요\n\n"
                 "정의는 [[Pod#^def-1|정의 블록]] 참고. ^intro\n\n![[Pod#^def-1]]\n\n"
                 "![[Pod#^list-1]]\n\n![[Pod#^nothing]]\n")
    result, prs = build(note, tmp_path / "out")
    text = all_text(prs)
    assert "^" not in text and leaked_markup(prs) == []
    assert "정의는 정의 블록 참고." in text and "가장 작은 배포 단위다." in text
    assert "IP를 공유한다" in text
    assert text.count("다른 문단.") == 1  # only the missing block's embed shows the whole note
    assert [w.line for w in result.warnings if "'^nothing' not found" in w.message] == [11]
    assert ("note", "Pod") in callouts(result.deck)


def test_query_blocks_show_their_code_with_a_warning(tmp_path: Path) -> None:
    note = write(tmp_path / "v/a.md", "# A\n\n## 목록\n\n```dataview\nTABLE file.ctime FROM #k8s\n"
                 "```\n\n```query\ntag:#k8s\n```\n")
    result, prs = build(note, tmp_path / "out")
    assert "TABLE file.ctime" in all_text(prs) and "tag:#k8s" in all_text(prs)
    assert sorted(w.line for w in result.warnings if "cannot run it" in w.message) == [5, 9]


DRAWINGS = """# 통신

## 구조

![[Handshake.excalidraw]]

![[Handshake.excalidraw.md|300]]

![[Sketch.excalidraw]]

![[server.png]]
"""


@pytest.mark.slow
def test_excalidraw_drawings_show_their_exported_picture(tmp_path: Path) -> None:
    """`![[x.excalidraw]]` shows the picture the Excalidraw plugin exports beside the drawing
    (it embedded the drawing's file as a note: "Switch to EXCALIDRAW VIEW…"); a drawing with
    no export is a placeholder whose warning says how to export it. A note at the vault's top
    finds pictures anywhere in the vault, as Obsidian does."""
    vault = tmp_path / "vault"
    write(vault / ".obsidian/app.json", "{}")
    drawing = ("---\n\nexcalidraw-plugin: parsed\n\n---\n==⚠  Switch to EXCALIDRAW VIEW in the "
               "MORE OPTIONS menu of this document. ⚠==\n\n# Text Elements\nClient ^aB3d\n")
    write(vault / "Excalidraw/Handshake.excalidraw.md", drawing)
    draw(vault / "Excalidraw/Handshake.excalidraw.png", (600, 300))  # the auto-export
    write(vault / "Excalidraw/Sketch.excalidraw.md", drawing)
    draw(vault / "Network/server.png", (400, 300), "#264653")
    note = write(vault / "통신.md", DRAWINGS)
    result, prs = build(note, tmp_path / "out")
    assert len(pictures(result.deck)) == 3 and len(placeholders(result.deck)) == 1
    assert "EXCALIDRAW VIEW" not in all_text(prs) and "Text Elements" not in all_text(prs)
    (warning,) = [w for w in result.warnings if "Excalidraw" in w.message]
    assert warning.line == 9 and "auto-export" in warning.message


def test_a_callout_with_only_its_title_is_a_box_and_a_quote_keeps_its_source(
        tmp_path: Path) -> None:
    """`> [!note] Title` with no body was dropped without a warning; `> [!quote] Knuth`
    lost the name Obsidian shows as the quote's title."""
    note = write(tmp_path / "v/a.md", "# AVL 트리\n\n## 회전\n\n균형을 맞춘다.\n\n"
                 "> [!note] 회전 종류: LL, RR, LR, RL\n\n> [!tip]- Title only tip\n\n"
                 "> [!quote] Donald Knuth\n> Premature optimization is the root of all evil.\n\n"
                 "> 그냥 인용문.\n")
    result, prs = build(note, tmp_path / "out")
    text = all_text(prs)
    assert "회전 종류: LL, RR, LR, RL" in text and "Title only tip" in text
    assert "— Donald Knuth" in text and text.index("evil.") < text.index("— Donald Knuth")
    boxes = callouts(result.deck)
    assert ("note", "회전 종류: LL, RR, LR, RL") in boxes and ("tip", "Title only tip") in boxes
    assert leaked_markup(prs) == [] and result.warnings == []
