"""A note's language: its front matter, else its site's config, else its own words. The deck
says it where PowerPoint and LibreOffice read it (the core property, every run's `lang`) and
speaks it (callout labels), whichever of the three it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.read.language import text_language
from tests.dialects import build, write
from tests.pptx_inspect import A, runs_xml

KOREAN_NOTE = """# 운영체제 3주차: 프로세스와 스레드

## 프로세스

프로세스는 실행 중인 프로그램이다. **CPU**를 할당받아 명령어를 실행한다.
Kubernetes의 Deployment는 ReplicaSet을 관리한다.

```c
/* The child process runs the same program from the fork point onwards. */
pid_t pid = fork();
if (pid == 0) { printf("child process started, waiting for the parent\\n"); }
```

> [!NOTE]
> 스레드는 같은 **process**의 memory를 공유한다.

- `fork()` and `exec()` — see https://man7.org/linux/man-pages/man2/fork.2.html
- PCB에는 PID, state, registers가 저장된다.
"""

ENGLISH_NOTE = """# Greetings in Korean

## Everyday words

The most common greeting is **안녕하세요**, used with strangers and colleagues alike.
Among friends people shorten it, and the tone matters more than the word itself.

> [!NOTE]
> Bowing slightly while saying it is polite.
"""


HUGO_KOREAN = """Go의 동시성 모델은 **CSP**에 기반한다.

{{< figure src="goroutine.png" caption="A goroutine is much lighter than an OS thread" >}}

{{< highlight go "linenos=table,hl_lines=2" >}}
// say prints the word five times, sleeping between the prints so that
// the other goroutine gets a chance to run in the meantime as well
func say(word string) { for i := 0; i < 5; i++ { fmt.Println(word) } }
{{< /highlight >}}

스케줄러는 G, M, P 모델을 쓴다.
"""

NOTEBOOK_KOREAN = """# 모델 학습

선형 회귀 $\\hat{y} = w^\\top x + b$ 를 학습한다. 결과는 아래와 같다.

    Fitting 5 folds for each of 12 candidates, totalling 60 fits
    CPU times: user 3 ms, sys: 0 ns, total: 3 ms; Wall time: 5.96 ms
    UserWarning: the default value of the solver will change in a future version

<style>.dataframe tbody tr th { vertical-align: middle; text-align: right; }</style>
<table class="dataframe"><tr><th>feature_0</th><th>feature_1</th><th>x86_flag</th></tr></table>

평균은 \\(\\mu = \\frac{1}{n}\\sum x_i\\) 이다.
"""


@pytest.mark.parametrize(("text", "lang"), [
    (KOREAN_NOTE, "ko-KR"),
    (HUGO_KOREAN, "ko-KR"),  # code inside shortcodes is not prose
    (NOTEBOOK_KOREAN, "ko-KR"),  # nor a notebook's output, styles or identifiers
    (ENGLISH_NOTE, None),
    ("# 둘\n", "ko-KR"),
    ("# Notes\n\nAll of it in English, with `코드` only in code.\n\n```\n# 주석 주석\n```\n",
     None),
    ("# 東京の天気\n\n今日は晴れです。明日は雨が降るでしょう。API の応答を確認します。\n", "ja-JP"),
    ("# 机器学习\n\n梯度下降是一种优化算法。我们使用 PyTorch 实现它。\n", "zh-CN"),
    ("# 機器學習\n\n梯度下降是一種最佳化演算法。我們這個模型會用它來學習。\n", "zh-TW"),
    ("# 정리\n\n$$\\sum_{i=1}^{n} x_i = \\mathrm{total\\ of\\ every\\ sample}$$\n\n합계이다.\n",
     "ko-KR"),
    ("", None),
])
def test_language_of_the_prose(text: str, lang: str | None) -> None:
    assert text_language(text) == lang


def _core_language(deck: Path) -> str:
    import zipfile

    core = zipfile.ZipFile(deck).read("docProps/core.xml").decode()
    return core.split("<dc:language>")[1].split("</dc:language>")[0]


def _run_langs(prs: object, text: str) -> set[str]:
    """The `lang` of every run whose text is exactly `text`."""
    return {r.find(f"{A}rPr").get("lang") for r in runs_xml(prs)
            if r.findtext(f"{A}t") == text}


@pytest.mark.parametrize(("front", "expected", "label"), [
    ("", "ko-KR", "참고"),  # no language anywhere: the text says Korean
    ("---\nlang: ko\n---\n", "ko-KR", "참고"),  # written: the same deck
    ("---\nlang: en\n---\n", "en-US", "Note"),  # written wins over the text
])
def test_korean_note_deck_language(tmp_path: Path, front: str, expected: str,
                                   label: str) -> None:
    note = write(tmp_path / "notes" / "os-week3.md", front + KOREAN_NOTE)
    result, prs = build(note, tmp_path / "out")
    assert result.deck.info.lang == expected
    assert _core_language(result.output) == expected
    # a Latin-only run sits in a Korean sentence: it carries the deck's language
    assert _run_langs(prs, "CPU") == {expected}
    assert _run_langs(prs, label) == {"ko-KR" if label == "참고" else expected}


@pytest.mark.parametrize(("config", "note_text", "expected"), [
    ('locale: "en-US"\n', "KOREAN", "ko-KR"),  # the theme's default, left in _config.yml
    ("lang: en\n", "KOREAN", "ko-KR"),  # Chirpy's default
    ('locale: "en-US"\n', "ENGLISH", "en-US"),
    ('locale: "ko-KR"\n', "ENGLISH", "ko-KR"),  # a site that says Korean stays Korean
])
def test_a_site_left_in_english_does_not_outweigh_korean_prose(
        tmp_path: Path, config: str, note_text: str, expected: str) -> None:
    """Many Korean Jekyll blogs keep Minimal Mistakes' `locale: "en-US"`: their decks were
    en-US, and LibreOffice spaced Hangul from Latin in the PDF ("CPU 를")."""
    write(tmp_path / "blog/_config.yml", f"title: 블로그\n{config}")
    text = KOREAN_NOTE if note_text == "KOREAN" else ENGLISH_NOTE
    note = write(tmp_path / "blog/_posts/2024-01-01-post.md", text)
    result, _ = build(note, tmp_path / "out")
    assert result.deck.info.lang == expected


def test_english_note_quoting_korean_stays_english(tmp_path: Path) -> None:
    note = write(tmp_path / "notes" / "greetings.md", ENGLISH_NOTE)
    result, prs = build(note, tmp_path / "out")
    assert _core_language(result.output) == "en-US"
    assert _run_langs(prs, "안녕하세요") == {"ko-KR"}  # the Korean word is still marked Korean
    assert _run_langs(prs, "Note") == {"en-US"}


def test_japanese_note_gets_japanese_labels(tmp_path: Path) -> None:
    note = write(tmp_path / "notes" / "tenki.md",
                 "# 天気\n\n今日は晴れです。明日は雨が降るでしょう。\n\n"
                 "> [!TIP]\n> 傘を持っていきましょう。\n")
    result, prs = build(note, tmp_path / "out")
    assert _core_language(result.output) == "ja-JP"
    assert _run_langs(prs, "ヒント") == {"ja-JP"}


@pytest.mark.parametrize(("text", "joined"), [
    ("PyTorchで更新\nします。学習率が\n**大きい**と発散する。",
     "PyTorchで更新します。学習率が大きいと発散する。"),
    ("梯度下降是一种\n优化算法。", "梯度下降是一种优化算法。"),
    ("HTTP는 application\nlayer 프로토콜\n이다.",  # Korean: spaces
     "HTTP는 application layer 프로토콜 이다."),
    ("更新\nPyTorch and\n更多", "更新 PyTorch and 更多"),  # beside Latin letters: a space
])
def test_line_breaks_inside_chinese_and_japanese_are_no_spaces(text: str, joined: str) -> None:
    from slidegen.diagnostics import Diagnostics
    from slidegen.parse import parse_document
    from slidegen.read import Source

    doc = parse_document(Source(Path("note.md"), text + "\n", {}, 1), Diagnostics("note.md"))
    (paragraph,) = doc.blocks
    assert "".join(span.text for span in paragraph.spans) == joined


@pytest.mark.parametrize("text", ["컨테이너", "ㄱㄴㄷ", "\u1100\u1161", "\ua960", "\ud7b0"])
def test_planner_and_renderer_tell_hangul_alike(text: str) -> None:
    """One pattern for both (slidegen/hangul.py): every Hangul block, the old jamo included,
    makes a run Korean in the plan and in the drawn deck alike."""
    from slidegen.hangul import lang_of
    from slidegen.plan.content import language_of

    assert language_of("en-US")(f"a {text} b") == "ko-KR"
    assert lang_of(f"a {text} b", "en-US") == "ko-KR"
    assert language_of("en-US")("plain ASCII, ü, 中文") == "en-US"
    assert lang_of("plain ASCII, ü, 中文", "en-US") == "en-US"
