"""MyST (Jupyter Book) directives, fenced with backticks or colons: ```` ```{note} ````,
```` ```{admonition} Title ```` with `:class: tip`, `:::{figure} path` with its caption,
```` ```{math} ````, ```` ```{code-cell} python ````, and `(label)=` target lines.

A directive becomes the tokens of what it means: a div (a callout when its name or class is
one; a `dropdown` or other container keeps its title as a lead line), a figure shortcode, a
display formula or a fence; `:option:` lines are read, never shown. `{raw}` and `{eval-rst}`
content is for other outputs and left out.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from slidegen.document import Attributes
from slidegen.parse.callouts import callout_kind_of_word
from slidegen.parse.crossrefs import target_label, target_number
from slidegen.parse.divs import push_div
from slidegen.parse.lines import line_text
from slidegen.parse.list_table import push_list_table
from slidegen.parse.math import MATH_INLINE
from slidegen.parse.shortcodes import Shortcode
from slidegen.regex import lazy_compile

_OPEN = lazy_compile(r"(?P<fence>`{3,}|~{3,}|:{3,})[ \t]*\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*)")
_OPTION = lazy_compile(r"[ \t]*:([\w-]+):[ \t]*(.*)")
_TARGET = lazy_compile(r"\([\w:.-]+\)=[ \t]*")
_PICTURES = {"figure", "image", "glue:figure"}
_CODE = {"code-cell", "code-block", "code", "sourcecode"}
_HIDDEN = {"raw", "eval-rst", "toctree", "tableofcontents", "bibliography"}
# containers of Markdown; in a backtick fence only these (and the names above) are MyST's:
# ```` ```{python} ```` is a Quarto or R Markdown cell
_CONTAINERS = {"admonition", "note", "warning", "tip", "important", "caution", "attention",
               "danger", "error", "hint", "seealso", "dropdown", "epigraph", "margin",
               "sidebar", "topic", "card", "grid", "grid-item", "grid-item-card", "tab-set",
               "tab-item", "exercise", "solution", "div", "container", "highlights",
               "pull-quote", "todo", "versionadded", "versionchanged", "deprecated"}
_KNOWN = _CONTAINERS | _HIDDEN | _PICTURES | _CODE | {"math", "list-table"}


_ROLE = lazy_compile(r"\{([\w:-]+)\}`([^`\n]+)`")
_EXPLICIT = lazy_compile(r"(.*?)\s*<([^<>]+)>")


def myst_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fenced_div", "myst_directive", _directive,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.before("paragraph", "myst_target", _target)
    md.inline.ruler.before("backticks", "myst_role", _role)


def _role(state: StateInline, silent: bool) -> bool:
    """`{math}`\\alpha`` a formula; `{ref}`label``, `{doc}`page``, `{numref}`Fig %s <x>``,
    `{term}`word``: the words a reader sees (an explicit title, else the target's name)."""
    if state.src[state.pos] != "{":
        return False
    found = _ROLE.match(state.src, state.pos, state.posMax)
    if found is None:
        return False
    if not silent:
        role, content = found.group(1).lower(), found.group(2)
        if role == "math":
            token = state.push(MATH_INLINE, "math", 0)
            token.content = content
        else:
            state.push("text", "", 0).content = _reference_text(state, role, content)
    state.pos = found.end()
    return True


def _reference_text(state: StateInline, role: str, content: str) -> str:
    """What a role shows: a numbered target's number where the role shows one (`numref`,
    `eq`: "Figure 2", "그림 2", "(3)"; `Fig. %s` with its number put in), else the explicit
    title, else the target's name."""
    explicit = _EXPLICIT.fullmatch(content)
    target = (explicit.group(2) if explicit else content).strip()
    label = target_label(state.env, target) if role in ("numref", "eq") else ""
    number = target_number(state.env, target) if label else ""
    if number and role == "eq":
        return f"({number})"
    if number and explicit and "%s" in explicit.group(1):
        return explicit.group(1).replace("%s", number).strip()
    if label and not explicit:
        return label
    shown = explicit.group(1).replace("%s", "").strip() if explicit else content
    return shown or target


def _target(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """`(label)=` on a line of its own: a target for references, nothing to show."""
    if state.sCount[start] - state.blkIndent >= 4 or not _TARGET.fullmatch(
            line_text(state, start)):
        return False
    if not silent:
        state.line = start + 1
    return True


def _directive(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    opened = _OPEN.fullmatch(line_text(state, start))
    if opened is None:
        return False
    name = opened.group("name").lower()
    if opened.group("fence")[0] != ":" and name not in _KNOWN and not name.startswith("prf:"):
        return False
    if silent:
        return True
    fence = opened.group("fence")
    close = next((n for n in range(start + 1, end) if line_text(state, n).startswith(fence)
                  and not line_text(state, n)[len(fence):].strip()), end)
    options: dict[str, str] = {}
    body = start + 1
    while body < close and (option := _OPTION.fullmatch(line_text(state, body))):
        options[option.group(1).lower()] = option.group(2).strip()
        body += 1
    _emit(state, name, opened.group("arg").strip(), options, (body, close, state.sCount[start]))
    state.line = min(close + 1, end)
    return True


def _emit(state: StateBlock, name: str, arg: str, options: dict[str, str],
          lines: tuple[int, int, int]) -> None:
    body, close, indent = lines
    text = state.getLines(body, close, indent, False)
    if name in _HIDDEN:
        return
    if name in _PICTURES:
        caption = " ".join(text.split())
        token = state.push("shortcode", "", 0)
        token.meta = {"shortcode": Shortcode(name="figure", named={
            "src": arg, "caption": caption, "alt": options.get("alt", caption),
            "width": options.get("width", "")})}
    elif name == "math":
        token = state.push("math_block", "math", 0)
        token.content = text
        if number := target_number(state.env, options.get("label") or options.get("name", "")):
            token.content = f"{text.rstrip()} \\tag{{{number}}}"  # numbered as `{eq}` says
    elif name in _CODE:
        token = state.push("fence", "code", 0)
        token.info, token.content = arg, text + "\n"
    elif name == "list-table" and push_list_table(state, arg, options, text, (body, close)):
        return
    else:  # an admonition, a dropdown, a card: a div whose body is Markdown
        _container(state, name, arg, options, body, close)
        return
    token.map = [body - 1, close + 1]


def _container(state: StateBlock, name: str, arg: str, options: dict[str, str], body: int,
               close: int) -> None:
    named = [c.lower() for c in options.get("class", "").split()]
    if name != "admonition":
        named.insert(0, name)  # `{seealso}`, `{attention}`: the kind a callout's word names
    kinds = [kind for word in named if (kind := callout_kind_of_word(word))]
    push_div(state, {"attrs": Attributes(classes=kinds[:1] or [name]),
                     "title": arg or options.get("title", ""), "callout": name == "admonition"},
             (body, close), [body - 1, close + 1])
