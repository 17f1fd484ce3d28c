"""Snapshots of the app's screens at 80x24 and 120x40, taken once every worker has finished."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from dossier.index.api import Snapshot
from dossier.tui.app import DossierApp
from dossier.tui.widgets.search import SearchBox

ARTICLE_002 = "002_9988d65b17898380"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def steps(
    settle: Callable[[Pilot], Awaitable[None]],
    *actions: Callable[[Pilot], Awaitable[object]],
) -> Callable[[Pilot], Awaitable[None]]:
    """A ``run_before`` that stops the cursor blinking, runs ``actions`` and waits for the
    workers."""

    async def run_before(pilot: Pilot) -> None:
        pilot.app.screen.query_one(SearchBox).cursor_blink = False
        await settle(pilot)
        for action in actions:
            await action(pilot)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_main_screen_with_a_query(
    snap_compare, bench: Snapshot, size: tuple[int, int], search, settle
) -> None:
    assert snap_compare(
        DossierApp(bench),
        terminal_size=size,
        run_before=steps(settle, lambda p: search(p, "khasan")),
    )


@pytest.mark.parametrize("size", SIZES)
def test_reader(
    snap_compare, bench: Snapshot, size: tuple[int, int], open_result, search, settle
) -> None:
    run_before = steps(
        settle,
        lambda p: search(p, "energy"),
        lambda p: open_result(p, ARTICLE_002),
        lambda p: p.press("n"),
    )
    assert snap_compare(DossierApp(bench), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_dossier_page(
    snap_compare, bench: Snapshot, size: tuple[int, int], open_result, search, settle
) -> None:
    run_before = steps(
        settle, lambda p: search(p, "Kozhemyako"), lambda p: open_result(p, "oleg-kozhemyako")
    )
    assert snap_compare(DossierApp(bench), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, bench: Snapshot, size: tuple[int, int], settle) -> None:
    run_before = steps(settle, lambda p: p.press("escape", "?"))
    assert snap_compare(DossierApp(bench), terminal_size=size, run_before=run_before)
