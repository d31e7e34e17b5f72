"""Shared test fixtures.

Tests that need the seed site (../shared/seed-site) or LibreOffice skip with a reason on a
user's machine, and fail instead when CI is set, where both must be present.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_SITE = ROOT.parent / "shared" / "seed-site"
SEED_POST = SEED_SITE / "_posts" / "2022-02-08-reviewAWSOnlineEdu01.md"
IN_CI = bool(os.environ.get("CI"))


def _missing(what: str) -> None:
    if IN_CI:
        pytest.fail(f"{what} is required when CI is set")
    pytest.skip(f"{what} is not on this machine")


@pytest.fixture
def seed_post() -> Path:
    """The real Jekyll post the project must handle; read in place, never copied into the repo."""
    if not SEED_POST.is_file():
        _missing(f"the seed post ({SEED_POST})")
    return SEED_POST


@pytest.fixture
def soffice() -> str:
    """Path of LibreOffice's soffice binary."""
    found = os.environ.get("SOFFICE_PATH") or shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        _missing("LibreOffice (soffice)")
    return str(found)


@pytest.fixture
def project_notes() -> Path:
    return ROOT / "notes"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A LibreOffice test is slow by nature; mark it so `pytest -m "not slow"` leaves it out."""
    for item in items:
        if item.get_closest_marker("libreoffice") or "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _every_deck_validates(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """After each test, every deck slidegen wrote under its tmp_path passes the full check.

    PowerPoint offers to "repair" a file whose elements are out of schema order; nobody here can
    open PowerPoint, so each deck a test writes is validated against the schemas instead.
    """
    yield
    tmp = request.node.funcargs.get("tmp_path") if hasattr(request.node, "funcargs") else None
    if tmp is None or not Path(tmp).is_dir() or request.node.get_closest_marker("broken_decks"):
        return
    from tests.validate import InvalidDeck, is_slidegen_deck, validate_pptx

    for deck in sorted(Path(tmp).rglob("*.pptx")):
        if deck.is_file() and not deck.is_symlink() and is_slidegen_deck(deck):
            try:
                validate_pptx(deck)
            except InvalidDeck as exc:
                pytest.fail(f"{deck.relative_to(tmp)} is not a valid deck: {exc}")


@pytest.fixture
def pandoc() -> str:
    """Path of pandoc, the reference reader and writer of pandoc's Markdown."""
    found = shutil.which("pandoc")
    if not found:
        _missing("pandoc")
    return found  # type: ignore[return-value]
