"""Parse a note's Markdown body into the `slidegen.document` tree.

markdown-it-py does the Markdown; this package turns its flat token stream into blocks with
a loop and an explicit stack (never recursion, so deeply nested input cannot overflow
Python's stack), and reduces raw HTML to text and pictures with the stdlib `HTMLParser`,
which never raises on broken HTML. Every block carries its line in the original file.

Modules: `markdown` (the MarkdownIt instance and its custom rules), `tree` (block tokens →
blocks), `inline` (inline tokens → spans), `html` (raw HTML), `callouts`, `notes` (speaker
notes) and `limits` (sizes past which input is cut, with a warning).

Conventions (what `plan` can rely on):
- Images never sit inside a paragraph: `![a](s)`, `<img>` anywhere and `![[f.png|alt]]`
  become `Image` blocks between the paragraph pieces around them.
- A paragraph starting with `※` becomes `Callout("note")` without the `※`; one starting
  with `Note:`/`참고:` (also Tip:/Warning:/Caution:/Important:/주의:) becomes a callout of
  that kind whose `title` is the label as written, without the label in the text. The
  first paragraph of a list item (its bullet text) is never turned into a callout, nor is a
  paragraph that is already inside a callout.
- `<!-- notes: ... -->`, `<!-- note: ... -->` and `::: notes` give `SpeakerNotes`; other
  comments and `<script>`/`<style>` content are dropped; `<iframe>`, `<video>` and other
  embeds are dropped with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping

from slidegen.diagnostics import Diagnostics
from slidegen.document import Document, Meta
from slidegen.math import definitions
from slidegen.parse.citations import WORKS, works_cited
from slidegen.parse.crossrefs import crossref_targets
from slidegen.parse.markdown import _MD
from slidegen.parse.reveal_notes import SLIDE_MODE, is_slide_mode
from slidegen.parse.tree import _TreeBuilder
from slidegen.read import Source, meta_from_front_matter
from slidegen.read.bibliography import Work

__all__ = ["parse_document"]


def parse_document(source: Source, diagnostics: Diagnostics, meta: Meta | None = None,
                   works: Mapping[str, Work] | None = None) -> Document:
    """Parse `source.text` into a `Document`; bad Markdown/HTML never raises, it warns.

    `meta` is the note's, when the caller knows more than the front matter (the site's
    language, a post's date); else it is read from the front matter and the text."""
    meta = meta or meta_from_front_matter(source.front_matter, None, source.text)
    korean = (meta.lang or "").lower().startswith("ko")  # labels such as "Figure 1" follow it
    numbered = any(mark in source.text for mark in ("@", "{#", "#|", ":name:", ":label:"))
    env: dict[str, object] = {"crossrefs": crossref_targets(source.text, korean)} \
        if numbered else {}
    if is_slide_mode(source.front_matter):  # reveal.js' `Note:` speaker notes
        env[SLIDE_MODE] = True
    if works:
        env[WORKS] = works
    tokens = _MD.parse(source.text, env)
    macros = definitions(source.text) if "\\" in source.text else {}
    builder = _TreeBuilder(source.body_line, diagnostics, macros, env.get("crossrefs"),
                           reparse=lambda text: _MD.parse(text, env))
    builder.run(tokens)
    last_line = source.body_line + source.text.count("\n")
    builder.root.extend(works_cited(env, builder.root, korean, last_line))
    return Document(path=source.path, meta=meta, blocks=builder.root, macros=macros,
                    footnotes=builder.footnotes)

