"""Snapshots of each analyst view at 80x24 and 120x40 on the real dossiers, once every worker has
finished."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from test_app import ARTICLE_003
from test_app_snapshots import SIZES, steps
from textual.pilot import Pilot

from dossier.index.api import Snapshot, views
from dossier.index.views.pins import DATA_ROOT_ENV
from dossier.tui.app import DossierApp


@pytest.fixture(autouse=True)
def _own_data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_ROOT_ENV, str(tmp_path / "data"))


def press(
    settle: Callable[[Pilot], Awaitable[None]], *keys: str
) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        await pilot.press(*keys)
        await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_timeline(snap_compare, bench: Snapshot, size: tuple[int, int], settle) -> None:
    run_before = steps(settle, press(settle, "escape", "T"))
    assert snap_compare(DossierApp(bench), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_timeline_of_khasan(
    snap_compare, bench: Snapshot, size: tuple[int, int], search, open_result, settle
) -> None:
    run_before = steps(
        settle,
        lambda p: search(p, "Khasan"),
        lambda p: open_result(p, "khasan"),
        press(settle, "t"),
    )
    assert snap_compare(DossierApp(bench), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_map(snap_compare, bench: Snapshot, size: tuple[int, int], settle) -> None:
    run_before = steps(settle, press(settle, "escape", "M"))
    assert snap_compare(DossierApp(bench), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_map_zoomed_in_on_khasan(
    snap_compare, bench: Snapshot, size: tuple[int, int], settle
) -> None:
    async def select_khasan(pilot: Pilot) -> None:
        pilot.app.screen.query_one("#map").selected = "khasan"
        await pilot.press("plus", "plus")
        await settle(pilot)

    assert snap_compare(
        DossierApp(bench),
        terminal_size=size,
        run_before=steps(settle, press(settle, "escape", "M"), select_khasan),
    )


@pytest.mark.parametrize("size", SIZES)
def test_relations(
    snap_compare, bench: Snapshot, size: tuple[int, int], search, open_result, settle
) -> None:
    run_before = steps(
        settle,
        lambda p: search(p, "Kozhemyako"),
        lambda p: open_result(p, "oleg-kozhemyako"),
        press(settle, "R"),
    )
    assert snap_compare(DossierApp(bench), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_disagreements(snap_compare, bench: Snapshot, size: tuple[int, int], settle) -> None:
    run_before = steps(settle, press(settle, "escape", "D"))
    assert snap_compare(DossierApp(bench), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_case_file(snap_compare, bench: Snapshot, size: tuple[int, int], settle) -> None:
    async def pin_some(pilot: Pilot) -> None:
        store = views.pins(pilot.app.current)
        store.add(views.Pin("dossier", "khasan", added="2026-01-01T00:00:00"))
        claim = pilot.app.current.dossier("oleg-kozhemyako").claims[0]
        store.add(
            views.Pin(
                "claim",
                "oleg-kozhemyako",
                claim.text,
                claim.source,
                claim.quote,
                added="2026-01-01T00:00:00",
            )
        )
        store.add(views.Pin("article", ARTICLE_003, added="2026-01-01T00:00:00"))

    run_before = steps(settle, pin_some, press(settle, "escape", "C"))
    assert snap_compare(DossierApp(bench), terminal_size=size, run_before=run_before)
