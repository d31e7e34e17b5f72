"""Size limits that keep huge or hostile notes fast and within what a slide can show."""

# markdown-it stops nesting here (its own guard against deep input); a slide cannot show
# more than a handful of levels anyway. Deeper content is reported and left out.
MAX_NESTING = 40
# markdown-it's inline pass can take seconds on a huge paragraph full of `*` or `[`; a
# paragraph this long is never slide text, so it is only read as HTML (for its pictures).
MAX_INLINE_CHARS = 100_000
# Laying out a paragraph costs time in proportion to its length for every slide it spills
# onto; a paragraph longer than this is cut into several (at a space) so that a megabyte of
# text costs seconds, not minutes.
MAX_PARAGRAPH_CHARS = 10_000
OVERSIZED_CHUNK_CHARS = 2_000  # for paragraphs past MAX_INLINE_CHARS (formatting already lost)
MAX_HEADING_CHARS = 200  # a title longer than this continues as a paragraph under it
MAX_CODE_LINE_CHARS = 10_000  # a longer code line is a minified blob: cut, with a warning
