"""Pictures at a site's root and the site's language, for the tools that publish notes as
documentation sites, each laid out as the tool lays it out: VuePress, VitePress, MkDocs,
Quarto, GitBook and Docusaurus.

For each: `/images/x.png` is found in the folder the tool serves at the site's root (and a
relative `../` path may go anywhere inside the site); a link in that folder pointing out of
the site is still refused; the config's language is the deck's. The notes are written in
English so that the language can only come from the config.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from slidegen.images.sites import find_site
from tests.dialects import build, draw, pictures, placeholders, write

SECRET_COLOUR = "#ff0000"


@dataclass(frozen=True)
class Layout:
    """A site as its tool writes it: files (path -> text), where its served folder is, the
    note's folder, the pictures the note links and the language its config gives."""

    name: str
    files: dict[str, str]
    served: str  # the folder `/x.png` is read from
    note_dir: str
    links: tuple[str, ...]  # how the note links `<served>/images/chart.png` (and others)
    lang: str
    root: str = "."  # the folder relative paths may reach anything in


LAYOUTS = [
    Layout("vuepress", {"docs/.vuepress/config.js":
                        "import { defineUserConfig } from 'vuepress'\n"
                        "// lang: 'en-US' was the old one\n"
                        "export default defineUserConfig({\n  lang: 'ko-KR',\n"
                        "  title: 'Vue study',\n  base: '/vue-study/',\n})\n"},
           "docs/.vuepress/public", "docs/guide",
           ("/images/chart.png", "/vue-study/images/chart.png", "./local.png"), "ko-KR", "docs"),
    Layout("vuepress1", {"docs/.vuepress/config.yml":
                         "title: Vue study\nlocales:\n  /:\n    lang: ja-JP\n"},
           "docs/.vuepress/public", "docs/guide", ("/images/chart.png",), "ja-JP", "docs"),
    Layout("vitepress", {"docs/.vitepress/config.mts":
                         "import { defineConfig } from 'vitepress'\n"
                         "export default defineConfig({ lang: 'ko-KR', title: 'TS',\n"
                         "  markdown: { math: true } })\n"},
           "docs/public", "docs/guide", ("/images/chart.png", "../public/images/chart.png"),
           "ko-KR", "docs"),
    Layout("vitepress-srcdir", {".vitepress/config.ts":
                                "export default {\n  srcDir: './src',\n  base: '/notes/',\n"
                                "  locales: { root: { label: '日本語', lang: 'ja' } },\n}\n"},
           "src/public", "src/guide", ("/images/chart.png", "/notes/images/chart.png"),
           "ja-JP"),
    Layout("mkdocs", {"mkdocs.yml":
                      "site_name: ML notes\nsite_url: https://minji.github.io/ml-notes/\n"
                      "theme:\n  name: material\n  language: ko\nmarkdown_extensions:\n"
                      "  - pymdownx.emoji:\n"
                      "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                      "extra:\n  analytics:\n    property: !ENV GOOGLE_ANALYTICS_KEY\n"},
           "docs", "docs/ml", ("/images/chart.png", "../images/chart.png",
                               "https://minji.github.io/ml-notes/images/chart.png",
                               "/ml-notes/images/chart.png"), "ko-KR"),
    Layout("mkdocs-docs-dir", {"mkdocs.yml": "site_name: Notes\ndocs_dir: pages\n"
                               "theme:\n  name: readthedocs\n  locale: zh_CN\n",
                               "docs/images/chart.png": "not served: docs_dir is pages/"},
           "pages", "pages/blog/posts", ("/images/chart.png", "../../../pages/images/chart.png"),
           "zh-CN"),
    Layout("quarto", {"_quarto.yml": "project:\n  type: website\nlang: ko\n"
                      "website:\n  title: ML\n  site-url: https://me.example.org/ml/\n"
                      "format:\n  html:\n    code-fold: !expr TRUE\n"},
           ".", "posts/week1", ("/images/chart.png", "../../images/chart.png",
                                "https://me.example.org/ml/images/chart.png"), "ko-KR"),
    Layout("gitbook", {"SUMMARY.md": "# Table of contents\n\n* [TCP](basics/tcp.md)\n",
                       ".gitbook/includes/common.md": "shared\n",
                       "book.json": '{"language": "ko"}\n'},
           ".gitbook/assets", "basics",
           ("../.gitbook/assets/images/chart.png",
            "<../.gitbook/assets/images/chart.png>"), "ko-KR"),
    Layout("gitbook-summary-only", {"SUMMARY.md": "* [TCP](basics/network/tcp.md)\n"},
           "assets", "basics/network", ("../../assets/images/chart.png",), "en-US"),
    Layout("docusaurus", {"docusaurus.config.js":
                          "module.exports = {\n  url: 'https://me.example.org',\n"
                          "  baseUrl: '/notes/',\n  i18n: { defaultLocale: 'ko', locales: "
                          "['ko', 'en'] },\n};\n"},
           "static", "docs/k8s", ("/images/chart.png", "/notes/images/chart.png",
                                  "https://me.example.org/notes/images/chart.png"), "ko-KR"),
]

NOTE = """---
title: Processes and threads
---

# Processes

A process is a running program with its own address space.

## Pictures

{pictures}

## Out of the site

![escape](/images/escape.png)
"""


def _site(tmp_path: Path, layout: Layout) -> tuple[Path, Path]:
    """The site under tmp_path/site, a secret picture outside it, and the note."""
    site = tmp_path / "site"
    for rel, text in layout.files.items():
        write(site / rel, text)
    served = site / layout.served
    draw(served / "images" / "chart.png", (640, 360), "#3a86ff")
    draw(site / layout.note_dir / "local.png", (640, 360), "#8338ec")
    secret = draw(tmp_path / "outside" / "secret.png", (64, 64), SECRET_COLOUR)
    os.symlink(secret, served / "images" / "escape.png")
    links = "\n\n".join(f"![chart {n}]({link})" for n, link in enumerate(layout.links))
    note = write(site / layout.note_dir / "note.md", NOTE.format(pictures=links))
    return site, note


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_site_root_pictures_and_language(tmp_path: Path, layout: Layout) -> None:
    site, note = _site(tmp_path, layout)
    result, _ = build(note, tmp_path / "out")
    assert len(pictures(result.deck)) == len(layout.links), [
        (m.src, m.reason) for m in placeholders(result.deck)]
    (refused,) = placeholders(result.deck)  # the link out of the site
    assert refused.src == "/images/escape.png"
    assert result.deck.info.lang == layout.lang
    with zipfile.ZipFile(result.output) as deck:
        core = deck.read("docProps/core.xml").decode()
        assert f"<dc:language>{layout.lang}</dc:language>" in core
        media = [deck.read(n) for n in deck.namelist() if n.startswith("ppt/media/")]
    secret = (tmp_path / "outside" / "secret.png").read_bytes()
    assert secret not in media
    found = find_site(note.parent)
    assert found is not None and found.root == (site / layout.root).resolve()


def test_relative_link_out_of_a_gitbook_space_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "space"
    write(site / "SUMMARY.md", "* [A](basics/a.md)\n")
    (site / ".gitbook" / "assets").mkdir(parents=True)
    draw(tmp_path / "outside" / "secret.png", (64, 64), SECRET_COLOUR)
    os.symlink(tmp_path / "outside", site / ".gitbook" / "assets" / "shared")
    note = write(site / "basics" / "a.md",
                 "# A\n\n## B\n\n![s](../.gitbook/assets/shared/secret.png)\n\n"
                 "![t](../../outside/secret.png)\n")
    result, _ = build(note, tmp_path / "out")
    assert pictures(result.deck) == [] and len(placeholders(result.deck)) == 2
    assert all("refused" in m.reason for m in placeholders(result.deck))


def test_front_matter_language_wins_over_the_site(tmp_path: Path) -> None:
    _, note = _site(tmp_path, LAYOUTS[0])
    note.write_text("---\nlang: en\n---\n" + note.read_text().split("---\n", 2)[2])
    result, _ = build(note, tmp_path / "out")
    assert result.deck.info.lang == "en-US"


@pytest.mark.parametrize("tag", ["""<img :src="$withBase('/images/chart.png')" alt="VuePress">""",
                                 """<img :src="withBase('/images/chart.png')" width="120">""",
                                 """<img v-bind:src="'/images/chart.png'">"""])
def test_vue_bound_picture_source(tmp_path: Path, tag: str) -> None:
    """A Vue page binds a picture's source to a string the site serves at its root."""
    _, note = _site(tmp_path, LAYOUTS[0])
    note.write_text(f"# Vue\n\n## Logo\n\n{tag}\n")
    result, _ = build(note, tmp_path / "out")
    assert len(pictures(result.deck)) == 1 and result.warnings == []


HUGO_LANGUAGES = """baseURL = "https://me.example.org/"
defaultContentLanguage = "en"
languageCode = "en-US"

[languages.en]
  weight = 1
[languages.ko]
  languageCode = "ko-KR"
  weight = 2
[languages.ja]
  contentDir = "content/ja"
  languageCode = "ja-JP"
"""

MULTILINGUAL = [
    ("hugo.toml", HUGO_LANGUAGES, "content/posts/intro.md", "en-US"),
    ("hugo.toml", HUGO_LANGUAGES, "content/posts/intro.ko.md", "ko-KR"),
    ("hugo.toml", HUGO_LANGUAGES, "content/posts/bundle/index.ko.md", "ko-KR"),
    ("hugo.toml", HUGO_LANGUAGES, "content/ja/posts/intro.md", "ja-JP"),
    ("docusaurus.config.js", "module.exports = {\n  i18n: {\n    defaultLocale: 'en',\n"
     "    locales: ['en', 'ko'],\n  },\n};\n", "docs/intro.md", "en-US"),
    ("docusaurus.config.js", "module.exports = {\n  i18n: {\n    defaultLocale: 'en',\n"
     "    locales: ['en', 'ko'],\n  },\n};\n",
     "i18n/ko/docusaurus-plugin-content-docs/current/intro.md", "ko-KR"),
    ("docs/.vitepress/config.ts", "export default defineConfig({\n  locales: {\n"
     "    root: { label: 'English', lang: 'en-US' },\n"
     "    ko: { label: '한국어', lang: 'ko-KR', link: '/ko/' },\n  },\n})\n",
     "docs/guide/intro.md", "en-US"),
    ("docs/.vitepress/config.ts", "export default defineConfig({\n  locales: {\n"
     "    root: { label: 'English', lang: 'en-US' },\n"
     "    ko: { label: '한국어', lang: 'ko-KR', link: '/ko/' },\n  },\n})\n",
     "docs/ko/guide/intro.md", "ko-KR"),
    ("docs/.vuepress/config.js", "export default {\n  locales: {\n"
     "    '/': { lang: 'en-US', title: 'Notes' },\n    '/ko/': { lang: 'ko-KR' },\n  },\n}\n",
     "docs/ko/intro.md", "ko-KR"),
    ("docs/.vuepress/config.yml", "locales:\n  /:\n    lang: en-US\n  /ko/:\n    lang: ko-KR\n",
     "docs/ko/intro.md", "ko-KR"),
]


@pytest.mark.parametrize(("config", "text", "page", "lang"), MULTILINGUAL)
def test_page_language_in_a_multilingual_site(tmp_path: Path, config: str, text: str,
                                              page: str, lang: str) -> None:
    """A translation is in its own language, not the site's default: Hugo's `post.ko.md`
    and a language's contentDir, Docusaurus' `i18n/<locale>/`, VitePress and VuePress
    locale folders."""
    site = tmp_path / "site"
    write(site / config, text)
    (site / "content").mkdir(exist_ok=True)
    note = write(site / page, "# Intro\n\nThe same page, in English words for this test.\n")
    result, _ = build(note, tmp_path / "out")
    assert result.deck.info.lang == lang


MKDOCS_I18N = """site_name: Notes
theme:
  name: material
  language: en
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
        - locale: ko
          name: 한국어
"""


@pytest.mark.parametrize(("page", "lang"), [("docs/ml/intro.md", "en-US"),
                                            ("docs/ml/intro.ko.md", "ko-KR"),
                                            ("docs/ko/ml/intro.md", "ko-KR")])
def test_mkdocs_static_i18n_pages(tmp_path: Path, page: str, lang: str) -> None:
    write(tmp_path / "site" / "mkdocs.yml", MKDOCS_I18N)
    note = write(tmp_path / "site" / page, "# Intro\n\nIn English words for this test.\n")
    result, _ = build(note, tmp_path / "out")
    assert result.deck.info.lang == lang


def test_a_note_reads_its_sites_config_once(tmp_path: Path, monkeypatch) -> None:
    """The site found for the note's settings and language is the one its pictures are
    looked up in: one walk up the folders, one reading of the config, per note."""
    import slidegen.images.sites as sites

    layout = next(layout for layout in LAYOUTS if layout.name == "mkdocs")
    _, note = _site(tmp_path, layout)
    reads: list[Path] = []
    real = sites.read_yaml
    monkeypatch.setattr(sites, "read_yaml",
                        lambda path, lenient=False: reads.append(path) or real(path, lenient))
    result, _ = build(note, tmp_path / "out")
    assert len(pictures(result.deck)) == len(layout.links)
    assert [path.name for path in reads] == ["mkdocs.yml"]
