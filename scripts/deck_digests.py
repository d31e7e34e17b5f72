"""A sha256 per deck of a fixed reference set, to show that a refactoring changes no byte.

The set: the seed post (if `../shared` is there), `notes/container-basics.md`,
`notes/container-scheduling.md` and `tests/data/stress.md`, each in every built-in theme and
on one template made by `tests/template_kit.py`, built offline with SOURCE_DATE_EPOCH fixed
and empty caches (formulas and diagrams are converted, not read from an earlier run).

    python scripts/deck_digests.py                   # print the digests
    python scripts/deck_digests.py --save before.txt
    python scripts/deck_digests.py --compare before.txt   # exit 1 if any deck differs

Run it before a change and after it: equal digests mean byte-identical decks.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"
NOTES = ["notes/container-basics.md", "notes/container-scheduling.md", "tests/data/stress.md"]


def reference_notes() -> list[Path]:
    notes = [ROOT / n for n in NOTES]
    posts = ROOT.parent / "shared" / "seed-site" / "_posts"
    if posts.is_dir():
        notes[:0] = sorted(posts.glob("*.md"))
    else:
        print(f"skipping the seed post: {posts} is not there", file=sys.stderr)
    return notes


def digests(work: Path) -> dict[str, str]:
    """`note · look` → sha256 of the deck built from it."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    # fresh caches: equations and diagrams are converted by the code under test, not read back
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    os.environ["SLIDEGEN_CACHE_DIR"] = str(work / "cache" / "slidegen")
    sys.path.insert(0, str(ROOT))
    from slidegen.pipeline import build
    from slidegen.theme import builtin_theme_names
    from tests.template_kit import Design, make_template

    template = make_template(work / "kit.pptx", Design())
    looks: list[tuple[str, dict[str, str]]] = [
        (f"theme={name}", {"theme": name}) for name in builtin_theme_names()]
    looks.append(("template=kit", {"template": str(template)}))
    out: dict[str, str] = {}
    for note in reference_notes():
        for label, how in looks:
            target = work / label / f"{note.stem}.pptx"
            result = build(note, output=target, offline=True, **how)
            key = f"{note.relative_to(note.parent.parent)} {label}"
            if not result.ok or result.output is None:
                out[key] = f"FAILED {result.error}"
                continue
            out[key] = hashlib.sha256(result.output.read_bytes()).hexdigest()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", type=Path, help="write the digests to this file")
    parser.add_argument("--compare", type=Path, help="compare with digests saved before")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        found = digests(Path(tmp))
    lines = [f"{digest}  {key}" for key, digest in found.items()]
    print("\n".join(lines))
    if args.save:
        args.save.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.compare:
        saved = dict(reversed(line.split("  ", 1))
                     for line in args.compare.read_text(encoding="utf-8").splitlines() if line)
        changed = [key for key in found.keys() | saved.keys()
                   if found.get(key) != saved.get(key)]
        for key in sorted(changed):
            print(f"DIFFERS: {key}: {saved.get(key, '-')[:12]} -> {found.get(key, '-')[:12]}")
        print(f"{len(found) - len(changed)} of {len(found)} decks identical")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
