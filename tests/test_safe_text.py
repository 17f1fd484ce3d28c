"""Corpus text never reaches the terminal as control sequences: the sanitiser, then every surface
showing text.

Each surface is fed the sequences of issue 10 (OSC 52 clipboard, clear screen, window title, OSC 8
hyperlink, C1 CSI, bidi overrides) from an article, a dossier and file names, and must show them as
visible characters.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Log, Static

from dossier.index.api import Snapshot, views
from dossier.index.corpus.article import load_article
from dossier.index.corpus.articles import Corpus
from dossier.index.text.safe_text import REPLACEMENT, is_safe, safe_data, safe_text
from dossier.tui import text_report
from dossier.tui.app import DossierApp
from dossier.tui.cli import main
from dossier.tui.screens.log import LogScreen
from dossier.tui.widgets.dossier import DossierItems
from dossier.tui.widgets.reader import ArticleReader
from tests.hostile import ARTICLE, SEQUENCES, TITLE, assert_shown_literally, make_hostile_corpus

ALL = tuple(SEQUENCES)
_OWN_SGR = re.compile(r"\x1b\[[0-9;]*m")  # the CLI's own colours


# -- the sanitiser
# ----------------------------------------------------------------------------------


def test_each_sequence_becomes_visible_characters() -> None:
    assert safe_text(SEQUENCES["osc52-clipboard"]) == "␛]52;c;c3Rwd25lZA==␛\\"
    assert safe_text(SEQUENCES["clear-screen"]) == "␛[2J"
    assert safe_text(SEQUENCES["window-title"]) == "␛]0;pwned␇"
    assert safe_text(SEQUENCES["c1-csi"]) == f"{REPLACEMENT}31m"
    r = REPLACEMENT
    assert safe_text(SEQUENCES["bidi-override"]) == f"{r}txt.exe{r} and {r}isolated{r}"
    assert safe_text("a\x00b\x7fc\udcffd") == "a␀b␡c\ufffdd"


def test_tabs_newlines_and_plain_text_are_kept() -> None:
    text = "Kim Jong Un\tmet Putin.\nПутин, 金正恩, emoji 🚀, [bold]markup[/bold]"
    assert safe_text(text) is text
    assert safe_text("line\r\nnext\rlone") == "line \nnext␍lone"  # CRLF endings stay invisible


@given(st.text())
def test_same_length_and_always_safe(text: str) -> None:
    shown = safe_text(text)
    assert len(shown) == len(text)  # offsets (highlights, mentions, quotes) stay right
    assert is_safe(shown)
    assert all(a == b for a, b in zip(text, shown, strict=True) if is_safe(a))


def test_yaml_data_is_made_safe_and_aliases_stay_shared() -> None:
    shared = ["\x1b[2J"]
    data = {"a": shared, "b": shared, "\x1b": 1}
    safe = safe_data(data)
    assert safe == {"a": ["␛[2J"], "b": ["␛[2J"], "␛": 1}
    assert safe["a"] is safe["b"]
    loop: list[object] = []
    loop.append(loop)
    assert safe_data(loop)[0] is not None  # a recursive document does not recurse forever


def test_article_loading_makes_text_safe_keeping_offsets(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article, problems = load_article(path)
    assert article is not None and problems == []
    assert len(article.body) == len(ARTICLE) and is_safe(article.body)
    assert article.title == safe_text(TITLE.split(" with")[0] + " with [bold]no markup[/bold]")


# -- the hostile corpus, indexed once
# ---------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return make_hostile_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_bench(hostile: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return Snapshot.open(hostile, index_root=tmp_path_factory.mktemp("hostile-index"))


def test_index_stores_safe_text_and_highlights_land_on_words(hostile_bench: Snapshot) -> None:
    results = hostile_bench.search("zorbex", limit=50)
    assert {"zorbex-hostile", "zorbex-agent"} <= {hit.id for hit in results.hits}
    hit = next(h for h in results.hits if h.id == "zorbex-hostile")
    assert all(hit.snippet.text[s:e].lower() == "zorbex" for s, e in hit.snippet.spans)
    article = hostile_bench.article("zorbex-hostile")
    assert article is not None
    spans = hostile_bench.highlights("zorbex-hostile", "zorbex")
    assert spans and all(article.body[s:e].lower() == "zorbex" for s, e in spans)
    mentions = hostile_bench.entities_in("zorbex-hostile")
    assert [article.body[m.start : m.end] for m in mentions if m.entity == "zorbex-agent"] == [
        "Zorbex Agent"
    ]


# -- the command line
# -------------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_search_prints_sequences_literally(
    hostile: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, "search", "zorbex", "--limit", "50", "--corpus", str(hostile.root)
    )
    assert code == 0
    assert_shown_literally(
        out, "osc52-clipboard", "clear-screen", "window-title"
    )  # titles, ids, snippets
    assert_shown_literally(err)  # warnings naming the hostile dossier file
    assert "bad␛]0;pwned␇.yaml" in err
    assert "zorbex-name␛[2J␛]0;pwned␇" in out  # the hostile file name, as an id


def test_cli_colour_output_adds_only_its_own_escapes(hostile_bench: Snapshot) -> None:
    coloured = text_report.format_results(hostile_bench.search("zorbex", limit=50), color=True)
    assert _OWN_SGR.search(coloured)
    assert_shown_literally(
        _OWN_SGR.sub("", coloured), "osc52-clipboard", "clear-screen", "window-title"
    )


def test_cli_show_prints_sequences_literally(
    hostile: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "show", "zorbex-agent", "--corpus", str(hostile.root))
    assert code == 0
    assert_shown_literally(
        out, "osc52-clipboard", "clear-screen", "window-title", "osc8-hyperlink", "c1-csi"
    )
    assert "[bold]no markup[/bold]" in out


def test_cli_json_holds_no_control_characters(
    hostile: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ["search", "zorbex", "--json", "--limit", "50"],
        ["show", "zorbex-agent", "--json"],
    ):
        code, out, _ = _run(capsys, *argv, "--corpus", str(hostile.root))
        assert code == 0
        assert_shown_literally(out)
        assert_shown_literally(json.dumps(json.loads(out), ensure_ascii=False))


# -- the app
# ----------------------------------------------------------------------------------------


def _screen(app: DossierApp) -> str:
    """The text of every cell on screen (from a screenshot: what the terminal would be sent to
    draw)."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg))).replace("\xa0", " ")


async def test_app_results_and_snippets(hostile_bench: Snapshot, search) -> None:
    app = DossierApp(hostile_bench)
    async with app.run_test(size=(200, 50)) as pilot:
        results = await search(pilot, "zorbex report")  # the hostile article alone, first
        assert "zorbex-hostile" in [hit.id for hit in results.hits]
        assert_shown_literally(_screen(app), "osc52-clipboard", "window-title")  # snippet, title
        assert "[bold]no markup[/bold]" in _screen(app)


async def test_app_reader_and_entities(hostile_bench: Snapshot, settle) -> None:
    app = DossierApp(hostile_bench)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        app.main.open_item("article", "zorbex-hostile")
        await settle(pilot)
        reader = app.screen.query_one(ArticleReader)
        assert reader.article is not None and reader.article.id == "zorbex-hostile"
        lines = "\n".join(line.plain for line in reader._lines)
        assert_shown_literally(lines, *ALL)
        head = str(app.screen.query_one("#article-head", Static).content)
        assert_shown_literally(head, "window-title")
        screen = _screen(app)
        assert_shown_literally(screen, "osc52-clipboard", "clear-screen", "window-title")
        assert "Zorbex ␛]0;pwned␇ Agent" in screen  # the entity list names the dossier


async def test_app_dossier_page(hostile_bench: Snapshot, settle) -> None:
    app = DossierApp(hostile_bench)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        app.main.open_item("dossier", "zorbex-agent")
        await settle(pilot)
        items = app.screen.query_one(DossierItems)
        shown = _screen(app) + "\n".join(str(option.prompt) for option in items.options)
        assert_shown_literally(
            shown, "osc52-clipboard", "clear-screen", "window-title", "osc8-hyperlink", "c1-csi"
        )


async def test_app_palette(hostile_bench: Snapshot, settle) -> None:
    app = DossierApp(hostile_bench)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"zorbex")
        await settle(pilot)
        screen = _screen(app)
        assert "Zorbex ␛]0;pwned␇ Agent" in screen and "Zorbex report ␛]0;pwned␇" in screen
        assert_shown_literally(screen, "window-title")


async def test_app_log(hostile_bench: Snapshot, settle) -> None:
    app = DossierApp(hostile_bench)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "L")
        assert isinstance(app.screen, LogScreen)
        logged = "\n".join(app.screen.query_one(Log).lines)
        assert "bad␛]0;pwned␇.yaml" in logged
        assert_shown_literally(logged + _screen(app), "window-title")


@pytest.mark.parametrize("fmt", ["markdown", "json", "ftm"])
def test_exports_hold_no_control_characters(hostile_bench: Snapshot, fmt: str) -> None:
    exported = views.export(hostile_bench, ["zorbex-agent"], [], fmt)
    assert_shown_literally(exported)
    assert "␛" in (
        exported
        if fmt == "markdown"
        else json.dumps(
            [json.loads(line) for line in exported.splitlines()]
            if fmt == "ftm"
            else json.loads(exported),
            ensure_ascii=False,
        )
    )


def test_pins_read_back_from_an_edited_case_file_are_safe(
    hostile_bench: Snapshot, tmp_path: Path
) -> None:
    from dossier.index.views.pins import PinStore

    store = PinStore(hostile_bench.corpus, tmp_path)
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(
        json.dumps(
            {
                "format": 1,
                "pins": [
                    {
                        "kind": "sentence",
                        "target": "zorbex-hostile",
                        "text": "pinned \x1b]52;c;c3Rwd25lZA==\x1b\\ text",
                        "start": 0,
                        "end": 5,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    [pin] = store.load()
    assert_shown_literally(pin.text, "osc52-clipboard")
