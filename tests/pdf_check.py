"""The rendered check for tests: `slidegen.check` (what `--check --pdf` runs) plus two test
tools.

``without_autofit`` writes a copy of a deck with the safety net switched off, so a check of
that copy sees overflow as overflow instead of as silently shrunk text. ``small_text`` checks
the PPTX alone for runs below the theme's minimum sizes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from slidegen.check import Problem, ShapeBox, check_pdf, pptx_boxes
from slidegen.check.boxes import A_NS
from slidegen.render.pptx_compat import element
from slidegen.theme import Theme

__all__ = ["Problem", "ShapeBox", "check_pdf", "pptx_boxes", "small_text", "without_autofit"]


def without_autofit(pptx: Path, out: Path) -> Path:
    """Copy a deck with every ``normAutofit`` replaced by ``noAutofit``.

    LibreOffice honours shrink-on-overflow when it renders, which hides a planner that
    under-measured; rendering this copy shows such text spilling out of its box instead.
    """
    with zipfile.ZipFile(pptx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("ppt/slides/slide") and item.filename.endswith(".xml"):
                text = data.decode("utf-8")
                text = text.replace("<a:normAutofit/>", "<a:noAutofit/>")
                data = text.encode("utf-8")
            dst.writestr(item, data)
    return out


# --------------------------------------------------------------------------- sizes in the PPTX


def _minimum_for(name: str, theme: Theme) -> float | None:
    """The floor for a shape, from the name the renderer gives it; None for the footer band."""
    s = theme.sizes
    kind = name.rsplit(" ", 1)[0] if name[-1:].isdigit() else name
    if kind in ("Footer", "Slide Number"):
        return None
    if kind in ("Code", "Callout", "Missing picture"):
        return s.min_code
    if kind == "Table":
        return s.min_table
    if kind in ("Diagram", "Chart"):
        return s.min_diagram
    return s.min_body


def small_text(pptx: Path, theme: Theme) -> list[Problem]:
    """Runs set below the theme's minimum: body text under ``min_body``, code/callout/table
    text under ``min_code``/``min_table``. The footer band (slide number) is exempt."""
    from pptx import Presentation

    problems: list[Problem] = []
    prs = Presentation(str(pptx))
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            floor = _minimum_for(shape.name or "", theme)
            if floor is None:
                continue
            for r_pr in element(shape).iter(f"{A_NS}rPr"):
                size = r_pr.get("sz")
                if size is None or int(size) / 100 >= floor:
                    continue
                parent = r_pr.getparent()
                text = "".join(t.text or "" for t in parent.iter(f"{A_NS}t"))
                problems.append(Problem("small-text", number, text[:60],
                                        f"{shape.name}: {int(size) / 100:g} pt < {floor:g} pt"))
    return problems
