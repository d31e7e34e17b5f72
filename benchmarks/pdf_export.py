"""How much does slidegen's PDF export cost over a bare LibreOffice run?

Builds 4 decks (20 slides each, Korean text) and times:
  (a) convert_to_pdf on all 4 decks in one call,
  (b) one raw LibreOffice invocation converting all 4 (the floor),
  (c) 4 separate convert_to_pdf calls, one deck each (what one start per deck would cost).
The issue asks for a/b <= 1.2 and c clearly larger.

Run: .venv/bin/python benchmarks/pdf_export.py [--repeat N] [--slides N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Pt

from slidegen.export import convert_to_pdf, find_soffice


def make_deck(path: Path, slides: int) -> None:
    prs = Presentation()
    prs.core_properties.title = path.stem
    prs.core_properties.author = "benchmark"
    prs.core_properties.language = "ko-KR"
    for number in range(1, slides + 1):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"{path.stem} {number}: 컨테이너란?"
        body = slide.placeholders[1].text_frame
        body.text = "컨테이너는 애플리케이션과 실행 환경을 함께 묶은 단위입니다"
        for line in ("Docker image와 layer", "네임스페이스와 cgroup", "VM과의 차이"):
            body.add_paragraph().text = line
        for frame in (slide.shapes.title.text_frame, body):
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(24)
                    rpr = run._r.get_or_add_rPr()
                    rpr.set("lang", "ko-KR")
                    etree.SubElement(rpr, qn("a:ea")).set("typeface", "Noto Sans CJK KR")
        slide.notes_slide.notes_text_frame.text = f"발표 노트 {number}"
    prs.save(path)


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs (LibreOffice start-up time is noisy)."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slides", type=int, default=20)
    args = parser.parse_args()

    soffice = find_soffice()
    if not soffice:
        print("LibreOffice (soffice) not found", file=sys.stderr)
        return 2
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout

    with tempfile.TemporaryDirectory(prefix="slidegen-bench-") as tmp:
        root = Path(tmp)
        decks = [root / f"deck{i}.pptx" for i in range(1, 5)]
        for deck in decks:
            make_deck(deck, args.slides)

        def ours_once() -> None:
            convert_to_pdf(decks, root / "a", soffice=soffice)

        def raw_once() -> None:
            # The floor: the same LibreOffice start with a fresh private profile, nothing else.
            profile = Path(tempfile.mkdtemp(prefix="bench-profile-"))
            try:
                subprocess.run(
                    [
                        soffice,
                        "--headless",
                        "--norestore",
                        "--nologo",
                        f"-env:UserInstallation={profile.as_uri()}",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        str(root / "b"),
                        *map(str, decks),
                    ],
                    check=True,
                    capture_output=True,
                )
            finally:
                shutil.rmtree(profile, ignore_errors=True)

        def separate() -> None:
            for deck in decks:
                convert_to_pdf([deck], root / "c", soffice=soffice)

        ours_once()  # warm the OS file cache so the first timed run is not penalised
        a = timed(ours_once, args.repeat)
        b = timed(raw_once, args.repeat)
        c = timed(separate, args.repeat)
        pages = sum(1 for p in (root / "a").glob("*.pdf"))

    print(f"{version.strip()}; 4 decks x {args.slides} slides; median of {args.repeat} runs")
    print(f"{'case':<48} {'seconds':>8} {'vs (b)':>7}")
    rows = [
        ("(a) convert_to_pdf, 4 decks in one call", a),
        ("(b) one raw LibreOffice run, 4 decks", b),
        ("(c) 4 separate convert_to_pdf calls", c),
    ]
    for label, seconds in rows:
        print(f"{label:<48} {seconds:>8.2f} {seconds / b:>6.2f}x")
    print(f"a/b = {a / b:.2f} (must be <= 1.2); c/a = {c / a:.2f}; {pages} PDFs written by (a)")
    return 0 if a / b <= 1.2 and c > a else 1


if __name__ == "__main__":
    sys.exit(main())
