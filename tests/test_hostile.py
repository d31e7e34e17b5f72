"""Hostile and broken input: every note gives a deck or one clear error line, never a traceback.

Each case runs the real build (`build_note`, or the command line in a subprocess) on a real
file and checks the deck that comes out (reopened and structurally validated) or the one
error line (it names the file, and the line when one is known).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import slidegen
from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, BuildResult, build_note

try:
    from tests.imageserver import ImageServer, png_bytes
    from tests.pptx_inspect import deck_text, notes_text
    from tests.validate import InvalidDeck, validate_pptx
except ImportError:  # pytest run with tests/ as the root
    from imageserver import ImageServer, png_bytes  # type: ignore[no-redef]
    from pptx_inspect import deck_text, notes_text  # type: ignore[no-redef]
    from validate import InvalidDeck, validate_pptx  # type: ignore[no-redef]


# --- helpers -----------------------------------------------------------------------------------


def write_note(folder: Path, name: str, data: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    note = folder / name
    note.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return note


def build(tmp_path: Path, data: bytes | str, name: str = "note.md",
          **images: object) -> BuildResult:
    """Build one note written into tmp_path/notes, deck into tmp_path/out, offline by default."""
    note = write_note(tmp_path / "notes", name, data)
    settings = {"offline": True, "cache_dir": tmp_path / "cache", "allow_private_hosts": True,
                **images}  # the test server is on 127.0.0.1
    options = BuildOptions(output=tmp_path / "out", images=ImageOptions(**settings))  # type: ignore[arg-type]
    return build_note(note, options)


def deck_of(result: BuildResult):  # type: ignore[no-untyped-def]
    """The built deck, reopened and structurally validated."""
    assert result.ok, str(result.error)
    assert result.output is not None and result.output.is_file()
    return validate_pptx(result.output)


def all_text(prs) -> str:  # type: ignore[no-untyped-def]
    return deck_text(prs) + "\n" + "\n".join(notes_text(s) for s in prs.slides)


def assert_error(result: BuildResult, file: Path, line: int | None = None) -> str:
    """One line, naming the file (and the line when given); no deck."""
    assert not result.ok and result.error is not None
    text = str(result.error)
    assert "\n" not in text and "Traceback" not in text
    where = f"{file}:{line}:" if line else f"{file}:"
    assert text.startswith(where), text
    assert result.output is None
    return text


def run_cli(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real command, as a person runs it (no terminal: plain lines)."""
    full_env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache"), "NO_COLOR": "1",
                **(env or {})}
    done = subprocess.run([sys.executable, "-m", "slidegen", *map(str, args)], cwd=cwd,
                          env=full_env, capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def error_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]


# --- text, encodings, front matter -------------------------------------------------------------


def test_empty_file_gives_a_title_deck(tmp_path: Path) -> None:
    prs = deck_of(build(tmp_path, b"", name="empty-note.md"))
    assert len(prs.slides) == 1
    assert "empty-note" in deck_text(prs).replace(" ", "-").lower()


def test_only_front_matter(tmp_path: Path) -> None:
    prs = deck_of(build(tmp_path, "---\ntitle: 제목만 있는 노트\nauthor: Kim\n---\n"))
    assert len(prs.slides) == 1
    assert "제목만 있는 노트" in deck_text(prs)


@pytest.mark.parametrize("yaml_body", ["- a\n- b", "just a sentence", "42"])
def test_front_matter_not_a_mapping(tmp_path: Path, yaml_body: str) -> None:
    result = build(tmp_path, f"---\n{yaml_body}\n---\n# Body\n")
    text = assert_error(result, tmp_path / "notes" / "note.md", 2)
    assert "mapping" in text


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    note = "---\ntitle: ok\ndate: 2022-02-08\nsubtitle: a: b\n---\n# Body\n"
    text = assert_error(build(tmp_path, note), tmp_path / "notes" / "note.md", 4)
    assert "YAML" in text


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    result = build(tmp_path, "---\n" + "\n".join(lines) + "\n---\n# Body\n")
    text = assert_error(result, tmp_path / "notes" / "note.md")
    assert "alias" in text


def test_recursive_yaml_alias_is_refused(tmp_path: Path) -> None:
    result = build(tmp_path, "---\na: &a [*a]\n---\n# Body\n")
    assert_error(result, tmp_path / "notes" / "note.md")


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 8,
    png_bytes(),
    b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64,
    b"# almost text\n\xff\xfe\xfa broken bytes\n",
], ids=["bytes", "png", "elf", "bad-utf8"])
def test_binary_file_is_one_error(tmp_path: Path, data: bytes) -> None:
    text = assert_error(build(tmp_path, data), tmp_path / "notes" / "note.md")
    assert "text file" in text


@pytest.mark.parametrize("codec", ["cp949", "euc-kr"])
def test_legacy_korean_is_decoded_with_a_warning(tmp_path: Path, codec: str) -> None:
    note = "---\ntitle: 컨테이너 기초\n---\n# 도커란\n\n- 이미지와 컨테이너의 차이\n- 레지스트리\n"
    result = build(tmp_path, note.encode(codec))
    prs = deck_of(result)
    assert "컨테이너 기초" in deck_text(prs) and "레지스트리" in deck_text(prs)
    assert any("CP949" in w.message for w in result.warnings)


def test_bom_is_not_shown(tmp_path: Path) -> None:
    prs = deck_of(build(tmp_path, "\ufeff---\ntitle: With BOM\n---\n# First\n\ntext\n".encode()))
    text = deck_text(prs)
    assert "With BOM" in text and "\ufeff" not in text and "title:" not in text


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
@pytest.mark.slow
def test_crlf_and_lone_cr_read_like_lf(tmp_path: Path, newline: str) -> None:
    note = "---\ntitle: Lines\n---\n# One\n\n- a\n- b\n\n```\ncode\n```\n\n# Two\n\ntext\n"
    plain = deck_text(deck_of(build(tmp_path / "lf", note)))
    other = deck_text(deck_of(build(tmp_path / "other", note.replace("\n", newline))))
    assert other == plain and "\r" not in other


@pytest.mark.slow  # its time against pandoc: benchmarks/hostile.py
def test_two_megabyte_single_line(tmp_path: Path) -> None:
    line = "word *em* [link `code` <b>x " * 75_000
    assert len(line) > 2_000_000
    result = build(tmp_path, f"# Big\n\n{line}\n\n# After\n\nfine\n")
    prs = deck_of(result)
    assert "After" in deck_text(prs)
    assert any(w.line == 3 for w in result.warnings)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["heading", "code"])
def test_two_megabyte_heading_or_code_line(tmp_path: Path, kind: str) -> None:
    big = "제목 title " * 200_000 if kind == "heading" else "x=1;" * 520_000
    note = f"# {big}\n\ntext\n" if kind == "heading" else f"# Code\n\n```js\n{big}\n```\n"
    result = build(tmp_path, note + "\n# After\n\nfine\n")
    assert "After" in deck_text(deck_of(result))
    assert any(w.line == 1 if kind == "heading" else w.line == 3 for w in result.warnings)


def test_control_characters_become_spaces(tmp_path: Path) -> None:
    """XML forbids most C0 controls and text layout cannot measure U+0085/U+2028/U+2029."""
    odd = "".join(chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 0x7F, 0x85, 0x9F))
    note = ("---\ntitle: \"T\\x1e\\x85itle\"\nsubtitle: \"one\\rtwo\"\n---\n"
            f"# Head{odd}ing\n\n- a\u2028b\u2029c\n\n"
            f"| x{odd} | y |\n|---|---|\n| 1 | 2 |\n\n```\nco{odd}de\n```\n")
    result = build(tmp_path, note)
    text = all_text(deck_of(result))
    assert "one two" in text  # a front matter value is one line, as on the blog
    assert "Heading" not in text and "Head" in text and "a b c" in text
    assert not any(ch in text for ch in odd + "\u2028\u2029")
    assert [w.line for w in result.warnings if "control character" in w.message] == [5]


@pytest.mark.slow
def test_yaml_code_and_far_dates(tmp_path: Path) -> None:
    """Found by the property tests: a YAML lexer token the style did not know, and a note
    dated past what a zip can hold (2107)."""
    note = "---\ndate: '2108-01-01'\n---\n# Config\n\n```yaml\n- key: [a, b]\n? x\n: y\n```\n"
    assert "key" in deck_text(deck_of(build(tmp_path / "a", note)))
    deck_of(build(tmp_path / "b", note.replace("2108-01-01", "1900-01-01")))


@pytest.mark.parametrize("kind", ["list", "blockquote", "ordered", "mixed"])
@pytest.mark.slow
def test_two_hundred_levels_of_nesting(tmp_path: Path, kind: str) -> None:
    if kind == "list":
        body = "".join("  " * i + f"- level {i}\n" for i in range(200))
    elif kind == "ordered":
        body = "".join("   " * i + f"1. level {i}\n" for i in range(200))
    elif kind == "blockquote":
        body = "".join(">" * (i + 1) + f" level {i}\n\n" for i in range(200))
    else:
        body = "- " * 200 + "> " * 200 + "deep\n"
    result = build(tmp_path, f"# Deep\n\n{body}\n# After\n\nok\n")
    prs = deck_of(result)
    text = deck_text(prs)
    assert "After" in text
    if kind != "mixed":
        assert "level 0" in text
        assert any("nested" in w.message for w in result.warnings)


@pytest.mark.slow  # its time against pandoc: benchmarks/hostile.py
def test_ten_thousand_headings(tmp_path: Path) -> None:
    note = "".join(f"# Heading {i}\n" for i in range(10_000))
    result = build(tmp_path, note)
    assert result.ok, str(result.error)
    assert result.output is not None
    with zipfile.ZipFile(result.output) as z:
        slides = [n for n in z.namelist() if n.startswith("ppt/slides/slide")]
    assert len(slides) == result.slides >= 10_000


def test_unclosed_html_and_code_fence(tmp_path: Path) -> None:
    note = ("# Open tags\n\n<div><p>inside a div <b>bold <i>never closed\n\n"
            "after the div\n\n# Open fence\n\n```python\nprint('fenced')\n# not a heading\n")
    prs = deck_of(build(tmp_path, note))
    text = deck_text(prs)
    assert "after the div" in text
    assert "print('fenced')" in text and "# not a heading" in text
    assert "<div>" not in text and "<b>" not in text


def test_script_iframe_style_are_never_shown(tmp_path: Path) -> None:
    note = ("# Page\n\nbefore <script>alert('inline')</script> after\n\n"
            "<script type=\"text/javascript\">\nstealCookies();\n</script>\n\n"
            "<style>\nbody { display: none }\n</style>\n\n"
            "<iframe src=\"https://evil.example/\">iframe fallback</iframe>\n\n"
            "<p>kept <SCRIPT>alert(2)</SCRIPT> text</p>\n\n"
            "<object data=\"x.swf\"></object><embed src=\"x.swf\">\n")
    result = build(tmp_path, note)
    prs = deck_of(result)
    text = all_text(prs)
    for hidden in ("alert", "stealCookies", "display: none", "evil.example", "<script",
                   "<iframe", "<style", ".swf"):
        assert hidden not in text, hidden
    assert "before" in text and "after" in text and "kept" in text
    assert result.output is not None
    with zipfile.ZipFile(result.output) as z:
        for name in z.namelist():
            raw = z.read(name)
            assert b"stealCookies" not in raw and b"alert(" not in raw, name
    assert any("iframe" in w.message for w in result.warnings)


# --- images ------------------------------------------------------------------------------------


def test_local_paths_outside_the_notes_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes(30, 30, (255, 0, 0)))
    inside = tmp_path / "notes" / "pics" / "ok.png"
    inside.parent.mkdir(parents=True)
    inside.write_bytes(png_bytes(30, 30, (0, 0, 255)))
    note = (f"# Paths\n\n![file url](file://{secret})\n\n![dots](../secret.png)\n\n"
            f"![deep](../../../../../../{str(secret).lstrip('/')})\n\n![absolute]({secret})\n\n"
            "![windows](C:\\x.png)\n\n<img src=\"C:\\Users\\me\\x.png\" alt=\"win html\">\n\n"
            "![unc](\\\\server\\share\\x.png)\n\n![fine](pics/ok.png)\n")
    result = build(tmp_path, note)
    deck_of(result)
    assert result.pictures == 1
    assert result.placeholders == 7
    warned = sorted(w.line for w in result.warnings if w.line and "image" in w.message)
    assert warned == [3, 5, 7, 9, 11, 13, 15]
    with zipfile.ZipFile(result.output) as z:  # type: ignore[arg-type]
        media = [z.read(n) for n in z.namelist() if n.startswith("ppt/media/")]
    assert len(media) == 1


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with ImageServer() as srv:
        srv.stall_seconds = 1.5
        yield srv


@pytest.mark.slow
def test_bad_image_urls_through_the_command_line(tmp_path: Path, server: ImageServer) -> None:
    good = server.add("good.png", png_bytes(80, 60))
    server.huge_bytes = 24 * 1024 * 1024  # past the default 20 MB limit (no CLI flag lowers it)
    routes = ["missing", "loop", "html", "truncated", "huge", "bomb"]
    lines = ["# Pictures", "", f"![good]({good})", ""]
    for route in routes:
        lines += [f"## {route}", "", f"![{route}]({server.url(route, route + '.png')})", ""]
    write_note(tmp_path / "notes", "pics.md", "\n".join(lines))
    done = run_cli("notes/pics.md", "-o", "out", "--allow-private-hosts", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    prs = validate_pptx(tmp_path / "out" / "pics.pptx")
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1
    warnings = [ln for ln in done.stderr.splitlines() if ln.startswith("warning:")]
    for route in routes:
        assert any(f"/{route}/" in ln and "pics.md:" in ln for ln in warnings), route
    assert "6 missing" in done.stdout, done.stdout


@pytest.mark.slow
def test_stalled_image_server_gives_a_placeholder(tmp_path: Path, server: ImageServer) -> None:
    server.stall_seconds = 5
    result = build(tmp_path, f"# Slow\n\n![slow]({server.url('stall', 's.png')})\n",
                   offline=False, timeout=0.5, retries=0)
    assert server.requests["/stall/s.png"] == 1  # no retry asked for, none made
    deck_of(result)
    assert result.placeholders == 1
    assert any(w.line == 3 for w in result.warnings)


# --- where the deck goes -----------------------------------------------------------------------


def files_under(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_front_matter_cannot_choose_the_output_path(tmp_path: Path) -> None:
    root = tmp_path / "site" / "a" / "b"
    note = ("---\ntitle: Escape\noutput: ../../../evil.pptx\nslug: ../../../evil\n"
            "permalink: /../../../evil/\npath: /tmp/evil.pptx\nfile: ../../evil.pptx\n"
            "output_dir: /\ndest: ../../evil\n---\n# Body\n\ntext\n")
    result = build(root, note, name="escape.md")
    deck_of(result)
    assert result.output == root / "out" / "escape.pptx"
    assert files_under(tmp_path) == {Path("site/a/b/notes/escape.md"),
                                     Path("site/a/b/out/escape.pptx")}
    assert not Path("/tmp/evil.pptx").exists()


@pytest.mark.parametrize("under", [True, False], ids=["under-a-file", "is-a-file"])
@pytest.mark.slow
def test_output_folder_is_or_is_under_a_regular_file(tmp_path: Path, under: bool) -> None:
    """Root ignores chmod, so a regular file in the path is how to get a real write error."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("I am a file")
    write_note(tmp_path / "notes", "a.md", "# A\n\ntext\n")
    output = blocker / "decks" if under else blocker
    done = run_cli("notes/a.md", "-o", output, cwd=tmp_path)
    assert done.returncode == 1
    errors = error_lines(done)
    assert len(errors) == 1 and str(output / "a.pptx") in errors[0]
    assert "not a folder" in errors[0]
    assert blocker.read_text() == "I am a file"


def test_read_only_deck_is_kept_with_an_error(tmp_path: Path) -> None:
    """Decision: a read-only deck is someone's protected copy; we refuse rather than replace it
    (os.replace would replace it on Linux, and always for root)."""
    first = build(tmp_path, "# Old\n\nold text\n")
    deck = first.output
    assert deck is not None
    before = deck.read_bytes()
    deck.chmod(0o444)
    second = build(tmp_path, "# New\n\nnew text\n")
    text = assert_error(second, deck)
    assert "read-only" in text
    assert deck.read_bytes() == before
    assert [p.name for p in deck.parent.iterdir()] == ["note.pptx"]
    deck.chmod(0o644)
    assert "new text" in all_text(deck_of(build(tmp_path, "# New\n\nnew text\n")))


def test_deck_path_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "out" / "note.pptx").mkdir(parents=True)
    (tmp_path / "out" / "note.pptx" / "keep.txt").write_text("mine")
    text = assert_error(build(tmp_path, "# A\n\ntext\n"), tmp_path / "out" / "note.pptx")
    assert "folder" in text
    assert (tmp_path / "out" / "note.pptx" / "keep.txt").read_text() == "mine"


@pytest.mark.slow
def test_batch_goes_on_after_bad_notes(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "a-good.md", "# Good A\n\n- one\n")
    write_note(notes, "b-yaml.md", "---\ntitle: [unclosed\n---\n# B\n")
    write_note(notes, "c-binary.md", bytes(range(256)))
    write_note(notes, "d-list.md", "---\n- not\n- a mapping\n---\n")
    write_note(notes, "e-good.md", "# Good E\n\n한국어 본문\n")
    done = run_cli(*sorted(notes.iterdir()), "-o", "out", cwd=tmp_path)
    assert done.returncode == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a-good.pptx", "e-good.pptx"]
    for deck in (tmp_path / "out").iterdir():
        validate_pptx(deck)
    errors = error_lines(done)
    assert len(errors) == 3
    assert any("b-yaml.md:2:" in ln for ln in errors)
    assert any("c-binary.md:" in ln for ln in errors)
    assert any("d-list.md:2:" in ln for ln in errors)


@pytest.mark.broken_decks
def test_validator_catches_a_broken_package(tmp_path: Path) -> None:
    """The validator used everywhere here must itself fail on a broken deck."""
    deck = build(tmp_path, "# A\n\ntext\n").output
    assert deck is not None
    broken = tmp_path / "broken.pptx"
    with zipfile.ZipFile(deck) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            if item.filename != "ppt/slides/slide1.xml":
                dst.writestr(item, src.read(item.filename))
    with pytest.raises(InvalidDeck, match=r"slide1\.xml"):
        validate_pptx(broken)
    with pytest.raises(InvalidDeck):
        validate_pptx(deck.read_bytes()[:-100])


def test_front_matter_cannot_make_slidegen_read_files_outside_the_note_folder(
        tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (tmp_path / "outside.yaml").write_text("colors: {accent: '#123456'}\n", encoding="utf-8")
    (notes / "mine.yaml").write_text("colors: {accent: '#123456'}\n", encoding="utf-8")
    bad = notes / "bad.md"
    bad.write_text("---\ntitle: x\ntheme: ../outside.yaml\n---\n## a\n- b\n", encoding="utf-8")
    good = notes / "good.md"
    good.write_text("---\ntitle: x\ntheme: mine.yaml\n---\n## a\n- b\n", encoding="utf-8")
    result = slidegen.build(bad, output=tmp_path / "out")
    assert result.error is not None and result.error.line == 3
    assert "outside the note's folder" in result.error.message
    assert slidegen.build(good, output=tmp_path / "out").ok
