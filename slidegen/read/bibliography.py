"""pandoc's and Quarto's bibliography: the works a note cites, from the files its front matter
names (`bibliography: refs.bib`, BibTeX or CSL JSON) and from `references:` in the front
matter itself (CSL YAML), so that `[@doe99, p. 3]` reads "(Doe 1999, p. 3)" and the deck ends
with the works cited, as pandoc's citeproc writes them (author-date, Chicago's default).

A file is read like a picture: next to the note or inside its site, never outside it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from slidegen.diagnostics import Diagnostics
from slidegen.policy.files import inside
from slidegen.records import record
from slidegen.regex import lazy_compile

MAX_BIB_BYTES = 5_000_000
CITATION_KEY = lazy_compile(r"@([\w][\w:.#$%&+?<>~/-]*\w|\w)")  # as pandoc reads keys
_RANGE = lazy_compile(r"(?<=\w)-{1,2}(?=\w)")
HANGUL_OR_HAN = lazy_compile(r"[\uac00-\ud7a3\u4e00-\u9fff\u3040-\u30ff]")


@record(frozen=True)
class Work:
    """One cited work: what its citation and its line in the works cited show."""

    key: str
    authors: tuple[tuple[str, str], ...]  # (family, given) names, in order
    year: str
    title: str
    container: str = ""  # the journal, the book a chapter is in, or the publisher
    details: str = ""  # volume (issue): pages
    link: str = ""  # https://doi.org/… or the URL

    @property
    def when(self) -> str:
        return self.year or "n.d."


def load_works(front_matter: Mapping[str, Any], note: Path, root: Path, text: str,
               diagnostics: Diagnostics, allow_outside: bool = False) -> dict[str, Work]:
    """The works the front matter's bibliography files and `references:` list, by key, of
    those `text` may cite (a library of thousands is read whole, but only the works cited
    are decoded); files outside `root` (unless `allow_outside`: --allow-local-files, for a
    reference manager's library elsewhere) or unreadable are warned about and skipped."""
    works: dict[str, Work] = {}
    for name, path in bibliography_files(front_matter, note):
        if not allow_outside and not inside(path, root):
            diagnostics.warn(None, f"bibliography '{name}' is outside the notes' folder "
                             f"({root}): not read; copy it in, or pass --allow-local-files")
            continue
        try:
            data = path.read_bytes()
            if len(data) > MAX_BIB_BYTES:
                diagnostics.warn(None, f"bibliography '{name}' is over 5 MB: its first 5 MB "
                                 "are read; cite from a smaller export")
                data = data[:MAX_BIB_BYTES]
            if path.suffix.lower() == ".json":
                found, broken = [_csl(i) for i in json.loads(data) if isinstance(i, dict)], []
            else:
                found, broken = _bibtex(data.decode("utf-8", "replace"),
                                        set(CITATION_KEY.findall(text)))
        except (OSError, ValueError) as exc:
            diagnostics.warn(None, f"bibliography '{name}' cannot be read ({exc}): its "
                             "citations show their keys")
            continue
        if broken:
            diagnostics.warn(None, f"bibliography '{name}': {len(broken)} entr"
                             f"{'y' if len(broken) == 1 else 'ies'} not BibTeX (from line "
                             f"{broken[0]}) left out; fix them to cite them")
        works.update((work.key, work) for work in found if work is not None)
    inline = front_matter.get("references")
    for item in inline if isinstance(inline, list) else []:
        work = _csl(item) if isinstance(item, dict) else None
        if work is not None:
            works[work.key] = work
    return works


def bibliography_files(front_matter: Mapping[str, Any], note: Path) -> list[tuple[str, Path]]:
    """Each file `bibliography:` names (one or a list), as written and as a path from the
    note's folder (an absolute path stays itself)."""
    named = front_matter.get("bibliography")
    names = named if isinstance(named, list) else [named] if named else []
    return [(str(name), note.parent / str(name)) for name in names]


def _bibtex(text: str, cited: set[str]) -> tuple[list[Work | None], list[int]]:
    """The cited works of a BibTeX file, and the lines where entries it cannot read start
    (bibtexparser logs each; one warning says it here). Decoding LaTeX (`M{\\"u}ller`) is
    most of the work, so only the cited entries are decoded: a 5 MB library took a minute."""
    import logging

    import bibtexparser  # only notes with a .bib file
    from bibtexparser import middlewares

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    wanted = bibtexparser.Library([e for e in library.entries if e.key in cited])
    for step in (middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors(),
                 middlewares.SplitNameParts()):
        wanted = step.transform(wanted)
    works = [_from_fields(entry.key, {k.lower(): f.value for k, f in entry.fields_dict.items()})
             for entry in wanted.entries]
    return works, sorted(block.start_line + 1 for block in library.failed_blocks)


def _from_fields(key: str, fields: dict[str, Any]) -> Work:
    people = fields.get("author") or fields.get("editor") or []
    names = tuple((" ".join([*p.von, *p.last]), " ".join([*p.first, *p.jr]))
                  for p in people if hasattr(p, "last"))
    container = fields.get("journal") or fields.get("booktitle") or fields.get("publisher", "")
    doi = str(fields.get("doi", ""))
    return Work(key, names, str(fields.get("year", "")).strip(),
                str(fields.get("title", "")).strip(), str(container).strip(),
                _details(fields.get("volume"), fields.get("number"), fields.get("pages")),
                f"https://doi.org/{doi}" if doi else str(fields.get("url", "")))


def _csl(item: Mapping[str, Any]) -> Work | None:
    """A CSL JSON or YAML item (`id`, `author: [{family, given}]`, `issued`)."""
    key = item.get("id")
    if not isinstance(key, str | int):
        return None
    people = [p for p in item.get("author") or item.get("editor") or [] if isinstance(p, dict)]
    names = tuple((str(p.get("family") or p.get("literal") or ""), str(p.get("given") or ""))
                  for p in people)
    issued = item.get("issued")
    year = ""
    if isinstance(issued, dict) and issued.get("date-parts"):
        year = str((issued["date-parts"][0] or [""])[0])
    elif issued:
        year = str(issued)[:4]
    doi = str(item.get("DOI", ""))
    return Work(str(key), names, year, str(item.get("title", "")),
                str(item.get("container-title") or item.get("publisher") or ""),
                _details(item.get("volume"), item.get("issue"), item.get("page")),
                f"https://doi.org/{doi}" if doi else str(item.get("URL", "")))


def _details(volume: object, number: object, pages: object) -> str:
    text = str(volume or "")
    if number:
        text += f" ({number})"
    if pages:
        span = en_dash_ranges(str(pages))
        text += f": {span}" if text else span
    return text.strip()


def en_dash_ranges(text: str) -> str:
    """`30--37`, `995-1000`: ranges with an en dash, as pandoc's styles write them."""
    return _RANGE.sub("–", text)


def citation(work: Work) -> str:
    """How a citation names the work: "Doe 1999", "Doe and Roe 1999", "Doe et al. 1999"."""
    return f"{_cited_names(work)} {work.when}"


def in_text(work: Work) -> str:
    """`@doe99` in a sentence: "Doe (1999)"."""
    return f"{_cited_names(work)} ({work.when})"


def _cited_names(work: Work) -> str:
    names = [family for family, _ in work.authors]
    return (names[0] if len(names) == 1 else f"{names[0]} and {names[1]}" if len(names) == 2
            else f"{names[0]}, {names[1]}, and {names[2]}" if len(names) == 3
            else f"{names[0]} et al." if names else work.title or work.key)


def entry(work: Work) -> tuple[str, str, str]:
    """The work's line in the works cited, as (before the container, the container, after):
    `Doe, John, and Jane Roe. 1999. "Title."`, `Journal`, ` 3 (2): 33–35. https://…`."""
    names = [_person(*work.authors[0], inverted=True)] if work.authors else []
    names += [_person(family, given) for family, given in work.authors[1:]]
    who = (", ".join(names[:-1]) + ", and " + names[-1]) if len(names) > 1 else \
        (names[0] if names else "")
    head = f"{who}. " if who else ""
    head += f"{work.when}. " + (f"“{work.title}.” " if work.title else "")
    tail = f" {work.details}." if work.details else ("." if work.container else "")
    if work.link:
        tail += f" {work.link}"
    return head.rstrip() + (" " if work.container else ""), work.container, tail.rstrip()


def _person(family: str, given: str, inverted: bool = False) -> str:
    """"Doe, John" first, "John Doe" after it; a Korean, Chinese or Japanese name as its
    people write it, family name first and no comma ("김철수")."""
    if HANGUL_OR_HAN.search(family):
        return f"{family}{given}"
    if not given:
        return family
    return f"{family}, {given}" if inverted else f"{given} {family}"
