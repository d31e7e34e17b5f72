"""GitBook's block tags: `{% hint style="info" %}` … `{% endhint %}`, tabs, code titles, embeds,
content references, columns, steppers, files, API blocks, changelog updates, integrations'
blocks (`{% @figma/embed url="…" %}`) and reusable-content includes.

They look like Liquid but are GitBook's own. The Liquid pass keeps a tag for the parser
(`parse/gitbook`) only where it can be nothing else: a name Jekyll and Liquid do not have,
written with the arguments GitBook writes (`{% tab title="…" %}`, not jekyll-tabs'
`{% tab log php %}`). Any other tag is Liquid's, as before.
"""

from __future__ import annotations

from dataclasses import field

from slidegen.records import record
from slidegen.regex import lazy_compile

__all__ = ["PAIRED", "GitbookTag", "gitbook_tag"]

_TAG = lazy_compile(r"\{%-?\s*(@?[\w./-]+)((?:[^%\"]|\"[^\"]*\"|%(?!\}))*?)\s*-?%\}")
_ARGUMENT = lazy_compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_QUOTED_PATH = lazy_compile(r"""\s*["']([^"']+\.md)["']\s*""")

# GitBook's tag names, each with the arguments one of which it is always written with
# (none: its name alone is GitBook's)
_OPENERS: dict[str, tuple[str, ...]] = {
    "hint": ("style",), "tabs": (), "tab": ("title",),
    "code": ("title", "linenumbers", "overflow", "fullwidth", "expandable"),
    "embed": ("url",), "content-ref": ("url",), "columns": (), "column": (),
    "stepper": (), "step": (), "file": ("src",),
    "swagger": ("method", "path", "src"), "swagger-description": (),
    "swagger-parameter": ("in", "name"), "swagger-response": ("status",),
    "openapi": ("src", "path", "method"), "openapi-operation": ("spec", "path", "method"),
    "updates": (), "update": ("date",),
}
PAIRED = {"hint", "tabs", "tab", "code", "embed", "content-ref", "columns", "column",
          "stepper", "step", "file", "swagger", "swagger-description", "swagger-parameter",
          "swagger-response", "openapi", "updates", "update"}
_NO_ARGUMENTS = {"tabs", "columns", "stepper", "step", "swagger-description", "updates"}


@record(frozen=True)
class GitbookTag:
    """One GitBook tag: its name (`hint`, `endhint`), its `key="value"` arguments with
    lower-case keys, and a quoted path (`{% include "x.md" %}`)."""

    name: str
    args: dict[str, str] = field(default_factory=dict)
    path: str = ""

    @property
    def closing(self) -> bool:
        return self.name.startswith("end") and self.name[3:] in PAIRED

    def arg(self, key: str) -> str:
        return self.args.get(key, "").strip()


def gitbook_tag(text: str) -> GitbookTag | None:
    """The GitBook tag `text` is (a whole tag, spaces around allowed), else None."""
    found = _TAG.fullmatch(text.strip())
    if found is None:
        return None
    name, rest = found.group(1).lower(), found.group(2)
    if name.startswith("end") and name[3:] in PAIRED:
        return GitbookTag(name) if not rest.strip() else None
    if name == "include" and (path := _QUOTED_PATH.fullmatch(rest)):
        return GitbookTag(name, path=path.group(1))  # Jekyll's include paths are unquoted
    args = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
            for m in _ARGUMENT.finditer(rest)}
    if name.startswith("@"):  # an integration's block: `{% @figma/embed url="…" %}`
        return GitbookTag("integration", args) if args.get("url") else None
    wanted = _OPENERS.get(name)
    if wanted is None:
        return None
    if name in _NO_ARGUMENTS and rest.strip() and not args:
        return None  # jekyll-tabs' `{% tabs log %}` names its group with a bare word
    if wanted and not any(key in args for key in wanted):
        return None
    return GitbookTag(name, args)
