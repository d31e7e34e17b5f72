"""Links that stay clickable: http, https, mailto and places within the deck; anything else
keeps its text, unlinked, with a warning at its line."""

from __future__ import annotations

from pathlib import Path

try:
    from tests.test_hostile import build, deck_of
except ImportError:  # pytest run with tests/ as the root
    from test_hostile import build, deck_of  # type: ignore[no-redef]

NOTE = """# Links

## Slide

- [js](javascript:alert(1)) and [vb](vbscript:msgbox) and [file](file:///etc/passwd)
- [unc](\\\\host\\share) and [smb](smb://host/share) and [msdt](<ms-msdt:/id PCWDiagnostic>)
- [search](search-ms:query=x) and <a href="javascript:alert(2)">html js</a> [up](JavaScript:x)
- [web](https://example.com) [mail](mailto:a@b.c) [anchor](#slide) [relative](//example.org/a)
"""


def test_only_web_mail_and_deck_links_stay_clickable(tmp_path: Path) -> None:
    result = build(tmp_path, NOTE)
    prs = deck_of(result)
    runs = [run for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
            for para in shape.text_frame.paragraphs for run in para.runs]
    linked = {run.text: run.hyperlink.address for run in runs if run.hyperlink.address}
    assert linked == {"web": "https://example.com", "mail": "mailto:a@b.c", "anchor": "#slide",
                      "relative": "https://example.org/a"}
    text = " ".join(run.text for run in runs)
    for word in ("js", "vb", "file", "unc", "smb", "msdt", "search", "html js", "up"):
        assert word in text  # kept as plain text
    assert "](" not in text and "javascript" not in text
    dropped = [w.line for w in result.warnings if "shown as plain text" in w.message]
    assert dropped == [5, 5, 5, 6, 6, 6, 7, 7, 7]
