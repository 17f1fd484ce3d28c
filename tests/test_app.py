"""Pilot tests of the Textual app on the real seeds: search, read, follow, history, palette, help,
log."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Log, Static

from dossier.index.api import Snapshot
from dossier.index.text.analysis import fold
from dossier.tui.app import DossierApp
from dossier.tui.screens.help import HelpScreen
from dossier.tui.screens.log import LogScreen
from dossier.tui.screens.main import _status
from dossier.tui.widgets.dossier import DossierItems
from dossier.tui.widgets.reader import ArticleReader, wrap_starts
from dossier.tui.widgets.results import ResultsList

ARTICLE_002 = "002_9988d65b17898380"
ARTICLE_003 = "003_5a1a26e7ddca32af"


def ids(results: ResultsList) -> list[str]:
    return [hit.id for hit in results.hits]


def status(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#status", Static).content)


def pane(pilot: Pilot) -> str | None:
    return pilot.app.screen.query_one("#pane", ContentSwitcher).current


@pytest.fixture
def app(bench: Snapshot) -> DossierApp:
    return DossierApp(bench)


async def test_empty_query_lists_whole_corpus(app: DossierApp, bench: Snapshot, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        kinds = [hit.kind for hit in results.hits]
        assert kinds.count("article") == 5
        assert kinds.count("dossier") == len(bench.dossiers) > 0
        assert "5 articles" in status(pilot)
        assert pane(pilot) == "article-pane"  # the first result is previewed


async def test_search_as_you_type(app: DossierApp, search) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        results = await search(pilot, "khasan")
        assert ids(results)[0] == "khasan"
        assert "results" in status(pilot)
        results = await search(pilot, "Kozhemyako")
        assert ids(results)[:2] == ["oleg-kozhemyako", ARTICLE_003]  # 003 spells it "Kozemayako"


async def test_broken_query_shows_a_note(app: DossierApp, search) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, '"unclosed')
        assert app.is_running
        assert "query syntax not understood" in status(pilot)  # the command line's words


async def test_a_corrected_query_says_what_was_searched(app: DossierApp, search) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        results = await search(pilot, "Putinn")
        assert status(pilot).split(" — ")[1].startswith("showing results for Putin")
        assert results.hits[0].id == "vladimir-putin"


async def test_a_query_without_words_says_so_once(app: DossierApp, search) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "(((")
        assert status(pilot) == "nothing to search for: '(((' has no words"
        await search(pilot, "the")
        assert status(pilot).startswith("nothing to search for: 'the' is too common to be indexed")


async def test_relaxed_results_say_so_in_the_status_line(app: DossierApp, search) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Putin zanzibar")
        assert "no hit has every word" in status(pilot)
        await search(pilot, "Putin Kim")
        assert "every word" not in status(pilot)


async def test_reader_highlights_the_original_characters(
    app: DossierApp,
    bench: Snapshot,
    open_result,
    search,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "energy")
        await open_result(pilot, ARTICLE_002)
        reader = app.screen.query_one(ArticleReader)
        assert app.focused is reader and reader.article.id == ARTICLE_002
        body = reader.article.body
        texts = [body[start:end] for start, end in reader.matches]
        assert texts and all(fold(text) == "energy" for text in texts)
        assert "еnеrgy" in texts  # Cyrillic е, highlighted as written
        assert reader.current_match == 0
        await pilot.press("n")
        assert reader.current_match == 1
        await pilot.press("N", "N")
        assert reader.current_match == len(reader.matches) - 1
        line = reader.line_of(reader.matches[-1][0])
        assert (
            reader.scroll_offset.y
            <= line
            < reader.scroll_offset.y + reader.scrollable_content_region.height
        )


async def test_tab_to_a_mention_and_open_its_dossier(
    app: DossierApp,
    bench: Snapshot,
    open_result,
    search,
    settle,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Vostochny")
        await open_result(pilot, ARTICLE_003)
        reader = app.screen.query_one(ArticleReader)
        mentions = bench.entities_in(ARTICLE_003)
        first = next(
            i for i, m in enumerate(mentions) if m.start >= reader.matches[0][0]
        )  # after the match
        await pilot.press("tab", "tab")
        assert reader.current_mention == first + 1
        await pilot.press("shift+tab")
        assert reader.current_mention == first
        await pilot.press("enter")
        await settle(pilot)
        assert pane(pilot) == "dossier"
        assert app.main.history.current.item_id == mentions[first].entity
        assert isinstance(app.focused, DossierItems)


async def test_tab_goes_to_the_next_mention_after_where_the_reader_is(
    app: DossierApp,
    bench: Snapshot,
    open_result,
    search,
) -> None:
    """Not back to the article's first mention: the next one after the match the reader opened at,
    after the top of the view once scrolled, after the current sentence; shift+Tab the one
    before."""
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozlov")
        await open_result(pilot, ARTICLE_003)
        reader = app.screen.query_one(ArticleReader)
        starts = [m.start for m in reader.mentions]
        match = reader.matches[0][0]
        after = next(i for i, start in enumerate(starts) if start >= match)
        assert after > 3  # the match is well into the article
        await pilot.press("tab")
        assert reader.current_mention == after
        await pilot.press("shift+tab")
        assert reader.current_mention == after - 1
        await pilot.press(
            "g", "space", "space"
        )  # the top, then two pages down: away from the current mention
        top = reader._starts[reader.scroll_offset.y]
        await pilot.press("tab")
        assert reader.current_mention == next(i for i, start in enumerate(starts) if start >= top)
        await pilot.press(
            "g", "shift+tab"
        )  # back at the top, the match is in view again: the one before it
        assert reader.current_mention == after - 1
        await pilot.press(*["shift+tab"] * (after - 1))
        assert reader.current_mention == 0 and app.focused is reader
        await pilot.press("shift+tab")  # before the first mention: focus leaves the reader
        assert app.focused is not reader


async def test_claim_opens_its_article_at_the_quote(
    app: DossierApp,
    bench: Snapshot,
    open_result,
    search,
    settle,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozhemyako")
        await open_result(pilot, "oleg-kozhemyako")
        items = app.screen.query_one(DossierItems)
        assert app.focused is items
        claim = bench.dossier("oleg-kozhemyako").claims[0]
        items.highlighted = items.get_option_index("claim:0")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(ArticleReader)
        assert reader.article.id == claim.source == ARTICLE_003
        span = bench.quote_span(ARTICLE_003, claim.quote)
        assert reader.focus_span == span
        assert "Kozemayako" in reader.article.body[span[0] : span[1]]
        line = reader.line_of(span[0])
        assert (
            reader.scroll_offset.y
            <= line
            < reader.scroll_offset.y + reader.scrollable_content_region.height
        )


async def test_relations_and_mentions_are_followed(
    app: DossierApp, open_result, search, settle
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozhemyako")
        await open_result(pilot, "oleg-kozhemyako")
        items = app.screen.query_one(DossierItems)
        items.highlighted = items.get_option_index("rel:0")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.history.current.item_id == "kim-jong-un"
        items.highlighted = items.get_option_index("men:0")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(ArticleReader)
        assert reader.focus_span and fold(
            reader.article.body[slice(*reader.focus_span)]
        ).startswith("kim")


async def test_back_and_forward(app: DossierApp, open_result, search, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozhemyako")
        await open_result(pilot, ARTICLE_003)
        await pilot.press("tab", "enter")
        await settle(pilot)
        first_dossier = app.main.history.current.item_id
        assert [step.kind for step in app.main.history.steps] == ["article", "dossier"]
        await pilot.press("escape")  # Escape leaves the page for the results: no step back
        assert pane(pilot) == "dossier" and app.focused is app.screen.query_one(ResultsList)
        assert app.main.history.current.item_id == first_dossier
        await pilot.press("2", "left_square_bracket")
        assert pane(pilot) == "article-pane" and app.main.history.current.item_id == ARTICLE_003
        await pilot.press("right_square_bracket")
        assert pane(pilot) == "dossier" and app.main.history.current.item_id == first_dossier
        await pilot.press("backspace")
        assert app.main.history.current.item_id == ARTICLE_003
        await pilot.press("alt+right")
        assert app.main.history.current.item_id == first_dossier
        await pilot.press("alt+left", "left_square_bracket")
        assert app.main.history.current is None and app.focused is app.screen.query_one(ResultsList)


async def test_escape_in_search_returns_to_results(app: DossierApp, search, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "kim")
        await pilot.press("escape")
        assert app.focused is app.screen.query_one(ResultsList)
        await pilot.press("j", "j", "k")
        assert app.focused.highlighted == 1
        assert app.focused.option_count < len(
            app.focused.hits
        )  # a first page of rows, the rest on demand
        await pilot.press("G")
        await settle(
            pilot
        )  # the rest of the hits are read in a worker, then the last one is highlighted
        assert app.focused.highlighted == len(app.focused.hits) - 1 == app.focused.option_count - 1
        await pilot.press("g")
        assert app.focused.highlighted == 0


async def test_mouse_click_opens_a_result(app: DossierApp, search, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "khasan")
        await pilot.click(ResultsList, offset=(5, 3))  # the second hit (two lines each)
        await settle(pilot)
        assert app.main.history.current.item_id == ids(app.screen.query_one(ResultsList))[1]


async def test_help_lists_every_binding(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-body Static", Static).content)
        for words in (
            "n                       Match",
            "Mention",
            "Open mention",
            "Back",
            "Forward",
            "Follow",
            "Search",
            "Log",
            "Quit",
            "Tab",
        ):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_jumps_to_a_dossier(app: DossierApp, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Kozhemyako")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.history.current.item_id == "oleg-kozhemyako"
        assert pane(pilot) == "dossier"


async def test_q_quits(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")  # typed into the search box
        assert app.is_running
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running


async def test_narrow_terminal_stacks_and_hides_the_side_list(
    app: DossierApp, open_result, search
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "energy")
        await open_result(pilot, ARTICLE_002)
        assert app.screen.has_class("-narrow")
        assert not app.screen.query_one("#entities").display
        assert not app.screen.query_one(ResultsList).display  # the reader has the whole height
        await pilot.press("escape")
        assert app.screen.query_one(ResultsList).display and app.focused is app.screen.query_one(
            ResultsList
        )


async def test_worker_errors_notify_instead_of_crashing(
    app: DossierApp, bench: Snapshot, monkeypatch: pytest.MonkeyPatch, search
) -> None:
    def boom(text: str, limit: int = 20, sort: str = "relevance", cancelled: object = None) -> None:
        raise RuntimeError("index on fire")

    monkeypatch.setattr(bench, "search", boom)
    notes: list[Notify] = []
    async with app.run_test(size=(120, 40), message_hook=_collect(notes)) as pilot:
        await search(pilot, "kim")
        assert app.is_running
        assert any("index on fire" in note.notification.message for note in notes)


async def test_problems_show_in_a_notification_and_the_log(
    tmp_path: Path, copy_corpus, settle
) -> None:
    corpus = copy_corpus(tmp_path)
    (corpus.dossiers_dir / "person" / "broken.yaml").write_text("type: person\nname: [unclosed\n")
    bench = Snapshot.open(corpus, index_root=tmp_path / "index")
    assert bench.problems
    notes: list[Notify] = []
    app = DossierApp(bench)
    async with app.run_test(size=(120, 40), message_hook=_collect(notes)) as pilot:
        await settle(pilot)
        assert any(
            note.notification.severity == "warning" and "problem" in note.notification.message
            for note in notes
        )
        await pilot.press("escape", "L")
        assert isinstance(app.screen, LogScreen)
        logged = "\n".join(app.screen.query_one(Log).lines)
        assert "broken.yaml:" in logged
        await pilot.press("escape")
        assert not isinstance(app.screen, LogScreen)


async def test_first_run_builds_the_index_in_the_background(
    tmp_path: Path, copy_corpus, settle
) -> None:
    corpus = copy_corpus(tmp_path)
    app = DossierApp(corpus=corpus, index_root=tmp_path / "index")
    async with app.run_test(size=(120, 40)) as pilot:
        assert not app.ready
        await pilot.press(*"khasan")  # usable while indexing
        await settle(pilot)
        assert app.ready
        assert ids(app.screen.query_one(ResultsList))[0] == "khasan"
        assert not app.screen.query_one("#progress").display
        assert app.log_lines[0].startswith("index rebuilt")


def test_wrap_starts_break_at_words() -> None:
    text = "aaa bbb ccc\n\nddd"
    starts = wrap_starts(text, 8)
    assert [text[s:e].strip() for s, e in zip(starts, [*starts[1:], len(text)], strict=True)] == [
        "aaa bbb",
        "ccc",
        "",
        "ddd",
    ]


def _collect(into: list[Notify]):
    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            into.append(message)

    return hook


def test_app_class_keeps_builtin_commands() -> None:
    assert App.COMMANDS <= DossierApp.COMMANDS


async def test_clicking_a_mention_opens_its_dossier(
    app: DossierApp,
    bench: Snapshot,
    open_result,
    search,
    settle,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozhemyako")
        await open_result(pilot, ARTICLE_003)
        reader = app.screen.query_one(ArticleReader)
        mention = next(m for m in bench.entities_in(ARTICLE_003) if m.entity == "oleg-kozhemyako")
        line, column = reader.position_of(mention.start)
        border_and_padding = 2
        await pilot.click(
            ArticleReader,
            offset=(border_and_padding + column + 1, 1 + line - reader.scroll_offset.y),
        )
        await settle(pilot)
        assert app.main.history.current.item_id == "oleg-kozhemyako"


def test_no_color_is_respected(bench: Snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert DossierApp(bench).no_color


async def test_the_status_counts_every_hit_by_kind_not_the_rows_read(
    app: DossierApp, bench: Snapshot, search
) -> None:
    """`*` finds every article and dossier; the list reads its rows 30 at a time, the status counts
    them all."""
    every = bench.search("*", limit=1000)
    dossiers = sum(hit.kind == "dossier" for hit in every.hits)
    assert every.dossiers == dossiers > 30 and bench.search("*", limit=1).dossiers == dossiers
    counted = f"{every.total} results ({every.total - dossiers} articles · {dossiers} dossiers)"
    one = bench.search("*", limit=1)  # one hit read: the counts are still of all of them
    assert str(_status(one, one.hits)) == counted
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "*")
        assert status(pilot) == counted
