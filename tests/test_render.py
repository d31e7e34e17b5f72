"""render: Deck → .pptx. Decks are built by hand, rendered, reopened with python-pptx and read
as XML; one test converts with the real LibreOffice and reads the PDF back."""

from __future__ import annotations

import hashlib
import io
import posixpath
import shutil
import subprocess
import time
import zipfile
from pathlib import Path
from typing import Literal

import pytest
from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation

from slidegen.deck import (
    Box,
    CodeBlock,
    Colors,
    Deck,
    DeckInfo,
    ImageData,
    MissingPicture,
    Picture,
    Rect,
    Run,
    Slide,
    TableShape,
    TextBox,
    TextParagraph,
)
from slidegen.indents import BULLET_HANG, INDENT_PER_LEVEL, NUMBER_HANG_EMS
from slidegen.plan.style import deck_style
from slidegen.render import render_deck
from slidegen.render.geometry import CELL_INSETS, emu
from slidegen.theme import Theme

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
A = f"{{{NS['a']}}}"
# CT_TextCharacterProperties child order (ECMA-376 §21.1.2.3.9)
RPR_ORDER = ["ln", "noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill",
             "effectLst", "effectDag", "highlight", "uLnTx", "uLn", "uFillTx", "uFill", "latin",
             "ea", "cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst"]
PPR_ORDER = ["lnSpc", "spcBef", "spcAft", "buClrTx", "buClr", "buSzTx", "buSzPct", "buSzPts",
             "buFontTx", "buFont", "buNone", "buAutoNum", "buChar", "buBlip", "tabLst",
             "defRPr", "extLst"]


def make_image(color: tuple[int, int, int], w: int = 400, h: int = 300) -> ImageData:
    im = Image.new("RGB", (w, h), color)
    draw = ImageDraw.Draw(im)
    draw.rectangle([8, 8, w - 8, h - 8], outline=(20, 20, 20), width=4)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    data = buf.getvalue()
    return ImageData(data, w, h, "png", hashlib.sha256(data).hexdigest())


def title_box(text: str, theme: Theme) -> TextBox:
    m = theme.margins
    return TextBox(Box(m.left, m.top, theme.width - m.left - m.right, 50),
                   [TextParagraph([Run(text, lang="ko-KR")])], "title", theme.sizes.title,
                   bold=True, anchor="bottom")


BODY = [
    TextParagraph([Run("컨테이너", lang="ko-KR", bold=True), Run("는 격리된 ", lang="ko-KR"),
                   Run("프로세스", lang="ko-KR", italic=True)], bullet="bullet"),
    TextParagraph([Run("Docker "), Run("docker run", code=True)], level=1, bullet="bullet",
                  space_before=6),
    TextParagraph([Run("old", strike=True), Run(" see "),
                   Run("the docs", link="https://docs.docker.com/")], level=2, bullet="bullet"),
    TextParagraph([Run("첫 단계", lang="ko-KR")], bullet="number", number=1, space_before=9),
    TextParagraph([Run("하위", lang="ko-KR")], level=1, bullet="bullet"),
    TextParagraph([Run("둘째 단계", lang="ko-KR")], bullet="number", number=2),
    TextParagraph([Run("plain paragraph")], bullet="none", align="center"),
]


def sample_deck(theme: Theme | None = None, date: str | None = "2022-02-08") -> Deck:
    t = theme or Theme()
    m = t.margins
    image = make_image((110, 170, 230))
    body = TextBox(Box(m.left, 100, 480, 300), BODY, "body", 20)
    picture = Picture(Box(560, 110, 352, 264), image, "컨테이너 구조 다이어그램", plate="FFFFFF")
    bar = Rect(Box(m.left, 420, 5, 60), t.colors.accent)
    callout = TextBox(Box(m.left + 5, 420, 859, 60),
                      [TextParagraph([Run("※ 참고: 커널을 공유합니다.", lang="ko-KR")])],
                      "callout", 18, fill=t.colors.callout, anchor="middle",
                      callout_kind="note", inset=9)
    table = TableShape(
        Box(m.left, 100, 600, 160),
        header=[[Run("항목", lang="ko-KR")], [Run("VM")], [Run("Container")]],
        rows=[[[Run("격리", lang="ko-KR")], [Run("하이퍼바이저", lang="ko-KR")],
               [Run("namespace", code=True)]],
              [[Run("부팅", lang="ko-KR")], [Run("분", lang="ko-KR")], [Run("초", lang="ko-KR")]],
              [[Run("크기", lang="ko-KR")], [Run("GB")], [Run("MB")]]],
        size=16, col_widths=[150, 200, 250], align=["left", "center", "right"])
    code = CodeBlock(Box(m.left, 290, 600, 120), [
        [Run("FROM", color="AA22FF", bold=True), Run(" python:3.11")],
        [],
        [Run("    # 들여쓰기", lang="ko-KR", color="408080", italic=True)],
    ], 15, "dockerfile", inset=8)
    missing = MissingPicture(Box(680, 100, 232, 180), "아키텍처 그림",
                             "https://example.com/a.png", "HTTP 404")
    kicker = TextBox(Box(m.left, 14, 400, 18), [TextParagraph([Run("섹션", lang="ko-KR")])],
                     "kicker", 14, color=t.colors.accent)
    slides = [
        Slide("title", TextBox(Box(m.left, 180, t.width - 96, 80),
                               [TextParagraph([Run("AWS 온라인 교육", lang="ko-KR")],
                                              align="center")],
                               "title", t.sizes.title_slide, bold=True, anchor="bottom"),
              notes="제목 슬라이드 노트\nsecond line"),
        Slide("content", title_box("컨테이너 기초", t), shapes=[body, picture, bar, callout],
              notes="발표자 노트: 컨테이너를 설명합니다."),
        Slide("content", title_box("표와 코드", t), kicker=kicker,
              shapes=[table, code, missing]),
        Slide("section", title_box("두 번째 섹션", t),
              shapes=[Picture(Box(m.left, 100, 400, 300), image, "same image again")]),
    ]
    info = DeckInfo("AWS 온라인 교육", author="Julie", subject="containers",
                    keywords=["aws", "docker"], lang="ko-KR", date=date)
    return Deck(info, deck_style(t), slides)


def render(tmp_path: Path, deck: Deck, name: str = "deck.pptx") -> Path:
    out = tmp_path / name
    render_deck(deck, out)
    return out


def slide_xml(path: Path, n: int) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(f"ppt/slides/slide{n}.xml"))


def shape_named(slide, name: str):
    return next(s for s in slide.shapes if s.name == name)


@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    return render(tmp_path, sample_deck())


@pytest.mark.slow
def test_slide_size_background_and_blank_layout(rendered: Path) -> None:
    prs = Presentation(str(rendered))
    assert (prs.slide_width, prs.slide_height) == (emu(960), emu(540))
    assert len(prs.slides) == 4
    for slide in prs.slides:
        assert slide.slide_layout.name == "Blank"
        assert str(slide.background.fill.fore_color.rgb) == "FFFFFF"
        assert not slide.placeholders


@pytest.mark.slow
def test_dark_theme_background(tmp_path: Path) -> None:
    theme = Theme(colors=Colors(background="101820", text="EEEEEE"))
    prs = Presentation(str(render(tmp_path, sample_deck(theme))))
    assert {str(s.background.fill.fore_color.rgb) for s in prs.slides} == {"101820"}


def test_shapes_sit_exactly_at_their_boxes(rendered: Path) -> None:
    prs = Presentation(str(rendered))
    s2, s3 = prs.slides[1], prs.slides[2]
    title = shape_named(s2, "Title")
    assert (title.left, title.top, title.width, title.height) == (
        emu(48), emu(34), emu(864), emu(50))
    body = shape_named(s2, "Body 1")
    assert (body.left, body.top, body.width, body.height) == (emu(48), emu(100), emu(480),
                                                              emu(300))
    pic = shape_named(s2, "Picture 1")
    assert (pic.left, pic.top, pic.width, pic.height) == (emu(560), emu(110), emu(352), emu(264))
    table = shape_named(s3, "Table 1")
    assert (table.left, table.top, table.width, table.height) == (
        emu(48), emu(100), emu(600), emu(160))
    code = shape_named(s3, "Code 1")
    assert (code.left, code.top, code.width, code.height) == (emu(48), emu(290), emu(600),
                                                              emu(120))
    kicker = shape_named(s3, "Kicker")
    assert kicker.top == emu(14)
    bar = shape_named(s2, "Decoration 1")
    assert (bar.left, bar.width) == (emu(48), emu(5))
    assert str(bar.fill.fore_color.rgb) == Theme().colors.accent


def test_text_box_body_properties(rendered: Path) -> None:
    root = slide_xml(rendered, 2)
    bodies = [sp.find("p:txBody/a:bodyPr", NS) for sp in root.iterfind(".//p:sp", NS)
              if sp.find(".//a:r", NS) is not None or sp.find(".//a:fld", NS) is not None]
    assert len(bodies) == 4  # title, body, callout, slide number
    for body_pr in bodies:
        assert body_pr.get("wrap") == "square"
        assert body_pr.find("a:normAutofit", NS) is not None
    title_pr = bodies[0]
    assert [title_pr.get(k) for k in ("lIns", "tIns", "rIns", "bIns")] == ["0"] * 4
    assert title_pr.get("anchor") == "b"
    callout = next(sp for sp in root.iterfind(".//p:sp", NS)
                   if sp.find("p:nvSpPr/p:cNvPr", NS).get("name") == "Callout 1")
    assert callout.find("p:spPr/a:solidFill/a:srgbClr", NS).get("val") == Theme().colors.callout
    pr = callout.find("p:txBody/a:bodyPr", NS)
    assert pr.get("lIns") == str(emu(9)) and pr.get("anchor") == "ctr"
    lnspc = root.find(".//a:pPr/a:lnSpc/a:spcPct", NS)
    assert lnspc.get("val") == str(round(Theme().line_spacing * 100000))


def test_runs_formatting_lang_and_fonts(rendered: Path) -> None:
    prs = Presentation(str(rendered))
    body = shape_named(prs.slides[1], "Body 1")
    paras = body.text_frame.paragraphs
    first = paras[0].runs
    assert first[0].text == "컨테이너" and first[0].font.bold
    assert first[2].font.italic
    link = paras[2].runs[2]
    assert link.hyperlink.address == "https://docs.docker.com/"
    assert link.font.underline
    assert str(link.font.color.rgb) == Theme().colors.link
    xml_runs = body._element.findall(".//a:r", NS)
    strike = next(r for r in xml_runs if r.find("a:t", NS).text == "old")
    assert strike.find("a:rPr", NS).get("strike") == "sngStrike"
    theme = Theme()
    for r in xml_runs:
        rpr = r.find("a:rPr", NS)
        text = r.find("a:t", NS).text
        assert rpr.get("lang") in ("ko-KR", "en-US")
        fonts = theme.fonts.code if text == "docker run" else theme.fonts.body
        assert rpr.find("a:latin", NS).get("typeface") == fonts.latin
        assert rpr.find("a:ea", NS).get("typeface") == fonts.ea
    korean = next(r for r in xml_runs if r.find("a:t", NS).text == "컨테이너")
    assert korean.find("a:rPr", NS).get("lang") == "ko-KR"
    code_run = next(r for r in xml_runs if r.find("a:t", NS).text == "docker run")
    assert code_run.find("a:rPr/a:highlight/a:srgbClr", NS).get("val") == \
        theme.colors.code_background
    assert code_run.find("a:rPr/a:ea", NS).get("typeface") == "Noto Sans Mono CJK KR"
    title = shape_named(prs.slides[1], "Title")._element
    assert title.find(".//a:rPr/a:latin", NS).get("typeface") == theme.fonts.title.latin
    assert title.find(".//a:rPr", NS).get("b") == "1"


def test_every_rpr_and_ppr_keeps_schema_order(rendered: Path) -> None:
    with zipfile.ZipFile(rendered) as z:
        names = [n for n in z.namelist() if n.startswith(("ppt/slides/", "ppt/notesSlides/"))
                 and n.endswith(".xml")]
        for name in names:
            root = etree.fromstring(z.read(name))
            for tag, order in (("rPr", RPR_ORDER), ("endParaRPr", RPR_ORDER),
                               ("pPr", PPR_ORDER)):
                for el in root.iter(f"{A}{tag}"):
                    seen = [etree.QName(c).localname for c in el]
                    positions = [order.index(s) for s in seen]
                    assert positions == sorted(positions), (name, seen)


def test_bullets_levels_indents_and_numbering(rendered: Path) -> None:
    root = slide_xml(rendered, 2)
    body = next(sp for sp in root.iterfind(".//p:sp", NS)
                if sp.find("p:nvSpPr/p:cNvPr", NS).get("name") == "Body 1")
    ppr = [p.find("a:pPr", NS) for p in body.findall(".//a:p", NS)]
    assert [p.get("lvl") for p in ppr] == ["0", "1", "2", "0", "1", "0", "0"]
    assert [p.find("a:buChar", NS).get("char") for p in ppr[:3]] == ["•", "–", "◦"]
    for p, level in zip(ppr[:3], (0, 1, 2), strict=True):
        assert int(p.get("marL")) == emu(INDENT_PER_LEVEL * level + BULLET_HANG)
        assert int(p.get("indent")) == -emu(BULLET_HANG)
        assert p.find("a:buClr/a:srgbClr", NS).get("val") == Theme().colors.accent
    numbered = [ppr[3], ppr[5]]
    size = int(body.find(".//a:r/a:rPr", NS).get("sz")) / 100
    for p in numbered:
        auto = p.find("a:buAutoNum", NS)
        assert auto.get("type") == "arabicPeriod" and auto.get("startAt") == "1"
        # room for "10." at the text's size: a number no longer touches its text ("1.Client")
        assert int(p.get("indent")) == -emu(NUMBER_HANG_EMS * size) < -emu(BULLET_HANG)
        assert int(p.get("marL")) == -int(p.get("indent"))
    assert ppr[6].find("a:buNone", NS) is not None and ppr[6].get("algn") == "ctr"
    assert ppr[6].get("marL") == "0"
    assert ppr[1].find("a:spcBef/a:spcPts", NS).get("val") == "600"


def test_numbered_list_continued_on_next_box_keeps_number(tmp_path: Path) -> None:
    t = Theme()
    paras = [TextParagraph([Run(f"item {n}")], bullet="number", number=n) for n in (5, 6, 7)]
    paras.append(TextParagraph([Run("restart")], bullet="number", number=1))
    deck = Deck(DeckInfo("n"), deck_style(t), [Slide("content", None, shapes=[
        TextBox(Box(48, 48, 400, 300), paras, "body", 20)])])
    root = slide_xml(render(tmp_path, deck), 1)
    starts = [a.get("startAt") for a in root.iterfind(".//a:buAutoNum", NS)]
    assert starts == ["5", "5", "5", "1"]


def test_picture_alt_text_and_plate(rendered: Path) -> None:
    prs = Presentation(str(rendered))
    slide = prs.slides[1]
    pic = shape_named(slide, "Picture 1")
    assert pic._element.nvPicPr.cNvPr.get("descr") == "컨테이너 구조 다이어그램"
    plate = shape_named(slide, "Picture 1 plate")
    assert (plate.left, plate.top, plate.width, plate.height) == (pic.left, pic.top, pic.width,
                                                                  pic.height)
    names = [s.name for s in slide.shapes]
    assert names.index("Picture 1 plate") < names.index("Picture 1")


def test_identical_images_are_stored_once(tmp_path: Path) -> None:
    t = Theme()
    same, other = make_image((200, 50, 50)), make_image((50, 200, 50))
    slides = [Slide("content", None, shapes=[Picture(Box(10, 10, 200, 150), img, f"p{i}")])
              for i, img in enumerate([same, same, other, same, other])]
    path = render(tmp_path, Deck(DeckInfo("d"), deck_style(t), slides))
    with zipfile.ZipFile(path) as z:
        media = sorted(n for n in z.namelist() if n.startswith("ppt/media/"))
        assert media == ["ppt/media/image1.png", "ppt/media/image2.png"]
        assert z.read("ppt/media/image1.png") == same.data
    prs = Presentation(str(path))
    blobs = [s.shapes[0].image.blob for s in prs.slides]
    assert blobs == [same.data, same.data, other.data, same.data, other.data]


def test_table_cells_fills_widths_and_margins(rendered: Path) -> None:
    prs = Presentation(str(rendered))
    frame = shape_named(prs.slides[2], "Table 1")
    table = frame.table
    theme = Theme()
    assert [c.width for c in table.columns] == [emu(150), emu(200), emu(250)]
    assert sum(r.height for r in table.rows) == emu(160)
    assert [table.cell(0, c).text for c in range(3)] == ["항목", "VM", "Container"]
    assert table.cell(1, 1).text == "하이퍼바이저"
    head = table.cell(0, 0)
    assert str(head.fill.fore_color.rgb) == theme.colors.table_header
    head_run = head.text_frame.paragraphs[0].runs[0]
    assert head_run.font.bold and str(head_run.font.color.rgb) == theme.colors.table_header_text
    assert str(table.cell(2, 0).fill.fore_color.rgb) == theme.colors.table_stripe
    assert str(table.cell(1, 0).fill.fore_color.rgb) == theme.colors.background
    assert head.margin_left == emu(CELL_INSETS.left) and head.margin_top == emu(CELL_INSETS.top)
    aligns = [table.cell(1, c)._tc.find(".//a:pPr", NS).get("algn") for c in range(3)]
    assert aligns == ["l", "ctr", "r"]
    rpr = table.cell(1, 0)._tc.find(".//a:rPr", NS)
    assert rpr.get("lang") == "ko-KR" and rpr.get("sz") == "1600"
    assert rpr.find("a:ea", NS).get("typeface") == theme.fonts.body.ea
    code_rpr = table.cell(1, 2)._tc.find(".//a:rPr", NS)
    assert code_rpr.find("a:latin", NS).get("typeface") == theme.fonts.code.latin


def test_code_block_font_spaces_and_colours(rendered: Path) -> None:
    prs = Presentation(str(rendered))
    code = shape_named(prs.slides[2], "Code 1")
    theme = Theme()
    assert str(code.fill.fore_color.rgb) == theme.colors.code_background
    paras = code.text_frame.paragraphs
    assert [p.text for p in paras] == ["FROM python:3.11", "", "    # 들여쓰기"]
    assert paras[2].runs[0].text.startswith("    ")
    assert str(paras[0].runs[0].font.color.rgb) == "AA22FF"
    assert str(paras[0].runs[1].font.color.rgb) == theme.colors.code_text
    for r in code._element.iterfind(".//a:rPr", NS):
        assert r.get("sz") == "1500"
        assert r.find("a:latin", NS).get("typeface") == theme.fonts.code.latin
        assert r.find("a:ea", NS).get("typeface") == theme.fonts.code.ea
    for p in code._element.iterfind(".//a:pPr", NS):
        assert p.find("a:buNone", NS) is not None
    assert code._element.find("p:style", NS) is None
    assert code.text_frame._txBody.find("a:bodyPr", NS).get("lIns") == str(emu(8))


def test_missing_picture_is_a_visible_placeholder(rendered: Path) -> None:
    prs = Presentation(str(rendered))
    shape = shape_named(prs.slides[2], "Missing picture 1")
    assert shape.width == emu(232) and shape.height == emu(180)
    text = shape.text_frame.text
    assert "아키텍처 그림" in text and "https://example.com/a.png" in text and "HTTP 404" in text
    ln = shape._element.find("p:spPr/a:ln", NS)
    assert ln.find("a:prstDash", NS).get("val") == "dash"
    colors = {r.find("a:solidFill/a:srgbClr", NS).get("val")
              for r in shape._element.iterfind(".//a:rPr", NS)}
    assert colors == {Theme().colors.muted}


def test_speaker_notes(rendered: Path) -> None:
    prs = Presentation(str(rendered))
    assert prs.slides[0].notes_slide.notes_text_frame.text == "제목 슬라이드 노트\nsecond line"
    notes = prs.slides[1].notes_slide.notes_text_frame
    assert notes.text == "발표자 노트: 컨테이너를 설명합니다."
    assert notes._txBody.find(".//a:rPr", NS).get("lang") == "ko-KR"
    assert not prs.slides[2].has_notes_slide


@pytest.mark.slow
def test_slide_numbers_and_footer(tmp_path: Path) -> None:
    theme = Theme(footer="AWS 스터디")
    prs = Presentation(str(render(tmp_path, sample_deck(theme))))
    names = [[s.name for s in slide.shapes] for slide in prs.slides]
    assert "Slide Number" not in names[0] and "Footer" not in names[0]
    for n, slide in enumerate(list(prs.slides)[1:], start=2):
        number = shape_named(slide, "Slide Number")
        fld = number._element.find(".//a:fld", NS)
        assert fld.get("type") == "slidenum" and fld.find("a:t", NS).text == str(n)
        assert number.top == emu(540 - 34 + 8)
        assert number.left + number.width == emu(960 - 48)
        assert fld.find("a:rPr", NS).get("sz") == "1000"
        footer = shape_named(slide, "Footer")
        assert footer.text_frame.text == "AWS 스터디" and footer.left == emu(48)
    off = Theme(slide_numbers=False)
    prs = Presentation(str(render(tmp_path, sample_deck(off), "off.pptx")))
    assert all(s.name != "Slide Number" for slide in prs.slides for s in slide.shapes)


def test_core_properties(rendered: Path) -> None:
    props = Presentation(str(rendered)).core_properties
    assert props.title == "AWS 온라인 교육"
    assert props.author == "Julie"
    assert props.subject == "containers"
    assert props.keywords == "aws, docker"
    assert props.language == "ko-KR"
    assert props.created.isoformat().startswith("2022-02-08")
    assert props.modified == props.created
    with zipfile.ZipFile(rendered) as z:
        assert {i.date_time for i in z.infolist()} == {(2022, 2, 8, 0, 0, 0)}


@pytest.mark.slow
def test_dates_without_deck_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    props = Presentation(str(render(tmp_path, sample_deck(date=None), "a.pptx"))).core_properties
    assert props.created.isoformat().startswith("2023-11-14T22:13:20")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    props = Presentation(str(render(tmp_path, sample_deck(date=None), "b.pptx"))).core_properties
    assert props.created.isoformat().startswith("2000-01-01")


@pytest.mark.slow
def test_same_deck_gives_identical_bytes(tmp_path: Path) -> None:
    first = render(tmp_path, sample_deck(), "one.pptx").read_bytes()
    time.sleep(1.1)  # a clock-stamped zip entry would differ now
    second = render(tmp_path, sample_deck(), "two.pptx").read_bytes()
    stream = io.BytesIO()
    render_deck(sample_deck(), stream)
    assert first == second == stream.getvalue()


def check_package(path: Path) -> None:
    """Every XML part parses, every internal relationship resolves, every part has a type."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        assert z.namelist()[0] == "[Content_Types].xml"
        types = etree.fromstring(z.read("[Content_Types].xml"))
        defaults = {d.get("Extension").lower() for d in types if d.get("Extension")}
        overrides = {o.get("PartName") for o in types if o.get("PartName")}
        for name in names:
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))
            ext = name.rsplit(".", 1)[-1].lower()
            assert f"/{name}" in overrides or ext in defaults, name
        for name in (n for n in names if n.endswith(".rels")):
            base = posixpath.dirname(posixpath.dirname(name))
            for rel in etree.fromstring(z.read(name)):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                resolved = (target.lstrip("/") if target.startswith("/")
                            else posixpath.normpath(posixpath.join(base, target)))
                assert resolved in names, (name, target)
        for slide in (n for n in names if n.startswith("ppt/slides/slide")):
            rels_name = f"ppt/slides/_rels/{posixpath.basename(slide)}.rels"
            ids = {r.get("Id") for r in etree.fromstring(z.read(rels_name))}
            root = etree.fromstring(z.read(slide))
            used = {v for el in root.iter() for k, v in el.attrib.items()
                    if k in (f"{{{NS['r']}}}id", f"{{{NS['r']}}}embed")}
            assert used <= ids, slide


def test_package_is_well_formed(rendered: Path) -> None:
    check_package(rendered)


def big_deck(slides: int = 440, pictures: int = 280, distinct: int = 40) -> Deck:
    images = [make_image((i * 6 % 256, 90, 200 - i * 4), 160, 120) for i in range(distinct)]
    out = []
    for n in range(slides):
        body = TextBox(Box(48, 100, 400, 300),
                       [TextParagraph([Run(f"항목 {n}", lang="ko-KR"), Run(" text", bold=True)],
                                      bullet="bullet") for _ in range(4)], "body", 20)
        shapes: list = [body]
        if n < pictures:
            shapes.append(Picture(Box(500, 100, 320, 240), images[n % distinct], f"그림 {n}"))
        out.append(Slide("content", title_box(f"슬라이드 {n}", Theme()), shapes=shapes,
                         notes=f"노트 {n}"))
    return Deck(DeckInfo("big"), deck_style(Theme()), out)


@pytest.mark.slow
def test_big_deck_has_unique_parts(tmp_path: Path) -> None:
    deck = big_deck()
    path = render(tmp_path, deck)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert len(names) == len(set(names))
        assert sum(n.startswith("ppt/media/") for n in names) == 40
        assert sum(n.startswith("ppt/notesSlides/notesSlide") for n in names) == 440
        assert "ppt/notesSlides/notesSlide440.xml" in names
    check_package(path)
    prs = Presentation(str(path))
    assert prs.slides[439].notes_slide.notes_text_frame.text == "노트 439"
    ids = [s.slide_id for s in prs.slides]
    assert ids == sorted(set(ids))


def run_soffice(soffice: str, pptx: Path, outdir: Path) -> Path:
    profile = outdir / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(pptx)],
                   check=True, capture_output=True, timeout=180)
    pdf = outdir / (pptx.stem + ".pdf")
    assert pdf.is_file()
    return pdf


@pytest.mark.libreoffice
def test_libreoffice_renders_the_deck(tmp_path: Path, soffice: str, seed_post: Path) -> None:
    for tool in ("pdfinfo", "pdftotext", "pdftoppm"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} (poppler-utils) is not installed")
    deck = sample_deck()
    diagrams = sorted((seed_post.parent.parent / "assets" / "images").glob("*.png"))[:2]
    for i, png in enumerate(diagrams):
        data = png.read_bytes()
        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size
        image = ImageData(data, w, h, "png", hashlib.sha256(data).hexdigest())
        box_w = min(864.0, 400 * w / h)
        deck.slides.append(Slide("content", title_box(f"다이어그램 {i + 1}", Theme()),
                                 shapes=[Picture(Box(48, 100, box_w, box_w * h / w), image,
                                                 png.name)]))
    pptx = render(tmp_path, deck)
    pdf = run_soffice(soffice, pptx, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines()
                     if line.startswith("Pages:")))
    assert pages == len(deck.slides)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for phrase in ("AWS 온라인 교육", "컨테이너 기초", "하이퍼바이저", "들여쓰기", "HTTP 404",
                   "첫 단계"):
        assert phrase in text, phrase
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=120)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == pages
    with Image.open(pngs[1]) as page:  # the content slide is not blank: it has ink
        extrema = page.convert("L").getextrema()
    assert extrema[0] < 80


@pytest.mark.parametrize(("data", "ext"), [
    (b"not an image", "png"), (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "jpg"),
    (b"\xff\xd8\xff\xe0" + b"\0" * 40, "png")], ids=["text", "png-as-jpg", "jpg-as-png"])
def test_unreadable_image_bytes_become_a_placeholder(tmp_path: Path, data: bytes,
                                                     ext: Literal["png", "jpg"]) -> None:
    bad = ImageData(data, 10, 10, ext, "0" * 64)
    deck = Deck(DeckInfo("bad"), deck_style(Theme()), [Slide("content", None, shapes=[
        Picture(Box(10, 10, 200, 150), bad, "broken diagram", plate="FFFFFF")])])
    prs = Presentation(str(render(tmp_path, deck)))
    shape = prs.slides[0].shapes[0]
    assert [s.name for s in prs.slides[0].shapes] == ["Missing picture 1", "Slide Number"]
    assert "broken diagram" in shape.text_frame.text
    assert "could not be embedded" in shape.text_frame.text


def test_theme_part_carries_link_colour_and_fonts(rendered: Path) -> None:
    with zipfile.ZipFile(rendered) as z:
        theme_xml = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    scheme = theme_xml.find("a:themeElements/a:clrScheme", NS)
    assert scheme.find("a:hlink/a:srgbClr", NS).get("val") == Theme().colors.link
    minor = theme_xml.find("a:themeElements/a:fontScheme/a:minorFont", NS)
    assert minor.find("a:ea", NS).get("typeface") == Theme().fonts.body.ea
