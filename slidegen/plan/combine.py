"""Many planned notes → one study-session deck.

One title slide, an agenda naming every note, then each note as a section: its own title
slide becomes a numbered section divider, the rest of its slides follow (a note's own section
dividers are numbered under it: 1.1, 1.2). Slide
numbers are drawn by position when rendering, so they run on across the notes by themselves.
The notes' slides are already laid out for their own theme, so the session uses the first
note's theme; notes planned with another slide size are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from slidegen.deck import Deck, DeckInfo, Slide, TextBox
from slidegen.document import Meta, Span
from slidegen.plan.region import Region
from slidegen.plan.slides import SlideMaker
from slidegen.plan.style import deck_style
from slidegen.plan.textfit import TextMetrics
from slidegen.templates import read_template
from slidegen.theme import Theme

__all__ = ["combine_decks"]


def combine_decks(decks: Sequence[Deck], title: str, *, subtitle: str | None = None,
                  theme: Theme | None) -> Deck:
    """One deck: title, agenda of the notes, then each note behind its own section divider,
    in `theme` (the first note's: the notes were planned for their themes)."""
    if not decks or theme is None:
        raise ValueError("combine_decks needs at least one deck and its theme")
    for deck in decks:
        if (deck.style.width, deck.style.height) != (theme.width, theme.height):
            raise ValueError(f"'{deck.info.title}' was planned for a {deck.style.width:g}x"
                             f"{deck.style.height:g} pt slide, the session for "
                             f"{theme.width:g}x{theme.height:g}; give every note the same theme")
    lang = decks[0].info.lang
    metrics = TextMetrics.for_theme(theme)
    # on a template, the session's own slides use its layouts as the notes' slides do
    template = read_template(theme.template) if theme.template else None
    maker = SlideMaker(theme, metrics, lang, template)
    authors = list(dict.fromkeys(d.info.author for d in decks if d.info.author))
    dates = sorted(d.info.date for d in decks if d.info.date)
    meta = Meta(title=title, subtitle=subtitle, author=", ".join(authors) or None,
                date=_date_range(dates))
    names = [_note_title(deck, n) for n, deck in enumerate(decks, 1)]
    slides: list[Slide] = [maker.title_slide(title, meta, []),
                           maker.agenda_slide([[Span(name)] for name in names],
                                              Region.inside_margins(theme),
                                              anchors=[f"note-{n}"
                                                       for n in range(1, len(names) + 1)])]
    for number, (deck, name) in enumerate(zip(decks, names, strict=True), 1):
        inner = list(deck.slides)
        notes = ""
        if inner and inner[0].kind == "title":
            notes = inner.pop(0).notes
        slides.append(maker.section_slide(number, [Span(name)], 0, [notes] if notes else [],
                                          anchor=f"note-{number}"))
        slides.extend(_in_note(_renumber(slide, number), number) for slide in inner)
    keywords = list(dict.fromkeys(k for d in decks for k in d.info.keywords))
    info = DeckInfo(title=title, author=meta.author or "", subject=subtitle or "",
                    keywords=keywords, lang=lang, date=dates[-1] if dates else None)
    return Deck(info, deck_style(theme), slides)


def _renumber(slide: Slide, note: int) -> Slide:
    """A note's own section "02" becomes "1.2", so it cannot be mistaken for the next note."""
    if slide.kind != "section" or not slide.shapes:
        return slide
    label = slide.shapes[0]
    if not (isinstance(label, TextBox) and label.role == "kicker" and label.paragraphs):
        return slide
    runs = label.paragraphs[0].runs
    text = "".join(r.text for r in runs)
    if not text.isdigit() or not runs:
        return slide
    paragraph = replace(label.paragraphs[0], runs=[replace(runs[0], text=f"{note}.{int(text)}")])
    return replace(slide, shapes=[replace(label, paragraphs=[paragraph]), *slide.shapes[1:]])


def _in_note(slide: Slide, note: int) -> Slide:
    """A note's slide with its links and anchors renamed for its place in the session, so the
    agenda of note 2 links to note 2's sections, not to note 1's."""

    def inside(name: str | None) -> str | None:
        return f"note-{note}/{name}" if name else None

    if not slide.anchor and not any(
            run.jump for shape in slide.shapes if isinstance(shape, TextBox)
            for para in shape.paragraphs for run in para.runs):
        return slide
    shapes = [replace(shape, paragraphs=[replace(para, runs=[replace(run, jump=inside(run.jump))
                                                             for run in para.runs])
                                         for para in shape.paragraphs])
              if isinstance(shape, TextBox) else shape for shape in slide.shapes]
    return replace(slide, anchor=inside(slide.anchor), shapes=shapes)


def _note_title(deck: Deck, number: int) -> str:
    return deck.info.title.strip() or f"Note {number}"


def _date_range(dates: list[str]) -> str | None:
    if not dates:
        return None
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"
