"""Where planned decks go (`DeckWriter`), and the writer that draws them in this process."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from slidegen.write import atomic

if TYPE_CHECKING:
    from slidegen.deck import Deck, DeckInfo, DeckStyle, ImageData, Slide


class DeckWriter:
    """Where planned decks go: `slides`… then `finish` or `abort`, for each deck; `close`."""

    def slides(self, info: DeckInfo, style: DeckStyle, slides: Sequence[Slide]) -> None:
        """Slides of the deck being planned, in order, as soon as they are planned."""

    def finish(self, deck: Deck, target: Path, replaced: Mapping[str, ImageData]) -> None:
        """Write the planned deck; `replaced` holds pictures downscaled after their slides
        were handed over, by their old digest. Raises OSError when it cannot be written."""
        raise NotImplementedError

    def abort(self) -> None:
        """Drop what was handed over for a deck that will not be written."""

    def close(self) -> None:
        """No more decks."""

    def write(self, deck: Deck, target: Path) -> None:
        """A deck planned elsewhere (the --combine session deck): its slides, then finish."""
        self.slides(deck.info, deck.style, deck.slides)
        self.finish(deck, target, {})


class LocalWriter(DeckWriter):
    """Draws in this process from the finished deck (the renderer is imported only then)."""

    def finish(self, deck: Deck, target: Path, replaced: Mapping[str, ImageData]) -> None:
        write_deck(deck, target)


def write_deck(deck: Deck, target: Path) -> None:
    """Render `deck` and write it to `target` atomically."""
    from slidegen.render import render_deck  # planning never needs it

    atomic.write_atomically(target, lambda handle: render_deck(deck, handle))
