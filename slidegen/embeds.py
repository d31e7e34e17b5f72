"""Obsidian note embeds: `![[other note]]` and `![[other note#Heading]]` bring that note's text
(or one section of it) into the deck, as Obsidian shows it inside the embedding note.

This runs after parsing, like image resolution: it needs the vault on disk. An embedded note
is read and parsed as any note is; embeds inside it are followed a few levels deep, never in
a circle. Its pictures are re-pointed so they resolve from the embedding note's folder.
Code files a line imports (VitePress `<<<`, VuePress `@[code]`) are read here too
(code_imports).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path, PurePosixPath

from slidegen.code_imports import imported_code
from slidegen.diagnostics import Diagnostics, SlidegenError
from slidegen.document import (
    Block,
    Callout,
    CodeImport,
    Document,
    Heading,
    Image,
    ListBlock,
    NoteEmbed,
    Paragraph,
    Span,
)
from slidegen.images.resolve import MAX_UNMARKED_UP
from slidegen.images.sites import Site
from slidegen.images.vault import find_vault, search_vault
from slidegen.parse import parse_document
from slidegen.policy.files import trusted_root
from slidegen.read import read_source
from slidegen.records import record

__all__ = ["expand_embeds"]

MAX_DEPTH = 3
NOTE_SUFFIXES = (".md", ".qmd", ".markdown", ".rmd")  # a name with one is taken as written


def expand_embeds(doc: Document, diagnostics: Diagnostics, site: Site | None) -> None:
    """Replace every `NoteEmbed` and `CodeImport` in `doc` by what it brings in, in place;
    `site` is the note's (`find_site` of its folder): code files are read inside it."""
    if not _has_embeds(doc.blocks):
        return
    note = doc.path.resolve()
    vault = find_vault(note.parent)
    if vault is None or not trusted_root(vault, note.parent):
        vault = note.parent  # a marker far above (or in a shared temp folder) is not a vault
    roots = _Roots(vault, site.root if site else note.parent, doc.included)
    doc.blocks = _expand(doc.blocks, note, roots, diagnostics, (note,))


@record(frozen=True)
class _Roots:
    """Where embedded notes are looked for, the folder code files are read inside, and the
    files read so far (`Document.included`: `--watch` rebuilds when one changes)."""

    vault: Path
    code: Path
    read: set[Path]


def _has_embeds(blocks: list[Block]) -> bool:
    return any(isinstance(b, NoteEmbed | CodeImport)
               or (isinstance(b, Callout) and _has_embeds(b.blocks))
               or (isinstance(b, ListBlock) and any(_has_embeds(i.blocks) for i in b.items))
               for b in blocks)


def _expand(blocks: list[Block], note: Path, roots: _Roots, diagnostics: Diagnostics,
            chain: tuple[Path, ...]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, NoteEmbed):
            out.extend(_embedded(block, note, roots, diagnostics, chain))
        elif isinstance(block, CodeImport):
            out.extend(imported_code(block, note, roots.code, diagnostics, roots.read))
        elif isinstance(block, Callout):
            block.blocks = _expand(block.blocks, note, roots, diagnostics, chain)
            out.append(block)
        elif isinstance(block, ListBlock):
            for item in block.items:
                item.blocks = _expand(item.blocks, note, roots, diagnostics, chain)
            out.append(block)
        else:
            out.append(block)
    return out


def _embedded(embed: NoteEmbed, note: Path, roots: _Roots, diagnostics: Diagnostics,
              chain: tuple[Path, ...]) -> list[Block]:
    vault = roots.vault
    title = embed.target if not embed.heading or embed.heading.startswith("^") else (
        f"{embed.target} > {embed.heading}")  # a block reference: the note's name alone
    shown = Paragraph([Span(title)], embed.line)
    marked = vault != note.parent
    found = _find_note(embed.target, note.parent, vault, marked) if embed.target else note
    if found is None and not marked:  # no vault marker: the nearest folder above the note
        found = next((hit for up in note.parents[1:MAX_UNMARKED_UP]  # that holds it
                      if (hit := _find_note(embed.target, note.parent, up,
                                            trusted_root(up, note.parent)))), None)
    what = f"included file '{embed.target}'" if embed.spliced else (
        f"embedded note '{embed.target}'")
    if found is None:
        where = f"next to the note ({note.parent})" if embed.spliced else f"in the vault ({vault})"
        diagnostics.warn(embed.line, f"{what} not found {where}: its name is shown instead; "
                         "check the name")
        return [shown]
    if found in chain or len(chain) > MAX_DEPTH:
        diagnostics.warn(embed.line, f"{what} includes itself (or is nested too deep): its "
                         "name is shown instead")
        return [shown]
    inner = Diagnostics(str(found))
    roots.read.add(found)
    try:
        sub = parse_document(read_source(found, inner), inner)
    except SlidegenError as exc:
        diagnostics.warn(embed.line, f"{what} cannot be read ({exc.diagnostic.message}): its "
                         "name is shown instead")
        return [shown]
    diagnostics.items.extend(inner.items)
    body = sub.blocks
    if embed.heading.startswith("^"):
        body = _block(sub.blocks, found, embed.heading[1:])
    elif embed.heading:
        body = _section(sub.blocks, embed.heading)
    if body is None:
        part = "block" if embed.heading.startswith("^") else "heading"
        diagnostics.warn(embed.line, f"{part} '{embed.heading}' not found in embedded note "
                         f"'{embed.target}': the whole note is shown")
        body = sub.blocks
    if body and isinstance(body[0], Heading) and body[0].text == found.stem:
        body = body[1:]  # the note's own title heading: the callout's title says it already
    body = _expand(body, found, roots, diagnostics, (*chain, found))
    _repoint_images(body, found.parent, note.parent)
    if embed.spliced:
        return body
    return [Callout(kind="note", blocks=body, line=embed.line, title=title)]


def _find_note(target: str, here: Path, vault: Path, search: bool) -> Path | None:
    """`target` next to the note, at the vault's top, then (`search`) anywhere in the vault."""
    name = target if target.lower().endswith(NOTE_SUFFIXES) else target + ".md"
    for base in (here, vault):
        candidate = (base / name).resolve()
        if candidate.is_file() and _inside(candidate, vault):
            return candidate
    hit = search_vault(vault, PurePosixPath(name).name) if search else None
    return hit.resolve() if hit else None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _block(blocks: list[Block], note: Path, block_id: str) -> list[Block] | None:
    """The block a `^block_id` at the end of one of its lines names (Obsidian's block
    reference): the last block that starts at or before that line."""
    try:
        lines = note.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return None
    wanted = next((n for n, text in enumerate(lines, start=1) if _ends_with(text, block_id)),
                  None)
    if wanted is None:
        return None
    starting = [b for b in blocks if getattr(b, "line", wanted + 1) <= wanted]
    return starting[-1:] or None


def _ends_with(line: str, block_id: str) -> bool:
    """Whether the line ends with ` ^block_id` (or is only that). A string test, not a
    pattern made from the note: compiled patterns are kept between runs (`compiled_patterns`)."""
    text, mark = line.rstrip(), "^" + block_id
    return text.endswith(mark) and (text == mark or text[-len(mark) - 1].isspace())


def _section(blocks: list[Block], heading: str) -> list[Block] | None:
    """The blocks under the heading named `heading`, up to the next heading as high."""
    wanted = heading.strip().lower()
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.text.lower() == wanted:
            end = next((j for j in range(index + 1, len(blocks))
                        if isinstance(blocks[j], Heading) and blocks[j].level <= block.level),
                       len(blocks))
            return blocks[index + 1 : end]
    return None


def _repoint_images(blocks: list[Block], source_dir: Path, target_dir: Path) -> None:
    """Relative picture paths of the embedded note, made relative to the embedding note."""
    for index, block in enumerate(blocks):
        if isinstance(block, Image) and "://" not in block.src and not block.src.startswith(
                ("/", "data:")) and (source_dir / block.src).is_file():
            moved = os.path.relpath(source_dir / block.src, target_dir)
            blocks[index] = replace(block, src=Path(moved).as_posix())
        elif isinstance(block, Callout):
            _repoint_images(block.blocks, source_dir, target_dir)
        elif isinstance(block, ListBlock):
            for item in block.items:
                _repoint_images(item.blocks, source_dir, target_dir)
