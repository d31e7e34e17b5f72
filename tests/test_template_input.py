"""Templates with a broken slide size or hostile XML: one line naming the template, that
note alone fails, the others build (the reader is slidegen/templates; these are the cases
of the hardening issue)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

try:
    from tests.template_kit import Design, make_template
    from tests.test_hostile import error_lines, run_cli, write_note
except ImportError:  # pytest run with tests/ as the root
    from template_kit import Design, make_template  # type: ignore[no-redef]
    from test_hostile import error_lines, run_cli, write_note  # type: ignore[no-redef]

ENTITY_BOMB = (b'<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
               b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
XXE = b'<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def edited(source: Path, target: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, edit(body) if item.filename == "ppt/presentation.xml" else body)
    return target


def slide_size(cx: str, cy: str):  # type: ignore[no-untyped-def]
    def edit(body: bytes) -> bytes:
        return re.sub(rb'<p:sldSz cx="[^"]*" cy="[^"]*"',
                      f'<p:sldSz cx="{cx}" cy="{cy}"'.encode(), body)
    return edit


def with_doctype(doctype: bytes):  # type: ignore[no-untyped-def]
    def edit(body: bytes) -> bytes:
        head, _, rest = body.partition(b"?>")
        return head + b"?>" + doctype + rest
    return edit


@pytest.mark.parametrize(("name", "edit"), [
    ("zero", slide_size("0", "0")), ("negative", slide_size("-9144000", "6858000")),
    ("not-a-number", slide_size("wide", "NaN")), ("entity-bomb", with_doctype(ENTITY_BOMB)),
    ("xxe", with_doctype(XXE)),
])
@pytest.mark.slow
def test_unusable_template_is_one_line_naming_it(tmp_path: Path, name: str, edit) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes"
    notes.mkdir()
    base = make_template(tmp_path / "base.pptx", Design(size="4:3"))
    edited(base, notes / f"{name}.pptx", edit)
    write_note(notes, "good.md", "# Good\n\n## S\n\nfine\n")
    bad = write_note(notes, "bad.md", f"---\ntemplate: {name}.pptx\n---\n# Bad\n\n## S\n\nx\n")
    done = run_cli(bad, notes / "good.md", "-o", "out", cwd=tmp_path)
    errors = error_lines(done)
    assert done.returncode == 1 and len(errors) == 1, done.stderr
    assert f"{name}.pptx" in errors[0] and "internal error" not in errors[0], errors[0]
    assert (tmp_path / "out" / "good.pptx").is_file()
