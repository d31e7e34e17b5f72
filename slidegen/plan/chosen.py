"""Slides for a heading whose note chose their layout or background (`plan.choices`): a section
divider, a full-bleed picture, two columns, a template layout by name, a picture behind."""

from __future__ import annotations

from dataclasses import replace

from slidegen.deck import Slide
from slidegen.document import Image, SlideOption
from slidegen.plan.choices import SlideChoice
from slidegen.plan.full_bleed import background_picture, picture_slide
from slidegen.plan.outline import Part
from slidegen.plan.pages import PagePlanner
from slidegen.plan.two_content import in_two_columns
from slidegen.records import record


@record
class ChosenSlides:
    """Content slides that follow the note's own choice of layout and background."""

    pages: PagePlanner
    template_parts: dict[str, str]  # built-in layout → the template's layout of that name

    def slides(self, part: Part, choice: SlideChoice) -> list[Slide]:
        maker = self.pages.maker
        title_runs = maker.span_runs(part.title)
        blocks = [b for b in part.blocks if not isinstance(b, SlideOption)]
        first: list[Slide] = []
        notes = part.notes
        if choice.layout == "section":
            first = [maker.section_slide(0, part.title, part.line, notes)]
            notes = []
        elif choice.layout == "picture":
            at = next((i for i, b in enumerate(blocks) if isinstance(b, Image)), None)
            picture = self.pages.builder.pictures(blocks[at]) if at is not None else None
            if picture is None:
                self.pages.diagnostics.warn(part.line, "layout 'picture' needs a picture on its "
                                            "slide: laid out as usual; add the picture")
            else:
                blocks = blocks[:at] + blocks[at + 1:]  # type: ignore[operator]
                first = [replace(picture_slide(picture, title_runs, maker.theme, maker.metrics,
                                               part.line), notes="\n\n".join(notes))]
                notes = []
        elif choice.layout == "two-content":
            blocks = in_two_columns(blocks)
        rest = self.pages.content_slides(title_runs, part.kicker, blocks, notes, part.line) \
            if blocks or not first else []
        layout = choice.template_layout or self.template_parts.get(choice.layout or "")
        if layout:
            rest = [replace(s, layout=layout) for s in rest]
        if choice.background:
            rest = [self._with_background(s, choice.background, part.line) for s in rest]
        return [*first, *rest]

    def _with_background(self, slide: Slide, src: str, line: int) -> Slide:
        picture = self.pages.builder.pictures(Image(src=src, alt="", line=line))
        if picture is None or picture.image is None:
            reason = picture.reason if picture is not None else "not found"
            self.pages.diagnostics.warn(line, f"background {src}: {reason}; the slide has none")
            return slide
        theme = self.pages.maker.theme
        return replace(slide, backdrop=background_picture(picture.image, theme, ""))
