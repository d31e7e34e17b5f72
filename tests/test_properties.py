"""Property-based tests: generated notes always build into a deck that reopens and validates,
with nothing of the note lost (the conservation check), in every heading structure.

Notes are made of headings, nested lists, tables, code (closed or not), raw and broken HTML,
pictures (present, missing, refused paths), callouts, slide breaks, speaker notes, Korean and
English text, and front matter. Profiles: "ci" (default, a few hundred examples in total) and
"long" (thousands); choose with HYPOTHESIS_PROFILE=long.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, BuildResult, build_note

try:
    from tests.deck_checks import findings
    from tests.imageserver import png_bytes
    from tests.validate import validate_pptx
except ImportError:  # pytest run with tests/ as the root
    from deck_checks import findings  # type: ignore[no-redef]
    from imageserver import png_bytes  # type: ignore[no-redef]
    from validate import validate_pptx  # type: ignore[no-redef]

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow],
           "derandomize": False, "print_blob": True}
settings.register_profile("ci", max_examples=250, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("long", max_examples=3000, **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytestmark = pytest.mark.slow  # hundreds of builds, each deck schema-validated
RAW_EXAMPLES_SHARE = 0.6  # the raw-text test runs this share of the profile's examples

# --- pieces of notes -----------------------------------------------------------------------------

korean = st.sampled_from(["컨테이너", "도커", "이미지", "레지스트리", "가상화", "네트워크",
                          "한국어",
                          "쿠버네티스", "서비스", "배포"])
english = st.sampled_from(["container", "Docker", "image", "layer", "kernel", "namespace",
                           "cgroup", "build", "run", "VM", "AWS", "EC2"])
symbols = st.sampled_from(["*", "_", "`", "[", "]", "<", ">", "&", "#", "|", "\\", "~", "!",
                           "{{ x }}", "{% raw %}", "{% endraw %}", "{% include a.html %}", "※",
                           "&amp;", "&#xAC00;", "😀", "\u200b", "\t", "$", "%"])
word = st.one_of(korean, english, english, symbols,
                 st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
                         min_size=1, max_size=8))


@st.composite
def inline(draw: st.DrawFn, max_words: int = 12) -> str:
    words = draw(st.lists(word, min_size=1, max_size=max_words))
    out = []
    for w in words:
        wrap = draw(st.sampled_from(["", "", "", "**", "*", "`", "~~", "link", "html"]))
        if wrap == "link":
            out.append(f"[{w}](https://example.com/{len(out)})")
        elif wrap == "html":
            out.append(f"<b>{w}</b>")
        else:
            out.append(f"{wrap}{w}{wrap}")
    return " ".join(out).replace("\n", " ")


image_src = st.sampled_from([
    "pics/a.png", "pics/b.png", "pics/missing.png", "../outside.png", "/etc/passwd",
    "file:///etc/hostname", "C:\\x.png", "https://example.invalid/x.png", "pics/a b.png",
    "data:image/png;base64,iVBORw0KGgo=", "",
])


@st.composite
def image(draw: st.DrawFn) -> str:
    src, alt = draw(image_src), draw(st.one_of(st.just(""), korean, english))
    form = draw(st.sampled_from(["md", "html", "html-unclosed", "obsidian", "raw-liquid"]))
    if form == "md":
        return f"![{alt}]({src})"
    if form == "html":
        return f'<p align="center"><img src="{src}" alt="{alt}"></p>'
    if form == "html-unclosed":
        return f'<p align="center"><img src="{src}" alt="{alt}"><p>'
    if form == "obsidian":
        return f"![[{src}|{alt}]]"
    return f'{{% raw %}}<img src="{src}" alt="{alt}">{{% endraw %}}'


@st.composite
def bullet_list(draw: st.DrawFn) -> str:
    items = draw(st.lists(st.tuples(st.integers(0, 4), inline(8)), min_size=1, max_size=12))
    ordered = draw(st.booleans())
    lines, depth = [], 0
    for level, text in items:
        depth = min(level, depth + 1)
        marker = "1." if ordered else draw(st.sampled_from(["-", "*", "+"]))
        lines.append("    " * depth + f"{marker} {text}")
    return "\n".join(lines)


@st.composite
def table(draw: st.DrawFn) -> str:
    cols = draw(st.integers(1, 6))
    rows = draw(st.integers(0, 8))
    cell = inline(4).map(lambda t: t.replace("|", "\\|"))
    head = "| " + " | ".join(draw(cell) for _ in range(cols)) + " |"
    rule = "|" + "|".join(draw(st.sampled_from(["---", ":--", "--:", ":-:"]))
                          for _ in range(cols)) + "|"
    body = ["| " + " | ".join(draw(cell) for _ in range(cols)) + " |" for _ in range(rows)]
    return "\n".join([head, rule, *body])


@st.composite
def code(draw: st.DrawFn) -> str:
    lang = draw(st.sampled_from(["", "python", "bash", "yaml", "dockerfile", "nosuchlang"]))
    lines = draw(st.lists(st.one_of(inline(6), st.sampled_from(
        ["def f(x):", "    return x", "$ docker run -it ubuntu", "{% raw %}{{ x }}{% endraw %}",
         "```", "\t탭 indented"])), max_size=15))
    closed = draw(st.booleans())
    return "\n".join([f"```{lang}", *lines, *(["```"] if closed else [])])


html_block = st.sampled_from([
    "<script>alert('x')</script>", "<style>p { color: red }</style>", "<iframe src='x'></iframe>",
    "<div>unclosed <b>bold", "<table><tr><td>html table</td></tr></table>", "</div></p>",
    "<!-- notes: speaker notes here -->", "<!-- a comment", "<details><summary>s</summary>d",
    "<img src=\"pics/a.png\"", "<br><hr>", "<video src='v.mp4'></video>",
])


# Heading structures notes come in: every level, only `####`, none at all, a single `#`, and
# skipped levels (`#` then `###`).
HEADING_SHAPES: dict[str, list[int]] = {
    "any": [1, 2, 3, 4, 5, 6], "only h4": [4], "none": [], "single h1": [],
    "h1 then h3": [1, 3], "h2 then h4": [2, 4], "h1 h3 h5": [1, 3, 5],
}


@st.composite
def block(draw: st.DrawFn, levels: tuple[int, ...] = (1, 2, 3, 4, 5, 6)) -> str:
    kind = draw(st.sampled_from(["h", "h", "p", "p", "list", "table", "code", "html", "img",
                                 "quote", "callout", "hr", "notes", "note-label"]))
    if kind == "h" and levels:
        return "#" * draw(st.sampled_from(levels)) + " " + draw(inline(6))
    if kind == "h":
        kind = "p"
    if kind == "p":
        return "\n".join(draw(st.lists(inline(), min_size=1, max_size=4)))
    if kind == "list":
        return draw(bullet_list())
    if kind == "table":
        return draw(table())
    if kind == "code":
        return draw(code())
    if kind == "html":
        return draw(html_block)
    if kind == "img":
        return draw(image())
    if kind == "quote":
        return "> " + draw(inline()) + "\n> " + draw(inline())
    if kind == "callout":
        name = draw(st.sampled_from(["NOTE", "TIP", "WARNING", "CAUTION", "IMPORTANT", "quote"]))
        return f"> [!{name}]\n> " + draw(inline())
    if kind == "hr":
        return draw(st.sampled_from(["---", "***", "___"]))
    if kind == "notes":
        return "::: notes\n" + draw(inline()) + "\n:::"
    return draw(st.sampled_from(["Note: ", "※ ", "참고: ", "Warning: "])) + draw(inline())


scalar = st.one_of(korean, english, st.integers(-5, 3000), st.booleans(), st.none(),
                   st.text(max_size=20))
front_matter = st.fixed_dictionaries({}, optional={
    "title": st.one_of(inline(6), st.integers(), st.none()),
    "subtitle": inline(6),
    "author": st.one_of(english, st.fixed_dictionaries({"name": korean})),
    "date": st.one_of(st.dates().map(str), st.dates(), st.text(max_size=12)),
    "tags": st.one_of(st.lists(scalar, max_size=4), english),
    "categories": st.lists(korean, max_size=3),
    "lang": st.sampled_from(["ko", "en", "ko_KR", "", "xx-YY"]),
    "layout": st.just("post"),
    "output": st.just("../../escape.pptx"),
    "extra": st.dictionaries(english, scalar, max_size=3),
})


@st.composite
def note_text(draw: st.DrawFn) -> str:
    parts = []
    fm = draw(st.one_of(st.none(), front_matter))
    if fm is not None:
        parts.append("---\n" + yaml.safe_dump(fm, allow_unicode=True) + "---")
    shape = draw(st.sampled_from(sorted(HEADING_SHAPES)))
    if shape == "single h1":
        parts.append("# " + draw(inline(6)))
    parts += draw(st.lists(block(tuple(HEADING_SHAPES[shape])), max_size=14))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return newline.join(p.replace("\n", newline) for p in parts) + newline


# --- the properties ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    """A notes folder with two real pictures; one note file is rewritten per example."""
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root)
        (folder / "notes" / "pics").mkdir(parents=True)
        (folder / "notes" / "pics" / "a.png").write_bytes(png_bytes(160, 90))
        (folder / "notes" / "pics" / "b.png").write_bytes(png_bytes(60, 120, (200, 40, 40, 128)))
        (folder / "outside.png").write_bytes(png_bytes(20, 20))
        yield folder


def build(site: Path, data: bytes) -> BuildResult:
    note = site / "notes" / "generated.md"
    note.write_bytes(data)
    options = BuildOptions(output=site / "out",
                           images=ImageOptions(offline=True, cache_dir=site / "cache"))
    return build_note(note, options)


@given(text=note_text())
def test_generated_notes_build_valid_decks(site: Path, text: str) -> None:
    result = build(site, text.encode("utf-8"))
    if result.error and text.startswith("---") and "front matter" in result.error.message:
        assert "\n" not in str(result.error)  # a leading slide break read as front matter:
        return  # Jekyll reads it the same way, and the error says what to fix
    assert result.ok, str(result.error)
    assert result.output == site / "out" / "generated.pptx"
    prs = validate_pptx(result.output)
    assert len(prs.slides) == result.slides >= 1
    assert sorted(p.name for p in (site / "out").iterdir()) == ["generated.pptx"]
    assert not (site.parent / "escape.pptx").exists()
    for warning in result.warnings:
        assert "\n" not in warning.message and "internal error" not in warning.message
    lost = [f"{w.line}: {w.message}" for w in result.warnings if "not on any slide" in w.message]
    assert not lost, lost  # the conservation check, on every generated note


# --- notes as people write them, in every heading structure --------------------------------------

particle = st.sampled_from(["", "", "은", "는", "이라고", "를", "의"])


@st.composite
def prose(draw: st.DrawFn, max_words: int = 10) -> str:
    """Korean and English words, emphasis written the Korean way (`**값(value)**은`)."""
    out = []
    for w in draw(st.lists(st.one_of(korean, english), min_size=1, max_size=max_words)):
        wrap = draw(st.sampled_from(["", "", "", "**", "*", "`", "__"]))
        inner = draw(st.sampled_from([w, f"{w}({draw(english)})", f'"{w}"']))
        out.append(f"{wrap}{inner}{wrap}{draw(particle) if wrap else ''}")
    return " ".join(out)


@st.composite
def structured_block(draw: st.DrawFn, levels: tuple[int, ...]) -> str:
    kind = draw(st.sampled_from(["h", "h", "p", "p", "list", "lead", "lead-in", "table", "hr",
                                 "html", "notes"]))
    if kind == "h" and levels:
        return "#" * draw(st.sampled_from(levels)) + " " + draw(prose(5))
    if kind == "list":
        return "\n".join(f"- {draw(prose())}" for _ in range(draw(st.integers(1, 12))))
    if kind == "lead":
        return f"**{draw(prose(3)).replace('*', '').replace('_', '')}**"
    if kind == "lead-in":
        return f"{draw(prose())} 다음과 같다:\n\n```\n" + "\n".join(
            draw(prose(6)) for _ in range(draw(st.integers(1, 20)))) + "\n```"
    if kind == "table":
        rows = draw(st.integers(1, 6))
        rule = draw(st.sampled_from(["|---|---|\n", ""]))  # kramdown tables need no rule
        body = "".join(f"| {draw(korean)} | {draw(english)} |\n" for _ in range(rows))
        return f"| {draw(korean)} | {draw(english)} |\n{rule}{body}".rstrip()
    if kind == "hr":
        return "---"
    if kind == "html":
        return draw(st.sampled_from(["<br>", "<center>", "</center>", "<div>", "</div>",
                                     '<div markdown="1">']))
    if kind == "notes":
        return "<!-- notes: " + draw(prose()) + " -->"
    return "\n".join(draw(prose(14)) for _ in range(draw(st.integers(1, 4))))


@st.composite
def structured_note(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(sorted(HEADING_SHAPES)))
    parts = ["---\ntitle: " + draw(st.sampled_from(["", "스터디 노트"])) + "\n---"]
    if shape == "single h1":
        parts.append("# " + draw(prose(4)))
    levels = tuple(HEADING_SHAPES[shape])
    parts += draw(st.lists(structured_block(levels), min_size=1, max_size=16))
    return "\n\n".join(parts) + "\n"


@settings(max_examples=max(10, int(settings().max_examples * 0.15)))
@given(text=structured_note())
def test_every_heading_structure_keeps_every_word_and_shows_no_markup(site: Path,
                                                                     text: str) -> None:
    result = build(site, text.encode("utf-8"))
    assert result.ok and result.deck is not None, str(result.error)
    found = findings(site / "notes" / "generated.md", result.deck)
    assert not found, [f"{f.line}: {f.message()}" for f in found]


@settings(max_examples=max(10, int(settings().max_examples * RAW_EXAMPLES_SHARE)))
@given(data=st.one_of(
    st.text().map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=400),
    st.text(alphabet="-#*>`|[]()!<>/ \n\t:\r{}%~_", max_size=300).map(str.encode),
    st.text(alphabet="가나다라 #-\n", max_size=200).map(lambda t: t.encode("cp949")),
))
def test_any_bytes_give_a_deck_or_one_error_line(site: Path, data: bytes) -> None:
    result = build(site, data)
    if result.ok:
        validate_pptx(result.output)  # type: ignore[arg-type]
        return
    text = str(result.error)
    assert "\n" not in text and "internal error" not in text, text
    assert text.startswith(str(site / "notes" / "generated.md"))
