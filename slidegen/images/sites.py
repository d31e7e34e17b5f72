"""The site a note belongs to: which tool publishes it, what its config says (the language,
the site's address) and which of its folders the tool serves at the site's root.

Notes link pictures the way their tool publishes them: `![](/images/x.png)` is a file of the
site's public folder (Jekyll's site, Hugo's and Docusaurus' `static/`, VuePress'
`.vuepress/public/`, VitePress' `<srcDir>/public/`, MkDocs' `docs/`, a Quarto project), and
`../img/x.png` may leave the note's folder as long as it stays in the site (GitBook's
`../.gitbook/assets/`). A site is found by walking up from the note to the nearest folder
with a tool's marker; one that may not widen what the note reads (policy.files.trusted_root:
far above the note, the home folder, a shared temp folder) ends the walk with no site, so a
marker planted above the notes gives no access. Served folders are used only where they lie
inside the site's folder once links are followed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from urllib.parse import urlsplit

from slidegen.images.site_configs import js_text, read_config, read_yaml
from slidegen.images.vault import MAX_WALK_UP
from slidegen.policy.files import inside, trusted_root
from slidegen.records import record
from slidegen.regex import lazy_compile

__all__ = ["Site", "SiteMount", "find_site", "site_settings"]

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml")
DOCUSAURUS_CONFIGS = tuple(f"docusaurus.config.{ext}" for ext in ("js", "ts", "mjs", "cjs"))
MKDOCS_CONFIGS = ("mkdocs.yml", "mkdocs.yaml")
QUARTO_CONFIGS = ("_quarto.yml", "_quarto.yaml")
JS_CONFIGS = tuple(f"config.{ext}" for ext in ("js", "ts", "mjs", "mts", "cjs", "cts"))


@record(frozen=True)
class SiteMount:
    """A URL prefix (scheme+host+path), or a site path prefix ("/baseurl"), served from a
    local folder."""

    prefix: str
    folder: Path


@record(frozen=True)
class Site:
    """A note's site: relative paths may reach anything under `root`; `paths` serve "/x.png"
    and `mounts` the site's own absolute URLs."""

    root: Path
    paths: list[SiteMount]
    mounts: list[SiteMount]
    lang: str | None = None
    settings: Mapping[str, object] = field(default_factory=dict)  # Jekyll's, for `{{ site.x }}`
    folder_langs: tuple[tuple[Path, str], ...] = ()  # a translation's folder -> its language
    suffix_langs: Mapping[str, str] = field(default_factory=dict)  # Hugo's `post.ko.md`

    def page_lang(self, note: Path) -> str | None:
        """The language of one page of a multilingual site, where its name or folder says."""
        parts = note.name.split(".")
        if len(parts) >= 3 and parts[-2] in self.suffix_langs:
            return self.suffix_langs[parts[-2]]
        place = note.resolve()
        for folder, lang in sorted(self.folder_langs, key=lambda item: -len(item[0].parts)):
            if place.is_relative_to(folder.resolve()):
                return lang
        return None


def find_site(note_dir: Path) -> Site | None:
    """The nearest site above the note (its own folder first), if it may widen what the note
    reads. A bare `SUMMARY.md` (GitBook, mdBook, MkDocs' literate-nav) counts only when no
    other tool's marker is found."""
    for kinds in (SITE_KINDS, WEAK_KINDS):
        folder = note_dir.resolve()
        for _ in range(MAX_WALK_UP):
            kind = next((kind for kind in kinds if kind.marks(folder)), None)
            if kind is not None:
                return kind.read(folder) if trusted_root(folder, note_dir) else None
            if folder.parent == folder:
                break
            folder = folder.parent
    return None


def site_settings(site: Site | None, note: Path) -> dict[str, object] | None:
    """The settings of the note's site (Jekyll's `_config.yml`, for `{{ site.title }}`) and
    its language as `lang` (the page's own, in a multilingual site); None outside any site."""
    if site is None:
        return None
    settings = dict(site.settings)
    page = site.page_lang(note)
    if page:
        settings["lang"] = page
    elif site.lang and not (settings.get("lang") or settings.get("locale")):
        settings["lang"] = site.lang
    return settings


@record(frozen=True)
class _Kind:
    """One publishing tool: whether a folder is its site, and how its site is read."""

    marks: Callable[[Path], bool]
    read: Callable[[Path], Site]


def _any_file(*names: str) -> Callable[[Path], bool]:
    return lambda folder: any((folder / name).is_file() for name in names)


def _first_file(folder: Path, names: tuple[str, ...]) -> Path | None:
    return next((folder / name for name in names if (folder / name).is_file()), None)


def _live(text: str, match: re.Match[str]) -> bool:
    """Not on a commented-out line (`// lang: 'en-US'`, a `*` line of a block comment)."""
    line = text[text.rfind("\n", 0, match.start()) + 1 : match.start()].lstrip()
    return not line.startswith(("//", "/*", "*"))


def js_strings(text: str, *keys: str) -> dict[str, str]:
    """The first string literal given to each key (`lang: 'ko-KR'`) in a config's text."""
    found: dict[str, str] = {}
    for key in keys:
        pattern = rf"""(?<![\w$.])['"]?{key}['"]?\s*:\s*(['"`])([^'"`\n]{{0,300}})\1"""
        match = next((m for m in re.finditer(pattern, text) if _live(text, m)), None)
        if match:
            found[key] = match.group(2).strip()
    return found


_LOCALE = lazy_compile(r"""(?<![\w$.])['"]?(/[\w-]*/?|[\w-]+)['"]?\s*:\s*\{[^{}]*?"""
                       r"""(?<![\w$.])lang\s*:\s*(['"`])([^'"`\n]{1,50})\2""")


_LOCALE_LIST = lazy_compile(r"(?<![\w$.])locales\s*:\s*\[([^\]]*)\]")


def js_locales(text: str) -> dict[str, str]:
    """Each locale of a VitePress (`ko: { lang: 'ko-KR' }`) or VuePress (`'/ko/': {…}`)
    config: its folder ("" for the root) -> its language."""
    found: dict[str, str] = {}
    for match in _LOCALE.finditer(text):
        if _live(text, match):
            key = match.group(1).strip("/")
            found.setdefault("" if key == "root" else key, match.group(3).strip())
    return found


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _section(cfg: dict[str, object], key: str) -> dict[str, object]:
    value = cfg.get(key)
    return value if isinstance(value, dict) else {}


def norm_prefix(url: str) -> str:
    """Scheme and host lower-cased, no trailing slash: "https://Site.io/blog/" -> "https://site.io/blog"."""
    parts = urlsplit(url.strip())
    host, scheme = (parts.netloc or "").lower(), (parts.scheme or "https").lower()
    return f"{scheme}://{host}{parts.path.rstrip('/')}" if host else ""


def _base_path(base: str) -> str:
    """A site's base path from its URL or base ("https://x.io/blog/", "/blog/" -> "/blog")."""
    path = (urlsplit(base).path if "://" in base else base).strip().strip("/")
    return f"/{path}" if path else ""


def _served(root: Path, folders: list[Path], url: str = "", base: str = "") -> Site:
    """A site serving `folders` (those that exist inside `root`, else `root`) at its root,
    at its base path and at its URL."""
    served = [f for f in folders if f.is_dir() and inside(f, root)] or [root]
    base_path = _base_path(base or url)
    paths = [SiteMount(base_path, f) for f in served] if base_path else []
    paths += [SiteMount("", f) for f in served]
    prefix = norm_prefix(url) if urlsplit(url).netloc else ""
    if prefix and base and "://" not in base:
        prefix = norm_prefix(url.rstrip("/") + base_path)
    return Site(root, paths, [SiteMount(prefix, f) for f in served] if prefix else [])


# --------------------------------------------------------------------------- the tools


def _jekyll(folder: Path) -> Site:
    path = _first_file(folder, JEKYLL_CONFIGS)
    cfg = read_yaml(path) if path else {}
    url = str(cfg.get("url") or "")
    baseurl = ("/" + str(cfg.get("baseurl") or "").strip("/")).rstrip("/")
    mounts = [SiteMount(norm_prefix(url + baseurl), folder)] if norm_prefix(url) else []
    paths = [SiteMount(baseurl, folder)] + ([SiteMount("", folder)] if baseurl else [])
    lang = _text(cfg.get("lang")) or _text(cfg.get("locale"))
    return Site(folder, paths, mounts, lang, cfg)


def hugo_config(folder: Path) -> dict[str, object] | None:
    """The Hugo config in `folder`, or None when it is no Hugo site (a `config.toml` counts
    beside `content/` only)."""
    for name in HUGO_CONFIGS:
        hugo = folder / name
        if hugo.is_file() and (name.startswith("hugo") or (folder / "content").is_dir()):
            return read_config(hugo)
    split = folder / "config" / "_default"
    if split.is_dir() and (folder / "content").is_dir():  # one file per section
        found = _first_file(split, HUGO_CONFIGS)
        cfg = dict(read_config(found)) if found else {}
        if params := _first_file(split, ("params.toml", "params.yaml", "params.yml")):
            cfg["params"] = read_config(params)
        return cfg
    return None


def _hugo(folder: Path) -> Site:
    """Hugo serves `static/` and `assets/` at the site's root, and a page bundle's files
    beside its `index.md` under the page's path in `content/`."""
    cfg = hugo_config(folder) or {}
    base = str(cfg.get("baseURL") or cfg.get("baseurl") or "")
    site = _served(folder, [folder / sub for sub in ("static", "assets", "content")], base)
    lang = _text(cfg.get("languageCode")) or _text(cfg.get("defaultContentLanguage"))
    suffixes: dict[str, str] = {}
    folders: list[tuple[Path, str]] = []
    for key, settings in _section(cfg, "languages").items():  # `post.ko.md`, `content/ko/`
        settings = settings if isinstance(settings, dict) else {}
        code = _text(settings.get("languageCode")) or _text(settings.get("locale")) or str(key)
        suffixes[str(key)] = code
        if content := _text(settings.get("contentDir")):
            folders.append((folder / content, code))
    return Site(site.root, site.paths, site.mounts, lang, cfg, folder_langs=tuple(folders),
                suffix_langs=suffixes)


def _docusaurus(folder: Path) -> Site:
    """Docusaurus serves `static/` at the site's root: `/img/x.png` is `static/img/x.png`."""
    text = js_text(_first_file(folder, DOCUSAURUS_CONFIGS))
    cfg = js_strings(text, "url", "baseUrl", "defaultLocale")
    site = _served(folder, [folder / "static", folder], cfg.get("url", ""), cfg.get("baseUrl", ""))
    listed = _LOCALE_LIST.search(text)  # translations: i18n/ko/docusaurus-plugin-…/x.md
    codes = re.findall(r"""['"`]([\w-]+)['"`]""", listed.group(1)) if listed else []
    folders = tuple((folder / "i18n" / code, code) for code in codes)
    return Site(site.root, site.paths, site.mounts, cfg.get("defaultLocale"),
                folder_langs=folders)


def _mkdocs(folder: Path) -> Site:
    """MkDocs serves its `docs_dir` (`docs/` unless set) at the site's root."""
    path = _first_file(folder, MKDOCS_CONFIGS)
    cfg = read_yaml(path, lenient=True) if path else {}
    docs = folder / (_text(cfg.get("docs_dir")) or "docs")
    site = _served(folder, [docs], str(cfg.get("site_url") or ""))
    theme = _section(cfg, "theme")
    lang = _text(theme.get("language")) or _text(theme.get("locale"))
    codes = _i18n_locales(cfg.get("plugins"))  # mkdocs-static-i18n: `x.ko.md` or `docs/ko/`
    return Site(folder, site.paths, site.mounts, lang,
                folder_langs=tuple((docs / code, code) for code in codes),
                suffix_langs={code: code for code in codes})


def _i18n_locales(plugins: object) -> list[str]:
    """The languages mkdocs-static-i18n lists (`plugins: [{i18n: {languages: [{locale:
    ko}]}}]`), but for the default one, whose pages carry no suffix or folder."""
    entries = plugins if isinstance(plugins, list) else [plugins] if plugins else []
    for entry in entries:
        i18n = _section(entry, "i18n") if isinstance(entry, dict) else {}
        languages = i18n.get("languages")
        if isinstance(languages, dict):  # the plugin's older form: {ko: {name: 한국어}}
            languages = [{"locale": key, **(value if isinstance(value, dict) else {})}
                         for key, value in languages.items()]
        if isinstance(languages, list):
            default = i18n.get("default_language")
            return [code for item in languages if isinstance(item, dict)
                    and not item.get("default") and (code := _text(item.get("locale")))
                    and code != default]
    return []


def _quarto(folder: Path) -> Site:
    """A Quarto project serves its folder (the one with `_quarto.yml`) at the site's root."""
    path = _first_file(folder, QUARTO_CONFIGS)
    cfg = read_yaml(path, lenient=True) if path else {}
    url = str(_section(cfg, "website").get("site-url") or "")
    site = _served(folder, [folder], url)
    return Site(site.root, site.paths, site.mounts, _text(cfg.get("lang")))


def _vitepress(folder: Path) -> Site:
    """VitePress serves `<srcDir>/public/` (srcDir: the folder holding `.vitepress/`, unless
    the config moves it) at the site's root, and its sources under it."""
    text = js_text(_first_file(folder / ".vitepress", JS_CONFIGS))
    cfg = js_strings(text, "lang", "srcDir", "base")
    source = folder / cfg.get("srcDir", ".")
    site = _served(folder, [source / "public", source], base=cfg.get("base", ""))
    return _with_locales(site, cfg.get("lang"), js_locales(text), source)


def _vuepress(folder: Path) -> Site:
    """VuePress serves `.vuepress/public/` at the site's root; its config is JavaScript
    (VuePress 2) or also YAML or TOML (VuePress 1)."""
    config = _first_file(folder / ".vuepress",
                         (*JS_CONFIGS, "config.yml", "config.yaml", "config.toml"))
    if config is not None and config.suffix in (".yml", ".yaml", ".toml"):
        data = read_config(config)
        cfg = {key: value for key in ("base", "lang") if (value := _text(data.get(key)))}
        locales = {str(key).strip("/"): lang for key, settings in
                   _section(data, "locales").items()
                   if isinstance(settings, dict) and (lang := _text(settings.get("lang")))}
    else:
        text = js_text(config)
        cfg, locales = js_strings(text, "lang", "base"), js_locales(text)
    site = _served(folder, [folder / ".vuepress" / "public", folder], base=cfg.get("base", ""))
    return _with_locales(site, cfg.get("lang"), locales, folder)


def _with_locales(site: Site, lang: str | None, locales: dict[str, str], source: Path) -> Site:
    """A site with locales (VitePress, VuePress): the root locale's language is the site's,
    and a page under `<source>/<key>/` is in that locale's."""
    folders = tuple((source / key, code) for key, code in locales.items() if key)
    return Site(site.root, site.paths, site.mounts, locales.get("") or lang,
                folder_langs=folders)


def _gitbook(folder: Path) -> Site:
    """A GitBook space keeps its uploads in `.gitbook/assets/`, linked from pages as
    `../.gitbook/assets/x.png`: the whole space is the root."""
    lang = None
    if (folder / "book.json").is_file():  # GitBook 2 and HonKit say their language here
        try:
            book = json.loads((folder / "book.json").read_text(encoding="utf-8-sig"))
            lang = _text(book.get("language")) if isinstance(book, dict) else None
        except (OSError, ValueError):
            pass
    site = _served(folder, [folder])
    return Site(site.root, site.paths, site.mounts, lang)


def hugo_config_marks(folder: Path) -> bool:
    """A Hugo site, judged from file names only (its config is read once it is trusted)."""
    return any((folder / name).is_file() and (name.startswith("hugo")
                                              or (folder / "content").is_dir())
               for name in HUGO_CONFIGS) or (
        (folder / "config" / "_default").is_dir() and (folder / "content").is_dir())


SITE_KINDS = (
    _Kind(_any_file(*JEKYLL_CONFIGS), _jekyll),
    _Kind(hugo_config_marks, _hugo),
    _Kind(_any_file(*DOCUSAURUS_CONFIGS), _docusaurus),
    _Kind(_any_file(*MKDOCS_CONFIGS), _mkdocs),
    _Kind(_any_file(*QUARTO_CONFIGS), _quarto),
    _Kind(lambda folder: (folder / ".vitepress").is_dir(), _vitepress),
    _Kind(lambda folder: (folder / ".vuepress").is_dir(), _vuepress),
    _Kind(lambda folder: (folder / ".gitbook").is_dir() or (folder / ".gitbook.yaml").is_file(),
          _gitbook),
)
WEAK_KINDS = (_Kind(_any_file("SUMMARY.md", "book.json"), _gitbook),)

