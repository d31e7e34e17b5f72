"""One deck per dialect, drawn by LibreOffice: every page without geometry problems, no markup
in the PDF's text, every picture of the site or vault drawn."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from slidegen.check import check_pdf
from slidegen.export import convert_to_pdf
from tests import (
    test_dialect_github,
    test_dialect_hugo,
    test_dialect_jekyll,
    test_dialect_obsidian,
    test_dialect_pandoc,
    test_pandoc_tables,
)
from tests.dialects import FORBIDDEN, build, draw, placeholders, write


def _sites(root: Path) -> dict[str, Path]:
    draw(root / "repo/images/arch.png", (1200, 700), "#6d597a")
    draw(root / "quarto/figures/scatter.png", (1000, 800), "#355070")
    return {
        "minimal-mistakes": test_dialect_jekyll._mm_site(root / "mm"),
        "chirpy": test_dialect_jekyll._chirpy_site(root / "chirpy"),
        "hugo": test_dialect_hugo.hugo_site(root / "hugo"),
        "obsidian": test_dialect_obsidian.vault(root / "vault", "none"),
        "github": write(root / "repo/README.md", test_dialect_github.README),
        "quarto": write(root / "quarto/regression.qmd", test_dialect_pandoc.QMD),
        "pandoc-tables": write(root / "quarto/tables.qmd", test_pandoc_tables.every_kind()),
    }


@pytest.mark.slow
def test_every_dialect_renders_cleanly(tmp_path: Path, soffice: str) -> None:
    decks: dict[str, Path] = {}
    for name, note in _sites(tmp_path / "sites").items():
        result, _ = build(note, tmp_path / "out")
        assert not placeholders(result.deck), name
        assert result.output is not None
        decks[name] = result.output.rename(tmp_path / "out" / f"{name}.pptx")
    convert_to_pdf(list(decks.values()), tmp_path / "pdf", soffice=soffice, timeout=300)
    for name, pptx in decks.items():
        pdf = tmp_path / "pdf" / f"{name}.pdf"
        assert check_pdf(pdf, pptx) == [], name
        with pdfplumber.open(pdf) as document:
            text = "\n".join(page.extract_text() or "" for page in document.pages)
            drawn = sum(len(page.images) for page in document.pages)
        assert not [token for token in FORBIDDEN if token in text], (name, text)
        assert drawn >= 1 or name in ("github", "pandoc-tables"), name
