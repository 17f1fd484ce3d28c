"""The app and its one session, on a private copy of the real corpus: a view opened again after a
reload shows the corpus as it is now, and the snapshots a reload replaces are closed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from dossier.index.api import Snapshot, keeping
from dossier.index.corpus.articles import Corpus
from dossier.index.indexing.store import index_dir
from dossier.tui.app import DossierApp

ARTICLE_003 = "003_5a1a26e7ddca32af"
GREETED = (
    "There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov, "
    "Regional Governor Oleg Kozemayako, honor guards, and a military band."
)


@pytest.fixture
def corpus(tmp_path: Path, copy_corpus: Callable[[Path], Corpus]) -> Corpus:
    return copy_corpus(tmp_path / "corpus")


def _title(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#view-title", Static).content)


def _disputed(title: str) -> str:
    """The "N disputed claim(s)" part of the disagreements view's title."""
    return next(part.strip() for part in title.split(":", 1)[1].split("·") if "disputed" in part)


async def test_a_view_opened_again_after_an_outside_write_shows_it(
    corpus: Corpus, tmp_path: Path, settle: Callable[[Pilot], Awaitable[None]]
) -> None:
    app = DossierApp(Snapshot.open(corpus, index_root=tmp_path / "index"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "D")  # from the results (the search box would take the D)
        await settle(pilot)
        before = _disputed(_title(pilot))
        await pilot.press("escape")
        await settle(pilot)
        claim = keeping.NewClaim("Greeted the zeppelin.", ARTICLE_003, GREETED, disputed=True)
        keeping.DossierWriter(corpus).add_claim(
            "oleg-kozhemyako", claim
        )  # as `dossier cite` in a shell
        app.reload_corpus()  # what the watcher does when it sees the file change
        await settle(pilot)
        await pilot.press("escape", "D")
        await settle(pilot)
        count = int(before.split()[0])
        assert count >= 1 and _disputed(_title(pilot)) == f"{count + 1} disputed claims"


async def test_reloads_close_the_snapshots_they_replace(
    corpus: Corpus, tmp_path: Path, settle: Callable[[Pilot], Awaitable[None]]
) -> None:
    app = DossierApp(Snapshot.open(corpus, index_root=tmp_path / "index"))
    folder = index_dir(corpus, tmp_path / "index")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        opened = _maps_under(folder)
        replaced = []
        for _ in range(5):
            replaced.append(app.current)
            app.reload_corpus(in_process=True)
            await settle(pilot)
        assert app.current not in replaced
        assert all(snapshot is not None and snapshot.closed for snapshot in replaced)
        assert _maps_under(folder) <= opened


def _maps_under(folder: Path) -> int:
    prefix = str(folder.resolve())
    with open("/proc/self/maps", encoding="utf-8") as maps:
        return sum(1 for line in maps if prefix in line)
