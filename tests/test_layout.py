"""The layout bugs found at 80x24 and 120x40, as tests on the real corpus."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Static

from dossier.index.api import Snapshot
from dossier.tui.app import DossierApp
from dossier.tui.widgets.dossier import DossierItems
from dossier.tui.widgets.entities import EntityList
from dossier.tui.widgets.reader import ArticleReader
from dossier.tui.widgets.search import SearchBox

ARTICLE_003 = "003_5a1a26e7ddca32af"


@pytest.fixture
def app(bench: Snapshot) -> DossierApp:
    return DossierApp(bench)


def footer(pilot: Pilot) -> list[str]:
    """The footer's key descriptions that are visible (inside the screen)."""
    width = pilot.app.size.width
    return [
        key.description
        for key in pilot.app.screen.query("FooterKey")
        if key.region.right <= width - 12
    ]


def rendered(renderable: object, width: int) -> list[str]:
    """The lines a renderable takes at ``width``, as plain text."""
    console = Console(width=width)
    return [
        "".join(segment.text for segment in line).rstrip()
        for line in console.render_lines(renderable, console.options.update_width(width), pad=False)
    ]


async def test_results_get_room_and_can_be_resized_or_hidden(
    app: DossierApp, search, open_result
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        results = await search(pilot, "type:event")
        await pilot.press("escape")
        await pilot.pause()
        assert results.outer_size.width >= 54  # was 41: titles cut at "Kim-Putin summit at V…"
        browsing = results.outer_size.width
        await open_result(pilot, "vostochny-summit-2023")
        assert results.outer_size.width < browsing  # reading gives the room back to the pane
        results.focus()
        await pilot.pause()
        await pilot.press("greater_than_sign")
        await pilot.pause()
        wider = results.outer_size.width
        assert wider > browsing
        await pilot.press("less_than_sign", "less_than_sign")
        await pilot.pause()
        assert results.outer_size.width < wider
        await pilot.press("vertical_line")
        await pilot.pause()
        assert not results.display and app.screen.query_one("#pane").outer_size.width == 120
        await pilot.press("vertical_line")
        await pilot.pause()
        assert results.display and app.focused is results


async def test_snippet_shows_its_match_in_a_narrow_column(app: DossierApp, search) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        results = await search(pilot, "Vostochny")
        results.focus()
        await pilot.press(*["less_than_sign"] * 3)  # from 46% down to 31%: 37 columns
        await pilot.pause()
        results = await search(pilot, "Vostochny")
        assert results.outer_size.width <= 37
        width = results.scrollable_content_region.width
        match = results.get_component_rich_style("results--match")
        checked = 0
        for index in range(min(8, results.option_count)):
            snippet = results.get_option_at_index(index).prompt.renderables[-1]
            starts = [span.start for span in snippet.spans if span.style == match]
            if results.hits[index].snippet.spans:
                assert starts and starts[0] < width - 1, results.hits[
                    index
                ].id  # before the ellipsis
                checked += 1
        assert checked >= 3


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_reader_footer_keeps_quit_help_and_back(
    app: DossierApp, size: tuple[int, int], search, open_result
) -> None:
    async with app.run_test(size=size) as pilot:
        await search(pilot, "energy")
        await open_result(pilot, "002_9988d65b17898380")
        assert isinstance(app.focused, ArticleReader)
        shown = footer(pilot)
        assert {"Quit", "Help", "Back"} <= set(shown), shown


async def test_footer_offers_quit_and_help_while_typing(app: DossierApp, settle) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, SearchBox)
        keys = {key.description: key.key for key in app.screen.query("FooterKey")}
        assert keys.get("Quit") == "ctrl+q" and keys.get("Help") == "f1"
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"


async def test_a_correction_is_not_cut_off(app: DossierApp, search) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "schoolchildrn")
        status = app.screen.query_one("#status", Static)
        text = str(status.content)
        assert "showing results for schoolchildren" in text
        assert (
            len(text) <= status.size.width * status.size.height
        )  # wrapped onto the lines it needs


async def test_the_preview_gets_the_larger_share_at_120x40(app: DossierApp, search, settle) -> None:
    """Going through the results, the reader beside them previewing the highlighted article was 32
    columns wide and the results 58: now the reader has the larger share (the entity list shows once
    the pane is read)."""
    async with app.run_test(size=(120, 40)) as pilot:
        results = await search(pilot, "Kozlov")
        await pilot.press("escape")
        results.highlighted = [hit.id for hit in results.hits].index(ARTICLE_003)
        await settle(pilot)
        reader = app.screen.query_one(ArticleReader)
        assert (
            app.focused is results
            and reader.article is not None
            and reader.article.id == ARTICLE_003
        )
        assert reader.outer_size.width > results.outer_size.width >= 54
        assert not app.screen.query_one(EntityList).display
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one(EntityList).display  # reading: the side list is back
        await pilot.press("3")
        await pilot.pause()
        assert app.focused is app.screen.query_one(EntityList)


async def test_3_shows_the_entity_list_at_80x24(
    app: DossierApp, search, open_result, settle
) -> None:
    """At 80x24 the side list has no room beside the reader: 3 shows it in the reader's place (as
    help says), Enter opens a dossier, 2 goes back to the reader."""
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "Kozlov")
        await open_result(pilot, ARTICLE_003)
        entities = app.screen.query_one(EntityList)
        reader = app.screen.query_one(ArticleReader)
        assert not entities.display
        await pilot.press("3")
        await pilot.pause()
        assert app.focused is entities and entities.display and entities.region.width == 80
        assert not app.screen.query_one("#article-main").display
        await pilot.press("2")
        await pilot.pause()
        assert app.focused is reader and not entities.display and reader.region.width == 80
        await pilot.press("3", "enter")
        await settle(pilot)
        assert app.main.history.current.kind == "dossier"


async def test_the_whole_dossier_header_is_reached_with_j_and_k_at_80x24(
    app: DossierApp, search, open_result
) -> None:
    """The header (summary, position, born, tags) was cut at a fixed height, mid-sentence at 80x24,
    with no key to scroll it. It is now the first row of the page, which has one scrollbar: j goes
    down through it line by line to its last line, then on to the items; k comes back up to its
    first line."""
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "Kim Jong Un")
        await open_result(pilot, "kim-jong-un")
        items = app.screen.query_one(DossierItems)
        assert (
            app.focused is items
            and items.show_vertical_scrollbar
            and not app.screen.query("#dossier-head")
        )
        header = str(items.get_option_at_index(0).prompt)
        assert header.startswith("Kim Jong Un") and "Born: 1984" in header
        first = items.highlighted
        tall = items._heights[0] + 1  # the header and the rule under it
        view = items.scrollable_content_region.height
        assert (
            tall > view and items.scroll_offset.y == 0
        )  # taller than the page: it opens at its top
        for _ in range(tall - view):
            await pilot.press("j")
        assert (
            items.scroll_offset.y == tall - view and items.highlighted == first
        )  # its last line in view
        await pilot.press("j", "j")
        assert items.highlighted > first  # then on through the items
        await pilot.press("k", "k")
        assert items.highlighted == first
        for _ in range(tall):
            await pilot.press("k")
        assert items.scroll_offset.y == 0 and items.highlighted == first


async def test_a_query_that_finds_nothing_clears_the_pane(
    app: DossierApp, search, open_result
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozemayako")
        await open_result(pilot, ARTICLE_003)
        await search(pilot, "xylophonequartz")
        assert app.screen.query_one("#pane", ContentSwitcher).current == "welcome"
        assert "Nothing found for “xylophonequartz”" in str(
            app.screen.query_one("#welcome", Static).content
        )


async def test_n_and_N_say_which_match(app: DossierApp, search, open_result) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kim")
        await open_result(pilot, ARTICLE_003)
        reader = app.screen.query_one(ArticleReader)
        total = len(reader.matches)
        assert total > 3
        assert reader.border_subtitle == f"match 1 of {total} (n/N)"
        await pilot.press("n", "n")
        assert reader.border_subtitle == f"match 3 of {total} (n/N)"
        await pilot.press("N", "N", "N")
        assert reader.border_subtitle == f"match {total} of {total} (n/N)"


async def test_counts_and_dates_stay_on_their_row(app: DossierApp, search, open_result) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozemayako")
        await open_result(pilot, ARTICLE_003)
        entities = app.screen.query_one(EntityList)
        width = entities.scrollable_content_region.width
        for index in range(entities.option_count):
            assert len(rendered(entities.get_option_at_index(index).prompt, width)) == 1
        await search(pilot, "Kim Jong Un")
        await open_result(pilot, "kim-jong-un")
        items = app.screen.query_one(DossierItems)
        width = items.scrollable_content_region.width
        relations = app.current.links("kim-jong-un")
        dated = [
            (o, relations[int(o.id[4:])].relation.start_date)
            for o in items.options
            if (o.id or "").startswith("rel:")
        ]
        assert sum(1 for _, date in dated if date) > 5
        for option, date in dated:
            first, *rest = rendered(option.prompt, width)
            if date:  # the date ends the first line, never a line of its own
                shown = (
                    f"{date} (outside)" if first.endswith("(outside)") else date
                )  # marked: issue 7
                assert first.endswith(shown) and not any(line.strip() == shown for line in rest), (
                    first
                )


async def test_results_sort_by_date_with_a_key(app: DossierApp, search, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        results = await search(pilot, "Kim Putin")
        await pilot.press("escape")
        assert "Sort by date" in footer(pilot)
        await pilot.press("s")
        await settle(pilot)
        dates = [hit.date for hit in results.hits if hit.date]
        assert dates == sorted(dates, reverse=True) and len(dates) > 2
        assert "newest first" in str(app.screen.query_one("#status", Static).content)
        assert "Sort by relevance" in footer(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert results.sort == "relevance"
