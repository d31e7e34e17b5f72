"""Every hostile case of the hardening work, run by the real command: wall time and the peak
memory of the whole process tree (slidegen, its render process and any SVG child).

    .venv/bin/python benchmarks/hostile_cases.py [--only NAME] [--busy]

Each case is made here in a temporary folder (bombs, a slow and a silent server on
127.0.0.1, hostile SVGs, a 10,000-heading note, a zip-bomb template) next to a good note,
which must still be built. Prints one table; the targets are under 20 s and under 1 GB for
every case. Peak memory is the sum of each process's own peak (VmHWM polled from /proc),
an upper bound of what the tree held at once. `--busy` keeps one core busy elsewhere (as
benchmarks/scale.py does), the condition on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from imageserver import ImageServer, png_bytes  # noqa: E402
from scale import busy_core  # noqa: E402
from speed import _children, _high_water_kib  # noqa: E402

MAX_SECONDS = 20.0
MAX_MIB = 1024.0
GOOD = "# Good\n\n## Slide\n\nfine\n"

BOMB_YAML = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi",
                                                                  strict=True)]) + "\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '


def use_bomb() -> str:
    parts = [SVG + 'width="100" height="100"><defs><g id="a0"><rect width="1" height="1"/></g>']
    for i in range(1, 10):
        parts.append(f'<g id="a{i}">' + f'<use xlink:href="#a{i - 1}"/>' * 10 + "</g>")
    return "".join(parts) + '</defs><use xlink:href="#a9"/></svg>'


def case_folder(base: Path, name: str) -> Path:
    folder = base / name / "notes"
    folder.mkdir(parents=True)
    (folder / "good.md").write_text(GOOD)
    return folder


# Each case writes its notes and returns the command's arguments after `slidegen`.
Case = Callable[[Path, ImageServer], list[str]]


def yaml_bomb_config(notes: Path, server: ImageServer) -> list[str]:
    (notes / "slidegen.yaml").write_text(BOMB_YAML)
    return [str(notes / "good.md")]


def yaml_bomb_theme(notes: Path, server: ImageServer) -> list[str]:
    (notes / "bomb.yaml").write_text(BOMB_YAML)
    (notes / "t.md").write_text("---\ntheme: bomb.yaml\n---\n# T\n")
    return [str(notes / "t.md"), str(notes / "good.md")]


def deep_toml(notes: Path, server: ImageServer) -> list[str]:
    (notes / "pyproject.toml").write_text("[tool.slidegen]\ntheme = " + "[" * 50_000
                                          + "]" * 50_000 + "\n")
    return [str(notes / "good.md")]


def deep_front_matter(notes: Path, server: ImageServer) -> list[str]:
    (notes / "deep.md").write_text("---\nx: " + "[" * 20_000 + "]" * 20_000 + "\n---\n# D\n")
    return [str(notes / "deep.md"), str(notes / "good.md")]


def drip_server(notes: Path, server: ImageServer) -> list[str]:
    server.drip_seconds = 1.0
    (notes / "drip.md").write_text(f"# Drip\n\n![d]({server.url('drip', 'd.png')})\n")
    return [str(notes / "drip.md"), str(notes / "good.md"), "--allow-private-hosts"]


def silent_server(notes: Path, server: ImageServer) -> list[str]:
    server.stall_seconds = 120
    lines = ["# Silent"] + [f"![s{i}]({server.url('stall', f's{i}.png')})" for i in range(24)]
    (notes / "silent.md").write_text("\n\n".join(lines) + "\n")
    return [str(notes / "silent.md"), str(notes / "good.md"), "--allow-private-hosts"]


def private_hosts(notes: Path, server: ImageServer) -> list[str]:
    port = server.base.rsplit(":", 1)[1]
    (notes / "hosts.md").write_text(
        f"# Hosts\n\n![a](http://2130706433:{port}/ok/a.png)\n\n"
        "![m](http://169.254.169.254/latest/meta-data/x.png)\n")
    return [str(notes / "hosts.md"), str(notes / "good.md")]


def svg_bombs(notes: Path, server: ImageServer) -> list[str]:
    lines = ["# Bombs"]
    for i in range(6):
        (notes / f"b{i}.svg").write_text(use_bomb())
        lines.append(f"![b{i}](b{i}.svg)")
    (notes / "svg.md").write_text("\n\n".join(lines) + "\n")
    return [str(notes / "svg.md"), str(notes / "good.md")]


def svg_tall(notes: Path, server: ImageServer) -> list[str]:
    (notes / "tall.svg").write_text(SVG + 'width="100" height="2400"><rect width="100" '
                                    'height="2400" fill="#36c"/></svg>')
    (notes / "tall.md").write_text("# Tall\n\n![t](tall.svg)\n")
    return [str(notes / "tall.md"), str(notes / "good.md")]


def svg_cpu(notes: Path, server: ImageServer) -> list[str]:
    blurs = "".join(f'<rect x="{i % 50}" width="1600" height="1000" filter="url(#f)"/>'
                    for i in range(3000))
    (notes / "cpu.svg").write_text(SVG + 'width="1600" height="1000"><defs><filter id="f">'
                                   '<feGaussianBlur stdDeviation="40"/><feMorphology '
                                   f'radius="30"/></filter></defs>{blurs}</svg>')
    (notes / "cpu.md").write_text("# CPU\n\n![c](cpu.svg)\n")
    return [str(notes / "cpu.md"), str(notes / "good.md")]


def six_svgs_burning_cpu(notes: Path, server: ImageServer) -> list[str]:
    """Six of the CPU-burning SVG in one note: they share the note's SVG drawing time."""
    (notes / "six.md").write_text("# Six\n\n" + "\n\n".join(
        f"![c{i}](cpu{i}.svg)" for i in range(6)) + "\n")
    svg_cpu(notes, server)
    for i in range(6):  # distinct files, so that none is drawn once for all
        (notes / f"cpu{i}.svg").write_text((notes / "cpu.svg").read_text()
                                           .replace('x="0"', f'x="{i}"', 1))
    return [str(notes / "six.md"), str(notes / "good.md")]


def ten_thousand_headings(notes: Path, server: ImageServer) -> list[str]:
    (notes / "big.md").write_text("".join(f"# Heading {i}\n\ntext {i}\n\n"
                                          for i in range(10_000)))
    return [str(notes / "big.md"), str(notes / "good.md")]


def zip_bomb_template(notes: Path, server: ImageServer) -> list[str]:
    """A real template with an unreferenced 1 GiB entry of zeros (about 1 MB compressed)."""
    from pptx import Presentation

    template = notes / "brand.pptx"
    Presentation().save(str(template))
    with zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED) as z, z.open("ppt/bomb.bin",
                                                                             "w") as entry:
        block = b"\0" * (1 << 20)
        for _ in range(1024):
            entry.write(block)
    (notes / "tpl.md").write_text("---\ntemplate: brand.pptx\n---\n# T\n\n## S\n\nx\n")
    return [str(notes / "tpl.md"), str(notes / "good.md")]


def huge_bibliography(notes: Path, server: ImageServer) -> list[str]:
    """A 5 MB BibTeX library (20,000 entries with LaTeX accents), two works cited."""
    entry = ("@article{key%d,\n  author = {Doe, John and M{\\\"u}ller, Hans},\n  title = {A "
             "{Study} number %d},\n  journal = {Journal},\n  year = {1999}, pages = {33--35}}\n")
    (notes / "library.bib").write_text("".join(entry % (i, i) for i in range(40_000)))
    (notes / "cites.md").write_text("---\nbibliography: library.bib\n---\n# T\n\n## S\n\n"
                                    "As shown [@key5; @key19999].\n")
    return [str(notes / "cites.md"), str(notes / "good.md")]


CASES: dict[str, Case] = {
    "yaml bomb in slidegen.yaml": yaml_bomb_config,
    "yaml bomb in a theme": yaml_bomb_theme,
    "pyproject.toml 50,000 deep": deep_toml,
    "front matter 20,000 deep": deep_front_matter,
    "server sending 1 byte/s": drip_server,
    "24 URLs that never answer": silent_server,
    "private and metadata hosts": private_hosts,
    "six SVG <use> bombs": svg_bombs,
    "SVG 24 times taller than wide": svg_tall,
    "SVG burning CPU (filters)": svg_cpu,
    "six SVGs burning CPU": six_svgs_burning_cpu,
    "10,000 headings": ten_thousand_headings,
    "template with a 1 GiB entry": zip_bomb_template,
    "5 MB bibliography": huge_bibliography,
}


# A bad configuration file is a usage error (exit 2): no note is built, by design.
SETTINGS_CASES = ("yaml bomb in slidegen.yaml", "pyproject.toml 50,000 deep")


def run_tree(args: list[str], cwd: Path) -> tuple[int, float, float]:
    """Exit code, wall seconds and peak MiB of the process tree of one command."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache"), "NO_COLOR": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "slidegen", *args, "-o", str(cwd / "out")],
                            cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        stack = _children(proc.pid)
        while stack:  # grandchildren too: the render process's and the SVG children
            child = stack.pop()
            peaks[child] = max(peaks.get(child, 0), _high_water_kib(child))
            stack.extend(_children(child))
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    mib = (usage.ru_maxrss + sum(peaks.values())) / 1024
    return os.waitstatus_to_exitcode(status), seconds, mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--busy", action="store_true", help="keep one core busy elsewhere")
    args = parser.parse_args()
    condition = "one core busy elsewhere" if args.busy else "no extra load"
    print(f"{condition}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'case':32} {'exit':>4} {'seconds':>8} {'peak MiB':>9} {'good deck':>9}  verdict")
    spinner = busy_core() if args.busy else None
    try:
        failed = run_cases(args.only)
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()
    print(f"targets: < {MAX_SECONDS:g} s and < {MAX_MIB:g} MiB each, the good note built "
          "(a bad settings file stops the run first: '-'); "
          f"{failed} case(s) over; load average at the end {os.getloadavg()[0]:.1f}")


def run_cases(only: str | None) -> int:
    """Run the cases (those whose name contains `only`), print a row each; how many failed."""
    failed = 0
    with tempfile.TemporaryDirectory() as tmp, ImageServer() as server:
        server.add("a.png", png_bytes())
        for name, make in CASES.items():
            if only and only not in name:
                continue
            notes = case_folder(Path(tmp), name.replace(" ", "_").replace("/", "_"))
            cwd = notes.parent
            code, seconds, mib = run_tree(make(notes, server), cwd)
            good = (cwd / "out" / "good.pptx").is_file()
            settled = good or (code == 2 and name in SETTINGS_CASES)  # refused before any note
            ok = seconds < MAX_SECONDS and mib < MAX_MIB and settled
            failed += not ok
            shown = "yes" if good else "-" if settled else "NO"
            print(f"{name:32} {code:>4} {seconds:>8.1f} {mib:>9.0f} {shown:>9}"
                  f"  {'ok' if ok else 'OVER'}", flush=True)
    return failed


if __name__ == "__main__":
    main()
