"""Long lists come a page at a time: the results list and a dossier's "Mentioned in" add rows as the
cursor nears their end, read in workers; a stale search is abandoned, not finished."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from dossier.index.api import SearchCancelled, Snapshot
from dossier.tui import widgets
from dossier.tui.app import DossierApp
from dossier.tui.widgets.dossier import DossierItems
from dossier.tui.widgets.results import ResultsList

Settle = Callable[[Pilot[object]], Awaitable[None]]


async def test_results_list_adds_a_page_as_the_cursor_nears_its_end(
    bench: Snapshot, monkeypatch: pytest.MonkeyPatch, settle: Settle
) -> None:
    monkeypatch.setattr(widgets.results, "PAGE", 20)
    monkeypatch.setattr(
        widgets.results, "_TO_THE_END", 20
    )  # a list this long counts as the whole corpus
    app = DossierApp(bench)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        everything = len(bench.browse())
        assert everything > 40 and results.option_count == 20
        results.focus()
        await pilot.press("G")  # the last row shown: the next page is read
        await settle(pilot)
        assert results.option_count == 40
        assert [o.id for o in results.options] == [f"{h.kind}:{h.id}" for h in bench.browse()[:40]]


async def test_mentions_come_a_page_of_articles_at_a_time(
    bench: Snapshot,
    monkeypatch: pytest.MonkeyPatch,
    settle: Settle,
    search: Callable[[Pilot[object], str], Awaitable[ResultsList]],
    open_result: Callable[[Pilot[object], str], Awaitable[None]],
) -> None:
    monkeypatch.setattr(widgets.dossier, "MENTIONS_PAGE", 2)
    everything = bench.mentions_of("kim-jong-un")
    articles = list(dict.fromkeys(m.article_id for m in everything))
    assert len(articles) == 5
    app = DossierApp(bench)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Kim Jong Un")
        await open_result(pilot, "kim-jong-un")
        items = app.screen.query_one(DossierItems)
        headings = [str(o.prompt) for o in items.options if o.disabled]
        assert "Mentioned in 5 articles" in headings
        first = [key for key in items.targets if key.startswith("men:")]
        assert len(first) == sum(m.article_id in articles[:2] for m in everything)
        for _ in range(3):  # to the end, twice more: the rest of the articles
            await pilot.press("G")
            await settle(pilot)
        shown = [key for key in items.targets if key.startswith("men:")]
        assert shown == [f"men:{i}" for i in range(len(everything))]
        assert items.more is None


def test_a_stale_search_stops_midway(bench: Snapshot) -> None:
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return True

    with pytest.raises(SearchCancelled):
        bench.search("Korea", limit=3, cancelled=cancelled)
    assert asked
    assert bench.search("Korea", limit=3, cancelled=lambda: False).total > 3
