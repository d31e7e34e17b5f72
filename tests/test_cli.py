"""The real command, run as people run it (`python -m slidegen …` in a subprocess).

Decks are opened with python-pptx to check what was built, not just that a file appeared.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pptx import Presentation
from pptx.util import Emu

try:
    from tests.imageserver import ImageServer, png_bytes
    from tests.pptx_inspect import deck_text
except ImportError:  # pytest run from inside tests/
    from imageserver import ImageServer, png_bytes  # type: ignore[no-redef]
    from pptx_inspect import deck_text  # type: ignore[no-redef]

ESCAPE = "\x1b"
SMALL_NOTE = """\
---
title: {title}
author: Test Author
---
<!-- notes: Intro line for the speaker. -->

## First part

- one point
- another point

![a square](pic.png)

## Second part

1. first
2. second
"""


def small_note(folder: Path, name: str = "note.md", title: str = "Small note",
               extra: str = "") -> Path:
    """A two-slide-body note with a local picture; cheap to build."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "pic.png").exists():
        PILImage.new("RGB", (64, 48), (30, 120, 200)).save(folder / "pic.png")
    path = folder / name
    path.write_text(SMALL_NOTE.format(title=title) + extra, encoding="utf-8")
    return path


def long_note(folder: Path, name: str = "long.md") -> Path:
    """Forty long bullets under one heading: the planner must shrink and split."""
    bullets = "\n".join(f"- point {n}: " + "a rather long sentence that wraps " * 3
                        for n in range(40))
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Long\n---\n## Everything at once\n\n{bullets}\n",
                    encoding="utf-8")
    return path


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # never the user's image cache
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["COLUMNS"] = "160"
    env.update(extra)
    return env


def slidegen(tmp_path: Path, *args: str | Path, cwd: Path | None = None, timeout: float = 120,
             **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "slidegen", *map(str, args)],
                          cwd=cwd or tmp_path, env=env_for(tmp_path, **env), text=True,
                          capture_output=True, timeout=timeout)


def slide_count(deck: Path) -> int:
    return len(Presentation(str(deck)).slides)


def slide_width_pt(deck: Path) -> float:
    return Emu(Presentation(str(deck)).slide_width).pt


def texts(slide) -> list[str]:  # type: ignore[no-untyped-def]
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


# -- inputs -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_folder_builds_every_note_inside(tmp_path: Path) -> None:
    small_note(tmp_path / "notes", "a.md", "Alpha")
    small_note(tmp_path / "notes" / "sub", "b.md", "Beta")
    (tmp_path / "notes" / ".hidden").mkdir()
    (tmp_path / "notes" / ".hidden" / "skip.md").write_text("# not a note\n")
    done = slidegen(tmp_path, "notes", "-o", "out")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.pptx", "b.pptx"]
    first = Presentation(str(tmp_path / "out" / "a.pptx")).slides[0]
    assert "Alpha" in " ".join(texts(first))


@pytest.mark.slow
def test_glob_is_expanded_when_the_shell_did_not(tmp_path: Path) -> None:
    small_note(tmp_path, "one.md", "One")
    small_note(tmp_path, "two.md", "Two")
    done = slidegen(tmp_path, "*.md", "-o", "out")
    assert done.returncode == 0, done.stderr
    assert {p.name for p in (tmp_path / "out").glob("*.pptx")} == {"one.pptx", "two.pptx"}
    missing = slidegen(tmp_path, "nothing*.md")
    assert missing.returncode == 2
    assert "nothing*.md: no notes match" in missing.stderr


@pytest.mark.slow
def test_output_file_and_folder(tmp_path: Path) -> None:
    note = small_note(tmp_path)
    done = slidegen(tmp_path, note, "-o", "talk.pptx")
    assert done.returncode == 0, done.stderr
    assert slide_count(tmp_path / "talk.pptx") == 3  # title, two content slides
    done = slidegen(tmp_path, note, "-o", "decks")
    assert (tmp_path / "decks" / "note.pptx").is_file()
    second = small_note(tmp_path, "other.md")
    clash = slidegen(tmp_path, note, second, "-o", "one.pptx")
    assert clash.returncode == 2
    assert "names one deck but 2 notes" in clash.stderr
    assert not (tmp_path / "one.pptx").exists()


def test_missing_note_is_a_usage_error(tmp_path: Path) -> None:
    done = slidegen(tmp_path, "nope.md")
    assert done.returncode == 2
    assert "nope.md: no such file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_theme_option_changes_the_deck(tmp_path: Path) -> None:
    note = small_note(tmp_path)
    assert slidegen(tmp_path, note, "-o", "wide.pptx").returncode == 0
    done = slidegen(tmp_path, note, "-o", "narrow.pptx", "--theme", "navy")
    assert done.returncode == 0, done.stderr
    assert slide_width_pt(tmp_path / "wide.pptx") == 960
    assert slide_width_pt(tmp_path / "narrow.pptx") == 720
    bad = slidegen(tmp_path, note, "--theme", "no-such-theme")
    assert bad.returncode == 2
    assert "no-such-theme" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_template_option_builds_on_a_pptx(tmp_path: Path) -> None:
    note = small_note(tmp_path)
    Presentation().save(str(tmp_path / "brand.pptx"))  # python-pptx's own 4:3 template
    done = slidegen(tmp_path, note, "--template", "brand.pptx", "-o", "branded.pptx")
    assert done.returncode == 0, done.stderr
    assert slide_width_pt(tmp_path / "branded.pptx") == 720
    missing = slidegen(tmp_path, note, "--template", "missing.potx")
    assert missing.returncode == 2
    assert "missing.potx: no such file" in missing.stderr and "Traceback" not in missing.stderr


# -- check, strict, offline ---------------------------------------------------------------------


@pytest.mark.slow
def test_check_writes_nothing_and_reports_splits(tmp_path: Path) -> None:
    note = long_note(tmp_path)
    done = slidegen(tmp_path, "--check", note, "-o", "out")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "out").exists()
    assert "would build" in done.stdout and "split" in done.stdout
    assert re.search(r"long\.md:\d+: slide 'Everything at once' is too long", done.stderr)
    assert "continued on" in done.stderr


@pytest.mark.slow
def test_strict_fails_on_a_warning_and_writes_no_deck(tmp_path: Path) -> None:
    note = small_note(tmp_path)
    (tmp_path / "pic.png").unlink()  # the picture is now missing: a warning
    relaxed = slidegen(tmp_path, note, "-o", "relaxed")
    assert relaxed.returncode == 0
    assert re.search(r"note\.md:12: image pic\.png", relaxed.stderr)
    done = slidegen(tmp_path, note, "-o", "strict", "--strict")
    assert done.returncode == 1
    assert "--strict" in done.stderr
    assert not (tmp_path / "strict").exists() or not any((tmp_path / "strict").iterdir())


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with ImageServer() as running:
        yield running


@pytest.mark.slow
def test_offline_uses_the_cache_and_never_the_network(tmp_path: Path,
                                                      server: ImageServer) -> None:
    url = server.add("diagram.png", png_bytes(120, 80))
    note = tmp_path / "web.md"
    note.write_text(f"---\ntitle: Web\n---\n## Picture\n\n![d]({url})\n", encoding="utf-8")
    cold = slidegen(tmp_path, note, "--offline", "-o", "cold")
    assert cold.returncode == 0
    assert "offline and not cached" in cold.stderr
    assert server.total_full() == 0
    online = slidegen(tmp_path, note, "-o", "online", "--allow-private-hosts")
    assert online.returncode == 0, online.stderr
    assert "1 picture" in online.stdout and "from cache" not in online.stdout
    server.stop()
    offline = slidegen(tmp_path, note, "--offline", "-o", "offline")
    assert offline.returncode == 0, offline.stderr
    assert "1 picture (1 from cache)" in offline.stdout
    pictures = [s for s in Presentation(str(tmp_path / "offline" / "web.pptx")).slides[1].shapes
                if s.shape_type == 13]
    assert len(pictures) == 1


# -- output for people ----------------------------------------------------------------------------


@pytest.mark.slow
def test_quiet_and_verbose(tmp_path: Path) -> None:
    note = small_note(tmp_path)
    quiet = slidegen(tmp_path, note, "-q", "-o", "q")
    assert quiet.returncode == 0
    assert quiet.stdout == "" and quiet.stderr == ""
    (tmp_path / "slidegen.yaml").write_text("jobs: 1\n")
    verbose = slidegen(tmp_path, note, "-v", "-o", "v")
    assert verbose.returncode == 0
    assert f"config: {tmp_path / 'slidegen.yaml'}" in verbose.stderr
    assert "theme:" in verbose.stderr
    both = slidegen(tmp_path, note, "-q", "-v")
    assert both.returncode == 2


@pytest.mark.slow  # ten runs of the command
def test_a_bad_command_line_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    note = small_note(tmp_path)
    for args, says in ((["--bogus", note], "unrecognized arguments: --bogus"),
                       (["-j", "0", note], "argument -j/--jobs: 0 is not in the range 1 to 64"),
                       (["--slide-level", "two", note], "'two' is not a whole number"),
                       (["--config", "missing.yaml", note], "missing.yaml: no such file"),
                       (["--config", ".", note], ".: a folder, not a file"),
                       (["--combine", ".", note], "argument --combine: .: a folder, not a file"),
                       (["--template", ".", note], ".: a folder, not a file"),
                       (["pdf", note, "-o", note], "note.md: a file, not a folder"),
                       (["pdf"], "the following arguments are required: DECKS"),
                       (["pdf", "gone.pptx"], "gone.pptx: no such file")):
        done = slidegen(tmp_path, *args)
        assert done.returncode == 2, args
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
        assert says in done.stderr and "slidegen -h" in done.stderr


def test_switches_leave_the_choice_to_the_config_file_unless_given() -> None:
    from slidegen.app.cli import _build_parser

    parser = _build_parser()
    unset = parser.parse_args(["a.md"])
    assert (unset.pdf, unset.offline, unset.strict, unset.allow_private_hosts) == (None,) * 4
    given = parser.parse_args(["--no-pdf", "--online", "--strict", "a.md", "b.md"])
    assert (given.pdf, given.offline, given.strict) == (False, False, True)
    assert given.notes == [Path("a.md"), Path("b.md")] and given.debounce == 300
    with pytest.raises(Exception, match="unrecognized arguments: --out"):
        parser.parse_args(["--out", "x", "a.md"])  # no abbreviations: --output in full


@pytest.mark.slow
def test_version_list_themes_help(tmp_path: Path) -> None:
    from slidegen import __version__
    from slidegen.theme import builtin_theme_names

    version = slidegen(tmp_path, "--version")
    assert version.returncode == 0 and __version__ in version.stdout
    themes = slidegen(tmp_path, "--list-themes")
    assert themes.returncode == 0
    listed = [line.split()[0] for line in themes.stdout.splitlines()]
    assert listed == builtin_theme_names()
    helped = slidegen(tmp_path, "--help")
    assert helped.returncode == 0
    for needle in ("Usage: slidegen [OPTIONS] NOTES...", "--combine", "--watch", "Examples:",
                   "Exit codes:", "2  usage error", "slidegen.yaml"):
        assert needle in helped.stdout


@pytest.mark.slow
def test_plain_output_has_no_escape_codes(tmp_path: Path) -> None:
    small_note(tmp_path, "a.md")
    long_note(tmp_path)
    done = slidegen(tmp_path, "a.md", "long.md", "-o", "out")
    assert done.returncode == 0
    assert ESCAPE not in done.stdout and ESCAPE not in done.stderr
    assert "warning: long.md:" in done.stderr
    assert re.search(r"built 2 of 2 decks, 0 failures, \d+ warnings", done.stdout)


def _run_in_terminal(tmp_path: Path, *args: str, **env: str) -> str:
    """Run with stdout and stderr on a pseudo-terminal, as when a person types the command."""
    import pty

    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "slidegen", *args], cwd=tmp_path,
                            env=env_for(tmp_path, TERM="xterm-256color", **env),
                            stdout=child, stderr=child, stdin=subprocess.DEVNULL)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_terminal_gets_a_summary_table_and_no_color_turns_it_off(tmp_path: Path) -> None:
    small_note(tmp_path, "a.md")
    small_note(tmp_path, "b.md")
    shown = _run_in_terminal(tmp_path, "a.md", "b.md", "-o", "out")
    assert ESCAPE in shown
    for column in ("deck", "slides", "embedded", "cached", "failed", "warnings", "seconds"):
        assert column in shown
    plain = _run_in_terminal(tmp_path, "a.md", "b.md", "-o", "out", NO_COLOR="1")
    assert ESCAPE not in plain
    assert "built 2 of 2 decks" in plain


@pytest.mark.slow
def test_bad_note_is_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    small_note(tmp_path, "good.md")
    (tmp_path / "bad.md").write_text("---\ntitle: [unclosed\n---\n# x\n", encoding="utf-8")
    done = slidegen(tmp_path, "bad.md", "good.md", "-o", "out")
    assert done.returncode == 1
    assert re.search(r"^error: bad\.md:2: front matter", done.stderr, re.M)
    assert "Traceback" not in done.stderr
    assert (tmp_path / "out" / "good.pptx").is_file()
    assert not (tmp_path / "out" / "bad.pptx").exists()


def build_with_bug(tmp_path: Path, hook_source: str) -> subprocess.CompletedProcess[str]:
    """boom.md and fine.md built by the real command, with a bug injected by sitecustomize."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(textwrap.dedent(hook_source))
    small_note(tmp_path, "boom.md")
    small_note(tmp_path, "fine.md")
    path = os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")])
    done = slidegen(tmp_path, "boom.md", "fine.md", "-o", "out", PYTHONPATH=path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (tmp_path / "out" / "fine.pptx").is_file()
    assert not (tmp_path / "out" / "boom.pptx").exists()
    return done


@pytest.mark.slow
def test_unexpected_exception_in_one_note_is_reported_and_the_batch_goes_on(
        tmp_path: Path) -> None:
    done = build_with_bug(tmp_path, """\
        import slidegen.pipeline as build
        _plan = build.plan_deck
        def plan_deck(doc, *args, **kwargs):
            if doc.path.name == "boom.md":
                raise ZeroDivisionError("injected")
            return _plan(doc, *args, **kwargs)
        build.plan_deck = plan_deck
    """)
    internal = r"^error: boom\.md: internal error.*ZeroDivisionError.*injected.*please report"
    assert re.search(internal, done.stderr, re.M), done.stderr


@pytest.mark.slow
def test_a_bug_while_rendering_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    """Rendering happens in the render process where there is one; its bugs are reported the
    same way, as one line, with no traceback from either process."""
    done = build_with_bug(tmp_path, """\
        import os
        import slidegen.write
        import slidegen.write.atomic as write
        slidegen.write._idle_cpu = lambda: True  # draw in the render process, however busy
        MAIN = os.getpid()
        _write = write.write_atomically
        def write_atomically(target, render):
            if target.name == "boom.pptx":
                where = "the main process" if os.getpid() == MAIN else "a child"
                raise ZeroDivisionError(f"injected in {where}")
            return _write(target, render)
        write.write_atomically = write_atomically
    """)
    internal = r"^error: boom\.md: internal error ZeroDivisionError at \S+\.py:\d+: injected"
    assert re.search(internal, done.stderr, re.M), done.stderr
    if sys.platform == "linux" and len(os.sched_getaffinity(0)) > 1:
        assert "injected in a child" in done.stderr


# -- parallel and combined ------------------------------------------------------------------------


@pytest.mark.slow
def test_jobs_build_in_parallel_and_report_in_input_order(tmp_path: Path) -> None:
    notes = [small_note(tmp_path, f"{name}.md", name.title()) for name in ("c", "a", "b")]
    long_note(tmp_path, "a.md")  # the slowest first in sorted order, but second on the line
    done = slidegen(tmp_path, "-j", "2", *[n.name for n in notes], "-o", "out")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("out/")]
    assert [line.split(":")[0] for line in lines] == ["out/c.pptx", "out/a.pptx", "out/b.pptx"]
    assert slide_count(tmp_path / "out" / "c.pptx") == 3
    assert slide_count(tmp_path / "out" / "a.pptx") > 3


@pytest.mark.slow
def test_combine_makes_one_session_deck(tmp_path: Path) -> None:
    folder = tmp_path / "week3"
    small_note(folder, "1-intro.md", "Intro to things")
    small_note(folder, "2-more.md", "More things")
    singles = slidegen(tmp_path, "week3", "-o", "singles")
    assert singles.returncode == 0, singles.stderr
    per_note = [slide_count(tmp_path / "singles" / f"{n}.pptx") for n in ("1-intro", "2-more")]
    done = slidegen(tmp_path, "week3", "--combine", "session.pptx")
    assert done.returncode == 0, done.stderr
    deck = Presentation(str(tmp_path / "session.pptx"))
    slides = list(deck.slides)
    assert len(slides) == 1 + 1 + sum(per_note)
    assert "week3" in " ".join(texts(slides[0]))  # the folder names the session
    agenda = " ".join(texts(slides[1]))
    assert "Intro to things" in agenda and "More things" in agenda
    second_section = 2 + per_note[0]
    assert any("Intro to things" in t for t in texts(slides[2]))
    assert any(t == "01" for t in texts(slides[2]))
    assert any("More things" in t for t in texts(slides[second_section]))
    assert any(t == "02" for t in texts(slides[second_section]))
    numbers = []
    for slide in slides:
        for shape in slide.shapes:
            if shape.name == "Slide Number":
                numbers.append(int(shape.text_frame.text))
    assert numbers and numbers == sorted(numbers)
    assert numbers[-1] == len(slides) and len(set(numbers)) == len(numbers)
    titled = slidegen(tmp_path, "week3", "--combine", "titled.pptx", "--title", "Exam prep")
    assert titled.returncode == 0
    first = Presentation(str(tmp_path / "titled.pptx")).slides[0]
    assert "Exam prep" in " ".join(texts(first))


# -- configuration --------------------------------------------------------------------------------


@pytest.mark.slow
def test_config_file_precedence(tmp_path: Path) -> None:
    project = tmp_path / "project"
    notes = project / "notes"
    small_note(notes, "plain.md")
    fronted = small_note(notes, "fronted.md")
    fronted.write_text(fronted.read_text().replace("author:", "theme: default\nauthor:"))
    (project / "slidegen.yaml").write_text("theme: navy\noutput: built\n")
    done = slidegen(tmp_path, project / "notes")
    assert done.returncode == 0, done.stderr
    built = project / "built"  # relative to the config file, not to where we ran
    assert slide_width_pt(built / "plain.pptx") == 720  # config file over default
    assert slide_width_pt(built / "fronted.pptx") == 960  # front matter over config file
    done = slidegen(tmp_path, project / "notes", "--theme", "navy", "-o", "cli")
    assert done.returncode == 0
    assert slide_width_pt(tmp_path / "cli" / "fronted.pptx") == 720  # command line over all


@pytest.mark.slow
def test_config_footer_is_below_the_notes_and_above_the_themes(tmp_path: Path) -> None:
    """`footer:` in slidegen.yaml is every deck's footer text; a note's own `footer:` wins
    (`footer: false` turns it off), and the theme's applies only where neither says."""
    from slidegen.app.config import load_config
    from slidegen.app.report import Reporter
    from slidegen.app.settings import build_options
    from slidegen.pipeline import build_note

    notes = tmp_path / "notes"
    plain = small_note(notes, "plain.md")
    own = small_note(notes, "own.md")
    own.write_text(own.read_text().replace("author:", "footer: Guest lecture\nauthor:"))
    off = small_note(notes, "off.md")
    off.write_text(off.read_text().replace("author:", "footer: false\nauthor:"))
    (tmp_path / "theme.yaml").write_text('extends: default\nfooter: "From the theme"\n')
    (tmp_path / "slidegen.yaml").write_text('theme: theme.yaml\nfooter: "Study group · week 3"\n')

    def footers(config_text: str) -> dict[str, set[str]]:
        (tmp_path / "slidegen.yaml").write_text(config_text)
        config = load_config(tmp_path / "slidegen.yaml")
        options = build_options([plain, own, off], tmp_path / "out", None, None, config,
                                Reporter(quiet=True), jobs=1, offline=True, refresh=False,
                                allow_local_files=False, strict=False, write=True)
        found = {}
        for note in (plain, own, off):
            result = build_note(note, options)
            assert result.ok, result.error
            prs = Presentation(str(result.output))
            found[note.stem] = {shape.text_frame.text for slide in prs.slides
                                for shape in slide.shapes if shape.name == "Footer"}
        return found

    with_config = footers('theme: theme.yaml\nfooter: "Study group · week 3"\n')
    assert with_config == {"plain": {"Study group · week 3"}, "own": {"Guest lecture"},
                           "off": set()}
    assert footers("theme: theme.yaml\n")["plain"] == {"From the theme"}


@pytest.mark.slow
def test_unknown_config_key_names_file_and_line(tmp_path: Path) -> None:
    note = small_note(tmp_path / "notes")
    config = tmp_path / "slidegen.yaml"
    config.write_text("output: out\nthme: dark\n")
    done = slidegen(tmp_path, note)
    assert done.returncode == 2
    assert f"{config}:2: unknown setting 'thme'; did you mean 'theme'?" in done.stderr
    assert not (tmp_path / "out").exists()
    config.write_text("jobs: many\n")
    done = slidegen(tmp_path, note)
    assert done.returncode == 2 and f"{config}:1: 'jobs' must be" in done.stderr


@pytest.mark.slow
def test_pyproject_tool_table_is_a_config(tmp_path: Path) -> None:
    note = small_note(tmp_path / "notes")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.slidegen]\ntheme = "navy"\nstirct = true\n')
    done = slidegen(tmp_path, note)
    assert done.returncode == 2
    assert f"{tmp_path / 'pyproject.toml'}:6: unknown setting 'stirct'" in done.stderr
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.slidegen]\ntheme = "navy"\noutput = "o"\n')
    done = slidegen(tmp_path, note)
    assert done.returncode == 0, done.stderr
    assert slide_width_pt(tmp_path / "o" / "note.pptx") == 720


# -- watch ----------------------------------------------------------------------------------------


def _wait_for(condition, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_save_while_the_watcher_starts_is_not_lost(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The watcher needs a moment to start after the first build; a note saved in that moment
    must still be rebuilt. The save is made just before the real watcher starts."""
    import threading

    import watchfiles

    from slidegen.app.watch import WatchUnit, watch

    note = tmp_path / "note.md"
    note.write_text("# One\n", encoding="utf-8")
    rebuilt = threading.Event()
    ready = threading.Event()
    real_watch = watchfiles.watch

    def saved_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.02)  # so that the time stamp surely differs
        note.write_text("# One, edited\n", encoding="utf-8")
        return real_watch(*args, **kwargs)

    monkeypatch.setattr(watchfiles, "watch", saved_first)
    stop = threading.Event()
    unit = WatchUnit("note", lambda: (rebuilt.set(), None)[1], {note.resolve()})
    watcher = threading.Thread(target=watch, args=([unit],),
                               kwargs={"debounce_ms": 50, "stop_event": stop,
                                       "ready": ready.set})
    watcher.start()
    try:
        assert ready.wait(10), "the watcher never said it was running"
        assert rebuilt.wait(10), "the save made while the watcher started was lost"
    finally:
        stop.set()
        watcher.join(10)


@contextlib.contextmanager
def _watching(note: str, folder: Path, output: Path) -> Iterator[subprocess.Popen[str]]:
    """`slidegen NOTE -o out --watch` running in `folder`, its output in `output`; stopped
    with Ctrl-C at the end, which must end it cleanly."""
    with output.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "slidegen", note, "-o", "out", "--watch",
                                 "--debounce", "50"], cwd=folder, env=env_for(folder),
                                stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            assert _wait_for(lambda: "watching" in output.read_text()), output.read_text()
            yield proc
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert "Traceback" not in output.read_text()
    assert proc.returncode == 0


@pytest.mark.slow
def test_watch_rebuilds_on_edit_and_keeps_the_last_good_deck(tmp_path: Path) -> None:
    note = small_note(tmp_path)
    deck = tmp_path / "out" / "note.pptx"
    output = tmp_path / "watch.out"
    with _watching("note.md", tmp_path, output) as proc:
        assert slide_count(deck) == 3
        # an edit: one more section → one more slide
        note.write_text(note.read_text() + "\n## Third part\n\n- new\n", encoding="utf-8")
        assert _wait_for(lambda: slide_count(deck) == 4), output.read_text()
        # a picture edit rebuilds too
        built = deck.stat().st_mtime_ns
        PILImage.new("RGB", (64, 48), (200, 30, 30)).save(tmp_path / "pic.png")
        assert _wait_for(lambda: deck.stat().st_mtime_ns != built), output.read_text()
        # a bad edit: the error is printed, the old deck stays, watching goes on
        kept = deck.read_bytes()
        note.write_text("---\ntitle: [broken\n---\n# x\n", encoding="utf-8")
        assert _wait_for(lambda: "front matter" in output.read_text()), output.read_text()
        assert "note.md:2:" in output.read_text()
        assert deck.read_bytes() == kept
        assert proc.poll() is None
        small_note(tmp_path, extra="\n## Fixed\n\n- again\n\n## And more\n\n- yes\n")
        assert _wait_for(lambda: slide_count(deck) == 5), output.read_text()


def _vault(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An Obsidian vault: a note that embeds another (which shows a picture), includes a part
    as Quarto does and imports a code file as VitePress does."""
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "attachments").mkdir()
    PILImage.new("RGB", (64, 48), (30, 120, 200)).save(vault / "attachments" / "diagram.png")
    other = vault / "개념 정리.md"
    other.write_text("# 개념 정리\n\n컨테이너는 격리된 프로세스다.\n\n![[diagram.png]]\n",
                     encoding="utf-8")
    (vault / "study").mkdir()
    (vault / "study" / "_part.qmd").write_text("## 포함된 절\n\n포함된 내용.\n",
                                               encoding="utf-8")
    (vault / "study" / "app.py").write_text("print('hello')\n", encoding="utf-8")
    note = vault / "study" / "session.md"
    note.write_text("# 스터디\n\n## 개념\n\n![[개념 정리]]\n\n{{< include _part.qmd >}}\n\n"
                    "## 코드\n\n<<< ./app.py\n", encoding="utf-8")
    return vault, note, other


def test_watch_depends_on_embedded_and_included_notes_and_code_files(tmp_path: Path) -> None:
    """`--watch` rebuilt only when the note, its pictures or its theme changed, not when a note
    it embeds or includes (or a code file it imports) did."""
    from slidegen.app.watch import note_dependencies

    vault, note, other = _vault(tmp_path)
    assert note_dependencies(note) == {
        note.resolve(), other.resolve(), (vault / "study" / "_part.qmd").resolve(),
        (vault / "study" / "app.py").resolve(),
        (vault / "attachments" / "diagram.png").resolve()}  # the embedded note's picture


def _deck_text(deck: Path) -> str:
    return deck_text(Presentation(str(deck))) if deck.exists() else ""


@pytest.mark.slow
def test_watch_rebuilds_when_an_embedded_note_changes(tmp_path: Path) -> None:
    vault, _, other = _vault(tmp_path)
    deck = vault / "out" / "session.pptx"
    output = tmp_path / "watch.out"
    with _watching("study/session.md", vault, output):
        assert "격리된 프로세스" in _deck_text(deck)
        other.write_text("# 개념 정리\n\n이미지는 읽기 전용 계층이다.\n", encoding="utf-8")
        assert _wait_for(lambda: "읽기 전용 계층" in _deck_text(deck)), output.read_text()
        (vault / "study" / "app.py").write_text("print('changed')\n", encoding="utf-8")
        assert _wait_for(lambda: "changed" in _deck_text(deck)), output.read_text()


# -- PDF and preview (LibreOffice) ----------------------------------------------------------------


@pytest.mark.libreoffice
def test_pdf_and_preview(tmp_path: Path, soffice: str) -> None:
    import pdfplumber

    note = small_note(tmp_path)
    done = slidegen(tmp_path, note, "-o", "out", "--pdf", "--preview", SOFFICE_PATH=soffice)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(tmp_path / "out" / "note.pdf") as pdf:
        assert len(pdf.pages) == slide_count(tmp_path / "out" / "note.pptx") == 3
        assert "Small note" in (pdf.pages[0].extract_text() or "")
    sheet = PILImage.open(tmp_path / "out" / "note-preview.png")
    assert sheet.format == "PNG" and sheet.width > 600
    converted = slidegen(tmp_path, "pdf", "out/note.pptx", "-o", "pdfs", SOFFICE_PATH=soffice)
    assert converted.returncode == 0, converted.stderr
    with pdfplumber.open(tmp_path / "pdfs" / "note.pdf") as pdf:
        assert len(pdf.pages) == 3


@pytest.mark.libreoffice
def test_preview_without_pdf_leaves_no_pdf(tmp_path: Path, soffice: str) -> None:
    note = small_note(tmp_path)
    done = slidegen(tmp_path, note, "-o", "out", "--preview", SOFFICE_PATH=soffice)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "note-preview.png").is_file()
    assert not list((tmp_path / "out").glob("*.pdf"))
    notes_only = slidegen(tmp_path, note, "-o", "handout", "--pdf-notes", SOFFICE_PATH=soffice)
    assert notes_only.returncode == 0, notes_only.stderr
    assert sorted(p.name for p in (tmp_path / "handout").glob("*.pdf")) == ["note-notes.pdf"]
