"""SVG to PNG within bounds: resvg, in a child process limited in time and memory.

An SVG is a program of sorts: 1.4 KB of nested `<use>` stands for millions of shapes, and a
drawing 20 times taller than wide for half a gigabyte of pixels. So before anything is drawn
the SVG is parsed without entities or network (lxml) and refused when it stands for too many
elements once `<use>` is expanded, or refers to files outside itself; the pixels are capped;
and resvg (Rust, no system libraries) draws it in a child process with a CPU, memory and
wall-clock limit, so that no SVG can cost the build more than 3 s of CPU and 512 MB. A
note's SVGs share one budget of drawing time (`SvgBudget`): six CPU-burning ones took 34 s,
while a plain diagram takes about 0.2 s, most of it starting the child.
"""

from __future__ import annotations

import re
import resource
import sys
import time
from functools import cache

from slidegen.records import record
from slidegen.regex import lazy_compile

__all__ = ["MAX_SVG_ELEMENTS", "NOTE_SECONDS", "SvgBudget", "SvgRefused", "rasterise"]

MAX_SVG_ELEMENTS = 20_000  # counted with every <use> expanded; a big diagram has ~5,000
MAX_PIXELS = 4_000_000  # 1600 × 2500; pictures are downscaled to at most 2560 a side anyway
CPU_SECONDS = 3  # one SVG; a diagram takes a fraction of a second (most of it loading fonts)
WALL_SECONDS = 8.0  # the same with room for a busy machine (another program on the other core)
MEMORY = 512 * 1024 * 1024
NOTE_SECONDS = 10.0  # all the SVGs of one note together
FALLBACK_FAMILY = "DejaVu Sans"  # SVG text's font when fontconfig cannot be asked

_XLINK = "{http://www.w3.org/1999/xlink}href"


@record(frozen=True)
class SvgRefused:
    """Why an SVG was not drawn, and what the author can do."""

    reason: str
    hint: str = "simplify the SVG or export it as PNG"


class SvgBudget:
    """The drawing time left to one note's SVGs; each drawing spends what it took."""

    def __init__(self, seconds: float = NOTE_SECONDS) -> None:
        self.seconds = seconds
        self.left = seconds

    def refusal(self) -> SvgRefused:
        return SvgRefused(f"not drawn: the note's SVGs took over {self.seconds:g} s together")


def rasterise(data: bytes, width: int, budget: SvgBudget | None = None) -> bytes | SvgRefused:
    """PNG bytes of the SVG drawn `width` pixels wide (less for a very tall one), or why not."""
    checked = _check(data)
    if isinstance(checked, SvgRefused):
        return checked
    clean, aspect = checked
    width = max(1, min(width, int((MAX_PIXELS / max(aspect, 1e-6)) ** 0.5)))
    limit = WALL_SECONDS if budget is None else min(WALL_SECONDS, budget.left)
    if budget is not None and limit <= 0:
        return budget.refusal()
    import subprocess  # with its child's limits: only for a note that has an SVG

    started = time.monotonic()
    try:
        # the file itself, not `-m`: the child needs resvg, not the slidegen package (-P: nor
        # this folder on its path)
        done = subprocess.run([sys.executable, "-P", __file__, str(width), _text_family()],
                              input=clean, capture_output=True, timeout=limit,
                              preexec_fn=_limits, check=False)
    except subprocess.TimeoutExpired:
        if budget is not None and limit < WALL_SECONDS:
            budget.left = 0.0
            return budget.refusal()
        return SvgRefused(f"SVG took longer than {WALL_SECONDS:g} s to draw")
    except OSError as exc:
        return SvgRefused(f"SVG could not be drawn ({exc.strerror or exc})", "try again")
    finally:
        if budget is not None:
            budget.left -= time.monotonic() - started
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = why[-1][:120] if why else (f"stopped at its limits: {CPU_SECONDS} s of CPU, "
                                            f"{MEMORY >> 20} MB")
        if "ModuleNotFoundError" in detail:
            return SvgRefused("SVG needs resvg-py", "install it with `pip install resvg-py` or "
                              "export a PNG")
        return SvgRefused(f"SVG could not be drawn ({detail})")
    return done.stdout


@cache
def _text_family() -> str:
    """The installed family SVG text falls back to: fontconfig's sans-serif for Korean."""
    import subprocess

    try:
        found = subprocess.run(["fc-match", "-f", "%{family[0]}", "sans-serif:lang=ko"],
                               capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return FALLBACK_FAMILY
    return found.stdout.strip() or FALLBACK_FAMILY


# a font-family list with no generic family at its end: resvg drops text whose fonts are not
# installed (draw.io's Helvetica, Windows' 맑은 고딕), so `sans-serif` is added as a fallback
_FAMILY = lazy_compile(r"""(font-family\s*=\s*)(?:"([^"]*)"|'([^']*)')"""
                       r"""|(font-family\s*:\s*)((?:&#?\w+;|[^;}"'<&]|"[^"<]*"|'[^'<]*')*)""")
_GENERIC = lazy_compile(r"(?:sans-serif|serif|monospace|cursive|fantasy|system-ui)\s*$", re.I)


def _with_fallback(svg: str) -> str:
    def add(match: re.Match[str]) -> str:
        if match.group(1):  # an attribute: font-family="Helvetica"
            quote = '"' if match.group(2) is not None else "'"
            value = match.group(2) if match.group(2) is not None else match.group(3)
            prefix = match.group(1)
        else:  # CSS: font-family: Helvetica;
            quote, value, prefix = "", match.group(5), match.group(4)
        if not value.strip() or _GENERIC.search(value):
            return match.group(0)
        return f"{prefix}{quote}{value.rstrip()}, sans-serif{quote}"

    return _FAMILY.sub(add, svg)


def _limits() -> None:
    """In the child: CPU seconds and address space, so that the kernel ends a runaway."""
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _check(data: bytes) -> tuple[bytes, float] | SvgRefused:
    """The SVG to draw (without its DTD: no entity is ever expanded) and its height over width
    (1.0 when unknown), or why it must not be drawn."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return SvgRefused(f"not a valid SVG ({str(exc)[:80]})", "fix the SVG or export a PNG")
    if root.getroottree().docinfo.internalDTD is not None:
        return SvgRefused("SVG declares its own entities (<!DOCTYPE … [<!ENTITY …>]>), which "
                          "slidegen does not expand", "write the text out or export a PNG")
    for element in root.iter():
        href = element.get("href") or element.get(_XLINK)
        if href and not href.strip().startswith(("#", "data:")):
            return SvgRefused(f"SVG refers to a file outside it ({href[:60]}), which slidegen "
                              "does not read", "embed the picture in the SVG or export a PNG")
    try:
        total = _expanded_size(root)
    except RecursionError:
        total = MAX_SVG_ELEMENTS + 1
    if total > MAX_SVG_ELEMENTS:
        return SvgRefused(f"SVG stands for more than {MAX_SVG_ELEMENTS:,} shapes once its <use> "
                          "copies are counted")
    return etree.tostring(root), _aspect(root)


def _expanded_size(root: object) -> int:
    """Elements as drawn: each `<use>` counts what it copies, through any chain of copies."""
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}  # type: ignore[attr-defined]
    sizes: dict[object, int] = {}
    busy: set[object] = set()

    def size(element: object) -> int:
        if element in sizes:
            return sizes[element]
        if element in busy:  # a <use> that copies itself
            return MAX_SVG_ELEMENTS + 1
        busy.add(element)
        total = 1
        for child in element:  # type: ignore[attr-defined]
            total += size(child)
            if total > MAX_SVG_ELEMENTS:
                break
        href = (element.get("href") or element.get(_XLINK) or "").strip()  # type: ignore[attr-defined]
        if href.startswith("#") and href[1:] in ids:
            total += size(ids[href[1:]])
        busy.discard(element)
        sizes[element] = total = min(total, MAX_SVG_ELEMENTS + 1)
        return total

    return size(root)


def _aspect(root: object) -> float:
    def number(text: str | None) -> float:
        try:
            return float((text or "").strip().removesuffix("px"))
        except ValueError:
            return 0.0

    width, height = number(root.get("width")), number(root.get("height"))  # type: ignore[attr-defined]
    if not (width > 0 and height > 0):
        box = (root.get("viewBox") or "").replace(",", " ").split()  # type: ignore[attr-defined]
        if len(box) == 4:
            width, height = number(box[2]), number(box[3])
    return height / width if width > 0 and height > 0 else 1.0


def _draw() -> None:
    """The child: SVG on stdin, PNG on stdout."""
    import resvg_py

    width = int(sys.argv[1])
    family = sys.argv[2] if len(sys.argv) > 2 else FALLBACK_FAMILY
    text = _with_fallback(sys.stdin.buffer.read().decode("utf-8", "replace"))
    png = resvg_py.svg_to_bytes(svg_string=text, width=width, skip_system_fonts=False,
                                font_family=family, sans_serif_family=family)
    sys.stdout.buffer.write(bytes(png))


if __name__ == "__main__":
    _draw()
