"""PPTX → PDF through a headless LibreOffice (the last pipeline stage).

Why it looks like this:
- One LibreOffice start converts every deck of a run: starting LibreOffice costs about a
  second, converting a deck much less.
- Each start gets a private, throw-away user profile (``-env:UserInstallation``), so an
  open LibreOffice window or a second slidegen run never blocks or hijacks the conversion.
- LibreOffice writes into a hidden temporary folder inside ``out_dir``; finished PDFs are
  moved into place with ``os.replace``, so ``out_dir`` never holds a half-written PDF.
- The PDF's /Lang comes from LibreOffice's locale, not from the PPTX, so the private
  profile is given the deck's language (its core property); decks in different languages
  therefore need one start per language. Hangul or kana in a deck of another language is
  converted under a Korean or Japanese locale, then the language is written back
  (`pdf_language`).
- A timeout kills LibreOffice's whole process group; every failure is one ``ExportError``
  line that says what to do. PPTX files are only read.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from slidegen.export.errors import ExportError
from slidegen.export.pdf_language import conversion_locale, set_pdf_language
from slidegen.export.soffice import install_hint, resolve_soffice
from slidegen.export_copy import libreoffice_copy
from slidegen.processes import sweep_leftovers
from slidegen.records import record
from slidegen.regex import lazy_compile

__all__ = ["convert_to_pdf", "remove_stale_work_dirs"]

NOTES_SUFFIX = "-notes"

_CORE_XML = "docProps/core.xml"
_DC_LANGUAGE = "{http://purl.org/dc/elements/1.1/}language"

# impress_pdf_Export options in the JSON form LibreOffice (7.4+) accepts after the filter name.
_NOTES_FILTER = "pdf:impress_pdf_Export:" + json.dumps(
    {
        "ExportNotesPages": {"type": "boolean", "value": "true"},
        "ExportOnlyNotesPages": {"type": "boolean", "value": "true"},
    },
    separators=(",", ":"),
)
_SLIDES_FILTER = "pdf:impress_pdf_Export"


# --------------------------------------------------------------------------- one LibreOffice run


@record(frozen=True)
class _Job:
    """One LibreOffice start: these decks, this filter, this locale, into this folder."""

    decks: tuple[Path, ...]
    convert_to: str
    language: str | None  # the locale LibreOffice runs under
    suffix: str  # added to the output name: "" for slides, "-notes" for notes pages
    pdf_language: str | None = None  # written into the PDFs after, where it is not the locale


def _deck_language(pptx: Path) -> str | None:
    """The deck's language core property (dc:language), e.g. "ko-KR", if it has one."""
    try:
        with zipfile.ZipFile(pptx) as archive:
            root = ElementTree.fromstring(archive.read(_CORE_XML))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None  # LibreOffice will say whether the deck is readable at all
    node = root.find(_DC_LANGUAGE)
    text = (node.text or "").strip() if node is not None else ""
    return text if text and all(c.isalnum() or c == "-" for c in text) else None


def _write_profile(profile: Path, language: str | None) -> None:
    """Seed the private profile; its locale is what LibreOffice writes as the PDF's /Lang."""
    user = profile / "user"
    user.mkdir(parents=True)
    if not language:
        return
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{language}</value></prop></item>\n"
        for path, name in (
            ("/org.openoffice.Setup/L10N", "ooSetupSystemLocale"),
            ("/org.openoffice.Office.Linguistic/General", "DefaultLocale"),
        )
    )
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n",
        encoding="utf-8",
    )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """End soffice and everything it started (oosplash → soffice.bin)."""
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                capture_output=True,
                check=False,
            )
            proc.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def _last_line(output: bytes) -> str:
    """LibreOffice's most telling output line (it prints noise such as javaldx warnings)."""
    lines = [ln.strip() for ln in output.decode("utf-8", "replace").splitlines() if ln.strip()]
    errors = [ln for ln in lines if "error" in ln.lower() and "javaldx" not in ln]
    return (errors or lines or [""])[-1][:200]


_PARALLEL = 2  # slides and notes pages run side by side; more starts would fight for memory


@record
class _Started:
    """A running LibreOffice, its private profile and where its output goes."""

    job: _Job
    outdir: Path
    profile: Path
    proc: subprocess.Popen[bytes] | None = None
    error: ExportError | None = None


def _start(soffice: str, run: _Started) -> None:
    """Start LibreOffice for one job with its private profile; output goes to a log file.

    A log file rather than a pipe: nothing can block on a full pipe, and a stray child
    holding the pipe open cannot keep us waiting after the process group is gone.
    """
    _write_profile(run.profile, run.job.language)
    cmd = [
        soffice,
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={run.profile.as_uri()}",
        "--convert-to",
        run.job.convert_to,
        "--outdir",
        str(run.outdir),
        *(str(d) for d in run.job.decks),
    ]
    popen_extra: dict[str, object] = (
        {"start_new_session": True}
        if os.name == "posix"
        else {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    )
    try:
        with (run.profile / "soffice.log").open("wb") as log:
            run.proc = subprocess.Popen(  # type: ignore[call-overload]
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, **popen_extra
            )
    except OSError as exc:
        raise ExportError(
            f"cannot start LibreOffice ({soffice}): {exc.strerror or exc}; {install_hint()}"
        ) from None


def _wait(soffice: str, run: _Started, deadline: float, total_timeout: float) -> None:
    """Wait for one started job until the deadline; record a one-line error on failure."""
    assert run.proc is not None
    count = len(run.job.decks)
    try:
        code = run.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill_group(run.proc)
        run.error = ExportError(
            f"LibreOffice did not finish converting {count} deck(s) within the "
            f"{total_timeout:g} s timeout and was stopped: close stuck LibreOffice "
            "processes or raise the timeout"
        )
        return
    if code != 0:
        how = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
        try:
            detail = _last_line((run.profile / "soffice.log").read_bytes())
        except OSError:
            detail = ""
        run.error = ExportError(
            f"LibreOffice ({soffice}) {how} while converting {count} deck(s)"
            + (f" ({detail})" if detail else "")
            + ": check that LibreOffice runs (soffice --version) and the decks open in it"
        )


def _run_all(
    soffice: str, jobs: list[tuple[_Job, Path]], deadline: float, total_timeout: float
) -> list[_Started]:
    """Run the jobs, a few at a time, each with its own throw-away profile."""
    runs: list[_Started] = []
    try:
        for first in range(0, len(jobs), _PARALLEL):
            batch = [
                _Started(job, outdir, Path(tempfile.mkdtemp(prefix="slidegen-lo-profile-")))
                for job, outdir in jobs[first : first + _PARALLEL]
            ]
            runs.extend(batch)
            for run in batch:
                _start(soffice, run)
            for run in batch:
                _wait(soffice, run, deadline, total_timeout)
            if any(run.error for run in batch):
                break
    finally:
        for run in runs:
            if run.proc is not None and run.proc.poll() is None:
                _kill_group(run.proc)  # interrupted (Ctrl+C) or a start failed mid-batch
            shutil.rmtree(run.profile, ignore_errors=True)
    return runs


# --------------------------------------------------------------------------- the public call


def _check_inputs(pptx_files: Sequence[Path], notes_pages: bool) -> list[Path]:
    """Existing, distinct decks whose PDF names cannot collide in one folder."""
    decks = [Path(p) for p in pptx_files]
    outputs: dict[str, Path] = {}
    for deck in decks:
        if not deck.is_file():
            raise ExportError(f"{deck}: no such PPTX file; render the deck first")
        names = [deck.stem + ".pdf"] + ([deck.stem + NOTES_SUFFIX + ".pdf"] if notes_pages else [])
        for name in names:
            other = outputs.get(name.casefold())
            if other is not None:
                raise ExportError(
                    f"{deck} and {other} would both be written as {name}: rename one of them"
                )
            outputs[name.casefold()] = deck
    return decks


WORK_PREFIX = ".slidegen-pdf-"
# Named `<prefix><pid>-<random>`; older folders without a pid go only by age.
_WORK = lazy_compile(rf"^{re.escape(WORK_PREFIX)}(?:(?P<pid>\d+)-)?")


def remove_stale_work_dirs(out_dir: Path) -> list[Path]:
    """Delete work folders that killed runs left in ``out_dir`` (their process is gone)."""
    return sweep_leftovers(out_dir, _WORK, folders=True)


def _prepare_out_dir(out_dir: Path) -> Path:
    """Create ``out_dir`` and a hidden work folder in it, or say why that is impossible.

    The work folder is named by our process id, so a later run can tell a killed run's
    leftovers from a live run's folder and sweep them.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_work_dirs(out_dir)
        return Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=out_dir))
    except FileExistsError:
        reason = "it exists and is not a folder"
    except NotADirectoryError:
        reason = "a part of that path is a file, not a folder"
    except PermissionError:
        reason = "permission denied"
    except OSError as exc:
        reason = exc.strerror or str(exc)
    raise ExportError(f"cannot write PDFs to {out_dir}: {reason}; choose a writable output folder")


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def _jobs(decks: list[Path], notes_pages: bool) -> list[_Job]:
    """One LibreOffice conversion per locale and language of the decks (and per kind of
    pages)."""
    groups: dict[tuple[str | None, str | None], list[Path]] = {}
    for deck in decks:
        language = _deck_language(deck)
        locale = conversion_locale(deck, language)
        key = (locale, language if language != locale else None)
        groups.setdefault(key, []).append(deck.absolute())
    return [
        _Job(tuple(group), convert_to, locale, suffix, pdf_language)
        for convert_to, suffix in [(_SLIDES_FILTER, "")]
        + ([(_NOTES_FILTER, NOTES_SUFFIX)] if notes_pages else [])
        for (locale, pdf_language), group in groups.items()
    ]


def _collect(run: _Started, out_dir: Path, position: dict[Path, int],
             written: list[tuple[tuple[bool, int], Path]], missing: list[str]) -> None:
    """Move the PDFs a finished run made into `out_dir`; name the decks it made none for."""
    if run.error:
        return
    for deck in run.job.decks:
        produced = run.outdir / (deck.stem + ".pdf")
        if not _is_pdf(produced):
            missing.append(f"{deck.name}{' (notes pages)' if run.job.suffix else ''}")
            continue
        if run.job.pdf_language:
            set_pdf_language(produced, run.job.pdf_language)
        target = out_dir / (deck.stem + run.job.suffix + ".pdf")
        os.replace(produced, target)
        written.append(((bool(run.job.suffix), position[deck]), target))


def convert_to_pdf(
    pptx_files: list[Path],
    out_dir: Path,
    *,
    soffice: str | None = None,
    timeout: float = 180.0,
    notes_pages: bool = False,
) -> list[Path]:
    """Convert decks to ``out_dir/<name>.pdf`` (and ``<name>-notes.pdf``) with one LibreOffice.

    Returns the written PDFs, slides PDFs in input order, then notes PDFs. ``timeout`` bounds
    the whole call. Raises ``ExportError`` (one line) on any failure; PPTX files are only read.
    """
    decks = _check_inputs(pptx_files, notes_pages)
    if not decks:
        return []
    program = resolve_soffice(soffice)
    out_dir = Path(out_dir)
    work = _prepare_out_dir(out_dir)
    deadline = time.monotonic() + timeout
    decks = [libreoffice_copy(deck, work / "copies" / str(n)) for n, deck in enumerate(decks)]

    jobs = _jobs(decks, notes_pages)
    position = {deck.absolute(): i for i, deck in enumerate(decks)}
    written: list[tuple[tuple[bool, int], Path]] = []
    missing: list[str] = []

    def done() -> list[Path]:
        return [path for _, path in sorted(written)]

    try:
        dirs = [work / str(index) for index in range(len(jobs))]
        for job_dir in dirs:
            job_dir.mkdir()
        runs = _run_all(program, list(zip(jobs, dirs, strict=True)), deadline, timeout)
        for run in runs:
            _collect(run, out_dir, position, written, missing)
        failed = next((run.error for run in runs if run.error), None)
        if failed:
            raise failed
    except OSError as exc:
        raise ExportError(
            f"cannot write PDFs to {out_dir}: {exc.strerror or exc}; "
            "choose a writable output folder",
            done(),
        ) from None
    except ExportError as exc:
        exc.converted = done()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if missing:
        raise ExportError(
            f"LibreOffice made no PDF for {', '.join(missing)}: open the deck in "
            "LibreOffice Impress to see why, or re-render it",
            done(),
        )
    return done()
