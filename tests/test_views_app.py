"""Pilot tests of the analyst views on the real seeds: keys, palette, help, opening, pins and
export."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from test_app import ARTICLE_003, _collect, pane
from textual.binding import Binding
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Static

from dossier.index.api import Snapshot, views
from dossier.index.views.pins import DATA_ROOT_ENV
from dossier.tui.app import DossierApp
from dossier.tui.host import Pinnable
from dossier.tui.screens.case_file import CaseFileScreen, PinList
from dossier.tui.screens.disagreements import DisagreementList, DisagreementsScreen
from dossier.tui.screens.help import HelpScreen
from dossier.tui.screens.map import MapScreen
from dossier.tui.screens.relations import NeighbourTree, RelationsScreen
from dossier.tui.screens.timeline import TimelineFilter, TimelineList, TimelineScreen
from dossier.tui.view_commands import COMMANDS
from dossier.tui.views import VIEWS as VIEW_TABLE
from dossier.tui.views import ViewsApp
from dossier.tui.widgets.dossier import DossierItems
from dossier.tui.widgets.entities import EntityList
from dossier.tui.widgets.map_canvas import MapCanvas, place_markers
from dossier.tui.widgets.reader import ArticleReader

VIEWS = [
    ("T", TimelineScreen),
    ("M", MapScreen),
    ("R", RelationsScreen),
    ("D", DisagreementsScreen),
    ("C", CaseFileScreen),
]


@pytest.fixture(autouse=True)
def _own_data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own case file and exports folder."""
    monkeypatch.setenv(DATA_ROOT_ENV, str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def app(bench: Snapshot) -> DossierApp:
    return DossierApp(bench)


def title(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#view-title", Static).content)


async def view(pilot: Pilot, key: str, settle: Callable[[Pilot], Awaitable[None]]) -> None:
    await pilot.press(key)
    await settle(pilot)


@pytest.mark.parametrize(("key", "screen"), VIEWS)
async def test_each_view_has_a_key_and_escape_goes_back(
    app: DossierApp, key: str, screen: type, settle
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await view(pilot, key, settle)
        assert isinstance(app.screen, screen)
        assert title(pilot)
        await pilot.press("escape")
        assert app.screen is app.main


async def test_escape_closes_the_view_and_never_goes_back_a_page(
    app: DossierApp, search, open_result, settle
) -> None:
    """One key, one meaning: Escape closed the timeline and, pressed again, went back a page too.
    Now it closes the view only; the page stays (Escape then hands focus to the results); Backspace
    goes back a page."""
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozemayako")
        await open_result(pilot, ARTICLE_003)
        await search(pilot, "Khasan")
        await open_result(pilot, "khasan")
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        assert "Close" in [key.description for key in app.screen.query("FooterKey")]
        await pilot.press("escape")
        assert app.screen is app.main and app.main.history.current.item_id == "khasan"
        await pilot.press("escape")
        assert app.main.history.current.item_id == "khasan" and pane(pilot) == "dossier"
        await pilot.press("backspace")
        assert app.main.history.current.item_id == ARTICLE_003


@pytest.mark.parametrize(
    ("name", "screen"),
    [
        ("Timeline", TimelineScreen),
        ("Map of places", MapScreen),
        ("Relations", RelationsScreen),
        ("Disagreements", DisagreementsScreen),
        ("Case file", CaseFileScreen),
    ],
)
async def test_each_view_opens_from_the_palette_by_name(
    app: DossierApp, name: str, screen: type, settle
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *f"View: {name}")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, screen)


def test_each_view_is_listed_once_for_keys_palette_and_help() -> None:
    """One table (views.VIEWS) gives each view its key, its palette entry and its help line; the
    palette said "Show the every dated event" where it now says what the view shows."""
    keys = {binding.key: binding for binding in ViewsApp.BINDINGS if isinstance(binding, Binding)}
    palette = {name: (action, help_text) for name, action, help_text in COMMANDS}
    assert [view.key for view in VIEW_TABLE] == ["T", "M", "R", "D", "C"]
    for view in VIEW_TABLE:
        assert keys[view.key].action == view.action == f"show_view('{view.name}')"
        assert keys[view.key].description.startswith(f"{view.title}: ")
        assert palette[f"View: {view.title}"][0] == view.action
    assert (
        palette["View: Timeline"][1]
        == "Every dated event, relation, claim and article in date order"
    )
    assert not [help_text for _, help_text in palette.values() if "the every" in help_text.lower()]


async def test_help_lists_the_views(app: DossierApp, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "?")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-body Static", Static).content)
        for line in (
            "T                       Timeline",
            "M                       Map",
            "Relations",
            "Disagreements",
            "Case file",
            "Pin",
            "Export dossier",
            "Its timeline",
            "Its relations",
        ):
            assert line in text, line


@pytest.mark.parametrize(
    ("key", "lines"),
    [
        ("T", ["Timeline", "Open source", "Filter"]),
        ("M", ["Map", "Zoom in", "Zoom out", "Reset view", "North"]),
        ("R", ["Relations", "Centre here", "Open dossier"]),
        ("D", ["Disagreements", "Open source"]),
        ("C", ["Case file", "Move up", "Move down", "Remove", "Export"]),
    ],
)
async def test_help_on_a_view_lists_its_keys(
    app: DossierApp, key: str, lines: list[str], settle
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await view(pilot, key, settle)
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-body Static", Static).content)
        for line in lines:
            assert line in text, line


async def test_views_switch_into_each_other(app: DossierApp, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await view(pilot, "T", settle)
        await view(pilot, "M", settle)
        assert isinstance(app.screen, MapScreen)
        await pilot.press("escape")
        assert app.screen is app.main  # views do not pile up


# -- timeline
# ---------------------------------------------------------------------------------------


async def test_timeline_enter_opens_the_source_at_the_quote(
    app: DossierApp, bench: Snapshot, settle
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await view(pilot, "T", settle)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        listing = screen.query_one(TimelineList)
        index = next(
            i for i, e in enumerate(screen.shown) if e.text == "Kim Jong Un met with Vladimir Putin"
        )
        listing.highlighted = next(i for i, o in enumerate(listing.options) if o.id == str(index))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main and pane(pilot) == "article-pane"
        reader = app.main.query_one(ArticleReader)
        assert reader.article.id == ARTICLE_003
        assert reader.focus_span == bench.quote_span(ARTICLE_003, screen.shown[index].quote)


async def test_timeline_filters_by_entity_and_words(app: DossierApp, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await view(pilot, "T", settle)
        screen = app.screen
        everything = len(screen.shown)
        await pilot.press("slash", *"entity:Khasan")
        await settle(pilot)
        assert 0 < len(screen.shown) < everything
        assert all("khasan" in e.entities for e in screen.shown)
        assert "about Khasan" in title(pilot)
        screen.query_one(TimelineFilter).value = "entity:Nowhere"
        await settle(pilot)
        assert "no dossier named 'Nowhere'" in title(pilot) and len(screen.shown) == everything
        screen.query_one(TimelineFilter).value = "tuesday"
        await settle(pilot)
        assert screen.shown and all("tuesday" in e.text.lower() for e in screen.shown)


async def test_timeline_of_one_dossier_from_its_page(
    app: DossierApp, search, open_result, settle
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozhemyako")
        await open_result(pilot, "oleg-kozhemyako")
        await view(pilot, "t", settle)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert screen.query_one(TimelineFilter).value == "entity:oleg-kozhemyako"
        assert screen.shown and all("oleg-kozhemyako" in e.entities for e in screen.shown)
        claims = [
            e.text for e in screen.shown if e.kind == "claim"
        ]  # none about other people of his events
        assert "Kim arrived in the Russian Far East on Tuesday by private train." not in claims
        assert "The visit was made at Putin's invitation." not in claims


# -- map
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_map_puts_the_border_region_right(
    app: DossierApp, size: tuple[int, int], settle
) -> None:
    """Markers of Vostochny, Vladivostok, Khasan, Rajin and Pyongyang land in distinct cells, in
    their true order north to south and west to east, labelled, at the default zoom."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await view(pilot, "M", settle)
        canvas = app.screen.query_one(MapCanvas)
        cells = place_markers(canvas.view, canvas.places, canvas.selected)
        ids = ("vostochny-cosmodrome", "vladivostok", "khasan", "rajin", "pyongyang")
        assert all(i in cells for i in ids) and len({cells[i] for i in ids}) == 5
        col, row = {i: cells[i][0] for i in ids}, {i: cells[i][1] for i in ids}
        assert (
            row["vostochny-cosmodrome"]
            < row["vladivostok"]
            < row["khasan"]
            <= row["rajin"]
            < row["pyongyang"]
        )
        assert col["pyongyang"] < col["rajin"] < col["khasan"] <= col["vladivostok"]
        drawn = "\n".join(line.plain for line in canvas.render_grid(canvas.view))
        for label in (
            "Khasan (",
            "Rajin (",
            "Vladivostok (",
            "Pyongyang (",
            "Vostochny Cosmodrome (",
        ):
            assert label in drawn, label
        assert "km" in str(app.screen.query_one("#map-status", Static).content)


async def test_map_keys_move_zoom_and_open(app: DossierApp, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await view(pilot, "M", settle)
        canvas = app.screen.query_one(MapCanvas)
        canvas.selected = "khasan"
        await pilot.press("right")
        assert canvas.selected == "vladivostok"
        await pilot.press("left")
        assert canvas.selected in ("khasan", "rajin")
        before = canvas.view.km_per_col()
        await pilot.press("plus")
        assert canvas.view.km_per_col() == pytest.approx(before / 2)
        await pilot.press("minus", "minus")
        assert canvas.view.km_per_col() == pytest.approx(before * 2)
        await pilot.press("0")
        assert canvas.view.km_per_col() == pytest.approx(before)
        canvas.selected = "rajin"
        await pilot.pause()
        status = str(app.screen.query_one("#map-status", Static).content)
        assert "Rajin · 42.25°N 130.30°E" in status
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main and app.main.history.current.item_id == "rajin"


async def test_the_map_status_line_fits_at_80_columns(app: DossierApp, settle) -> None:
    """It was one line cut at the right edge ("… · country · 7"): it wraps now, every word of it on
    screen."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await view(pilot, "M", settle)
        app.screen.query_one(MapCanvas).selected = "north-korea"
        await pilot.pause()
        status = app.screen.query_one("#map-status", Static)
        text = str(status.content)
        assert "North Korea" in text and "off the map (- zooms out)" in text and len(text) > 76
        lines = status.render_lines(status.region.reset_offset)  # as drawn, padding and all
        drawn = " ".join("".join(segment.text for segment in line).strip() for line in lines)
        assert " ".join(drawn.split()) == " ".join(text.split())


# -- relations
# --------------------------------------------------------------------------------------


async def test_relation_labels_fit_at_80_columns(
    app: DossierApp, settle, search, open_result
) -> None:
    """Labels ran past the right edge ("… · ← invi"): now the relations that fit are listed and the
    rest counted, co-mentions shortened, and nothing is cut mid-word without an ellipsis."""
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "Kim Jong Un")
        await open_result(pilot, "kim-jong-un")
        await view(pilot, "R", settle)
        tree = app.screen.query_one(NeighbourTree)
        width = tree.scrollable_content_region.width
        putin = next(node for node in tree.root.children if node.data == "vladimir-putin")
        assert str(putin.label).endswith("→ met with 2023-09-13 · +3 more · co-mentioned ×5")
        for node in tree.root.children:  # the guides and fold arrow: 6 cells, 10 one level down
            assert node.label.cell_len <= width - 6, str(node.label)
            for child in node.children:
                assert child.label.cell_len <= width - 10, str(child.label)
        await pilot.resize_terminal(120, 40)  # wider: refitted, more of the relations listed
        await pilot.pause()
        putin = next(node for node in tree.root.children if node.data == "vladimir-putin")
        assert str(putin.label).count("→") + str(putin.label).count("←") == 3, str(putin.label)
        assert str(putin.label).endswith("+1 more · co-mentioned ×5")


async def test_relations_of_the_dossier_on_screen(
    app: DossierApp, settle, search, open_result
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozhemyako")
        await open_result(pilot, "oleg-kozhemyako")
        await view(pilot, "R", settle)
        screen = app.screen
        assert isinstance(screen, RelationsScreen) and screen.centre == "oleg-kozhemyako"
        tree = screen.query_one(NeighbourTree)
        children = {node.data: str(node.label) for node in tree.root.children}
        assert "greeted" in children["kim-jong-un"]
        assert "co-mentioned in" in children["alexander-kozlov"]
        kim = next(node for node in tree.root.children if node.data == "kim-jong-un")
        assert kim.children and all(
            child.data not in children for child in kim.children if child.data
        )
        tree.move_cursor(kim)
        await pilot.press("c")
        await settle(pilot)
        assert screen.centre == "kim-jong-un" and tree.root.data == "kim-jong-un"
        tree.move_cursor(next(node for node in tree.root.children if node.data == "vladimir-putin"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main and app.main.history.current.item_id == "vladimir-putin"


# -- disagreements
# ----------------------------------------------------------------------------------


async def test_disagreements_open_a_side_at_its_source(app: DossierApp, settle) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await view(pilot, "D", settle)
        screen = app.screen
        assert isinstance(screen, DisagreementsScreen)
        assert "disputed claim" in title(pilot) and "spelling variant" in title(pilot)
        counts = title(pilot).split(": ", 1)[1].split(" · ")
        assert len(counts) == 3 and all(
            noun.endswith("s") == (n != "1")  # "1 disputed claim", never "claims"
            for n, noun in (part.split(" ", 1) for part in counts)
        ), counts
        listing = screen.query_one(DisagreementList)
        index = next(i for i, s in enumerate(screen.sides) if "Kozemayako" in s.text)
        listing.highlighted = next(i for i, o in enumerate(listing.options) if o.id == str(index))
        await pilot.press("enter")
        await settle(pilot)
        reader = app.main.query_one(ArticleReader)
        start, end = reader.focus_span
        assert reader.article.id == ARTICLE_003 and "Kozemayako" in reader.article.body[start:end]


# -- case file, pins and export
# ---------------------------------------------------------------------


async def test_pin_while_reading_then_reorder_remove_and_export(
    app: DossierApp,
    _own_data_root: Path,
    search,
    open_result,
    settle,
) -> None:
    notes: list[Notify] = []
    async with app.run_test(size=(120, 40), message_hook=_collect(notes)) as pilot:
        await search(pilot, "Kozemayako")
        await open_result(pilot, ARTICLE_003)
        await pilot.press("n", "p")  # the sentence of the current match
        await search(pilot, "Kozhemyako")
        await open_result(pilot, "oleg-kozhemyako")
        await pilot.press(
            "p"
        )  # the highlighted item of the dossier page is its first relation: the dossier
        await pilot.press("escape")
        await view(pilot, "C", settle)
        screen = app.screen
        assert isinstance(screen, CaseFileScreen)
        assert [p.kind for p in screen.pins] == ["sentence", "dossier"]
        assert "Kozemayako" in screen.pins[0].text and screen.pins[0].target == ARTICLE_003
        await pilot.press("J")
        assert [p.kind for p in screen.pins] == ["dossier", "sentence"]
        await pilot.press("e")
        exported = [n.notification.message for n in notes if "exported" in n.notification.message]
        assert exported
        title, name, folder = exported[-1].split("\n")
        path = Path(folder.removeprefix("in ")) / name
        assert (
            title == "Case file (2 pins) exported as a Markdown brief:"
            and folder == f"in {path.parent}"
        )
        assert (
            path.parent == _own_data_root / "exports"
            and name.startswith("case-file-")
            and path.suffix == ".md"
        )
        brief = path.read_text(encoding="utf-8")
        assert "## Pinned" in brief and "Oleg Kozhemyako" in brief and "Kozemayako" in brief
        await pilot.press("K", "d")
        assert [p.kind for p in screen.pins] == ["dossier"]
        assert [p.kind for p in views.pins(app.current).load()] == ["dossier"]
        assert screen.query_one(PinList).option_count == 1


async def test_pin_a_claim_from_the_dossier_page(app: DossierApp, search, open_result) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kozhemyako")
        await open_result(pilot, "oleg-kozhemyako")
        items = app.main.query_one("#dossier-items")
        items.highlighted = next(
            i for i, o in enumerate(items.options) if (o.id or "").startswith("claim:")
        )
        await pilot.press("p", "p")
        pins = views.pins(app.current).load()
        claim = app.current.dossier("oleg-kozhemyako").claims[0]
        assert pins == [pins[0]] and (pins[0].kind, pins[0].quote, pins[0].source) == (
            "claim",
            claim.quote,
            claim.source,
        )


async def test_export_the_current_dossier(
    app: DossierApp, _own_data_root: Path, settle, search, open_result
) -> None:
    notes: list[Notify] = []
    async with app.run_test(size=(120, 40), message_hook=_collect(notes)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "X")
        assert any("Open a dossier to export it" in n.notification.message for n in notes)
        await search(pilot, "Khasan")
        await open_result(pilot, "khasan")
        await pilot.press("X")
        message = next(
            n.notification.message for n in notes if "exported" in n.notification.message
        )
        title, name, folder = message.split("\n")
        assert (title, folder) == (
            "Khasan exported as a Markdown brief:",
            f"in {_own_data_root / 'exports'}",
        )
        assert name.startswith("khasan-") and name.endswith(".md")
        assert (
            (_own_data_root / "exports" / name)
            .read_text(encoding="utf-8")
            .startswith("# Brief: Khasan\n")
        )


@pytest.mark.parametrize(("key", "screen"), VIEWS)
async def test_view_footers_keep_back_quit_and_help_at_80_columns(
    app: DossierApp, key: str, screen: type, settle
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await view(pilot, key, settle)
        shown = [k.description for k in app.screen.query("FooterKey") if k.region.right <= 80 - 12]
        assert {"Close", "Quit", "Help"} <= set(shown), shown


async def test_the_panes_say_what_they_pin(
    app: DossierApp, bench: Snapshot, search, open_result, settle
) -> None:
    """Each pinnable pane answers pin_target() itself (the app no longer reaches into them and
    parses row ids)."""
    async with app.run_test(size=(120, 40)) as pilot:
        results = await search(pilot, "Kozhemyako")
        await pilot.press("escape")
        assert isinstance(results, Pinnable) and results.pin_target() == views.Pin(
            "dossier", "oleg-kozhemyako"
        )
        await open_result(pilot, "oleg-kozhemyako")
        items = app.screen.query_one(DossierItems)
        assert isinstance(items, Pinnable) and items.pin_target() == views.Pin(
            "dossier", "oleg-kozhemyako"
        )
        items.highlighted = next(i for i, o in enumerate(items.options) if o.id == "claim:0")
        claim = bench.dossier("oleg-kozhemyako").claims[0]
        expected = views.Pin(
            "claim", "oleg-kozhemyako", claim.text, claim.source, claim.quote, note=claim.note
        )
        assert items.pin_target() == expected
        await search(pilot, "Kozemayako")
        await open_result(pilot, ARTICLE_003)
        reader = app.screen.query_one(ArticleReader)
        pin = reader.pin_target()
        assert (
            isinstance(reader, Pinnable)
            and pin is not None
            and pin.kind == "sentence"
            and "Kozemayako" in pin.text
        )
        await pilot.press("3")
        await pilot.pause()
        entities = app.screen.query_one(EntityList)
        assert isinstance(entities, Pinnable)
        assert entities.pin_target() == views.Pin("dossier", entities.highlighted_option.id)
