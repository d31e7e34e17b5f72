"""The seed post, built by the real command and read back: the deck a person would present."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pptx_inspect import (
    A,
    deck_text,
    notes_text,
    open_deck,
    pictures,
    runs_xml,
    slide_texts,
    slide_title,
)

HANGUL = re.compile(r"[\uAC00-\uD7A3]")
SECTIONS = ["컨테이너란?", "Docker 란?", "Microservices Architecture(MSA)", "AWS Container Service"]


def run_slidegen(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "slidegen", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def seed_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SEED_POST, _missing

    if not SEED_POST.is_file():
        _missing(f"the seed post ({SEED_POST})")
    out = tmp_path_factory.mktemp("seed")
    done = run_slidegen(SEED_POST, "-o", out, "--offline")
    assert done.returncode == 0, done.stderr
    deck = out / f"{SEED_POST.stem}.pptx"
    assert deck.is_file()
    return deck


@pytest.mark.slow
def test_seed_outline(seed_deck: Path) -> None:
    prs = open_deck(seed_deck)
    slides = list(prs.slides)
    assert 18 <= len(slides) <= 26
    kinds = [s.name for s in slides]
    # the opening paragraph is shown (and is also the title slide's notes), then the agenda
    assert kinds[:3] == ["title", "content", "agenda"]
    assert slide_title(slides[1]) == slide_title(slides[0])
    assert kinds.count("section") == 4
    assert slide_title(slides[0]) == "Review! AWS Online Edu 「초보자를 위한 컨테이너 시작하기」"
    title_texts = " ".join(slide_texts(slides[0]))
    assert "#AWS Online Education" in title_texts and "#Container" in title_texts
    agenda = next(t for t in slide_texts(slides[2]) if t != slide_title(slides[2]))
    assert agenda.split("\n") == SECTIONS
    sections = [slide_title(s) for s in slides if s.name == "section"]
    assert sections == SECTIONS
    titles = [slide_title(s) for s in slides]
    for heading in ["고객이 원하는 인프라 환경은?", "컨테이너와 다른 가상화 환경의 차이는?",
                    "Image", "Dockerfile", "Docker 사용의 이점", "MSA 의 이점", "ECS", "EKS",
                    "AWS Fargate", "AWS Outposts", "AWS ECR", "AWS CodePipeline"]:
        assert any(t == heading or t.startswith(heading + " (") for t in titles), heading
    ecs = next(s for s in slides if slide_title(s) == "ECS")
    kicker = next(sh for sh in ecs.shapes if sh.name == "Kicker")
    assert kicker.text_frame.text == "AWS Container Service"


def test_seed_has_no_markup_left(seed_deck: Path) -> None:
    prs = open_deck(seed_deck)
    text = deck_text(prs)
    for leftover in ("{%", "%}", "<img", "<p", "-->", "<!--"):
        assert leftover not in text
    assert "하나의 표준화된 저장 공간" in text


def test_seed_title_notes_hold_the_opening(seed_deck: Path) -> None:
    prs = open_deck(seed_deck)
    notes = notes_text(prs.slides[0])
    assert notes.startswith("회사 메일로 간간이 AWS 관련 정보를 받아보는데")
    assert "포스팅으로 완성해 나가도 좋을 듯 하다." in notes


def test_seed_embeds_all_seven_diagrams(seed_deck: Path) -> None:
    prs = open_deck(seed_deck)
    found = [p for s in prs.slides for p in pictures(s)]
    assert len(found) == 7
    assert not any(sh.name.startswith("Missing") for s in prs.slides for sh in s.shapes)
    for picture in found:
        native = picture.image.size
        ratio = (picture.width / picture.height) / (native[0] / native[1])
        assert abs(ratio - 1) < 0.01, "a picture is distorted"
        assert picture._element.nvPicPr.cNvPr.get("descr") is not None


def test_seed_runs_carry_korean_language_and_font(seed_deck: Path) -> None:
    prs = open_deck(seed_deck)
    korean = [r for r in runs_xml(prs) if HANGUL.search(r.findtext(f"{A}t") or "")]
    assert len(korean) > 50
    for run in korean:
        props = run.find(f"{A}rPr")
        assert props is not None and props.get("lang") == "ko-KR"
        ea = props.find(f"{A}ea")
        assert ea is not None and "CJK KR" in ea.get("typeface")


def test_seed_bullets_keep_levels_and_numbers(seed_deck: Path) -> None:
    prs = open_deck(seed_deck)
    slide = next(s for s in prs.slides if slide_title(s) == "고객이 원하는 인프라 환경은?")
    body = next(sh for sh in slide.shapes if sh.name.startswith("Body"))
    autonum = [p._p.find(f"{A}pPr/{A}buAutoNum") for p in body.text_frame.paragraphs]
    assert [a.get("startAt", "1") for a in autonum if a is not None][:1] == ["1"]
    assert sum(a is not None for a in autonum) == 4
