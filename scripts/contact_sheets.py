"""Build a note with every built-in theme (and a demo template), export PDFs, make contact sheets.

    .venv/bin/python scripts/contact_sheets.py [NOTE.md] [-o OUT] [--theme NAME ...]

One PNG per look lands in OUT (default: output/contact-sheets/): `<theme>.png` and
`template-4x3.png`. Look at each before calling a theme done: contrast, pictures on dark
backgrounds, nothing overflowing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from slidegen.export import convert_to_pdf  # noqa: E402
from slidegen.images import ImageOptions  # noqa: E402
from slidegen.pipeline import BuildOptions, build_note  # noqa: E402
from slidegen.theme import builtin_theme_names  # noqa: E402

SEED = ROOT.parent / "shared/seed-site/_posts/2022-02-08-reviewAWSOnlineEdu01.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("note", nargs="?", type=Path, default=SEED)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "output/contact-sheets")
    parser.add_argument("--theme", action="append", help="only these themes (repeatable)")
    parser.add_argument("--no-template", action="store_true", help="skip the demo template")
    args = parser.parse_args()
    out: Path = args.output
    out.mkdir(parents=True, exist_ok=True)
    looks: list[tuple[str, str | None, str | None]] = [
        (name, name, None) for name in (args.theme or builtin_theme_names())]
    if not args.no_template:
        from tests.test_templates import make_template

        template = make_template(out / "demo-template.pptx")
        looks.append(("template-4x3", None, str(template)))
    decks: list[Path] = []
    for label, theme, template in looks:
        options = BuildOptions(output=out / f"{label}.pptx", theme=theme, template=template,
                               images=ImageOptions(offline=True))
        result = build_note(args.note, options)
        if not result.ok:
            print(f"{label}: {result.error}", file=sys.stderr)
            return 1
        for warning in result.warnings:
            print(f"{label}: {warning}")
        decks.append(out / f"{label}.pptx")
    pdfs = convert_to_pdf(decks, out)
    try:
        from slidegen.export.preview import contact_sheet
    except ImportError:  # the preview module is optional in older checkouts
        contact_sheet = None
    for pdf in pdfs:
        png = pdf.with_suffix(".png")
        if contact_sheet is None:
            print(f"{pdf} (no slidegen.export.preview: no contact sheet)")
            continue
        contact_sheet(pdf, png)
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
