"""The rendered check's findings as people read them: one line per slide with problems,
saying what is wrong, where, and what to do about it."""

from __future__ import annotations

from slidegen.check.rendered import Problem

# kind -> (what is wrong, what to do); in the order a person should look at them
ADVICE: dict[str, tuple[str, str]] = {
    "pages": ("the PDF and the deck disagree on the number of slides",
              "convert the deck again; if it persists, report it with the deck"),
    "over-artwork": ("text over the template's artwork",
                     "the layout's placeholders overlap its bands or pictures: use a template "
                     "whose layouts keep text clear of them, or fix the layout in PowerPoint"),
    "low-contrast": ("text hard to read on what is under it",
                     "choose a theme or template whose text colours contrast with its fills"),
    "over-picture": ("text over a picture",
                     "shorten the slide's text or give the picture a slide of its own"),
    "off-page": ("text off the slide",
                 "shorten the slide's text or split it with a heading"),
    "outside-box": ("text runs out of its box",
                    "shorten the slide's text or split it with a heading"),
    "collision": ("text drawn over other text",
                  "shorten the slide's text or split it with a heading"),
    "shrunk": ("text shrunk to fit",
               "shorten the slide's text or split it with a heading"),
}


def page_lines(problems: list[Problem]) -> list[tuple[int, str]]:
    """(slide number, one line) per slide with problems, in slide order; slide 0 is the deck."""
    by_page: dict[int, list[Problem]] = {}
    for problem in problems:
        by_page.setdefault(problem.page, []).append(problem)
    lines = []
    for page in sorted(by_page):
        found = sorted(by_page[page], key=lambda p: list(ADVICE).index(p.kind)
                       if p.kind in ADVICE else len(ADVICE))
        parts = [_describe(p) for p in found]
        hints = list(dict.fromkeys(ADVICE.get(p.kind, ("", ""))[1] for p in found))
        lines.append((page, "; ".join(parts) + " — " + "; ".join(h for h in hints if h)))
    return lines


def _describe(problem: Problem) -> str:
    what = ADVICE.get(problem.kind, (problem.kind, ""))[0]
    if problem.kind == "pages":
        return f"{what} ({problem.detail})"
    if problem.kind == "over-artwork" and problem.detail:
        return f"text {problem.detail}: {problem.text!r}"  # "on the template's Logo"
    detail = f" ({problem.detail})" if problem.detail else ""
    return f"{what}{detail}: {problem.text!r}"
