"""PDF export through a real LibreOffice: page counts, text, fonts, metadata, failures."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from slidegen.export import ExportError, convert_to_pdf, find_soffice

KOREAN = "컨테이너란?"
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="fake soffice is a shell script")
CJK_FONT = "Noto Sans CJK KR"


def make_deck(
    path: Path, title: str, slides: int, *, author: str = "Julie Kim", language: str = "ko-KR"
) -> Path:
    """A small deck like the renderer writes: Korean runs tagged ko-KR with an East Asian font."""
    prs = Presentation()
    prs.core_properties.title = title
    prs.core_properties.author = author
    prs.core_properties.language = language
    for number in range(1, slides + 1):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"{title} slide {number}"
        body = slide.placeholders[1].text_frame
        body.text = f"{KOREAN} 도커 이미지 {number}"
        for frame in (slide.shapes.title.text_frame, body):
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    rpr = run._r.get_or_add_rPr()
                    rpr.set("lang", "ko-KR")
                    etree.SubElement(rpr, qn("a:ea")).set("typeface", CJK_FONT)
        slide.notes_slide.notes_text_frame.text = f"speaker note {title} {number}"
    prs.save(path)
    return path


def fingerprint(paths: list[Path]) -> dict[str, tuple[str, int]]:
    """Content hash and mtime of each deck, to prove PPTX files are never touched."""
    return {
        str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths
    }


def pdf_text_pages(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def tool_output(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def is_running(pid: int) -> bool:
    """True unless the process is gone or a zombie waiting for a parent that will not reap it."""
    for _ in range(20):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.05)
    return True


def fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def decks(tmp_path: Path) -> list[Path]:
    src = tmp_path / "decks"
    src.mkdir()
    return [
        make_deck(src / "containers.pptx", "Containers", 3),
        make_deck(src / "images.pptx", "Images", 2, author="Kim Minji"),
        make_deck(src / "volumes.pptx", "Volumes", 4),
    ]


@pytest.mark.libreoffice
def test_three_decks_in_one_call(soffice: str, decks: list[Path], tmp_path: Path) -> None:
    before = fingerprint(decks)
    listing_before = sorted(p.name for p in decks[0].parent.iterdir())
    out = tmp_path / "output"

    pdfs = convert_to_pdf(decks, out, soffice=soffice, timeout=120)

    assert pdfs == [out / "containers.pdf", out / "images.pdf", out / "volumes.pdf"]
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in pdfs]  # no temp leftovers
    for deck, pdf, count in zip(decks, pdfs, (3, 2, 4), strict=True):
        pages = pdf_text_pages(pdf)
        assert len(pages) == count
        title = deck.stem.capitalize()
        for number, text in enumerate(pages, start=1):
            assert f"{title} slide {number}" in text
            assert KOREAN.replace("?", "") in text.replace(" ", "")
        fonts = tool_output("pdffonts", str(pdf))
        assert "CJK" in fonts, fonts
        info = tool_output("pdfinfo", str(pdf))
        assert f"Title:           {title}" in info
        assert "Author:" in info and ("Julie Kim" in info or "Kim Minji" in info)
        with pdfplumber.open(pdf) as doc:
            assert doc.doc.catalog.get("Lang") == b"ko-KR"
    assert fingerprint(decks) == before
    assert sorted(p.name for p in decks[0].parent.iterdir()) == listing_before  # no lock files


@pytest.mark.libreoffice
def test_notes_pages(soffice: str, decks: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "output"
    pdfs = convert_to_pdf(decks[:2], out, soffice=soffice, timeout=120, notes_pages=True)

    assert [p.name for p in pdfs] == [
        "containers.pdf",
        "images.pdf",
        "containers-notes.pdf",
        "images-notes.pdf",
    ]
    slides = pdf_text_pages(out / "containers.pdf")
    notes = pdf_text_pages(out / "containers-notes.pdf")
    assert len(notes) == len(slides) == 3
    for number, text in enumerate(notes, start=1):
        assert f"speaker note Containers {number}" in text
        assert f"Containers slide {number}" in text  # the slide is on the notes page too
    assert not any("speaker note" in text for text in slides)
    with pdfplumber.open(out / "containers-notes.pdf") as doc:
        page = doc.pages[0]
        assert page.height > page.width  # notes pages are portrait handouts


def test_missing_soffice(
    decks: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("SOFFICE_PATH", raising=False)
    before = fingerprint(decks)
    out = tmp_path / "output"

    with pytest.raises(ExportError) as caught:
        convert_to_pdf(decks, out, soffice=str(tmp_path / "no" / "soffice"))

    message = str(caught.value)
    assert "\n" not in message
    assert "not found" in message
    assert "apt-get install libreoffice-impress" in message or "brew install" in message
    assert "SOFFICE_PATH" in message
    assert fingerprint(decks) == before
    assert not out.exists() or not any(out.iterdir())


def test_bad_soffice_path_env(
    decks: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOFFICE_PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(ExportError, match="SOFFICE_PATH"):
        convert_to_pdf(decks, tmp_path / "output")


@POSIX_ONLY
def test_find_soffice_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_one = fake_soffice(tmp_path, "exit 0")
    configured_dir = tmp_path / "configured"
    configured_dir.mkdir()
    configured = fake_soffice(configured_dir, "exit 0")
    path_dir = tmp_path / "bin"
    path_dir.mkdir()
    on_path = path_dir / "libreoffice"
    on_path.write_text("#!/bin/sh\n")
    on_path.chmod(0o755)

    monkeypatch.setenv("PATH", str(path_dir))
    monkeypatch.setenv("SOFFICE_PATH", env_one)
    assert find_soffice(configured) == env_one
    monkeypatch.delenv("SOFFICE_PATH")
    assert find_soffice(configured) == configured
    assert find_soffice(None) == str(on_path)
    assert find_soffice(str(tmp_path / "missing")) == str(on_path)


@pytest.mark.slow
@POSIX_ONLY
def test_hanging_soffice_times_out(decks: list[Path], tmp_path: Path) -> None:
    marker = tmp_path / "child.pid"
    # The fake starts a child in the same group, as oosplash starts soffice.bin.
    hang = fake_soffice(tmp_path, f"sleep 60 &\necho $! > {marker}\nsleep 60")
    before = fingerprint(decks)
    out = tmp_path / "output"

    with pytest.raises(ExportError) as caught:
        convert_to_pdf(decks, out, soffice=hang, timeout=2)

    message = str(caught.value)
    assert "timeout" in message and "\n" not in message
    assert fingerprint(decks) == before
    assert list(out.iterdir()) == []  # the work folder is gone too
    assert not is_running(int(marker.read_text()))  # the whole process group was killed


@POSIX_ONLY
def test_crashing_soffice(decks: list[Path], tmp_path: Path) -> None:
    crash = fake_soffice(tmp_path, "echo 'Fatal exception: Signal 6' >&2\nexit 134")
    before = fingerprint(decks)
    out = tmp_path / "output"
    out.mkdir()
    (out / "containers.pdf").write_bytes(b"%PDF- the previous export")

    with pytest.raises(ExportError) as caught:
        convert_to_pdf(decks, out, soffice=crash, timeout=30)

    message = str(caught.value)
    assert "exited with code 134" in message and "\n" not in message
    assert "Fatal exception" in message
    assert fingerprint(decks) == before
    assert list(out.iterdir()) == [out / "containers.pdf"]  # the old PDF is kept as it was
    assert (out / "containers.pdf").read_bytes() == b"%PDF- the previous export"


@POSIX_ONLY
def test_soffice_succeeds_without_pdf(decks: list[Path], tmp_path: Path) -> None:
    """LibreOffice exits 0 when it cannot load a deck; we still name the deck."""
    quiet = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'\nexit 0")
    with pytest.raises(ExportError) as caught:
        convert_to_pdf(decks[:2], tmp_path / "output", soffice=quiet)
    assert "containers.pptx" in str(caught.value) and "images.pptx" in str(caught.value)


@pytest.mark.libreoffice
def test_one_broken_deck_names_it(soffice: str, decks: list[Path], tmp_path: Path) -> None:
    broken = decks[0].parent / "broken.pptx"
    broken.write_bytes(b"this is not a zip file")
    out = tmp_path / "output"

    with pytest.raises(ExportError) as caught:
        convert_to_pdf([decks[0], broken], out, soffice=soffice, timeout=120)

    assert "broken.pptx" in str(caught.value)
    assert caught.value.converted == [out / "containers.pdf"]
    assert sorted(p.name for p in out.iterdir()) == ["containers.pdf"]


@pytest.mark.libreoffice
def test_each_pdf_gets_its_decks_language(soffice: str, tmp_path: Path) -> None:
    korean = make_deck(tmp_path / "ko.pptx", "Korean", 1)
    english = make_deck(tmp_path / "en.pptx", "English", 1, language="en-GB")
    out = tmp_path / "output"
    out.mkdir()
    (out / "ko.pdf").write_bytes(b"%PDF- the previous export")

    pdfs = convert_to_pdf([korean, english], out, soffice=soffice, timeout=120)

    assert pdfs == [out / "ko.pdf", out / "en.pdf"]
    languages = []
    for pdf in pdfs:
        with pdfplumber.open(pdf) as doc:
            languages.append(doc.doc.catalog.get("Lang"))
    assert languages == [b"ko-KR", b"en-GB"]  # and the old ko.pdf was replaced


@POSIX_ONLY
@pytest.mark.parametrize("style", ["file", "under-file"])
@pytest.mark.slow
def test_out_dir_not_writable(style: str, decks: list[Path], tmp_path: Path) -> None:
    """Works as root too: a file in the way stops writes where chmod does not."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    out = blocker if style == "file" else blocker / "output"
    before = fingerprint(decks)

    with pytest.raises(ExportError) as caught:
        convert_to_pdf(decks, out, soffice=fake_soffice(tmp_path, "exit 0"))

    message = str(caught.value)
    assert "\n" not in message and "cannot write PDFs" in message and str(out) in message
    assert fingerprint(decks) == before
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores chmod")
def test_out_dir_read_only(decks: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            convert_to_pdf(decks, out, soffice=fake_soffice(tmp_path, "exit 0"))
    finally:
        out.chmod(0o755)


@POSIX_ONLY
def test_colliding_names(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = make_deck(tmp_path / "a" / "deck.pptx", "One", 1)
    two = make_deck(tmp_path / "b" / "deck.pptx", "Two", 1)
    with pytest.raises(ExportError, match=r"both be written as deck\.pdf"):
        convert_to_pdf([one, two], tmp_path / "out", soffice=fake_soffice(tmp_path, "exit 0"))


@pytest.mark.libreoffice
def test_running_libreoffice_does_not_block(
    soffice: str, decks: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A LibreOffice on the default profile that does not answer (a window busy with a dialog).

    A plain ``soffice --convert-to`` hands its work to that instance and hangs; ours must not.
    """
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # the default profile lives under $HOME
    running = subprocess.Popen(
        [soffice, "--headless"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        lock = home / ".config" / "libreoffice" / "4" / ".lock"
        for _ in range(150):  # wait until it really owns the default profile
            if lock.exists():
                break
            time.sleep(0.1)
        time.sleep(1)  # and listens on its pipe
        assert running.poll() is None and lock.exists()
        os.killpg(running.pid, signal.SIGSTOP)

        plain = subprocess.Popen(  # the control: the default way hands over and hangs
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp_path / "p", decks[0]],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            with pytest.raises(subprocess.TimeoutExpired):
                plain.wait(timeout=3)
        finally:
            os.killpg(plain.pid, signal.SIGKILL)
            plain.wait(timeout=10)

        out = tmp_path / "output"
        pdfs = convert_to_pdf(decks, out, soffice=soffice, timeout=60)

        assert [len(pdf_text_pages(p)) for p in pdfs] == [3, 2, 4]
    finally:
        os.killpg(running.pid, signal.SIGKILL)
        running.wait(timeout=10)


def squeeze(text: str) -> str:
    """Text without whitespace: PDF text extraction breaks and spaces lines its own way."""
    return "".join(text.split())


@pytest.mark.libreoffice
@pytest.mark.seed
def test_seed_and_project_notes_to_pdf(
    soffice: str, seed_post: Path, project_notes: Path, tmp_path: Path
) -> None:
    """The real pipeline's decks: every slide becomes a page that shows its title in Korean."""
    from slidegen.pipeline import build
    from tests.pptx_inspect import open_deck, slide_title

    notes = sorted(project_notes.glob("*.md"))
    assert notes, f"no notes in {project_notes}"
    decks = []
    for note in [seed_post, *notes]:
        result = build(note, output=tmp_path / "decks", offline=True)
        assert result.ok and result.output is not None, result.error
        decks.append(result.output)
    before = fingerprint(decks)

    pdfs = convert_to_pdf(decks, tmp_path / "pdf", soffice=soffice, timeout=170)

    assert [p.stem for p in pdfs] == [d.stem for d in decks]
    for deck, pdf in zip(decks, pdfs, strict=True):
        prs = open_deck(deck)
        slides = list(prs.slides)
        pages = pdf_text_pages(pdf)
        assert len(pages) == len(slides), deck.name
        for number, (slide, text) in enumerate(zip(slides, pages, strict=True), start=1):
            title = slide_title(slide)
            assert title, f"{deck.name} slide {number} has no title"
            assert squeeze(title) in squeeze(text), f"{deck.name} slide {number}: {title!r}"
        fonts = tool_output("pdffonts", str(pdf))
        assert "CJK" in fonts, fonts
        with pdfplumber.open(pdf) as doc:
            assert doc.metadata.get("Title") == prs.core_properties.title
            assert doc.metadata.get("Author") == (prs.core_properties.author or None)
            assert doc.doc.catalog.get("Lang") == b"ko-KR"
    assert fingerprint(decks) == before


def test_work_folders_of_killed_runs_are_swept(tmp_path: Path) -> None:
    """A kill -9 during export leaves a hidden work folder; the next export removes it."""
    from slidegen.export import WORK_PREFIX, remove_stale_work_dirs

    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"{WORK_PREFIX}{dead.pid}-abc"
    stale.mkdir()
    (stale / "half.pdf").write_bytes(b"%PDF-1.4 partial")
    live = tmp_path / f"{WORK_PREFIX}{os.getpid()}-xyz"
    live.mkdir()
    keep = tmp_path / "talk.pdf"
    keep.write_bytes(b"%PDF-1.4 done")
    assert remove_stale_work_dirs(tmp_path) == [stale]
    assert not stale.exists() and live.is_dir() and keep.is_file()


def _english_deck_citing_korean(folder: Path) -> Path:
    from slidegen.pipeline import BuildOptions, build_note

    note = folder / "sources.md"
    note.write_text("---\ntitle: Notes on containers\nlang: en\n---\n\n## Sources\n\n"
                    "- 김철수. 2020. 컨테이너 입문. 서울: 한빛.\n"
                    "- 도커(Docker)는 container runtime입니다.\n", encoding="utf-8")
    result = build_note(note, BuildOptions(), output=folder / "sources.pptx")
    assert result.ok, result.error
    return folder / "sources.pptx"


def test_hangul_in_a_deck_of_another_language_converts_under_a_korean_locale(
        tmp_path: Path) -> None:
    from slidegen.export.pdf_language import conversion_locale

    english = _english_deck_citing_korean(tmp_path)
    assert conversion_locale(english, "en-US") == "ko-KR"
    assert conversion_locale(english, "ko-KR") == "ko-KR"
    assert conversion_locale(english, None) is None  # no language to write back
    plain = make_deck(tmp_path / "plain.pptx", "Plain", 1, language="en-US")
    kana = make_deck(tmp_path / "kana.pptx", "カナ", 1, language="en-US")
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(tmp_path / "latin.pptx", "w") as dst:
        for item in src.infolist():  # the same deck with its Korean taken out
            data = src.read(item)
            if item.filename.startswith("ppt/slides/slide"):
                data = data.replace(f"{KOREAN} 도커 이미지".encode(), b"Docker images")
            dst.writestr(item, data)
    assert conversion_locale(tmp_path / "latin.pptx", "en-US") == "en-US"
    assert conversion_locale(kana, "de-DE") == "ko-KR"  # Korean runs come first
    assert conversion_locale(kana, "ja-JP") == "ja-JP"


@pytest.mark.libreoffice
def test_korean_in_an_english_deck_is_not_spaced_from_its_punctuation(
        soffice: str, tmp_path: Path) -> None:
    """Impress spaces Asian from Latin text unless its locale is Korean or Japanese: the
    PDF read "김철수 . 2020.  컨테이너 입문 ." The PDF keeps the deck's language."""
    deck = _english_deck_citing_korean(tmp_path)
    out = tmp_path / "output"
    out.mkdir()
    [pdf] = convert_to_pdf([deck], out, soffice=soffice, timeout=120)
    text = pdf_text_pages(pdf)[1]
    assert "김철수. 2020. 컨테이너 입문. 서울: 한빛." in text
    assert "도커(Docker)는 container runtime입니다." in text
    with pdfplumber.open(pdf) as doc:
        assert doc.doc.catalog.get("Lang") == b"en-US"
        assert len(doc.pages) == 2
