"""The rendered check: what LibreOffice drew for a deck, read back from its PDF, against the
boxes the renderer placed and the template's artwork (`--check --pdf`, and the tests)."""

from __future__ import annotations

from slidegen.check.advice import page_lines
from slidegen.check.boxes import ShapeBox, pptx_boxes
from slidegen.check.rendered import Problem, check_pdf

__all__ = ["Problem", "ShapeBox", "check_pdf", "page_lines", "pptx_boxes"]
