"""TeX formulas in notes: the note's own macros (`tex`), and their conversion to Office Math
equations (`equations.convert`: latex2mathml for TeX → MathML, ours for → OMML).

Pure: no python-pptx, no Markdown. This package's top level is only what every note needs
(finding a note's macro definitions); `slidegen.math.equations` and lxml are imported where
a formula is first converted, so a note without formulas never loads them.
"""

from slidegen.math.tex import Macro, Macros, definitions, without_definitions

__all__ = ["Macro", "Macros", "definitions", "without_definitions"]
