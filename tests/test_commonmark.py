"""Every example of the CommonMark spec builds a deck (planned and rendered in memory).

The examples come from the markdown-it-py source distribution on PyPI (it carries them as
`tests/test_cmark_spec/commonmark.json`), fetched once with pip at test time for the
installed markdown-it-py version and cached in the user cache folder; they are not copied
into this project. Without network they are skipped, or fail when CI is set.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import platformdirs
import pytest

from slidegen.diagnostics import Diagnostics, SlidegenError
from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, plan_note
from slidegen.render import render_deck

try:
    from tests.validate import validate_pptx
except ImportError:  # pytest run with tests/ as the root
    from validate import validate_pptx  # type: ignore[no-redef]

PACKAGE = "markdown-it-py"
MEMBER = "tests/test_cmark_spec/commonmark.json"
REOPEN_EVERY = 20  # reopen and validate one deck in this many (all are rendered)


def _spec_examples() -> tuple[list[dict[str, Any]], str]:
    """(examples, "") or ([], why they could not be had)."""
    wanted = version(PACKAGE)
    cache = platformdirs.user_cache_path("slidegen-tests") / f"{PACKAGE}-{wanted}"
    cached = cache / "commonmark.json"
    if not cached.is_file():
        with tempfile.TemporaryDirectory() as download:
            try:
                subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                                "--no-binary", ":all:", "--disable-pip-version-check", "-q",
                                f"{PACKAGE}=={wanted}", "-d", download],
                               check=True, capture_output=True, timeout=180)
            except (subprocess.SubprocessError, OSError) as exc:
                detail = getattr(exc, "stderr", b"") or b""
                return [], (f"cannot download the {PACKAGE} {wanted} sdist: "
                            f"{detail.decode(errors='replace').strip()[-200:] or exc}")
            archives = list(Path(download).glob("*.tar.gz"))
            if not archives:
                return [], f"pip saved no {PACKAGE} sdist"
            with tarfile.open(archives[0]) as tar:
                member = next((m for m in tar.getmembers() if m.name.endswith(MEMBER)), None)
                extracted = tar.extractfile(member) if member else None
                if extracted is None:
                    return [], f"{MEMBER} is not in {archives[0].name}"
                data = extracted.read()
        cache.mkdir(parents=True, exist_ok=True)
        partial = cache / f".commonmark.{os.getpid()}.part"  # test workers may race here
        partial.write_bytes(data)
        os.replace(partial, cached)
    return json.loads(cached.read_text(encoding="utf-8")), ""


EXAMPLES, UNAVAILABLE = _spec_examples()


def _params() -> list[Any]:
    if not EXAMPLES:
        return [pytest.param(None, id="spec-unavailable")]
    return [pytest.param(ex, id=f"{ex['example']}-{ex['section'][:20].replace(' ', '_')}")
            for ex in EXAMPLES]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cmark")


def test_spec_has_hundreds_of_examples() -> None:
    if UNAVAILABLE:
        if os.environ.get("CI"):
            pytest.fail(UNAVAILABLE)
        pytest.skip(UNAVAILABLE)
    assert len(EXAMPLES) >= 600


@pytest.mark.parametrize("example", _params())
@pytest.mark.slow
def test_example_builds(example: dict[str, Any] | None, workdir: Path) -> None:
    if example is None:
        if os.environ.get("CI"):
            pytest.fail(UNAVAILABLE)
        pytest.skip(UNAVAILABLE)
    number = example["example"]
    note = workdir / f"example-{number}.md"
    note.write_text(example["markdown"], encoding="utf-8")
    options = BuildOptions(output=workdir / "out",
                           images=ImageOptions(offline=True, cache_dir=workdir / "cache"))
    diagnostics = Diagnostics(str(note))
    try:
        deck = plan_note(note, options, diagnostics)
    except SlidegenError as exc:
        # only a leading `---` block (read as front matter) may be refused, in one line
        assert example["markdown"].startswith("---"), str(exc)
        assert "\n" not in str(exc) and str(exc).startswith(f"{note}:")
        return
    assert deck.slides
    stream = io.BytesIO()
    render_deck(deck, stream)
    if number % REOPEN_EVERY == 0:
        prs = validate_pptx(stream.getvalue())
        assert len(prs.slides) == len(deck.slides)
    for warning in diagnostics:
        assert warning.file == str(note)
