"""TeX math: parsed verbatim, converted to Office Math, written as PowerPoint writes it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

import slidegen.math.equations as math_module
from slidegen.deck import Equation
from slidegen.diagnostics import Diagnostics
from slidegen.document import MathBlock, Paragraph, Span
from slidegen.export import convert_to_pdf
from slidegen.export_copy import libreoffice_copy
from slidegen.images import ImageOptions
from slidegen.math import Macro, Macros, definitions
from slidegen.math.equations import Unconvertible, convert
from slidegen.parse import parse_document
from slidegen.pipeline import BuildOptions, build_note
from slidegen.read import Source

try:
    from tests.validate import validate_pptx
except ImportError:  # pragma: no cover - run from inside tests/
    from validate import validate_pptx  # type: ignore[no-redef]

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A14 = "http://schemas.microsoft.com/office/drawing/2010/main"


def parse(text: str) -> tuple[list[object], Diagnostics]:
    diagnostics = Diagnostics("note.md")
    source = Source(path=Path("note.md"), text=text, front_matter={}, body_line=1)
    return parse_document(source, diagnostics).blocks, diagnostics


def math_spans(blocks: list[object]) -> list[Span]:
    return [s for b in blocks if isinstance(b, Paragraph) for s in b.spans if s.math]


# -- parsing --------------------------------------------------------------------------------


def test_inline_math_keeps_underscores_stars_and_backslashes() -> None:
    blocks, _ = parse(r"Let $\mathbf{x}_t * \alpha_i *b*$ and \(y_{t}\_\) be." "\n")
    spans = math_spans(blocks)
    assert [s.text for s in spans] == [r"\mathbf{x}_t * \alpha_i *b*", r"y_{t}\_"]
    assert all(s.math == "inline" for s in spans)
    assert not any(s.italic for b in blocks for s in b.spans)  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", [
    "It costs $5 and $10.", "Pay $ 5 and 6 $ now.", "From $x$5 on", "A \\$x\\$ sign.",
])
def test_dollar_amounts_are_not_math(text: str) -> None:
    blocks, _ = parse(text + "\n")
    assert not math_spans(blocks)
    assert "$" in "".join(s.text for b in blocks for s in b.spans)  # type: ignore[attr-defined]


def test_display_math_blocks_in_every_form() -> None:
    text = ("$$\n\\hat{y} = w_1\n$$\n\n\\[\nE = mc^2\n\\]\n\n"
            "\\begin{align}\na_1 &= b_1 \\\\\na_2 &= b_2\n\\end{align}\n\n"
            "- item\n\n  $$x^2$$\n")
    blocks, diagnostics = parse(text)
    display = [b for b in blocks if isinstance(b, MathBlock)]
    assert [b.tex for b in display] == [r"\hat{y} = w_1", "E = mc^2",
                                        "\\begin{align}\na_1 &= b_1 \\\\\na_2 &= b_2\n\\end{align}"]
    assert [b.line for b in display] == [1, 5, 9]
    nested = blocks[-1].items[0].blocks  # type: ignore[attr-defined]
    assert isinstance(nested[-1], MathBlock) and nested[-1].tex == "x^2"
    assert not diagnostics.items


def test_math_in_headings_table_cells_and_callouts() -> None:
    text = ("# Loss $\\mathcal{L}_t$\n\n| a | b |\n|---|---|\n| $x_1$ | $$y_2$$ |\n\n"
            "> [!NOTE]\n> see $\\alpha_1$\n")
    blocks, _ = parse(text)
    heading, table, callout = blocks
    assert heading.spans[-1].math == "inline"  # type: ignore[attr-defined]
    assert heading.spans[-1].text == r"\mathcal{L}_t"  # type: ignore[attr-defined]
    assert table.rows[0][0][0].text == "x_1"  # type: ignore[attr-defined]
    assert table.rows[0][1][0].math == "display"  # type: ignore[attr-defined]
    assert callout.blocks[0].spans[-1].text == r"\alpha_1"  # type: ignore[attr-defined]


def test_unknown_macro_warns_once_with_its_line() -> None:
    _, diagnostics = parse("text\n\nsee $\\foo{x}$ here\n")
    messages = [str(d) for d in diagnostics.items]
    assert len(messages) == 1 and "3" in messages[0] and "\\foo" in messages[0]


# -- conversion -----------------------------------------------------------------------------


def omml(tex: str, display: bool = False, macros: Macros | None = None) -> etree._Element:
    result = convert(tex, display, macros)
    assert isinstance(result, Equation), result
    return etree.fromstring(result.omml)


def tags(element: etree._Element) -> list[str]:
    return [etree.QName(e).localname for e in element.iter()]


@pytest.mark.parametrize(("tex", "expected"), [
    (r"\frac{a}{b}", ["f", "num", "den"]),
    (r"x_i^2", ["sSubSup", "sub", "sup"]),
    (r"\sqrt[3]{x}", ["rad", "deg"]),
    (r"\sum_{i=1}^{n} x_i", ["nary", "naryPr", "chr", "limLoc"]),
    (r"\int_0^1 f(x)\,dx", ["nary"]),
    (r"\hat{y} + \vec{v}", ["acc", "accPr"]),
    (r"\overline{x}", ["bar"]),
    (r"\left( \frac{1}{2} \right)", ["d", "dPr", "begChr", "endChr"]),
    (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", ["m", "mPr", "mr"]),
    (r"f = \begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}", ["d", "m", "mr"]),
    (r"\lim_{n \to \infty} a_n", ["func", "fName", "limLow", "lim"]),
    (r"\log n + \sin(x)", ["func", "fName"]),
    (r"\argmax_\theta L", ["limLow"]),
    (r"\operatorname{softmax}(\mathbf{z})_i", ["sSub", "d", "begChr"]),
    (r"\begin{pmatrix} a \\ b \end{pmatrix}", ["d", "m"]),
])
def test_structures_become_their_office_math_elements(tex: str, expected: list[str]) -> None:
    found = tags(omml(tex, display=True))
    for tag in expected:
        assert tag in found, (tag, found)


def test_element_order_follows_the_schema() -> None:
    nary = omml(r"\sum_{i=1}^{n} x_i", display=True).find(f".//{{{M}}}nary")
    assert [etree.QName(c).localname for c in nary] == ["naryPr", "sub", "sup", "e"]
    frac = omml(r"\frac{a}{b}").find(f".//{{{M}}}f")
    assert [etree.QName(c).localname for c in frac] == ["num", "den"]
    rad = omml(r"\sqrt{x}").find(f".//{{{M}}}rad")
    assert [etree.QName(c).localname for c in rad] == ["radPr", "deg", "e"]


def test_greek_fonts_and_text() -> None:
    element = omml(r"\alpha + \mathbf{x} + \mathbb{R} + \mathcal{L} + \text{if } y")
    text = "".join(t.text for t in element.iter(f"{{{M}}}t"))
    assert "α" in text and "𝐱" in text and "ℝ" in text and "ℒ" in text and "if" in text
    assert element.find(f".//{{{M}}}nor") is not None


def test_upright_words_are_one_run_and_sim_is_drawn() -> None:
    r"""`\mathrm{Attention}` was nine one-letter runs (LibreOffice spaces them apart: "A t t e
    n t i o n"); `\sim` was an ASCII "~" that LibreOffice draws as nothing."""
    element = omml(r"\mathrm{Attention}(Q) + D_{\mathrm{KL}}(p \| q), \; x \sim p")
    runs = ["".join(t.text for t in r.iter(f"{{{M}}}t")) for r in element.iter(f"{{{M}}}r")]
    assert "Attention" in runs and "KL" in runs and "A" not in runs
    assert "\u223c" in runs and "~" not in runs
    word = next(r for r in element.iter(f"{{{M}}}r") if r.findtext(f"{{{M}}}t") == "Attention")
    assert word.find(f"{{{M}}}rPr/{{{M}}}sty").get(f"{{{M}}}val") == "p"


def test_align_becomes_an_equation_array_with_alignment_points() -> None:
    element = omml("\\begin{align*} a &= b + c \\\\ d &= e \\end{align*}", display=True)
    rows = element.findall(f".//{{{M}}}eqArr/{{{M}}}e")
    assert len(rows) == 2
    assert "&" in [t.text for t in rows[0].iter(f"{{{M}}}t")]
    assert etree.QName(element).localname == "oMathPara"


def test_macros_defined_in_the_note() -> None:
    found = definitions(r"$$\DeclareMathOperator{\KL}{KL} \newcommand{\R}{\mathbb{R}}$$")
    assert found == {"KL": Macro(r"\operatorname{KL}"), "R": Macro(r"\mathbb{R}")}
    text = "".join(t.text for t in omml(r"\KL(p \| q) \in \R", macros=found).iter(f"{{{M}}}t"))
    assert "KL" in text and "ℝ" in text and "\\" not in text


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{M}}}t"))


def test_macros_with_arguments_in_every_defining_form() -> None:
    found = definitions(r"\newcommand{\norm}[1]{\left\lVert #1 \right\rVert}"
                        r"\renewcommand\inner[2][x]{\langle #1, #2 \rangle}"
                        r"\def\abs#1{\lvert #1 \rvert}")
    assert found["norm"] == Macro(r"\left\lVert #1 \right\rVert", 1)
    assert found["inner"] == Macro(r"\langle #1, #2 \rangle", 2, "x")
    assert found["abs"].arity == 1
    equation = convert(r"\norm{a+b} \le \norm a + \inner{y} + \inner[u]{v} + \abs{\frac{1}{2}}",
                       False, found)
    assert isinstance(equation, Equation)
    text = equation.text  # the linear form, delimiters included
    assert "‖" in text and "a+b" in text and "⟨" in text and "x,y" in text.replace(" ", "")
    assert "u,v" in text.replace(" ", "") and "\\" not in text and "#" not in text


def test_a_macro_that_doubles_itself_stops_and_is_reported() -> None:
    found = definitions(r"\newcommand{\boom}{\boom\boom}")
    result = convert(r"\boom", False, found)
    assert isinstance(result, Unconvertible) and result.reason == r"\boom"


def test_tag_shows_the_equation_number_at_its_end() -> None:
    assert text_of(omml(r"E = mc^2 \tag{1}", display=True)).endswith("(1)")
    assert text_of(omml(r"a = b \tag*{★}", display=True)).endswith("★")
    rows = omml(r"\begin{align} a &= b \tag{2} \\ c &= d \notag \end{align}", display=True)
    assert "(2)" in text_of(rows) and "notag" not in text_of(rows)


def test_unknown_macro_is_unconvertible() -> None:
    result = convert(r"\foo{x} + 1", False)
    assert isinstance(result, Unconvertible) and result.reason == r"\foo"


def test_size_grows_with_structure() -> None:
    small, big = convert("x", True), convert(r"\frac{\sum_{i} x_i}{n}", True)
    assert isinstance(small, Equation) and isinstance(big, Equation)
    assert big.height > small.height * 1.5 and big.width > small.width


# -- decks ----------------------------------------------------------------------------------

NOTE = r"""# Math $\mathbf{x}_t$

## Notation $\theta_t$

Let $\mathbf{x}_t \in \mathbb{R}^d$ and $\hat{y} = \frac{a}{b}$; it costs $5 and $10.

$$
\mathcal{L}(\theta) = -\frac{1}{N}\sum_{i=1}^{N} \log p_\theta(y_i \mid x_i)
$$

- an item with $\sqrt{x^2 + 1}$
- a display one:

  $$\int_0^1 f(x)\,dx$$

| symbol | meaning |
|---|---|
| $\alpha_t$ | step size |

> [!NOTE]
> callout with $e^{i\pi} + 1 = 0$

Unknown $\foo{x}$ stays visible.
"""


def build(tmp_path: Path, text: str) -> Path:
    note = tmp_path / "notes" / "math.md"
    note.parent.mkdir(parents=True)
    note.write_text(text, encoding="utf-8")
    options = BuildOptions(output=tmp_path / "out",
                           images=ImageOptions(offline=True, cache_dir=tmp_path / "cache"))
    result = build_note(note, options)
    assert result.ok and result.output is not None, result.error
    validate_pptx(result.output)
    return result.output


def slides_xml(deck: Path) -> list[etree._Element]:
    with zipfile.ZipFile(deck) as archive:
        names = sorted(n for n in archive.namelist()
                       if n.startswith("ppt/slides/slide") and n.endswith(".xml"))
        return [etree.fromstring(archive.read(n)) for n in names]


@pytest.mark.slow
def test_deck_holds_office_math_and_no_tex(tmp_path: Path) -> None:
    slides = slides_xml(build(tmp_path, NOTE))
    choices = [c for s in slides for c in s.iter(f"{{{MC}}}Choice")]
    assert choices and all(c.get("Requires") == "a14" for c in choices)
    holders = [h for c in choices for h in c.iter(f"{{{A14}}}m")]
    assert len(holders) >= 9  # 2 titles, 2 inline, 2 display, item, table cell, callout
    found = {etree.QName(e).localname for h in holders for e in h.iter()}
    assert {"oMath", "oMathPara", "f", "sSub", "sSup", "nary", "rad", "acc"} <= found
    texts = [t.text or "" for s in slides for t in s.iter(f"{{{A}}}t")]
    shown = "\n".join(texts)
    assert "\\frac" not in shown and "\\mathbf" not in shown
    assert "$5 and $10" in shown
    assert "$" not in shown.replace("$5 and $10", "").replace("$\\foo{x}$", "")
    assert "\\foo{x}" in shown  # the unconvertible formula, as TeX


def test_every_shape_with_math_has_a_text_fallback(tmp_path: Path) -> None:
    for slide in slides_xml(build(tmp_path, NOTE)):
        for alternate in slide.iter(f"{{{MC}}}AlternateContent"):
            fallback = alternate.find(f"{{{MC}}}Fallback")
            assert fallback is not None and len(fallback) == 1
            assert fallback.find(f".//{{{A14}}}m") is None
            assert "".join(t.text or "" for t in fallback.iter(f"{{{A}}}t")).strip()


# -- LibreOffice ----------------------------------------------------------------------------

MATH_NOTE = Path(__file__).parent / "data" / "math_note.md"


@pytest.mark.slow
def test_libreoffice_copy_takes_the_fallback_of_mixed_shapes(tmp_path: Path) -> None:
    deck = build(tmp_path, NOTE)
    copy = libreoffice_copy(deck, tmp_path / "copy")
    assert copy != deck and copy.name == deck.name
    for slide in slides_xml(copy):
        for choice in slide.iter(f"{{{MC}}}Choice"):  # what is left: equation-only shapes
            assert len(list(choice.iter(f"{{{A14}}}m"))) == 1
            assert not "".join(t.text or "" for t in choice.iter(f"{{{A}}}t")).strip()
    shown = "".join(t.text or "" for s in slides_xml(copy) for t in s.iter(f"{{{A}}}t"))
    assert "√" in shown and "α" in shown and "\\" not in shown.replace("$\\foo{x}$", "")
    plain = tmp_path / "plain.pptx"
    plain.write_bytes(build(tmp_path / "p", "# No math\n\njust text\n").read_bytes())
    assert libreoffice_copy(plain, tmp_path / "copy2") == plain


@pytest.mark.slow
def test_formulas_show_as_formulas_in_the_pdf(tmp_path: Path, soffice: str) -> None:
    deck = build(tmp_path, MATH_NOTE.read_text(encoding="utf-8"))
    (pdf,) = convert_to_pdf([deck], tmp_path / "pdf", soffice=soffice, timeout=180)
    with pdfplumber.open(pdf) as doc:
        pages = [page.extract_text() or "" for page in doc.pages]
        images = sum(len(page.images) for page in doc.pages)
    text = "\n".join(pages)
    assert len(pages) == len(slides_xml(deck))
    for leaked in ("\\frac", "\\mathbf", "\\begin", "\\sum", "$$", "\\left"):
        assert leaked not in text, leaked
    for symbol in ("softmax", "∑", "θ", "β", "√"):  # formula objects and fallback text alike
        assert symbol in text, symbol
    assert images == 0  # formulas are drawn as formulas, not pictures
    assert "¿" not in text  # LibreOffice's mark of a place with nothing in it


@pytest.mark.slow
def test_libreoffice_copy_fills_empty_cells_and_rows_that_start_with_a_relation(
        tmp_path: Path) -> None:
    """An empty matrix cell and an aligned row `&= d` were printed as a red "¿" in the PDF."""
    deck = build(tmp_path, "# 식\n\n$$\n\\begin{aligned} a &= b+c \\\\ &= d \\end{aligned}\n$$\n\n"
                 "$$\n\\begin{bmatrix} 1 & & \\\\ & 2 & \\\\ & & 3 \\end{bmatrix}\n$$\n")
    copy = libreoffice_copy(deck, tmp_path / "copy")
    places = [e for s in slides_xml(copy) for e in s.iter(f"{{{M}}}e")]
    assert places and all(len(e) for e in places)  # no empty place
    rows = [e for e in places if etree.QName(e.getparent()).localname == "eqArr"]
    assert ["".join(t.text for t in row.iter(f"{{{M}}}t"))[:2] for row in rows] == [
        "a=", "\u2063="]
    assert not any(e.find(f".//{{{M}}}t") is not None and "\u2063" in e.findtext(f".//{{{M}}}t")
                   for s in slides_xml(deck) for e in s.iter(f"{{{M}}}e"))  # the deck as is


@pytest.fixture(autouse=True)
def equation_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test converts afresh, into a cache folder of its own."""
    folder = tmp_path / "cache-home"
    monkeypatch.setenv("SLIDEGEN_CACHE_DIR", str(folder))
    math_module._convert.cache_clear()
    return folder / "equations"


def test_conversions_are_cached_on_disk_by_content(equation_cache: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first = convert(r"\frac{a}{b} + \foo", True)
    second = convert(r"\frac{a}{b}", True)
    assert isinstance(first, Unconvertible) and isinstance(second, Equation)
    assert len(list(equation_cache.glob("*/*.json"))) == 2
    math_module._convert.cache_clear()

    def no_conversion(*args: object) -> None:
        raise AssertionError("converted again")

    monkeypatch.setattr(math_module, "_converted", no_conversion)
    assert convert(r"\frac{a}{b}", True) == second
    assert convert(r"\frac{a}{b} + \foo", True) == first


def test_tall_equations_make_their_line_taller() -> None:
    from slidegen.deck import Run, TextParagraph
    from slidegen.plan.textfit import TextMetrics
    from slidegen.theme import load_theme

    metrics = TextMetrics.for_theme(load_theme(None))
    flat, tall = convert("x_t", False), convert(r"\frac{\sum_i x_i}{n}", False)
    assert isinstance(flat, Equation) and isinstance(tall, Equation)
    text = [Run("so "), Run(flat.text, math=flat)]
    assert metrics.height([TextParagraph(text)], 20, 500) < metrics.height(
        [TextParagraph([Run("so "), Run(tall.text, math=tall)])], 20, 500)


@pytest.mark.slow
def test_math_decks_pass_the_schema_validator(tmp_path: Path) -> None:
    audit = pytest.importorskip("openxml_audit")
    for name, text in (("note", NOTE), ("math", MATH_NOTE.read_text(encoding="utf-8"))):
        deck = build(tmp_path / name, text)
        validator = audit.OpenXmlValidator(file_format=audit.FileFormat.MICROSOFT_365)
        result = validator.validate(str(deck))
        assert result.is_valid, [str(e) for e in result.errors][:5]


def test_double_dollars_among_text_are_inline_as_kramdown_reads_them() -> None:
    from slidegen.plan.content import spans_to_runs

    def lang(text: str) -> str:
        return "en-US"

    among = spans_to_runs([Span("see "), Span("x^2", math="display"), Span(" here")], lang)
    alone = spans_to_runs([Span("x^2", math="display")], lang)
    assert among[1].math is not None and not among[1].math.display
    assert "oMathPara" not in among[1].math.omml
    assert alone[0].math is not None and alone[0].math.display


def test_formulas_count_as_shown_in_the_conservation_check(tmp_path: Path) -> None:
    try:
        from tests.deck_checks import assert_conserved
    except ImportError:  # pragma: no cover - run from inside tests/
        from deck_checks import assert_conserved  # type: ignore[no-redef]
    options = BuildOptions(output=tmp_path / "out",
                           images=ImageOptions(offline=True, cache_dir=tmp_path / "cache"))
    result = build_note(MATH_NOTE, options)
    assert result.ok, result.error
    assert_conserved(MATH_NOTE, result.deck)


@pytest.mark.parametrize("tex", [
    r"\underset{x}{\arg\min} f", r"\left. \frac{df}{dx} \right|_{x=0}", r"\operatorname*{max} x",
    r"\begin{array}{c|c} a & b \\ \hline c & d \end{array}", r"a \backslash b",
    r"\boldsymbol{\theta} \sim \mathcal{N}(\mu, \sigma^2)", r"\lVert x \rVert_2 \le \epsilon",
    r"\xrightarrow{f} \overbrace{a+b}^{n} \binom{n}{k} \pmod{p}",
])
def test_common_notation_converts(tex: str) -> None:
    assert isinstance(convert(tex, True), Equation)


def test_libreoffice_copy_puts_a_plate_under_light_formulas(tmp_path: Path) -> None:
    """LibreOffice draws a formula object black whatever the text's colour: on the dark theme
    the copy it converts gives each formula-only shape a light plate (the deck keeps none)."""
    from slidegen.export_copy import PLATE

    text = "---\ntheme: dark\n---\n# 식\n\n## 공식\n\n$$\\frac{a}{b} + c$$\n"
    deck = build(tmp_path, text)
    copy = libreoffice_copy(deck, tmp_path / "copy")

    def plates(path: Path) -> list[str]:
        return [c.get("val") for s in slides_xml(path) for choice in s.iter(f"{{{MC}}}Choice")
                for c in choice.iter(f"{{{A}}}srgbClr") if c.get("val") == PLATE]

    assert plates(copy) == [PLATE] and plates(deck) == []
    light = build(tmp_path / "light", text.replace("theme: dark", "theme: default"))
    assert plates(libreoffice_copy(light, tmp_path / "copy2")) == []


@pytest.mark.parametrize(("tex", "shown"), [
    ("E = mc^2", "E=mc²"), ("H_2O", "H₂O"), (r"\alpha_{ij} + \beta", "αᵢⱼ+β"),
    (r"e^{i\pi}", "e^(iπ)"), (r"x^{\alpha}", "x^α"), (r"\frac{a+b}{c}", "(a+b)/c")])
def test_a_formula_reads_on_one_line_where_only_text_can_go(tex: str, shown: str) -> None:
    from slidegen.math.equations import reading_of

    assert reading_of(tex) == shown
    assert reading_of(r"\nosuchmacro{x}") is None
